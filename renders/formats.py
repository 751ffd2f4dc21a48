"""The files a worker can render: one entry per format.

Each format says what a file is made from (its *source*: the report, or the
export with its approved version and Word template), how to turn the source
into its exact input as text (cheap, in the request: the file's key is that
text's SHA-256), and how a worker turns it into the file (the slow part, in a
time-limited child process that reads nothing from the database).

The PDF and the Excel workbook are rendered from the input text alone. The
Word paper is rendered from the source, which the worker rebuilds and accepts
only when it yields the very input the job was keyed by.
"""

from collections.abc import Callable
from dataclasses import dataclass

from assessments import pdf, reports
from assessments.forms.reports import ReportOptionsForm
from reports import exports, xlsx

EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    url_name: str  # the view that asks for this file
    source: Callable  # (assessment or organisation, query) -> source, or None if no longer valid
    build_input: Callable  # (source) -> str, in the request
    render: Callable  # (input str, or the source if from_source) -> bytes or (bytes, notice)
    content_type: str
    extension: str
    from_source: bool = False


def report_source(assessment, query):
    """The report a stored query string asks for (None if it is no longer valid)."""
    form = ReportOptionsForm.from_query(query)
    if form.refusals():
        return None
    sections, moment = form.options()
    return reports.build_report(
        assessment, sections=sections, moment=moment, compare_to=form.compare_to
    )


def _paper_source(assessment, query):
    return exports.export_source(assessment, query, with_template=True)


FORMATS = {
    "pdf": Format(
        name="pdf",
        label="PDF",
        url_name="assessments:report-pdf",
        source=report_source,
        build_input=reports.report_document_html,
        render=pdf.html_to_pdf,
        content_type="application/pdf",
        extension="pdf",
    ),
    "docx": Format(
        name="docx",
        label="Word paper",
        url_name="reports:report-docx",
        source=_paper_source,
        build_input=exports.paper_input,
        render=exports.render_paper,
        content_type=WORD,
        extension="docx",
        from_source=True,
    ),
    "xlsx": Format(
        name="xlsx",
        label="Excel workbook",
        url_name="reports:report-xlsx",
        source=exports.export_source,
        build_input=exports.workbook_of,
        render=xlsx.write_workbook,
        content_type=EXCEL,
        extension="xlsx",
    ),
    # The action tracker's list, of an organisation.
    "tracker-csv": Format(
        name="tracker-csv",
        label="CSV of the action list",
        url_name="reports:actions-csv",
        source=exports.tracker_source,
        build_input=exports.tracker_input,
        render=xlsx.tracker_csv,
        content_type="text/csv; charset=utf-8",
        extension="csv",
    ),
    "tracker-xlsx": Format(
        name="tracker-xlsx",
        label="Excel list of actions",
        url_name="reports:actions-xlsx",
        source=exports.tracker_source,
        build_input=exports.tracker_input,
        render=xlsx.tracker_xlsx,
        content_type=EXCEL,
        extension="xlsx",
    ),
}


def get(name):
    return FORMATS[name]
