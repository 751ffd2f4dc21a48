"""The home page: the user's assessments with their progress, and the actions needing attention."""

from django.db.models import Count
from django.utils import timezone

from assessments.models import Action, Assessment, due_within_condition, overdue_condition
from assessments.progress import with_completion

DASHBOARD_ACTIONS = 20
DUE_SOON_DAYS = 30
# What the dashboard prints of an action (bestvalue/jinja2/home/_dashboard.html).
ACTION_FIELDS = (
    "assessment_id",
    "entry_id",
    "recommendation_id",
    "description",
    "lead_officer",
    "due_date",
    "assessment__organisation__name",
    "entry__criterion__ref",
    "recommendation__source",
    "recommendation__ref",
)


def dashboard(user, organisations, today=None):
    """What the home page shows: the user's assessments and the actions needing attention.

    ``organisations``: the user's organisations, as the caller has already listed them
    (``access.organisations_for``): the assessments and actions shown are theirs.
    """
    today = today or timezone.localdate()
    ids = [organisation.pk for organisation in organisations]
    actions = (
        Action.objects.filter(assessment__organisation_id__in=ids)
        .select_related("assessment__organisation", "entry__criterion", "recommendation")
        .only(*ACTION_FIELDS)
    )
    counts = actions.aggregate(
        overdue=Count("pk", filter=overdue_condition(today)),
        due_soon=Count("pk", filter=due_within_condition(DUE_SOON_DAYS, today)),
    )
    return {
        "organisations": organisations,
        "assessments": with_completion(_assessments(organisations)),
        "overdue": _first(actions, actions.overdue(today)),
        "overdue_count": counts["overdue"],
        "due_soon": _first(actions, actions.due_within(DUE_SOON_DAYS, today)),
        "due_soon_count": counts["due_soon"],
    }


def _first(actions, chosen):
    """The first DASHBOARD_ACTIONS of ``chosen`` by due date, read with what the list prints.

    They are chosen on the actions alone, in a subquery: sorting every matching action
    with its assessment, organisation, criterion and recommendation joined cost the
    database more than joining the twenty shown.
    """
    order = ("due_date", "pk")
    keys = chosen.order_by(*order).values("pk")[:DASHBOARD_ACTIONS]
    return list(actions.filter(pk__in=keys).order_by(*order))


def _assessments(organisations):
    """The organisations' assessments, organisation by organisation, latest period first."""
    position = {organisation.pk: number for number, organisation in enumerate(organisations)}
    assessments = list(
        Assessment.objects.filter(organisation_id__in=position)
        .select_related("framework")
        .order_by("-period", "title")
    )
    for assessment in assessments:
        assessment.organisation = organisations[position[assessment.organisation_id]]
    assessments.sort(key=lambda assessment: position[assessment.organisation_id])
    return assessments
