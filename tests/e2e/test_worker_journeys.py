"""Journeys through work done by a real task worker: approving, and downloading a report PDF."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment, StoredReport
from tests.conftest import PASSWORD, make_assessment
from tests.e2e.conftest import log_in
from tests.renders.conftest import DATABASE_BACKEND, start_worker  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue_for_workers(settings):
    settings.TASKS = DATABASE_BACKEND


def pdf_text(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_committee_approves_watches_the_progress_and_downloads_the_stored_paper(
    page,
    officer,
    committee,
    bv2020,
    queue_for_workers,
    start_worker,  # noqa: F811
):
    assessment = make_assessment(
        officer.memberships.get().organisation, bv2020, ["1.1", "2.1"], officer
    )
    assessment.status = Assessment.Status.SUBMITTED
    assessment.save()
    log_in(page, "committee", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Approve").click()
    page.get_by_label("Date of the committee meeting").fill("2024-06-12")
    page.get_by_label("Minute reference").fill("Item 7, minute 24/31")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approving: the committee paper is being produced.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED

    start_worker()  # the page refreshes itself until the worker has approved

    expect(page.get_by_text("Approved.", exact=True)).to_be_visible(timeout=60_000)
    assert page.url.endswith(f"/assessments/{assessment.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download PDF")).first.click()
    pdf = download_info.value.path().read_bytes()
    assert pdf == bytes(StoredReport.objects.get(assessment=assessment).pdf)
    assert "(Item 7, minute 24/31)" in pdf_text(pdf)


def test_a_report_pdf_is_produced_by_the_worker_and_downloads_itself(
    page,
    officer,
    bv2020,
    queue_for_workers,
    start_worker,  # noqa: F811
):
    assessment = make_assessment(officer.memberships.get().organisation, bv2020, ["1.1"], officer)
    log_in(page, "officer", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/report.pdf")
    expect(page.get_by_text("The PDF is being produced (waiting for a worker)")).to_be_visible()
    with page.expect_download(timeout=60_000) as download_info:
        start_worker()
    download = download_info.value
    assert download.suggested_filename == "Self-assessment 2023-24.pdf"
    assert "Theme 1 – Vision and Leadership" in pdf_text(download.path().read_bytes())
