"""Importing last year's self-assessment from Word: upload, preview, confirm."""

import hashlib
from datetime import date

import pytest

from assessments.models import Action, Entry, Evidence, Recommendation
from imports.models import ImportedDocument
from tests.conftest import make_assessment
from tests.imports import documents, pages


@pytest.fixture
def self_assessment(demo_org, bv2020, officer):
    return make_assessment(demo_org, bv2020, documents.SELF_ASSESSMENT_REFS, officer)


def entry(assessment, ref):
    return Entry.objects.get(assessment=assessment, criterion__ref=ref)


def evidence_of(assessment, ref):
    return list(entry(assessment, ref).evidence_items.values_list("text", flat=True))


def actions_of(assessment, ref):
    return list(
        entry(assessment, ref).actions.values_list(
            "description", "due_date", "timescale", "lead_officer"
        )
    )


def test_it_previews_every_row_with_its_mapping_and_saves_nothing(
    client_for, officer, self_assessment
):
    client = client_for(officer)
    url, page = pages.preview(
        client, self_assessment, "last-year.docx", documents.self_assessment_docx()
    )
    assert page.status_code == 200
    fields = pages.form_fields(page)
    assert fields["row-1-target"] == "1.1"
    assert fields["row-2-target"] == "1.2"
    assert (fields["row-3-target"], fields["row-3-also"]) == ("1.3", "1.4")
    assert fields["row-4-target"] == "2.1"  # by wording: no ref column in the Theme 2 table
    assert "row-5-target" not in fields
    rows = page.context["preview"].rows
    assert [len(row.source.evidence) for row in rows] == [4, 1, 2, 2]
    assert [len(row.actions) for row in rows] == [2, 2, 1, 1]
    assert rows[3].match.how == "text" and rows[3].match.runner_up is not None
    assert rows[0].actions[0].due_date == date(2020, 3, 31)
    assert Evidence.objects.count() == 0 and Action.objects.count() == 0
    document = ImportedDocument.objects.get()
    assert document.status == ImportedDocument.Status.PENDING


def test_it_imports_entries_evidence_and_actions(client_for, officer, self_assessment):
    client = client_for(officer)
    data = documents.self_assessment_docx()
    url, page = pages.preview(client, self_assessment, "last-year.docx", data)
    response = pages.confirm(client, url, page)
    assert response.status_code == 302
    assert response.url == self_assessment.get_absolute_url()

    assert evidence_of(self_assessment, "1.1") == [
        "Strategic Plan 2023-26 approved by the IJB in March 2023",
        "Locality forums consulted on the vision",
        "Joint Inspection graded leadership as good",
        "Staff survey results shared with the Board",  # the continuation row, marker taken off
    ]
    assert actions_of(self_assessment, "1.1") == [
        ("Refresh the engagement framework", date(2020, 3, 31), "", "D Robertson / J Craig"),
        ("Report progress to each IJB meeting", None, "Ongoing", "D Robertson / J Craig"),
    ]
    agree = "Agree approach 30 Mar 20 Commence 31 May 20"
    assert actions_of(self_assessment, "1.2") == [
        ("Agree approach", date(2020, 3, 30), agree, "R McCulloch- Graham"),
        ("Commence review", date(2020, 3, 30), agree, "R McCulloch- Graham"),
    ]
    # One row covering two criteria: both get its evidence (with the table continued overleaf).
    for ref in ("1.3", "1.4"):
        assert evidence_of(self_assessment, ref) == [
            "Joint leadership team meets monthly",
            "Leadership development programme launched",
        ]
        assert actions_of(self_assessment, ref) == [
            (
                "Review the partnership agreement",
                date(2024, 9, 30),
                "by September 2024",
                "C Hepburn",
            )
        ]
    assert actions_of(self_assessment, "2.1") == [
        ("Review the standing orders", date(2024, 6, 30), "June 2024", "J Craig")
    ]
    assert evidence_of(self_assessment, "2.2") == []
    assert entry(self_assessment, "1.1").version == 2
    assert entry(self_assessment, "2.2").version == 1
    assert Recommendation.objects.count() == 0

    document = ImportedDocument.objects.get()
    assert document.status == ImportedDocument.Status.IMPORTED
    assert (document.filename, document.size) == ("last-year.docx", len(data))
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.uploaded_by == officer


def test_history_records_the_importing_user(client_for, officer, org_admin, self_assessment):
    client = client_for(org_admin)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    pages.confirm(client, url, page)
    histories = [
        Evidence.history.filter(history_type="+"),
        Action.history.filter(history_type="+"),
    ]
    assert all(history.count() > 0 for history in histories)
    assert {row.history_user for history in histories for row in history} == {org_admin}


def test_a_changed_mapping_and_a_skipped_row_are_imported_as_chosen(
    client_for, officer, self_assessment
):
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    response = pages.confirm(
        client, url, page, **{"row-4-target": "2.2", "row-2-target": "skip", "row-3-also": ""}
    )
    assert response.status_code == 302
    assert evidence_of(self_assessment, "2.2") == [
        "Scheme of delegation reviewed in 2023",
        "Board development sessions held",
    ]
    assert evidence_of(self_assessment, "2.1") == []
    assert evidence_of(self_assessment, "1.2") == []
    assert evidence_of(self_assessment, "1.4") == []
    assert len(evidence_of(self_assessment, "1.3")) == 2


