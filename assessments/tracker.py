"""The action tracker's list: an organisation's actions under the tracker's filters.

One rule for the page and for its CSV and Excel files.
"""

from assessments.forms.actions import ActionFilterForm
from assessments.forms.common import own_query
from assessments.models import Action
from frameworks.models import Theme


def tracker_actions(query, organisation, today):
    """(the filter form, the actions it shows): the tracker page and its downloads."""
    assessments = list(organisation.assessments.order_by("-period", "title"))
    themes = Theme.objects.filter(
        framework_id__in={a.framework_id for a in assessments}
    ).select_related("framework")
    form = ActionFilterForm(
        own_query(ActionFilterForm, query), assessments=assessments, themes=themes
    )
    actions = form.filter_qs(
        Action.objects.filter(assessment__organisation=organisation).select_related(
            "assessment__framework", "entry__criterion__theme", "recommendation", "owner"
        ),
        today,
    )
    return form, actions
