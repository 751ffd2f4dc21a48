"""What the readers make of real-world Word tables: merges, nesting, labels, stray rows."""

import docx

from imports.readers import read_document
from tests.imports.documents import to_bytes


def read(document):
    return read_document("source.docx", to_bytes(document)).rows


def test_a_cell_merged_down_two_rows_counts_once_and_nested_tables_belong_to_their_cell():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for cell, name in zip(
        table.rows[0].cells, ["REF.", "  Evidence  ", "Actions (proposed)"], strict=True
    ):
        cell.text = name
    table.cell(1, 0).text = "1.1"
    table.cell(1, 0).merge(table.cell(2, 0))  # the ref cell spans both rows
    table.cell(1, 1).text = "Board minutes"
    inner = table.cell(1, 2).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Nested action"
    table.cell(2, 1).text = "Survey results"
    rows = read(document)
    assert len(rows) == 1, [row.ref for row in rows]
    assert rows[0].ref == "1.1"
    assert rows[0].evidence == ["Board minutes", "Survey results"]
    assert [action.description for action in rows[0].actions] == ["Nested action"]


def test_empty_rows_and_a_heading_row_across_the_table():
    document = docx.Document()
    document.add_paragraph("Appendix 1")
    table = document.add_table(rows=5, cols=3)
    for cell, name in zip(
        table.rows[0].cells, ["Actions Proposed", "Timescales", "Lead Officer"], strict=True
    ):
        cell.text = name
    heading = table.cell(1, 0).merge(table.cell(1, 2))
    heading.text = "Improve partnership working"
    table.cell(3, 0).text = "Bring together a joint approach"
    table.cell(3, 1).text = "28 Feb 20"
    table.cell(3, 2).text = "C Hepburn / J Smythe"
    rows = read(document)
    assert len(rows) == 1
    assert rows[0].context == "Improve partnership working"
    assert rows[0].actions[0].lead_officer == "C Hepburn / J Smythe"


def test_a_table_labelled_down_its_first_column_is_one_row_of_its_proposal():
    """Seed 004 (MSG self-evaluation): Evidence / Notes and Proposed improvement actions."""
    document = docx.Document()
    document.add_paragraph(
        "Proposal 1.1 All leadership development will be focused on shared and collaborative practice."
    )
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Our Rating"
    table.cell(0, 1).text = "Established"
    table.cell(1, 0).text = "Evidence / Notes"
    table.cell(
        1, 1
    ).text = (
        "• Joint Inspection graded leadership as good\n• SPOG supports collaborative leadership"
    )
    table.cell(2, 0).text = "Proposed improvement actions"
    table.cell(2, 1).text = "• Audit national leadership programmes"
    rows = read(document)
    assert len(rows) == 1
    assert rows[0].ref == "1.1"
    assert rows[0].rating == "Established"
    assert rows[0].evidence == [
        "Joint Inspection graded leadership as good",
        "SPOG supports collaborative leadership",
    ]
    assert [action.description for action in rows[0].actions] == [
        "Audit national leadership programmes"
    ]
