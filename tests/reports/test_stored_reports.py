"""The PDF stored at approval: returned byte for byte until reopened; versions kept."""

import hashlib

from assessments.models import Evidence, StoredReport
from tests.reports.conftest import pdf_text

APPROVAL = {
    "meeting_date": "2024-06-12",
    "committee_name": "Audit, Risk and Governance Committee",
    "minute_reference": "Item 7, minute 24/31",
}


def approve(client, assessment):
    client.post(f"/assessments/{assessment.pk}/submit/", {"confirm": "yes"})
    return client.post(f"/assessments/{assessment.pk}/approve/", APPROVAL, follow=True)


def download(client, assessment):
    response = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert response.status_code == 200
    return response.content


def test_approval_stores_the_pdf_with_its_hash_and_approver(
    client_for, org_admin, committee, filled
):
    client_for(org_admin).post(f"/assessments/{filled.pk}/submit/", {"confirm": "yes"})
    response = client_for(committee).post(
        f"/assessments/{filled.pk}/approve/", APPROVAL, follow=True
    )
    assert "Approved." in response.content.decode()
    stored = StoredReport.objects.get(assessment=filled)
    assert stored.version == 1
    assert stored.approved_by == committee
    assert stored.minute_reference == "Item 7, minute 24/31"
    pdf = bytes(stored.pdf)
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest() and stored.size == len(pdf)
    _, text = pdf_text(pdf)
    assert "Approved by Audit, Risk and Governance" in text and "12 June 2024" in text
    assert "(Item 7, minute 24/31)" in text and "minute Item 7" not in text


def test_downloads_return_the_stored_bytes_even_after_later_changes(
    client_for, org_admin, committee, filled
):
    approve(client_for(org_admin), filled)
    stored = bytes(StoredReport.objects.get(assessment=filled).pdf)
    assert download(client_for(committee), filled) == stored
    # Changes behind the workflow's back (an admin fixing data) do not alter the approved paper.
    Evidence.objects.filter(entry__assessment=filled).update(text="Changed afterwards.")
    filled.organisation.name = "Renamed IJB"
    filled.organisation.save()
    again = download(client_for(committee), filled)
    assert again == stored
    assert "Changed afterwards." not in pdf_text(again)[1]
    # Asking for other options renders afresh and shows the change.
    fresh = client_for(committee).get(
        f"/assessments/{filled.pk}/report.pdf", {"sections": ["themes"]}
    )
    assert "Changed afterwards." in pdf_text(fresh.content)[1]


def test_reopening_and_reapproving_keeps_every_version(client_for, org_admin, filled):
    client = client_for(org_admin)
    approve(client, filled)
    first = bytes(StoredReport.objects.get(assessment=filled, version=1).pdf)
    client.post(f"/assessments/{filled.pk}/reopen/", {"reason": "Late evidence from NHS board."})
    assert "Changed afterwards." not in pdf_text(download(client, filled))[1]
    Evidence.objects.filter(entry__assessment=filled).update(text="Changed afterwards.")
    draft_pdf = download(client, filled)
    assert "Changed afterwards." in pdf_text(draft_pdf)[1]

    approve(client, filled)
    second = StoredReport.objects.get(assessment=filled, version=2)
    assert download(client, filled) == bytes(second.pdf)
    assert bytes(second.pdf) != first
    old = client.get(f"/assessments/{filled.pk}/reports/1.pdf")
    assert old.content == first
    page = client.get(f"/assessments/{filled.pk}/report/").content.decode()
    assert "Version 1" in page and "Version 2" in page and second.sha256 in page


def test_a_missing_version_is_not_found(client_for, committee, filled):
    assert client_for(committee).get(f"/assessments/{filled.pk}/reports/7.pdf").status_code == 404


def test_the_report_page_lists_each_approved_version_with_its_approver(
    client_for, org_admin, committee, filled
):
    client_for(org_admin).post(f"/assessments/{filled.pk}/submit/", {"confirm": "yes"})
    client_for(committee).post(f"/assessments/{filled.pk}/approve/", APPROVAL)
    stored = StoredReport.objects.get(assessment=filled)
    stored.approved_at = stored.approved_at.replace(year=2024, month=6, day=12, hour=12)
    stored.approved_by = None  # as when the approver's account is deleted
    stored.save()
    StoredReport.objects.create(
        assessment=filled,
        version=2,
        pdf=b"%PDF",
        size=4,
        sha256="b" * 64,
        approved_by=org_admin,
        approved_at=stored.approved_at.replace(year=2025),
    )
    page = client_for(org_admin).get(f"/assessments/{filled.pk}/report/").content.decode()
    newest = page.index(f'href="/assessments/{filled.pk}/reports/2.pdf">Version 2 (PDF, 4')
    oldest = page.index(f'href="/assessments/{filled.pk}/reports/1.pdf">Version 1 (PDF, ')
    assert newest < oldest
    assert "approved by Orgadmin on 12 June 2025. SHA-256" in page
    assert "approved by — on 12 June 2024, Item 7, minute 24/31. SHA-256" in page
    assert f'<code class="text-break">{stored.sha256}</code>' in page
