"""Bad input and wrong people: a clear message, and nothing saved."""

import io
import zipfile

import pytest
from django.utils import timezone

from assessments import limits
from assessments.models import Action, Assessment, Evidence, Recommendation
from imports.models import ImportedDocument
from imports.readers import files
from tests.imports import documents, pages


def nothing_saved():
    return (
        ImportedDocument.objects.count(),
        Evidence.objects.count(),
        Action.objects.count(),
        Recommendation.objects.count(),
    ) == (0, 0, 0, 0)


def refusal(response):
    assert response.status_code == 400
    return " ".join(response.context["form"].errors["file"])


def with_member(data, name, content=b"x"):
    """The archive with one more member (a macro project, say)."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def bomb():
    """A .docx-looking archive whose document unpacks to more than the limit."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(files.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                member.write(chunk)
    return buffer.getvalue()


ENCRYPTED = files.OLE_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
OLD_WORD = files.OLE_MAGIC + b"\0" * 1024


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        (
            "plan.docx",
            documents.action_plan_xlsx,
            "named as a Word document but its content is an Excel workbook",
        ),
        (
            "plan.xlsx",
            documents.action_plan_docx,
            "named as an Excel workbook but its content is a Word document",
        ),
        (
            "plan.csv",
            documents.action_plan_docx,
            "named as a CSV file but its content is a Word document",
        ),
        ("plan.docx", lambda: b"%PDF-1.7 not really", "its content is a PDF"),
        ("plan.docx", lambda: b"Ref,Evidence\n1.1,x\n", "its content is a CSV file"),
        ("plan.docm", documents.action_plan_docx, "Macro-enabled files (.docm) are not imported"),
        ("plan.xlsm", documents.action_plan_xlsx, "Macro-enabled files (.xlsm) are not imported"),
        (
            "plan.docx",
            lambda: with_member(documents.action_plan_docx(), "word/vbaProject.bin"),
            "contains macros",
        ),
        ("plan.docx", lambda: ENCRYPTED, "password-protected"),
        ("plan.docx", lambda: OLD_WORD, "old-format Word or Excel file"),
        ("plan.docx", lambda: documents.action_plan_docx()[:3000], "The file is damaged"),
        ("plan.docx", bomb, "far more than any document needs"),
        ("plan.pdf", lambda: b"%PDF-1.7", "Only Word (.docx), Excel (.xlsx) and CSV (.csv)"),
        ("plan.csv", lambda: b"", "empty"),
        ("letter.docx", documents.plain_docx, "No table with a recognisable header row"),
        (
            "grid.docx",
            lambda: documents.plain_docx(table=[["Name", "Phone"], ["J Craig", "0123"]]),
            "No table with a recognisable header row",
        ),
        ("notes.csv", lambda: b"Name;Phone\nJ Craig;0123\n", "No table"),
    ],
)
def test_bad_files_are_refused_with_a_message(client_for, officer, assessment, name, make, says):
    response = pages.upload(client_for(officer), assessment, name, make())
    assert says in refusal(response)
    assert nothing_saved()


