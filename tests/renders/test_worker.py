"""End to end with a real worker process (manage.py db_worker) on the database queue."""

import pytest

from assessments.models import Assessment, StoredReport
from renders.models import ApprovalRequest, RenderJob, Status
from tests.renders.conftest import APPROVAL, run_worker_once
from tests.reports.conftest import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_renders_the_queued_pdf_for_download(
    client_for, officer, filled, queued_tasks
):
    client = client_for(officer)
    response = client.get(f"/assessments/{filled.pk}/report.pdf")
    job = RenderJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == Status.QUEUED

    run_worker_once()

    job.refresh_from_db()
    assert job.status == Status.DONE, job.error
    page = client.get(job.get_absolute_url()).content.decode()
    download_url = f"/assessments/{filled.pk}/files/{job.pk}/download/"
    assert f'<meta http-equiv="refresh" content="0;url={download_url}">' in page
    download = client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    assert "attachment;" in download["Content-Disposition"]
    assert "Evidence 2 for 2.1." in pdf_text(download.content)[1]
    # Asking again for the same state serves that file without another render.
    assert client.get(f"/assessments/{filled.pk}/report.pdf").content == download.content


def test_a_real_worker_approves_through_the_queue(
    client_for, officer, committee, filled, queued_tasks
):
    client_for(officer).post(f"/assessments/{filled.pk}/submit/", {"confirm": "yes"})
    client = client_for(committee)
    client.post(f"/assessments/{filled.pk}/approve/", APPROVAL)
    client.post(f"/assessments/{filled.pk}/approve/", APPROVAL)  # a second click joins
    request = ApprovalRequest.objects.get()
    assert "Approving: the committee paper is being produced." in (
        client.get(request.get_absolute_url()).content.decode()
    )

    run_worker_once()

    request.refresh_from_db()
    assert request.status == Status.DONE, request.error
    filled.refresh_from_db()
    assert filled.status == Assessment.Status.APPROVED and filled.approved_by == committee
    stored = StoredReport.objects.get(assessment=filled)
    assert "(Item 7, minute 24/31)" in pdf_text(bytes(stored.pdf))[1]
    response = client.get(request.get_absolute_url(), follow=True)
    assert "Approved." in response.content.decode()
    assert client.get(f"/assessments/{filled.pk}/report.pdf").content == bytes(stored.pdf)
