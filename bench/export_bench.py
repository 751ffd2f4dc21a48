"""Word and Excel export of an 87-criterion assessment, timed in process.

Standalone: ``DEBUG=1 .venv/bin/python bench/export_bench.py`` against a migrated
database with the frameworks loaded (it seeds one organisation with
``seed_scale --orgs 1 --years 1`` when there is none). Prints one JSON line;
``make bench`` runs it on each database. Targets: Word ≤ 1.5 s, Excel ≤ 1 s.

The files are rendered by task workers; what a request does is rebuild the
file's exact input to find (or queue) it: ``docx_input_ms`` and
``xlsx_input_ms`` time that part.
"""

import io
import json
import statistics
import time

from setup_django import setup

setup()

from django.core.management import call_command  # noqa: E402

from assessments import reports  # noqa: E402
from assessments.models import Organisation  # noqa: E402
from reports import exports  # noqa: E402
from reports.exports import committee_paper_docx, committee_paper_xlsx  # noqa: E402

ORG = "scale-01"
ROUNDS = 3


def _assessment():
    organisation = Organisation.objects.filter(slug=ORG).first()
    if organisation is None:
        call_command("seed_scale", "--orgs", "1", "--years", "1", stdout=io.StringIO())
        organisation = Organisation.objects.get(slug=ORG)
    return organisation.assessments.filter(framework__slug="bv2020").order_by("-period").first()


def _timed(export, assessment):
    """Median seconds of the whole export: the report read from the database, then the file."""
    times, size = [], 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        content = export(reports.build_report(assessment))
        times.append(time.perf_counter() - started)
        size = len(content)
    return round(statistics.median(times), 3), size


def _input_ms(assessment, build_input, with_template):
    """Median ms of what a request does for an export: the source, then its input's text."""
    times = []
    for _ in range(ROUNDS * 3):
        started = time.perf_counter()
        build_input(exports.export_source(assessment, "", with_template=with_template))
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def run():
    assessment = _assessment()
    docx_seconds, docx_bytes = _timed(lambda report: committee_paper_docx(report)[0], assessment)
    xlsx_seconds, xlsx_bytes = _timed(committee_paper_xlsx, assessment)
    return {
        "criteria": assessment.entries.count(),
        "docx_seconds": docx_seconds,
        "docx_bytes": docx_bytes,
        "xlsx_seconds": xlsx_seconds,
        "xlsx_bytes": xlsx_bytes,
        "docx_input_ms": _input_ms(assessment, exports.paper_input, True),
        "xlsx_input_ms": _input_ms(assessment, exports.workbook_of, False),
    }


if __name__ == "__main__":
    print(json.dumps(run()))
