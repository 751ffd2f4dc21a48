"""The action tracker's list: an organisation's actions under the tracker's filters.

One rule for the page and for its CSV and Excel files.
"""

from django.core.paginator import Paginator

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
            "assessment__framework",
            "entry__criterion__theme__framework",  # the theme's name carries its label
            "recommendation",
            "owner",
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


def page_of(actions, number, per_page):
    """The page ``number`` of ``actions``, its rows with only what they print.

    The page is chosen on the actions alone (their filters and order), and only its
    rows are then read with what they print: sorting every matching action with
    its assessment, criterion, theme, recommendation and owner joined cost the
    database more than reading the page's fifty again by key.
    """
    page = Paginator(actions.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    rows = (
        Action.objects.filter(pk__in=keys)
        .select_related("assessment", "entry__criterion__theme", "recommendation", "owner")
        .only(*ROW_FIELDS)
        .in_bulk()
    )
    page.object_list = [rows[key] for key in keys if key in rows]  # unless deleted meanwhile
    return page
