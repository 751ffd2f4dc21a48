"""Approval through a worker: the Approve click records the decision and queues it.

The worker renders the submitted state holding no lock, then in one short
transaction checks that the assessment is still the same submission,
unchanged, stores the paper and approves it (``assessments.workflow``). If
anything changed, or the render failed, the assessment stays submitted and the
request records why. Two clicks make one approval: only one request per
assessment can be pending (a database constraint), and a later click on an
approved assessment is refused by the workflow's own checks.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import pdf, workflow
from renders.models import PENDING, ApprovalRequest, Status

logger = logging.getLogger(__name__)


class AlreadyApproving(Exception):
    def __init__(self, pending):
        super().__init__("This assessment is already being approved.")
        self.pending = pending


def pending_approval(assessment):
    return assessment.approval_requests.filter(status__in=PENDING).first()


def request_approval(
    assessment, user, *, meeting_date, committee_name, minute_reference, submitted_at=None
):
    """Record the committee member's approval and queue the paper's render.

    Raises WorkflowError when the assessment cannot be approved now, and
    AlreadyApproving when an approval of it is already queued or running.
    """
    with transaction.atomic():
        current = workflow.locked(assessment.pk)
        pending = pending_approval(current)
        if pending is not None:
            raise AlreadyApproving(pending)
        approval = workflow.Approval(
            assessment_pk=current.pk,
            submitted_at=submitted_at,
            approved_by=user,
            meeting_date=meeting_date,
            committee_name=committee_name,
            minute_reference=minute_reference,
        )
        workflow._refuse_unless_same_submission(current, approval)
        try:
            with transaction.atomic():
                approval_request = ApprovalRequest.objects.create(
                    assessment=current,
                    requested_by=user,
                    submitted_at=current.submitted_at,
                    meeting_date=meeting_date,
                    committee_name=committee_name,
                    minute_reference=minute_reference,
                )
        except IntegrityError:
            pending = pending_approval(current)
            if pending is None:
                raise
            raise AlreadyApproving(pending) from None
    _enqueue(approval_request)
    approval_request.refresh_from_db()
    return approval_request


def _enqueue(approval_request):
    from renders.tasks import approve_assessment

    try:
        approve_assessment.enqueue(approval_request.pk)
    except Exception:
        logger.exception("Could not queue approval request %s", approval_request.pk)
        _finish(
            approval_request.pk,
            status=Status.FAILED,
            error="The approval could not be queued. The assessment is still submitted: "
            "try again in a moment.",
        )
        raise


def _finish(request_pk, **fields):
    ApprovalRequest.objects.filter(pk=request_pk).update(finished_at=timezone.now(), **fields)


def run(request_pk):
    """Render the paper and approve (in a worker), recording the outcome."""
    claimed = ApprovalRequest.objects.filter(pk=request_pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    approval_request = ApprovalRequest.objects.select_related("requested_by").get(pk=request_pk)
    approval = workflow.Approval(
        assessment_pk=approval_request.assessment_id,
        submitted_at=approval_request.submitted_at,
        approved_by=approval_request.requested_by,
        meeting_date=approval_request.meeting_date,
        committee_name=approval_request.committee_name,
        minute_reference=approval_request.minute_reference,
    )
    try:
        with pdf.time_limit(settings.RENDER_TIME_LIMIT):
            paper, marker = workflow.render_approval_paper(approval)
        with transaction.atomic():
            stored = workflow.complete_approval(approval, paper, marker)
            _finish(request_pk, status=Status.DONE, stored_report=stored)
    except (workflow.WorkflowError, pdf.RenderError) as refusal:
        _finish(request_pk, status=Status.FAILED, error=str(refusal))
    except Exception:
        logger.exception("Approval request %s failed", request_pk)
        _finish(
            request_pk,
            status=Status.FAILED,
            error="The committee paper could not be produced because of an error on our side.",
        )
