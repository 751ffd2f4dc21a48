"""In-process steps of the benchmark, run in a subprocess by bench/run.py.

python bench/inprocess.py queries     -> queries and in-process time of each page (JSON)
python bench/inprocess.py prepare     -> sessions, URLs, a stored PDF (JSON)
python bench/inprocess.py pdf         -> render_report vs WeasyPrint alone (JSON)
python bench/inprocess.py lost_saves SAVES.json -> saves answered with success but not in the DB
"""

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time

from setup_django import ROOT, setup

setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from assessments import reports, workflow  # noqa: E402
from assessments.models import Assessment, Entry, Organisation  # noqa: E402
from assessments.pdf import BASE_URL, StaticOnlyURLFetcher  # noqa: E402

ORG = "scale-01"


def latest_assessment(organisation):
    return organisation.assessments.filter(framework__slug="bv2020").order_by("-period").first()


def page_urls():
    organisation = Organisation.objects.get(slug=ORG)
    assessment = latest_assessment(organisation)
    entry = assessment.entries.order_by("criterion__position").first()
    return {
        "dashboard": "/",
        "assessment overview": f"/assessments/{assessment.pk}/",
        "entry page": f"/assessments/{assessment.pk}/entries/{entry.pk}/",
        "action tracker": f"/organisations/{ORG}/actions/",
        "HTML report": f"/assessments/{assessment.pk}/report/",
        "history": f"/assessments/{assessment.pk}/history/",
        "baseline": "/bench/baseline/",
    }


def officer():
    return get_user_model().objects.get(username=f"{ORG}-officer")


def queries():
    """Per page: the queries of a request and its in-process time (median of 5)."""
    client = Client()
    client.force_login(officer())
    results = {}
    for name, url in page_urls().items():
        client.get(url)  # compile the templates: not part of the figure
        renders = [_timed_get(client, name, url) for _ in range(5)]
        results[name] = {
            "queries": renders[0][0],
            "render_ms": round(statistics.median(ms for _, ms in renders), 1),
        }
    return results


def _timed_get(client, name, url):
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{name} {url} answered {response.status_code}")
    return len(context), elapsed


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def prepare():
    """Sessions for the load, and one approved assessment with its stored PDF."""
    organisation = Organisation.objects.get(slug=ORG)
    assessment = (
        organisation.assessments.filter(framework__slug="bv2020").order_by("period").first()
    )
    if not assessment.stored_reports.exists():
        assessment.status = Assessment.Status.SUBMITTED
        assessment.save()
        workflow.approve(
            assessment,
            officer(),
            meeting_date=assessment.meeting_date,
            committee_name="Audit, Risk and Governance Committee",
            minute_reference="Bench",
        )
    latest = latest_assessment(organisation)
    # The writer saves other entries of the same assessment throughout the run.
    writer_entries = latest.entries.order_by("criterion__position")[1:11]
    return {
        "urls": page_urls(),
        "stored_pdf": f"/assessments/{assessment.pk}/report.pdf",
        "sessions": [session_cookie(officer()) for _ in range(16)],
        "writer_session": session_cookie(officer()),
        "writer_urls": [
            f"/assessments/{latest.pk}/entries/{entry.pk}/" for entry in writer_entries
        ],
    }


def lost_saves(path):
    """Saves answered with success whose text is not what the entry holds at the end."""
    with open(path) as file:
        expected = json.load(file)  # entry URL -> the summary of its last successful save
    summaries = dict(
        Entry.objects.filter(
            pk__in=[int(url.rstrip("/").split("/")[-1]) for url in expected]
        ).values_list("pk", "summary")
    )
    lost = [
        url
        for url, summary in expected.items()
        if summaries.get(int(url.rstrip("/").split("/")[-1])) != summary
    ]
    return {"lost_saves": len(lost), "checked_entries": len(expected)}


def pdf():
    """render_report's work in a warm process, WeasyPrint alone on the same HTML, and
    the command from a cold start (interpreter, Django and WeasyPrint imports included)."""
    assessment = latest_assessment(Organisation.objects.get(slug=ORG))
    started = time.perf_counter()
    report = reports.build_report(assessment)
    html = reports.report_document_html(report)
    pdf_bytes = reports.report_pdf(report)
    render_report = time.perf_counter() - started
    started = time.perf_counter()
    HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher(), encoding="utf-8"
    ).write_pdf(pdf_tags=True)
    weasyprint_alone = time.perf_counter() - started
    return {
        "entries": len(report.all_entries),
        "pages": len(PdfReader(io.BytesIO(pdf_bytes)).pages),
        "pdf_bytes": len(pdf_bytes),
        "render_report_s": round(render_report, 3),
        "weasyprint_alone_s": round(weasyprint_alone, 3),
        "command_s": round(_command_seconds(assessment), 3),
    }


def _command_seconds(assessment):
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "render_report", str(assessment.pk), "-o",
             f"{directory}/report.pdf"],
            cwd=ROOT, check=True, capture_output=True,
        )  # fmt: skip
        return time.perf_counter() - started


if __name__ == "__main__":
    step = {"queries": queries, "prepare": prepare, "pdf": pdf, "lost_saves": lost_saves}
    print(json.dumps(step[sys.argv[1]](*sys.argv[2:])))
