"""Which state of an assessment an export shows, and the Word paper in the organisation's template.

Each function here takes model objects and returns data or bytes: none reads
a request, so a task worker can run them as they are.
"""

import logging

from assessments import reports, workflow
from assessments.models import Assessment
from reports.docx import render_docx
from reports.word.placeholders import TemplateError
from reports.word_templates import organisation_template
from reports.xlsx import render_xlsx

logger = logging.getLogger(__name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def approval_moment(assessment, stored):
    """The instant the approval was saved: the approved state is the history as of then.

    ``approved_at`` is set just before the save, so the history row of the
    approval itself is the exact moment; older data without it uses approved_at.
    """
    moment = (
        Assessment.history.filter(
            id=assessment.pk, status=Assessment.Status.APPROVED, approved_at=stored.approved_at
        )
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return moment or stored.approved_at


def export_report(assessment, *, sections=None, moment=None, default_options=True):
    """(report, version) for an export: an approved assessment's approved state, with its version.

    With the default options an approved assessment is exported as approved
    (its stored version); other options export what they ask for. The report
    is None when the assessment did not exist at ``moment``.
    """
    stored = workflow.current_stored_report(assessment) if default_options else None
    if stored is not None:
        moment = approval_moment(assessment, stored)
        return reports.build_report(assessment, moment=moment), stored.version
    return reports.build_report(assessment, sections=sections, moment=moment), None


def committee_paper_docx(report, version=None):
    """(docx bytes, warning or None): in the organisation's template, or the default one.

    A stored template that no longer renders (a newer app, a damaged row) is
    not a dead end: the paper is made in the default template and the warning
    says so.
    """
    template = organisation_template(report.organisation)
    if template is not None:
        try:
            return render_docx(report, template=bytes(template.content), version=version), None
        except Exception as error:  # any failure of the house template falls back
            logger.warning(
                "Word template %s of %s failed (%s); used the default template.",
                template.pk,
                report.organisation,
                error,
            )
            reason = str(error) if isinstance(error, TemplateError) else type(error).__name__
            return render_docx(report, version=version), (
                f"Your organisation's Word template could not be used ({reason}), so the "
                "default template was used. An administrator can upload a corrected one."
            )
    return render_docx(report, version=version), None


def committee_paper_xlsx(report):
    return render_xlsx(report)
