"""The files a worker can render: one entry per format.

Each format says how to build its exact input in the request (cheap: the
report HTML takes ~100 ms), how a worker turns that input into the file
(the slow part), and how the file is served. Adding Word or Excel is one
entry here: an input builder returning text (for example the export's data
as JSON) and a renderer from that text to bytes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from assessments import pdf, reports


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    build_input: Callable  # (report) -> str, in the request
    render: Callable  # (input str) -> bytes, in a worker
    content_type: str
    extension: str


FORMATS = {
    "pdf": Format(
        name="pdf",
        label="PDF",
        build_input=reports.report_document_html,
        render=pdf.html_to_pdf,
        content_type="application/pdf",
        extension="pdf",
    ),
}


def get(name):
    return FORMATS[name]
