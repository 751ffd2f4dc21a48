"""Asking for a report file: rendered by a worker, keyed by its input's SHA-256, limited per user."""

import datetime
import hashlib
import time

import pytest
from django.utils import timezone

from assessments import pdf, reports
from assessments.models import Evidence
from renders.models import RenderJob, Status
from tests.reports.conftest import pdf_text


def pdf_url(assessment):
    return f"/assessments/{assessment.pk}/report.pdf"


def report_html(assessment, generated_at):
    report = reports.build_report(assessment)
    report.generated_at = generated_at
    return reports.report_document_html(report)


def test_a_rendered_file_is_keyed_by_the_sha256_of_its_exact_input(client_for, officer, filled):
    response = client_for(officer).get(pdf_url(filled))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    job = RenderJob.objects.get()
    assert job.status == Status.DONE and job.requested_by == officer
    html = report_html(filled, job.generated_at)
    assert job.input_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert bytes(job.result) == response.content
    assert "Evidence 1 for 1.1." in pdf_text(response.content)[1]


def test_the_same_state_is_served_again_without_rendering(client_for, officer, committee, filled):
    first = client_for(officer).get(pdf_url(filled)).content
    second = client_for(committee).get(pdf_url(filled)).content
    assert second == first
    assert RenderJob.objects.count() == 1


def test_a_file_produced_minutes_ago_from_the_same_data_is_served(client_for, officer, filled):
    """The paper prints the minute it was produced; the key compares the data, not the clock."""
    client = client_for(officer)
    client.get(pdf_url(filled))
    earlier = timezone.now() - datetime.timedelta(minutes=7)
    digest = hashlib.sha256(report_html(filled, earlier).encode()).hexdigest()
    RenderJob.objects.update(generated_at=earlier, input_sha256=digest, result=b"%PDF earlier")
    assert client.get(pdf_url(filled)).content == b"%PDF earlier"
    assert RenderJob.objects.count() == 1


def test_a_stale_file_is_never_served_after_a_change(client_for, officer, filled):
    client = client_for(officer)
    old = client.get(pdf_url(filled)).content
    job = RenderJob.objects.get()
    Evidence.objects.filter(entry__assessment=filled).update(text="Changed afterwards.")
    # The old file's own download link now refuses it and asks for a fresh render.
    response = client.get(f"/assessments/{filled.pk}/files/{job.pk}/download/")
    assert response.status_code == 302 and response.url == pdf_url(filled)
    fresh = client.get(pdf_url(filled)).content
    assert fresh != old
    assert "Changed afterwards." in pdf_text(fresh)[1]
    assert "Changed afterwards." not in pdf_text(old)[1]
    assert RenderJob.objects.count() == 2


def test_a_request_while_the_render_is_queued_joins_it(
    client_for, officer, committee, filled, queued_tasks
):
    first = client_for(officer).get(pdf_url(filled))
    job = RenderJob.objects.get()
    assert first.status_code == 302 and first.url == job.get_absolute_url()
    second = client_for(committee).get(pdf_url(filled))
    assert second.url == job.get_absolute_url()
    assert RenderJob.objects.count() == 1 and job.status == Status.QUEUED
    page = client_for(committee).get(job.get_absolute_url()).content.decode()
    assert "The PDF is being produced (waiting for a worker)" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    # The download is not served before the file exists.
    download = client_for(officer).get(f"/assessments/{filled.pk}/files/{job.pk}/download/")
    assert download.status_code == 302 and download.url == job.get_absolute_url()


def test_each_user_has_at_most_two_renders_queued(
    client_for, officer, committee, filled, queued_tasks
):
    client = client_for(officer)
    for sections in (["cover"], ["summary"]):
        assert client.get(pdf_url(filled), {"sections": sections}).status_code == 302
    refused = client.get(pdf_url(filled), {"sections": ["themes"]})
    assert refused.status_code == 429
    assert "You already have 2 files being produced; at most 2 at a time." in (
        refused.content.decode()
    )
    assert RenderJob.objects.filter(requested_by=officer).count() == 2
    # Joining an identical pending render is not a new one, so it is allowed.
    assert client.get(pdf_url(filled), {"sections": ["cover"]}).status_code == 302
    # Another user has their own allowance.
    assert client_for(committee).get(pdf_url(filled), {"sections": ["themes"]}).status_code == 302
    assert RenderJob.objects.count() == 3


def test_a_missing_print_stylesheet_fails_the_render(
    client_for, officer, filled, settings, tmp_path
):
    settings.STATICFILES_DIRS = [tmp_path]  # css/report.css is nowhere to be found
    settings.STATIC_ROOT = tmp_path / "collected"
    response = client_for(officer).get(pdf_url(filled), follow=True)
    job = RenderJob.objects.get()
    assert job.status == Status.FAILED and job.result is None
    page = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "The PDF could not be produced." in page
    assert "Failed to load stylesheet" in page and "css/report.css" in page


def test_the_renderer_refuses_an_unstyled_paper(filled, settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path]
    settings.STATIC_ROOT = tmp_path / "collected"
    with pytest.raises(pdf.RenderError, match="Failed to load stylesheet"):
        reports.report_pdf(reports.build_report(filled))


def test_a_render_over_the_time_limit_fails_cleanly_naming_the_likely_cause(
    client_for, officer, filled, settings
):
    settings.RENDER_TIME_LIMIT = 0.05
    started = time.monotonic()
    response = client_for(officer).get(pdf_url(filled), follow=True)
    assert time.monotonic() - started < 10
    job = RenderJob.objects.get()
    assert job.status == Status.FAILED
    assert "took longer than the 0.05-second limit" in job.error
    assert "an unusually long entry" in response.content.decode()


def test_the_time_limit_stops_the_child_that_renders():
    started = time.monotonic()
    with pytest.raises(pdf.RenderTimeout):
        pdf.run_with_time_limit(time.sleep, 30, 0.5)
    assert time.monotonic() - started < 5


def test_another_organisation_cannot_see_or_download_a_file(client_for, officer, neighbour, filled):
    client_for(officer).get(pdf_url(filled))
    job = RenderJob.objects.get()
    outsider = client_for(neighbour)
    assert outsider.get(job.get_absolute_url()).status_code == 404
    assert outsider.get(f"/assessments/{filled.pk}/files/{job.pk}/download/").status_code == 404


def test_a_user_repeating_requests_moments_apart_is_answered_without_a_rebuild(
    client_for, officer, filled, settings, monkeypatch
):
    settings.RENDER_REQUEST_INTERVAL = 60
    client = client_for(officer)
    assert client.get(pdf_url(filled)).status_code == 200  # rendered and served
    job = RenderJob.objects.get()
    # Asked again at once: sent to that file's page, without rebuilding the report.
    monkeypatch.setattr(reports, "build_report", None)  # any rebuild would fail loudly
    again = client.get(pdf_url(filled))
    assert again.status_code == 302 and again.url == job.get_absolute_url()
    # Other options at once: refused with a message.
    refused = client.get(pdf_url(filled), {"sections": ["cover"]})
    assert refused.status_code == 429
    assert "You asked for a file a moment ago." in refused.content.decode()
    monkeypatch.undo()
    # The download is paced on its own: the first is served, a repeat waits on the page.
    download_url = f"/assessments/{filled.pk}/files/{job.pk}/download/"
    assert client.get(download_url)["Content-Type"] == "application/pdf"
    page = client.get(download_url).content.decode()
    assert f'<meta http-equiv="refresh" content="2;url={download_url}">' in page
