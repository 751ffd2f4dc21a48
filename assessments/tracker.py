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


# What a row of the tracker page prints (assessments/tracker/_rows.html).
ROW_FIELDS = (
    "assessment_id",
    "entry_id",
    "recommendation_id",
    "owner_id",
    "description",
    "lead_officer",
    "due_date",
    "timescale",
    "status",
    "assessment__title",
    "assessment__period",
    "entry__criterion__ref",
    "entry__criterion__theme__title",
    "recommendation__source",
    "recommendation__ref",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
)


def page_rows(actions):
    """``actions`` with only what the page's rows print: fewer columns to read and copy."""
    return (
        actions.select_related(None)
        .select_related("assessment", "entry__criterion__theme", "recommendation", "owner")
        .only(*ROW_FIELDS)
    )
