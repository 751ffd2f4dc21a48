"""Draft → submitted → approved → (reopened) draft, each step by the right role."""

import datetime

import pytest

from assessments.models import Assessment

Status = Assessment.Status
APPROVAL = {
    "meeting_date": "2024-06-12",
    "committee_name": "Audit and Risk Committee",
    "minute_reference": "Item 7, minute 24/31",
}


def submit(client, assessment):
    return client.post(f"/assessments/{assessment.pk}/submit/", {"confirm": "yes"}, follow=True)


def status_of(assessment):
    assessment.refresh_from_db()
    return assessment.status


def test_officer_submits_a_draft(client_for, officer, assessment):
    response = submit(client_for(officer), assessment)
    assert "Submitted for approval." in response.content.decode()
    assert status_of(assessment) == Status.SUBMITTED
    assert assessment.submitted_by == officer
    assert assessment.history.first().history_user == officer


def test_committee_cannot_submit(client_for, committee, assessment):
    assert client_for(committee).post(f"/assessments/{assessment.pk}/submit/").status_code == 403
    assert status_of(assessment) == Status.DRAFT


def test_submitting_twice_is_refused_with_a_message(client_for, officer, assessment):
    client = client_for(officer)
    submit(client, assessment)
    response = submit(client, assessment)
    assert "already submitted: only a draft can be submitted." in response.content.decode()


def test_committee_approves_with_meeting_details(client_for, officer, committee, assessment):
    submit(client_for(officer), assessment)
    client = client_for(committee)
    assert client.get(f"/assessments/{assessment.pk}/approve/").status_code == 200
    response = client.post(f"/assessments/{assessment.pk}/approve/", APPROVAL, follow=True)
    assert "Approved." in response.content.decode()
    assert status_of(assessment) == Status.APPROVED
    assert assessment.meeting_date == datetime.date(2024, 6, 12)
    assert assessment.minute_reference == "Item 7, minute 24/31"
    assert assessment.approved_by == committee


def test_approval_needs_the_meeting_details(client_for, officer, committee, assessment):
    submit(client_for(officer), assessment)
    response = client_for(committee).post(
        f"/assessments/{assessment.pk}/approve/", {**APPROVAL, "minute_reference": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert status_of(assessment) == Status.SUBMITTED


def test_officer_cannot_approve(client_for, officer, assessment):
    client = client_for(officer)
    submit(client, assessment)
    assert client.post(f"/assessments/{assessment.pk}/approve/", APPROVAL).status_code == 403
    assert status_of(assessment) == Status.SUBMITTED


def test_a_draft_cannot_be_approved(client_for, committee, assessment):
    response = client_for(committee).post(
        f"/assessments/{assessment.pk}/approve/", APPROVAL, follow=True
    )
    assert "draft: only a submitted assessment can be approved." in response.content.decode()
    assert status_of(assessment) == Status.DRAFT


def test_submitted_can_be_returned_to_draft(client_for, officer, committee, assessment):
    submit(client_for(officer), assessment)
    response = client_for(committee).post(f"/assessments/{assessment.pk}/return/", follow=True)
    assert "Returned to draft." in response.content.decode()
    assert status_of(assessment) == Status.DRAFT


@pytest.fixture
def approved(client_for, officer, committee, assessment):
    submit(client_for(officer), assessment)
    client_for(committee).post(f"/assessments/{assessment.pk}/approve/", APPROVAL)
    assert status_of(assessment) == Status.APPROVED
    return assessment


def test_admin_reopens_with_a_reason(client_for, org_admin, approved):
    client = client_for(org_admin)
    response = client.post(
        f"/assessments/{approved.pk}/reopen/", {"reason": "Late evidence from audit."}, follow=True
    )
    assert "Reopened as a draft." in response.content.decode()
    assert status_of(approved) == Status.DRAFT
    assert approved.reopen_reason == "Late evidence from audit."
    assert approved.history.first().history_user == org_admin


def test_reopening_needs_a_reason(client_for, org_admin, approved):
    response = client_for(org_admin).post(f"/assessments/{approved.pk}/reopen/", {"reason": ""})
    assert "This field is required" in response.content.decode()
    assert status_of(approved) == Status.APPROVED


@pytest.mark.parametrize("who", ["officer", "committee"])
def test_only_admins_reopen(request, client_for, approved, who):
    client = client_for(request.getfixturevalue(who))
    response = client.post(f"/assessments/{approved.pk}/reopen/", {"reason": "Because."})
    assert response.status_code == 403
    assert status_of(approved) == Status.APPROVED


def test_workflow_steps_reject_get(client_for, officer, assessment):
    client = client_for(officer)
    assert client.get(f"/assessments/{assessment.pk}/submit/").status_code == 405
    assert client.get(f"/assessments/{assessment.pk}/return/").status_code == 405


def test_neighbour_cannot_reach_the_workflow(client_for, neighbour, assessment):
    client = client_for(neighbour)
    for step in ["submit", "return", "approve", "reopen"]:
        assert client.post(f"/assessments/{assessment.pk}/{step}/", APPROVAL).status_code == 404
