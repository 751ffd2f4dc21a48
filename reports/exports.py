"""Which state of an assessment an export shows, and the Word paper in the organisation's template.

Each function here takes model objects and returns data or bytes: none reads
a request, so a task worker can run them as they are.
"""

import dataclasses
import datetime
import decimal
import hashlib
import json
import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import models
from django.http import QueryDict
from django.utils import timezone

from assessments import history, reports, tracker, workflow
from assessments.forms.reports import ReportOptionsForm
from assessments.models import Assessment
from reports import xlsx
from reports.docx import render_docx
from reports.word.placeholders import TemplateError
from reports.word_templates import organisation_template
from reports.xlsx import render_xlsx, workbook_input

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


# committee_paper_docx reads the organisation's template unless given its bytes (or None).
READ_TEMPLATE = object()


def committee_paper_docx(report, version=None, template=READ_TEMPLATE):
    """(docx bytes, warning or None): in the organisation's template, or the default one.

    ``template`` is the template's bytes, or None for the default one, when read
    beforehand (a worker's render reads nothing from the database).

    A stored template that no longer renders (a newer app, a damaged row) is
    not a dead end: the paper is made in the default template and the warning
    says so.
    """
    if template is READ_TEMPLATE:
        stored = organisation_template(report.organisation)
        template = bytes(stored.content) if stored is not None else None
    if template is None:
        return render_docx(report, version=version), None
    try:
        return render_docx(report, template=template, version=version), None
    except Exception as error:  # any failure of the house template falls back
        logger.warning(
            "The Word template of %s failed (%s); used the default template.",
            report.organisation,
            error,
        )
        reason = str(error) if isinstance(error, TemplateError) else type(error).__name__
        return render_docx(report, version=version), (
            f"Your organisation's Word template could not be used ({reason}), so the "
            "default template was used. An administrator can upload a corrected one."
        )


def committee_paper_xlsx(report):
    return render_xlsx(report)


@dataclasses.dataclass
class Export:
    """What an export file is made from: the report, its approved version, the Word template."""

    report: object
    version: int | None = None
    template: bytes | None = None  # the organisation's Word template; None: the default

    @property
    def generated_at(self):
        return self.report.generated_at

    @generated_at.setter
    def generated_at(self, value):
        self.report.generated_at = value


def export_source(assessment, query, *, with_template=False):
    """The Export the options in ``query`` ask for, or None if they cannot be exported now
    (invalid options, or a date before the assessment existed)."""
    form = ReportOptionsForm.from_query(query)
    if form.refusals():
        return None
    sections, moment = form.options()
    if moment is not None and not history.existed_at(assessment, moment):
        return None
    # Loaded afresh the same way in the request and in the worker, so the input
    # (which records every loaded relation) depends on the data only.
    assessment = Assessment.objects.with_related().get(pk=assessment.pk)
    report, version = export_report(
        assessment, sections=sections, moment=moment, default_options=form.is_default()
    )
    if report is None:
        return None
    template = organisation_template(assessment.organisation) if with_template else None
    return Export(report, version, bytes(template.content) if template is not None else None)


def export_version(assessment, query):
    """The approved version an export with these options shows (None: not a stored version)."""
    form = ReportOptionsForm.from_query(query)
    if form.refusals() or not form.is_default():
        return None
    stored = workflow.current_stored_report(assessment)
    return stored.version if stored is not None else None


# The Word paper's exact input: everything the renderer can read, as canonical JSON.


def paper_input(export):
    """The Word paper's input as text: the report with every object it holds, the version,
    and the template's SHA-256. Equal text means an identical paper."""
    template = hashlib.sha256(export.template).hexdigest() if export.template is not None else None
    data = {
        "report": _Dump().value(export.report),
        "version": export.version,
        "template_sha256": template,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Dump:
    """Plain data of an object graph: model instances with every loaded attribute and
    cached relation, dataclasses by field, containers by item. An object met again is
    written as a reference to where it was first written, so shared and circular
    relations stay finite. Nothing is loaded from the database.

    A person is written as what a paper can print of them (their name), never their
    account's secrets or sign-in times. A value of a kind not known here is refused
    rather than left out of the key.
    """

    PERSON_FIELDS = ("id", "username", "first_name", "last_name")

    def __init__(self):
        self.seen = {}
        self.person_model = get_user_model()

    def value(self, value):
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, datetime.timedelta):
            return value.total_seconds()
        if isinstance(value, (decimal.Decimal, uuid.UUID)):
            return str(value)
        if isinstance(value, (bytes, memoryview)):
            return hashlib.sha256(bytes(value)).hexdigest()
        if isinstance(value, (list, tuple)):
            return [self.value(item) for item in value]
        if isinstance(value, (set, frozenset)):
            return sorted((self.value(item) for item in value), key=repr)
        if isinstance(value, dict):
            return {str(key): self.value(item) for key, item in value.items()}
        if isinstance(value, models.QuerySet):
            cached = value._result_cache
            return None if cached is None else [self.value(item) for item in cached]
        if isinstance(value, self.person_model):
            return {name: getattr(value, name, None) for name in self.PERSON_FIELDS}
        if dataclasses.is_dataclass(value) or isinstance(value, models.Model):
            return self.object(value)
        if (hasattr(value, "__dict__") or hasattr(value, "__slots__")) and not callable(value):
            return self.object(value)
        raise TypeError(f"{type(value).__name__} is not part of a Word paper's input")

    def object(self, value):
        if id(value) in self.seen:
            return {"same_as": self.seen[id(value)]}
        self.seen[id(value)] = len(self.seen)
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if dataclasses.is_dataclass(value):
            attributes = {
                field.name: getattr(value, field.name) for field in dataclasses.fields(value)
            }
        elif hasattr(value, "__dict__"):
            attributes = dict(vars(value))
        else:
            attributes = {
                name: getattr(value, name, None) for name in getattr(value, "__slots__", ())
            }
        if isinstance(value, models.Model):
            state = attributes.pop("_state")
            attributes["_relations"] = dict(state.fields_cache)
        return {"type": kind, **{name: self.value(item) for name, item in attributes.items()}}


def render_paper(export):
    """(docx bytes, notice or None) of an Export, reading nothing from the database."""
    return committee_paper_docx(export.report, version=export.version, template=export.template)


def workbook_of(export):
    """The Excel export's input: the workbook's data as JSON text."""
    return workbook_input(export.report)


@dataclasses.dataclass
class TrackerList:
    """The action tracker's list for a query string, on a day: what its CSV and Excel files
    are made from."""

    organisation: object
    query: str
    today: datetime.date
    generated_at: datetime.datetime = dataclasses.field(default_factory=timezone.now)


def tracker_source(organisation, query):
    return TrackerList(organisation, query, timezone.localdate())


def tracker_input(listing):
    """The tracker files' input: the rows the tracker shows for the query, as JSON text."""
    actions = tracker.tracker_actions(
        QueryDict(listing.query), listing.organisation, listing.today
    )[1]
    return xlsx.tracker_input(actions, listing.today)
