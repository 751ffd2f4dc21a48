"""Approve records the decision; the worker renders the paper, then approves in one short step."""

import pytest

from assessments.models import Assessment, Evidence, StoredReport
from renders import approvals
from renders.models import ApprovalRequest, Status
from tests.renders.conftest import APPROVAL

Submitted = Assessment.Status.SUBMITTED


@pytest.fixture
def submitted(client_for, officer, filled):
    client_for(officer).post(f"/assessments/{filled.pk}/submit/", {"confirm": "yes"})
    filled.refresh_from_db()
    assert filled.status == Submitted
    return filled


def approve_url(assessment):
    return f"/assessments/{assessment.pk}/approve/"


def test_approve_queues_the_paper_and_shows_it_is_being_produced(
    client_for, committee, submitted, queued_tasks
):
    response = client_for(committee).post(approve_url(submitted), APPROVAL, follow=True)
    request = ApprovalRequest.objects.get()
    assert response.redirect_chain[-1][0] == request.get_absolute_url()
    page = response.content.decode()
    assert "Approving: the committee paper is being produced." in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert request.status == Status.QUEUED and request.requested_by == committee
    assert request.minute_reference == "Item 7, minute 24/31"
    assert request.submitted_at == submitted.submitted_at
    submitted.refresh_from_db()
    assert submitted.status == Submitted and not StoredReport.objects.exists()


def test_two_approve_clicks_make_one_approval(
    client_for, committee, org_admin, submitted, queued_tasks
):
    first = client_for(committee).post(approve_url(submitted), APPROVAL)
    second = client_for(org_admin).post(approve_url(submitted), APPROVAL)
    request = ApprovalRequest.objects.get()
    assert first.url == second.url == request.get_absolute_url()
    approvals.run(request.pk)
    approvals.run(request.pk)  # a second delivery of the same task does nothing
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.APPROVED
    assert StoredReport.objects.filter(assessment=submitted).count() == 1
    # A later click on the approved assessment is refused with the workflow's message.
    third = client_for(committee).post(approve_url(submitted), APPROVAL, follow=True)
    assert "This assessment has already been approved." in third.content.decode()
    assert StoredReport.objects.filter(assessment=submitted).count() == 1


def test_the_worker_approves_and_the_page_says_approved(
    client_for, committee, submitted, queued_tasks
):
    client = client_for(committee)
    client.post(approve_url(submitted), APPROVAL)
    request = ApprovalRequest.objects.get()
    approvals.run(request.pk)
    request.refresh_from_db()
    assert request.status == Status.DONE
    assert request.stored_report == StoredReport.objects.get(assessment=submitted)
    response = client.get(request.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == f"/assessments/{submitted.pk}/"
    assert "Approved." in response.content.decode()


def test_a_change_while_queued_leaves_it_submitted_with_the_reason(
    client_for, committee, submitted, queued_tasks
):
    client = client_for(committee)
    client.post(approve_url(submitted), APPROVAL)
    request = ApprovalRequest.objects.get()
    client_for(committee).post(f"/assessments/{submitted.pk}/return/")
    client.post(f"/assessments/{submitted.pk}/submit/")  # a committee member cannot resubmit
    approvals.run(request.pk)
    request.refresh_from_db()
    assert request.status == Status.FAILED
    page = client.get(request.get_absolute_url()).content.decode()
    assert "The assessment was not approved by this request. It is draft." in page
    assert "only a submitted assessment can be approved." in page
    assert not StoredReport.objects.exists()


def test_a_failing_render_leaves_it_submitted_with_the_message_shown(
    client_for, committee, submitted, settings, tmp_path
):
    settings.STATICFILES_DIRS = [tmp_path]  # the print stylesheet is missing
    settings.STATIC_ROOT = tmp_path / "collected"
    response = client_for(committee).post(approve_url(submitted), APPROVAL, follow=True)
    page = response.content.decode()
    assert "The assessment was not approved by this request. It is submitted." in page
    assert "Failed to load stylesheet" in page
    submitted.refresh_from_db()
    assert submitted.status == Submitted and not StoredReport.objects.exists()
    assert ApprovalRequest.objects.get().status == Status.FAILED


def test_a_render_over_the_time_limit_leaves_it_submitted(
    client_for, committee, submitted, settings
):
    settings.RENDER_TIME_LIMIT = 0.05
    response = client_for(committee).post(approve_url(submitted), APPROVAL, follow=True)
    assert "an unusually long entry" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Submitted


def test_an_entry_saved_during_the_render_is_not_approved_unseen(
    client_for, committee, submitted, queued_tasks, monkeypatch
):
    client_for(committee).post(approve_url(submitted), APPROVAL)
    request = ApprovalRequest.objects.get()
    real_render = approvals.workflow.render_approval_paper

    def render_then_change(approval):
        rendered = real_render(approval)
        evidence = Evidence.objects.filter(entry__assessment=submitted).first()
        evidence.text = "Saved while the paper was being produced."
        evidence.save()
        return rendered

    monkeypatch.setattr(approvals.workflow, "render_approval_paper", render_then_change)
    approvals.run(request.pk)
    request.refresh_from_db()
    assert request.status == Status.FAILED
    assert "changed while its committee paper was being produced" in request.error
    submitted.refresh_from_db()
    assert submitted.status == Submitted and not StoredReport.objects.exists()
