"""Workflow steps under a lock: racing clicks give one consistent outcome.

The interleavings are played out step by step: approval renders its paper
holding no lock, so anything may happen between the render and the short
transaction that stores it.
"""

import datetime

import pytest

from assessments import workflow
from assessments.models import Action, Assessment, ProgressNote, StoredReport

Status = Assessment.Status


def an_approval(assessment, user, minute="Item 7, minute 24/31"):
    return workflow.Approval(
        assessment_pk=assessment.pk,
        submitted_at=assessment.submitted_at,
        approved_by=user,
        meeting_date=datetime.date(2024, 6, 12),
        committee_name="Audit and Risk Committee",
        minute_reference=minute,
    )


@pytest.fixture
def submitted(officer, assessment):
    return workflow.submit(assessment, officer)


def test_two_approvals_of_one_submission_store_one_report(committee, org_admin, submitted):
    first, second = an_approval(submitted, committee), an_approval(submitted, org_admin, "M2")
    first_paper = workflow.render_approval_paper(first)
    second_paper = workflow.render_approval_paper(second)
    workflow.complete_approval(first, *first_paper)
    with pytest.raises(workflow.WorkflowError, match="already been approved"):
        workflow.complete_approval(second, *second_paper)
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert submitted.approved_by == committee
    assert submitted.minute_reference == "Item 7, minute 24/31"
    assert list(StoredReport.objects.values_list("version", flat=True)) == [1]


def test_approval_racing_return_to_draft_leaves_a_plain_draft(officer, committee, submitted):
    approval = an_approval(submitted, committee)
    paper = workflow.render_approval_paper(approval)
    workflow.return_to_draft(submitted, officer)
    with pytest.raises(workflow.WorkflowError, match="only a submitted assessment"):
        workflow.complete_approval(approval, *paper)
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert submitted.approved_by is None and submitted.approved_at is None
    assert not StoredReport.objects.exists()


def test_return_to_draft_after_approval_is_refused(officer, committee, submitted):
    workflow.approve(
        submitted,
        committee,
        meeting_date=datetime.date(2024, 6, 12),
        committee_name="Audit and Risk Committee",
        minute_reference="Item 7",
    )
    with pytest.raises(workflow.WorkflowError, match="approved"):
        workflow.return_to_draft(submitted, officer)
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert StoredReport.objects.count() == 1


def test_a_change_while_the_paper_renders_refuses_the_approval(officer, committee, submitted):
    entry = submitted.entries.first()
    action = Action.objects.create(assessment=submitted, entry=entry, description="Do it")
    approval = an_approval(submitted, committee)
    paper = workflow.render_approval_paper(approval)
    # A progress note may change an action's status while the assessment is submitted.
    ProgressNote.objects.create(action=action, text="Done", author=officer)
    action.status = Action.Status.COMPLETE
    action._history_user = officer
    action.save()
    with pytest.raises(workflow.WorkflowError, match="changed while its committee paper"):
        workflow.complete_approval(approval, *paper)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not StoredReport.objects.exists()


def test_an_approval_page_opened_before_a_resubmission_is_refused(
    client_for, officer, committee, submitted
):
    client = client_for(committee)
    page = client.get(f"/assessments/{submitted.pk}/approve/").content.decode()
    opened_on = submitted.submitted_at.isoformat()
    assert f'value="{opened_on}"' in page
    workflow.return_to_draft(submitted, officer)
    workflow.submit(submitted, officer)
    response = client.post(
        f"/assessments/{submitted.pk}/approve/",
        {
            "meeting_date": "2024-06-12",
            "committee_name": "Audit and Risk Committee",
            "minute_reference": "Item 7",
            "submission": opened_on,
        },
        follow=True,
    )
    assert "submitted again after you opened the approval page" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert not StoredReport.objects.exists()


def test_approving_twice_through_the_page_stores_one_report(client_for, committee, submitted):
    client = client_for(committee)
    form = {
        "meeting_date": "2024-06-12",
        "committee_name": "Audit and Risk Committee",
        "minute_reference": "Item 7",
        "submission": submitted.submitted_at.isoformat(),
    }
    client.post(f"/assessments/{submitted.pk}/approve/", form)
    response = client.post(f"/assessments/{submitted.pk}/approve/", form, follow=True)
    assert "This assessment has already been approved." in response.content.decode()
    assert StoredReport.objects.filter(assessment=submitted).count() == 1
