import datetime
import io

import pytest
from pypdf import PdfReader

from assessments.models import Action, Evidence, Recommendation
from frameworks.models import RatingLevel


def pdf_text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def fill(assessment, *, evidence=2, actions=2, rating="Good"):
    """Give every entry a rating, evidence items and dated and undated actions."""
    level = RatingLevel.objects.get(scale=assessment.scale, label=rating)
    for entry in assessment.entries.select_related("criterion"):
        entry.rating = level
        entry.summary = f"Summary of {entry.criterion.ref}."
        entry.save()
        for number in range(evidence):
            Evidence.objects.create(
                entry=entry,
                position=number,
                text=f"Evidence {number + 1} for {entry.criterion.ref}.",
            )
        for number in range(actions):
            Action.objects.create(
                assessment=assessment,
                entry=entry,
                position=number,
                description=f"Action {number + 1} for {entry.criterion.ref}",
                lead_officer="D Robertson / J Craig",
                due_date=datetime.date(2020, 3, 31) if number == 0 else None,
                timescale="" if number == 0 else "Ongoing",
                report_reference="112 – 116",
            )
    recommendation = Recommendation.objects.create(
        assessment=assessment,
        source="Best Value Audit 2019",
        ref="R1",
        text="The IJB should set out how it demonstrates Best Value.",
    )
    Action.objects.create(
        assessment=assessment,
        recommendation=recommendation,
        description="Develop a Best Value framework",
        lead_officer="Chief Finance Officer",
        timescale="31 Mar 20",
        report_reference="112 – 116",
    )
    return assessment


@pytest.fixture
def filled(assessment):
    return fill(assessment)
