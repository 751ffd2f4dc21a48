"""Creating an assessment: the assessment and one entry per criterion in scope, together."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from assessments.models import Assessment, Entry


@transaction.atomic
def create_assessment(*, organisation, framework, title, period, scale, criteria, user):
    """Create an assessment with one entry per criterion in scope."""
    assessment = Assessment(
        organisation=organisation,
        framework=framework,
        title=title,
        period=period,
        scale=scale,
        created_by=user,
    )
    assessment._history_user = user
    assessment.save()
    entries = [Entry(assessment=assessment, criterion=c, updated_by=user) for c in criteria]
    bulk_create_with_history(entries, Entry, default_user=user)
    return assessment