def test_a_file_over_10_mb_is_refused(client_for, officer, assessment):
    data = b"Ref,Evidence\n" + b"1.1,x\n" * (files.MAX_UPLOAD_BYTES // 6 + 1)
    response = pages.upload(client_for(officer), assessment, "big.csv", data)
    assert "at most 10.0 MB can be imported" in refusal(response)
    assert nothing_saved()


def test_a_damaged_archive_inside_is_refused(client_for, officer, assessment):
    data = bytearray(documents.action_plan_docx())
    middle = len(data) // 2
    data[middle : middle + 200] = b"\xff" * 200
    response = pages.upload(client_for(officer), assessment, "plan.docx", bytes(data))
    assert "damaged" in refusal(response) or "could not be read" in refusal(response)
    assert nothing_saved()


@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_only_a_draft_can_be_imported_into(client_for, officer, assessment, status):
    assessment.status = status
    if status == Assessment.Status.APPROVED:  # an approval always names who and when
        assessment.approved_by, assessment.approved_at = officer, timezone.now()
    assessment.save()
    client = client_for(officer)
    page = client.get(pages.upload_url(assessment))
    assert "only a draft can be imported into" in page.context["refusal"]
    response = pages.upload(client, assessment, "plan.docx", documents.action_plan_docx())
    assert response.status_code == 409
    assert "only a draft can be imported into" in response.context["refusal"]
    assert nothing_saved()


def test_an_assessment_submitted_during_the_preview_is_not_changed(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "plan.docx", documents.action_plan_docx())
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    response = pages.confirm(client, url, page)
    assert response.status_code == 302
    assert Recommendation.objects.count() == 0 and Action.objects.count() == 0
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.PENDING


def test_a_committee_member_cannot_import(client_for, committee, assessment):
    client = client_for(committee)
    assert client.get(pages.upload_url(assessment)).status_code == 403
    response = pages.upload(client, assessment, "plan.docx", documents.action_plan_docx())
    assert response.status_code == 403
    assert nothing_saved()


def test_another_organisation_gets_not_found(client_for, neighbour, alice, assessment):
    for user in (neighbour, alice):
        response = pages.upload(
            client_for(user), assessment, "plan.docx", documents.action_plan_docx()
        )
        assert response.status_code == 404
    assert nothing_saved()


def test_someone_elses_preview_is_not_found(client_for, officer, org_admin, assessment):
    url, _ = pages.preview(
        client_for(officer), assessment, "plan.docx", documents.action_plan_docx()
    )
    assert client_for(org_admin).get(url).status_code == 404


def test_a_text_over_the_limit_stops_the_whole_import(client_for, officer, assessment):
    long_text = "x" * (limits.MAX_TEXT + 1)
    data = documents.plain_docx(
        paragraphs=["Plan"],
        table=[
            ["Ref", "BV Criteria", "Evidence", "Action / Improvement"],
            ["1.1", "Vision", "Fine evidence", "Fine action"],
            ["1.2", "Members", long_text, "Another action"],
        ],
    )
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "long.docx", data)
    assert any("Row 2" in problem for problem in page.context["preview"].problems)
    response = pages.confirm(client, url, page)
    assert response.status_code == 400
    assert (
        "Row 2 (table 1, row 3): evidence item 1: This text is 10,001 characters long"
        in (response.context["error"])
    )
    assert Evidence.objects.count() == 0 and Action.objects.count() == 0
    assert ImportedDocument.objects.get().status == ImportedDocument.Status.PENDING


def test_too_many_actions_for_one_entry_stops_the_import(client_for, officer, assessment):
    actions = [f"Action {n}" for n in range(limits.MAX_ACTIONS_PER_ENTRY + 1)]
    data = documents.plain_docx(
        table=[["Ref", "Evidence", "Action / Improvement"], ["1.1", "Evidence", actions]]
    )
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "many.docx", data)
    response = pages.confirm(client, url, page)
    assert f"1.1 would have {limits.MAX_ACTIONS_PER_ENTRY + 1} actions" in response.context["error"]
    assert Action.objects.count() == 0


def test_confirming_twice_imports_once(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "plan.docx", documents.action_plan_docx())
    assert pages.confirm(client, url, page).status_code == 302
    count = Action.objects.count()
    assert pages.confirm(client, url, page).status_code == 404
    assert Action.objects.count() == count


def test_get_only_pages_refuse_other_methods(client_for, officer, assessment):
    client = client_for(officer)
    url, _ = pages.preview(client, assessment, "plan.docx", documents.action_plan_docx())
    document = ImportedDocument.objects.get()
    assert client.get(f"{url}discard/").status_code == 405
    assert client.put(pages.upload_url(assessment)).status_code == 405
    assert (
        client.post(f"/assessments/{assessment.pk}/imports/{document.pk}/download").status_code
        == 405
    )
