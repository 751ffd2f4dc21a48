"""The home page: the user's assessments with their progress, and the actions needing attention."""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from assessments.models import (
    Action,
    Assessment,
    Recommendation,
    due_between_condition,
    due_window,
    overdue_condition,
)
from assessments.progress import with_completion
from assessments.rows import Prepared

DASHBOARD_ACTIONS = 20
DUE_SOON_DAYS = 30


@dataclass(slots=True)
class ListedAction:
    """An action as the dashboard lists it (bestvalue/jinja2/home/_dashboard.html)."""

    pk: int
    entry_id: int | None
    description: str
    lead_officer: str
    due_date: datetime.date | None
    organisation_name: str
    criterion_ref: str | None  # of its entry; None for an action from a recommendation
    source: str | None  # of its recommendation, with ``ref``
    ref: str | None

    get_absolute_url = Action.get_absolute_url
    recommendation_label = property(Recommendation.__str__)


def _listed(condition):
    """The first DASHBOARD_ACTIONS actions of the organisations meeting ``condition``
    (a function of the query's date arguments), by due date, with what the list prints.

    They are chosen on the actions alone, in a subquery: sorting every matching action
    with its assessment, organisation, criterion and recommendation joined cost the
    database more than joining the twenty shown.
    """

    def build(organisation_ids, *days):
        order = ("due_date", "pk")
        chosen = (
            Action.objects.filter(assessment__organisation_id__in=organisation_ids)
            .filter(condition(*days))
            .order_by(*order)
            .values("pk")[:DASHBOARD_ACTIONS]
        )
        return (
            Action.objects.filter(pk__in=chosen)
            .order_by(*order)
            .values_list(
                "pk",
                "entry_id",
                "description",
                "lead_officer",
                "due_date",
                "assessment__organisation__name",
                "entry__criterion__ref",
                "recommendation__source",
                "recommendation__ref",
            )
        )

    return Prepared(build)


OVERDUE = _listed(overdue_condition)
DUE_SOON = _listed(due_between_condition)
# Per organisation: its actions overdue and due soon.
COUNTS = Prepared(
    lambda organisation_ids, today, first, last: (
        Action.objects.filter(assessment__organisation_id__in=organisation_ids)
        .values_list("assessment__organisation_id")
        .annotate(
            overdue=Count("pk", filter=overdue_condition(today)),
            due_soon=Count("pk", filter=due_between_condition(first, last)),
        )
        .order_by()
    )
)


def dashboard(user, organisations, today=None):
    """What the home page shows: the user's assessments and the actions needing attention.

    ``organisations``: the user's organisations, as the caller has already listed them
    (``access.organisations_for``): the assessments and actions shown are theirs.
    """
    today = today or timezone.localdate()
    ids = [organisation.pk for organisation in organisations]
    soon = due_window(DUE_SOON_DAYS, today)
    using = Action.objects.db
    counts = COUNTS(ids, today, *soon, using=using)
    return {
        "organisations": organisations,
        "assessments": with_completion(_assessments(organisations)),
        "overdue": [ListedAction(*row) for row in OVERDUE(ids, today, using=using)],
        "overdue_count": sum(overdue for _, overdue, _ in counts),
        "due_soon": [ListedAction(*row) for row in DUE_SOON(ids, *soon, using=using)],
        "due_soon_count": sum(due_soon for _, _, due_soon in counts),
    }


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
