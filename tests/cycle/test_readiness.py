"""The readiness check on submit and approval: each item appears, links to its fix, and goes."""

import datetime
import html
import re

import pytest

from assessments.carry_forward import carry_forward
from assessments.models import Action, Assessment, Entry, Evidence, ReportDetails
from assessments.readiness import evidence_cutoff, period_end
from tests.cycle.conftest import rate


def submit(client, assessment, **data):
    return client.post(f"/assessments/{assessment.pk}/submit/", data)


def listed(client, assessment):
    """(message, link) of each item on the submit confirmation page; [] when it submitted."""
    response = submit(client, assessment)
    if response.status_code == 302:
        return []
    content = response.content.decode()
    section = content[content.index('class="readiness') : content.index("</section>")]
    return [
        (html.unescape(text), href)
        for href, text in re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section)
    ]


def messages_for(client, assessment, needle):
    return [(text, href) for text, href in listed(client, assessment) if needle in text]


@pytest.fixture
def ready(assessment):
    """Every criterion started, rated and evidenced, and a full cover: nothing to query."""
    for entry in assessment.entries.select_related("criterion"):
        rate(assessment, entry.criterion.ref, "Good")
        Evidence.objects.create(entry=entry, text="Minutes.", refers_to=datetime.date(2024, 1, 5))
    ReportDetails.objects.create(
        assessment=assessment,
        report_date=datetime.date(2024, 6, 12),
        agenda_item="7",
        report_to="Audit and Risk Committee",
        report_by="Chief Finance Officer",
    )
    return assessment


def test_a_ready_assessment_submits_at_once(client_for, officer, ready):
    response = submit(client_for(officer), ready)
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.status == Assessment.Status.SUBMITTED


def test_warnings_need_a_second_explicit_confirmation(client_for, officer, assessment):
    client = client_for(officer)
    response = submit(client, assessment)
    assert response.status_code == 200
    assert "Not submitted yet" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    response = submit(client, assessment, confirm="yes")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_not_started_and_not_rated(client_for, officer, ready):
    client = client_for(officer)
    entry = ready.entries.get(criterion__ref="1.2")
    entry.progress, entry.rating = Entry.Progress.NOT_STARTED, None
    entry.save()
    assert listed(client, ready) == [
        ("1.2 is not started.", entry.get_absolute_url()),
        ("1.2 has no rating.", entry.get_absolute_url()),
    ]
    entry.progress = Entry.Progress.IN_PROGRESS
    entry.save()
    assert listed(client, ready) == [("1.2 has no rating.", entry.get_absolute_url())]
    rate(ready, "1.2", "Good")
    assert listed(client, ready) == []


def test_an_unrated_assessment_is_not_asked_for_ratings(client_for, officer, ready):
    ready.entries.update(rating=None)
    ready.scale = None
    ready.save()
    assert listed(client_for(officer), ready) == []


def test_rated_without_evidence(client_for, officer, ready):
    client = client_for(officer)
    entry = ready.entries.get(criterion__ref="2.1")
    entry.evidence_items.all().delete()
    assert listed(client, ready) == [
        ("2.1 is rated but has no evidence.", entry.get_absolute_url())
    ]
    Evidence.objects.create(entry=entry, text="Board papers.")
    assert listed(client, ready) == []


def test_actions_without_lead_or_date(client_for, officer, ready):
    client = client_for(officer)
    entry = ready.entries.get(criterion__ref="1.1")
    action = Action.objects.create(
        assessment=ready, entry=entry, description="Refresh the engagement framework"
    )
    assert listed(client, ready) == [
        ("1.1: “Refresh the engagement framework” has no lead officer.", entry.get_absolute_url()),
        (
            "1.1: “Refresh the engagement framework” has no due date or timescale.",
            entry.get_absolute_url(),
        ),
    ]
    action.lead_officer = "D Robertson"
    action.save()
    assert len(listed(client, ready)) == 1
    action.timescale = "Ongoing"
    action.save()
    assert listed(client, ready) == []


def test_recommendation_actions_link_to_the_recommendation(client_for, officer, ready):
    recommendation = ready.recommendations.create(source="BV Audit", ref="R1", text="Do it.")
    Action.objects.create(
        assessment=ready,
        recommendation=recommendation,
        description="Develop a framework",
        lead_officer="CFO",
    )
    assert listed(client_for(officer), ready) == [
        (
            "BV Audit R1: “Develop a framework” has no due date or timescale.",
            f"/assessments/{ready.pk}/recommendations/{recommendation.pk}/",
        )
    ]


def test_evidence_older_than_18_months_before_the_end_of_the_period(client_for, officer, ready):
    assert period_end("2023/24") == datetime.date(2024, 3, 31)
    assert evidence_cutoff(ready) == datetime.date(2022, 9, 30)
    client = client_for(officer)
    item = Evidence.objects.filter(entry__assessment=ready).first()
    item.refers_to = datetime.date(2022, 9, 29)
    item.save()
    [(text, href)] = listed(client, ready)
    assert "is dated 29 September 2022, more than 18 months before the end of 2023/24" in text
    assert href == item.entry.get_absolute_url()
    item.refers_to = datetime.date(2022, 9, 30)
    item.save()
    assert listed(client, ready) == []


def test_carried_evidence_not_reviewed(client_for, officer, ready):
    ready.status = Assessment.Status.SUBMITTED
    ready.save()
    new = carry_forward(ready, period="2024/25", user=officer).assessment
    ReportDetails.objects.create(
        assessment=new,
        report_date=datetime.date(2025, 6, 12),
        agenda_item="7",
        report_to="Audit and Risk Committee",
        report_by="Chief Finance Officer",
    )
    for entry in new.entries.all():
        entry.progress = Entry.Progress.COMPLETE
        entry.save()
        rate(new, entry.criterion.ref, "Good")
    client = client_for(officer)
    assert [text for text, _ in listed(client, new)] == [
        f"{ref}: “Minutes.” was carried forward and not reviewed." for ref in ("1.1", "1.2", "2.1")
    ]
    entry = new.entries.get(criterion__ref="1.1")
    client.post(f"/assessments/{new.pk}/entries/{entry.pk}/evidence-reviewed/")
    assert len(listed(client, new)) == 2
    # Editing an item through the entry form also reviews it.
    item = new.entries.get(criterion__ref="1.2").evidence_items.get()
    item.text = "Minutes of June 2024."
    item.save()
    assert len(listed(client, new)) == 1


def test_empty_cover_details(client_for, officer, ready):
    client = client_for(officer)
    details = ReportDetails.objects.get(assessment=ready)
    details.report_to = ""
    details.agenda_item = ""
    details.save()
    assert listed(client, ready) == [
        (
            "The report cover has no agenda item or report to.",
            f"/assessments/{ready.pk}/report/details/",
        )
    ]
    details.delete()
    assert listed(client, ready) == [
        (
            "The report cover has no date, agenda item, report to or report by.",
            f"/assessments/{ready.pk}/report/details/",
        )
    ]


def test_the_approval_page_shows_the_committee_the_warnings(client_for, committee, assessment):
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    content = client_for(committee).get(f"/assessments/{assessment.pk}/approve/").content.decode()
    assert "Readiness check: 7 items a committee may query" in content
    entry = assessment.entries.get(criterion__ref="1.1")
    assert f'<a href="{entry.get_absolute_url()}">1.1 has no rating.</a>' in content
    assert "Nothing here blocks approval" in content
