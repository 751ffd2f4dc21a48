"""Build default_template.docx, the Word template the app ships with.

Run from the project root after changing it: ``python reports/word/make_default_template.py``.
An organisation's own template (uploaded by an administrator) replaces it; the
placeholders are listed in placeholders.py and in README.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).parent
NAVY = RGBColor(0x1F, 0x3A, 0x5F)


def _field(paragraph, instruction):
    """A Word field (PAGE, NUMPAGES) in its own runs: begin, instruction, separate, end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1")):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = f" {instruction} "
            run._r.append(element)
        else:
            run.text = text
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def build():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = section.footer_distance = Cm(1)

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for level, size in ((1, 16), (2, 13), (3, 11)):
        style = document.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        style.paragraph_format.keep_with_next = True
    title = document.styles["Title"]
    title.font.name = "Arial"
    title.font.size = Pt(24)
    title.font.color.rgb = NAVY

    header = section.header.paragraphs[0]
    header.text = "{{ organisation }} – {{ title }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    document.add_paragraph("{{ organisation }}", style="Subtitle")
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ framework }}")
    document.add_paragraph("{{ status }}")
    document.add_paragraph("{{ as_of }}")
    document.add_paragraph("{{ body }}")
    document.core_properties.title = "Committee paper"
    document.core_properties.author = "Best Value self-assessment manager"
    document.core_properties.language = "en-GB"
    document.save(HERE / "default_template.docx")


if __name__ == "__main__":
    build()
