"""python manage.py render_report <pk> -o FILE.pdf"""

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import pdf_text


def test_it_writes_the_same_report_as_the_download(tmp_path, filled):
    output = tmp_path / "report.pdf"
    call_command("render_report", str(filled.pk), "-o", str(output))
    reader, text = pdf_text(output.read_bytes())
    assert "Theme 2 – Governance and Accountability" in text
    assert reader.metadata.title == "Self-assessment 2023/24"


def test_it_writes_the_html_and_takes_sections(tmp_path, filled):
    output = tmp_path / "report.html"
    call_command(
        "render_report", str(filled.pk), "-o", str(output), "--html", "--sections", "appendix"
    )
    html = output.read_text()
    assert "Appendix: Six-point evaluation scale" in html and 'id="cover-heading"' not in html


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["999", "-o", "{tmp}/x.pdf"], "There is no assessment 999."),
        (["{pk}", "-o", "/no/such/folder/x.pdf"], "The folder /no/such/folder does not exist."),
        (["{pk}", "-o", "{tmp}/x.pdf", "--as-of", "31/03/2024"], "--as-of must be a date"),
        (["{pk}", "-o", "{tmp}/x.pdf", "--as-of", "2001-01-01"], "had not been created"),
        (["{pk}", "-o", "{tmp}/x.pdf", "--sections", "cover,bogus"], "Unknown section bogus"),
        (["{pk}", "-o", "{tmp}/x.pdf", "--stored"], "not approved"),
    ],
)
def test_bad_arguments_get_a_clear_message(tmp_path, filled, arguments, message):
    arguments = [a.format(tmp=tmp_path, pk=filled.pk) for a in arguments]
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *arguments)
    assert not (tmp_path / "x.pdf").exists()


def test_the_extension_chooses_word_or_excel(tmp_path, filled):
    from docx import Document
    from openpyxl import load_workbook

    call_command("render_report", str(filled.pk), "-o", str(tmp_path / "paper.docx"))
    document = Document(tmp_path / "paper.docx")
    assert "Theme 2 – Governance and Accountability" in [p.text for p in document.paragraphs]
    call_command(
        "render_report", str(filled.pk), "-o", str(tmp_path / "paper.xlsx"), "--sections", "themes"
    )
    workbook = load_workbook(tmp_path / "paper.xlsx")
    assert [row[0].value for row in workbook["Entries"].iter_rows(min_row=2)] == [
        "1.1",
        "1.2",
        "2.1",
    ]


def test_an_unknown_extension_is_refused(tmp_path, filled):
    with pytest.raises(CommandError, match=r"\.pdf, \.docx or \.xlsx"):
        call_command("render_report", str(filled.pk), "-o", str(tmp_path / "paper.odt"))
    assert not (tmp_path / "paper.odt").exists()
