"""The home page: the user's assessments with their progress, and the actions needing attention."""

from django.utils import timezone

from assessments import access
from assessments.progress import with_completion

DASHBOARD_ACTIONS = 20


def dashboard(user, organisations, today=None):
    """What the home page shows: the user's assessments and the actions needing attention.

    ``organisations``: the user's organisations, as the caller has already listed them.
    """
    today = today or timezone.localdate()
    assessments = with_completion(
        list(
            access.assessments_for(user)
            .select_related("organisation", "framework", "scale")
            .order_by("organisation__name", "-period", "title")
        )
    )
    actions = access.actions_for(user).select_related(
        "assessment__organisation", "entry__criterion", "recommendation"
    )
    return {
        "organisations": organisations,
        "assessments": assessments,
        "overdue": list(actions.overdue(today).order_by("due_date", "pk")[:DASHBOARD_ACTIONS]),
        "overdue_count": actions.overdue(today).count(),
        "due_soon": list(
            actions.due_within(30, today).order_by("due_date", "pk")[:DASHBOARD_ACTIONS]
        ),
        "due_soon_count": actions.due_within(30, today).count(),
    }