def test_a_row_can_become_a_recommendation(client_for, officer, self_assessment):
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    pages.confirm(client, url, page, **{"row-4-target": "recommendation", "source": "Audit 2023"})
    recommendation = Recommendation.objects.get()
    assert recommendation.source == "Audit 2023"
    assert recommendation.text.startswith("Board members and senior managers ensure")
    assert list(recommendation.actions.values_list("description", "entry")) == [
        ("Review the standing orders", None)
    ]


def test_existing_content_is_kept_or_replaced_as_chosen(client_for, officer, self_assessment):
    kept = entry(self_assessment, "1.1")
    Evidence.objects.create(entry=kept, text="Typed last week", position=1)
    Action.objects.create(assessment=self_assessment, entry=kept, description="Old action")
    other = entry(self_assessment, "1.2")
    Evidence.objects.create(entry=other, text="To be replaced", position=1)
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    row_1 = page.context["preview"].rows[0]
    assert row_1.has_content
    assert any("already has 1 evidence item(s) and 1 action(s)" in w for w in row_1.warnings)
    assert pages.form_fields(page)["row-1-mode"] == "append"
    pages.confirm(client, url, page, **{"row-2-mode": "replace"})
    assert evidence_of(self_assessment, "1.1")[0] == "Typed last week"
    assert len(evidence_of(self_assessment, "1.1")) == 5
    assert [a[0] for a in actions_of(self_assessment, "1.1")][0] == "Old action"
    assert evidence_of(self_assessment, "1.2") == [
        "Priorities agreed at the IJB development session"
    ]


def test_two_rows_on_one_criterion_are_warned_about(client_for, officer, self_assessment):
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    data = {**pages.form_fields(page), "row-4-target": "1.1", "step": "refresh"}
    page = client.post(url, data)
    warnings = page.context["preview"].rows[3].warnings
    assert "Row 1 also goes to 1.1: both are imported there." in warnings


def test_the_same_file_is_refused_the_second_time(client_for, officer, self_assessment):
    client = client_for(officer)
    data = documents.self_assessment_docx()
    url, page = pages.preview(client, self_assessment, "first.docx", data)
    pages.confirm(client, url, page)
    count = Evidence.objects.count()
    response = pages.upload(client, self_assessment, "renamed.docx", data)
    assert response.status_code == 400
    message = response.context["form"].errors["file"][0]
    assert "already imported into this assessment" in message
    assert "“first.docx”" in message
    assert Evidence.objects.count() == count
    assert ImportedDocument.objects.count() == 1


def test_the_original_is_downloadable_by_members(client_for, officer, committee, self_assessment):
    client = client_for(officer)
    data = documents.self_assessment_docx()
    url, page = pages.preview(client, self_assessment, "Plan 2023 – IJB.docx", data)
    pages.confirm(client, url, page)
    document = ImportedDocument.objects.get()
    response = client_for(committee).get(
        f"/assessments/{self_assessment.pk}/imports/{document.pk}/download"
    )
    assert response.status_code == 200
    assert response.content == data
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''Plan%202023%20%E2%80%93%20IJB.docx" in response["Content-Disposition"]
    listing = client.get(pages.upload_url(self_assessment))
    assert document.sha256[:12] in listing.content.decode()


def test_a_neighbour_cannot_download_it(client_for, officer, neighbour, self_assessment):
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    pages.confirm(client, url, page)
    document = ImportedDocument.objects.get()
    response = client_for(neighbour).get(
        f"/assessments/{self_assessment.pk}/imports/{document.pk}/download"
    )
    assert response.status_code == 404


def test_discarding_the_preview_keeps_nothing(client_for, officer, self_assessment):
    client = client_for(officer)
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    document = ImportedDocument.objects.get()
    response = client.post(f"/assessments/{self_assessment.pk}/imports/{document.pk}/discard/")
    assert response.status_code == 302
    assert ImportedDocument.objects.count() == 0
    assert client.get(url).status_code == 404


def test_pages_seen_before_the_import_show_it_after(client_for, officer, self_assessment):
    client = client_for(officer)
    entry_url = entry(self_assessment, "1.1").get_absolute_url()
    assert "Locality forums consulted" not in client.get(entry_url).content.decode()
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    pages.confirm(client, url, page)
    assert "Locality forums consulted on the vision" in client.get(entry_url).content.decode()


def test_a_form_opened_before_the_import_is_refused(client_for, officer, self_assessment):
    client = client_for(officer)
    before = entry(self_assessment, "1.1").version
    url, page = pages.preview(client, self_assessment, "a.docx", documents.self_assessment_docx())
    pages.confirm(client, url, page)
    assert entry(self_assessment, "1.1").version == before + 1


def test_an_msg_self_evaluation_brings_its_rating(client_for, officer, demo_org, msg2019):
    import docx

    evaluation = make_assessment(demo_org, msg2019, ["1.1", "1.2"], officer, title="MSG")
    document = docx.Document()
    document.add_paragraph("Proposal 1.2 Relationships and collaborative working must improve")
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in enumerate(
        [
            ("Our Rating", "Established"),
            ("Evidence / Notes", "Co-location of staff\nShared property portfolio"),
            ("Proposed improvement actions", "Review support service arrangements"),
        ]
    ):
        table.cell(row, 0).text, table.cell(row, 1).text = label, value
    client = client_for(officer)
    url, page = pages.preview(client, evaluation, "msg.docx", documents.to_bytes(document))
    assert pages.form_fields(page)["row-1-target"] == "1.2"
    pages.confirm(client, url, page)
    imported = entry(evaluation, "1.2")
    assert imported.rating.label == "Established"
    assert evidence_of(evaluation, "1.2") == ["Co-location of staff", "Shared property portfolio"]
    assert imported.history.first().history_user == officer
