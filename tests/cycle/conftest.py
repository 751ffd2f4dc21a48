"""Last year's assessment, filled in and submitted, for the annual-cycle tests."""

import datetime

import pytest

from assessments.models import Action, Assessment, Entry, Evidence, ProgressNote, Recommendation
from frameworks.models import RatingLevel
from tests.conftest import make_assessment


def level(assessment, label):
    return RatingLevel.objects.get(scale=assessment.scale, label=label)


def rate(assessment, ref, label, summary=""):
    entry = assessment.entries.get(criterion__ref=ref)
    entry.rating = level(assessment, label) if label else None
    entry.progress = Entry.Progress.COMPLETE if label else entry.progress
    entry.summary = summary or entry.summary
    entry.save()
    return entry


def fill_last_year(assessment, user):
    """2024/25: ratings, dated evidence, open and complete actions with notes, two recommendations."""
    entry_11 = rate(assessment, "1.1", "Adequate", "Vision agreed with partners.")
    entry_12 = rate(assessment, "1.2", "Good", "Plan approved.")
    rate(assessment, "2.1", "Weak", "Governance review under way.")
    Evidence.objects.create(
        entry=entry_11,
        position=1,
        text="Strategic Plan 2024-27 approved in March 2024.",
        refers_to=datetime.date(2024, 3, 26),
    )
    Evidence.objects.create(entry=entry_12, position=1, text="Annual performance report.")
    open_action = Action.objects.create(
        assessment=assessment,
        entry=entry_11,
        position=1,
        description="Refresh the engagement framework",
        lead_officer="D Robertson",
        due_date=datetime.date(2025, 3, 31),
        status=Action.Status.IN_PROGRESS,
    )
    ProgressNote.objects.create(
        action=open_action, text="Draft framework to the board in May.", author=user
    )
    Action.objects.create(
        assessment=assessment,
        entry=entry_12,
        position=1,
        description="Publish the annual performance report",
        lead_officer="Head of Strategy",
        timescale="Annually",
        status=Action.Status.COMPLETE,
    )
    closed = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="R1", text="Closed one."
    )
    Action.objects.create(
        assessment=assessment,
        recommendation=closed,
        description="Develop a Best Value framework",
        lead_officer="Chief Finance Officer",
        status=Action.Status.COMPLETE,
    )
    still_open = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="R2", text="Open one."
    )
    Action.objects.create(
        assessment=assessment,
        recommendation=still_open,
        description="Report Best Value to the board annually",
        lead_officer="Chief Officer",
        timescale="Ongoing",
        status=Action.Status.NOT_STARTED,
    )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    return assessment


@pytest.fixture
def last_year(demo_org, bv2020, officer):
    assessment = make_assessment(
        demo_org,
        bv2020,
        ["1.1", "1.2", "2.1"],
        officer,
        title="Best Value Self-Assessment 2024/25",
        period="2024/25",
    )
    return fill_last_year(assessment, officer)
