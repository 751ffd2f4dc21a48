"""In-process steps of the benchmark, run in a subprocess by bench/run.py.

python bench/inprocess.py queries     -> query count of each page (JSON)
python bench/inprocess.py prepare     -> sessions, URLs, a stored PDF (JSON)
python bench/inprocess.py pdf         -> render_report vs WeasyPrint alone (JSON)
"""

import json
import sys
import time

from setup_django import setup

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
from weasyprint import HTML  # noqa: E402

from assessments import reports, services  # noqa: E402
from assessments.models import Assessment, Organisation  # noqa: E402
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
    client = Client()
    client.force_login(officer())
    counts = {}
    for name, url in page_urls().items():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name} {url} answered {response.status_code}")
        counts[name] = len(context)
    return counts


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
        services.approve(
            assessment,
            officer(),
            meeting_date=assessment.meeting_date,
            committee_name="Audit, Risk and Governance Committee",
            minute_reference="Bench",
        )
    return {
        "urls": page_urls(),
        "stored_pdf": f"/assessments/{assessment.pk}/report.pdf",
        "sessions": [session_cookie(officer()) for _ in range(16)],
    }


def pdf():
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
        "pdf_bytes": len(pdf_bytes),
        "render_report_s": round(render_report, 3),
        "weasyprint_alone_s": round(weasyprint_alone, 3),
    }


if __name__ == "__main__":
    step = {"queries": queries, "prepare": prepare, "pdf": pdf}[sys.argv[1]]
    print(json.dumps(step()))
