"""The approval workflow: draft → submitted → approved (→ reopened to draft).

Every step locks the assessment row (``select_for_update``; on SQLite the
immediate write transaction) and re-checks its status inside the lock, so of
two clicks racing each other exactly one takes effect and the other is refused
with a message.

Approval renders the committee paper first, holding no lock: WeasyPrint takes
seconds, and nobody else's save should wait for it. It notes the state it
rendered (``state_marker``); a short transaction then checks that the
assessment is still the same submission in the same state, stores the PDF and
marks it approved. If anything changed meanwhile the approval is refused and
the assessment stays submitted.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments import reports
from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Recommendation,
    ReportDetails,
    StoredReport,
)

Status = Assessment.Status


class WorkflowError(Exception):
    """A step the assessment's current status does not allow."""


def refuse_unless_editable(assessment):
    if not assessment.is_editable:
        raise WorkflowError(
            f"This assessment is {assessment.get_status_display().lower()} and cannot be "
            "changed. It must be returned to draft first."
        )


def locked(assessment_pk):
    """The assessment, read again under a row lock; call inside a transaction."""
    return Assessment.objects.select_for_update().get(pk=assessment_pk)


def _save(assessment, user):
    assessment._history_user = user
    assessment.save()


@transaction.atomic
def submit(assessment, user):
    current = locked(assessment.pk)
    if current.status != Status.DRAFT:
        raise WorkflowError(
            f"This assessment is already {current.get_status_display().lower()}: "
            "only a draft can be submitted."
        )
    current.status = Status.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = user
    _save(current, user)
    return current


@transaction.atomic
def return_to_draft(assessment, user):
    """Withdraw a submission (its officer) or send it back (the committee)."""
    current = locked(assessment.pk)
    if current.status != Status.SUBMITTED:
        raise WorkflowError(
            f"This assessment is {current.get_status_display().lower()}: "
            "only a submitted assessment can be returned to draft."
        )
    current.status = Status.DRAFT
    _save(current, user)
    return current


@transaction.atomic
def reopen(assessment, user, *, reason):
    if not reason.strip():
        raise WorkflowError("Give the reason for reopening the assessment.")
    current = locked(assessment.pk)
    if current.status != Status.APPROVED:
        raise WorkflowError(
            f"This assessment is {current.get_status_display().lower()}: "
            "only an approved assessment can be reopened."
        )
    current.status = Status.DRAFT
    current.reopen_reason = reason
    current.submitted_at = None
    current.submitted_by = None
    _save(current, user)
    return current


def state_marker(assessment_pk):
    """The newest history row of everything the committee paper shows.

    Every saved change to the assessment, its entries, evidence, actions,
    recommendations or cover writes a history row, so an unchanged marker
    means the paper rendered from that state is still the truth.
    """
    entry_ids = Entry.objects.filter(assessment_id=assessment_pk).values("pk")
    querysets = [
        Assessment.history.filter(id=assessment_pk),
        Entry.history.filter(assessment_id=assessment_pk),
        Evidence.history.filter(entry_id__in=entry_ids),
        Action.history.filter(assessment_id=assessment_pk),
        Recommendation.history.filter(assessment_id=assessment_pk),
        ReportDetails.history.filter(assessment_id=assessment_pk),
    ]
    return tuple(qs.aggregate(latest=Max("history_id"))["latest"] for qs in querysets)


@dataclass
class Approval:
    """What a committee member decided, and which submission they decided on."""

    assessment_pk: int
    submitted_at: object
    approved_by: object
    meeting_date: object
    committee_name: str
    minute_reference: str
    approved_at: object = None


def _refuse_unless_same_submission(assessment, approval):
    if assessment.status == Status.APPROVED:
        raise WorkflowError("This assessment has already been approved.")
    if assessment.status != Status.SUBMITTED:
        raise WorkflowError(
            f"This assessment is {assessment.get_status_display().lower()}: "
            "only a submitted assessment can be approved."
        )
    if approval.submitted_at is not None and assessment.submitted_at != approval.submitted_at:
        raise WorkflowError(
            "This assessment was submitted again after you opened the approval page. "
            "Review the new submission and approve it again."
        )


def render_approval_paper(approval):
    """The committee paper of the submitted state, approved as ``approval`` says.

    Holds no lock. Returns (pdf bytes, the state marker it was rendered from).
    """
    assessment = Assessment.objects.select_related("organisation", "framework", "scale").get(
        pk=approval.assessment_pk
    )
    _refuse_unless_same_submission(assessment, approval)
    if approval.submitted_at is None:
        approval.submitted_at = assessment.submitted_at
    approval.approved_at = approval.approved_at or timezone.now()
    marker = state_marker(assessment.pk)
    _apply(assessment, approval)  # in memory only: the paper prints the approval
    pdf = reports.report_pdf(reports.build_report(assessment))
    return pdf, marker


def _apply(assessment, approval):
    assessment.status = Status.APPROVED
    assessment.approved_at = approval.approved_at
    assessment.approved_by = approval.approved_by
    assessment.meeting_date = approval.meeting_date
    assessment.committee_name = approval.committee_name
    assessment.minute_reference = approval.minute_reference
    assessment.reopen_reason = ""


@transaction.atomic
def complete_approval(approval, pdf, marker):
    """Store the rendered paper and mark the assessment approved, if nothing moved."""
    current = locked(approval.assessment_pk)
    _refuse_unless_same_submission(current, approval)
    if state_marker(current.pk) != marker:
        raise WorkflowError(
            "The assessment changed while its committee paper was being produced, so it "
            "was not approved. It is still submitted: review it and approve again."
        )
    _apply(current, approval)
    _save(current, approval.approved_by)
    latest = current.stored_reports.aggregate(latest=Max("version"))["latest"] or 0
    return StoredReport.objects.create(
        assessment=current,
        version=latest + 1,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        approved_by=current.approved_by,
        approved_at=current.approved_at,
        meeting_date=current.meeting_date,
        minute_reference=current.minute_reference,
    )


def approve(assessment, user, *, meeting_date, committee_name, minute_reference, submitted_at=None):
    """Render the paper (no lock held), then store it and approve in one short step.

    ``submitted_at``: the submission the committee member was looking at; a
    later resubmission makes the approval refuse rather than approve unseen text.
    """
    approval = Approval(
        assessment_pk=assessment.pk,
        submitted_at=submitted_at,
        approved_by=user,
        meeting_date=meeting_date,
        committee_name=committee_name,
        minute_reference=minute_reference,
    )
    pdf, marker = render_approval_paper(approval)
    return complete_approval(approval, pdf, marker)


def current_stored_report(assessment):
    """The PDF stored at the assessment's approval, while it stays approved."""
    if assessment.status != Status.APPROVED:
        return None
    return assessment.stored_reports.order_by("-version").first()
