"""The committee paper as a Word document, built from the same Report as the HTML and PDF.

python-docx opens the organisation's house-style template (or the default one
shipped in ``reports/word/``), fills its cover placeholders with plain text,
and puts the generated body where the template's ``{{ body }}`` paragraph
stands. No template language is evaluated: the placeholders are a fixed list
(``placeholders.py``), and every user text goes in as the text of a run, so it
can never become a field, a hyperlink or markup.

The body is built as WordprocessingML elements directly (python-docx's table
API is too slow for an 87-criterion paper): real Heading 1/2 styles, one
landscape section per theme with its header row repeated on every page, each
action on its own row beside its lead and due date.
"""

import copy
import io
from pathlib import Path

from django.utils.dateformat import format as format_date
from django.utils.text import Truncator
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from assessments.templatetags.actions import when
from frameworks.styles import HEX_COLOUR
from reports.spreadsheet_safety import xml_safe
from reports.word.placeholders import (
    BODY,
    TemplateError,
    fill_placeholders,
    placeholder_values,
)

DEFAULT_TEMPLATE = "default_template.docx"
PORTRAIT, LANDSCAPE = "portrait", "landscape"
HEADER_SHADE = "D9E2F3"
SMALL = 16  # half-points: 8 pt
HEADINGS = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}


def default_template_bytes():
    return (Path(__file__).parent / "word" / DEFAULT_TEMPLATE).read_bytes()


# --- small element builders -------------------------------------------------


def _el(tag, **attrs):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def _sub(parent, tag, **attrs):
    element = _el(tag, **attrs)
    parent.append(element)
    return element


def _run(text, *, bold=False, size=None):
    run = _el("w:r")
    if bold or size:
        properties = _sub(run, "w:rPr")
        if bold:
            _sub(properties, "w:b")
        if size:
            _sub(properties, "w:sz", val=size)
    for number, line in enumerate(xml_safe(text).split("\n")):
        if number:
            _sub(run, "w:br")
        text_element = _sub(run, "w:t")
        text_element.text = line
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


class Builder:
    """Appends body elements, remembering where each new section starts."""

    def __init__(self, document):
        self.document = document
        self.blocks = []  # (orientation, new_section, [elements])
        self.styles = _style_ids(document)
        self.widths = _usable_widths(document.element.body.find(qn("w:sectPr")))

    def block(self, orientation, *, new_section=False):
        self.blocks.append((orientation, new_section, []))

    def add(self, element):
        self.blocks[-1][2].append(element)
        return element

    def paragraph(self, text="", *, style=None, bold=False, size=None, keep_next=False):
        paragraph = _el("w:p")
        if style or keep_next:
            properties = _sub(paragraph, "w:pPr")
            if style:
                _sub(properties, "w:pStyle", val=self.styles[style])
            if keep_next:
                _sub(properties, "w:keepNext")
        if text:
            paragraph.append(_run(text, bold=bold, size=size))
        return paragraph

    def heading(self, text, level=1):
        return self.add(self.paragraph(text, style=HEADINGS[level], keep_next=True))

    def text(self, text, **kwargs):
        return self.add(self.paragraph(text, **kwargs))

    def table(self, widths, header, rows, *, caption=None, header_size=None):
        """A full-width table; ``rows`` are lists of Cell; the header row repeats."""
        table = _el("w:tbl")
        properties = _sub(table, "w:tblPr")
        _sub(properties, "w:tblW", w=5000, type="pct")
        borders = _sub(properties, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            _sub(borders, f"w:{side}", val="single", sz=4, space=0, color="808080")
        _sub(properties, "w:tblLayout", type="fixed")
        margins = _sub(properties, "w:tblCellMar")
        for side in ("left", "right"):
            _sub(margins, f"w:{side}", w=70, type="dxa")
        if caption:
            _sub(properties, "w:tblCaption", val=xml_safe(caption)[:250])
        grid = _sub(table, "w:tblGrid")
        total = sum(widths)
        usable = self.widths[self.blocks[-1][0]]
        scaled = [round(usable * width / total) for width in widths]
        for width in scaled:
            _sub(grid, "w:gridCol", w=width)
        header_cells = [
            title
            if isinstance(title, Cell)
            else Cell(title, bold=True, shade=HEADER_SHADE, size=header_size)
            for title in header
        ]
        header_row = _row(header_cells, scaled)
        header_properties = header_row.find(qn("w:trPr"))
        _sub(header_properties, "w:tblHeader")
        table.append(header_row)
        for cells in rows:
            table.append(_row(cells, scaled))
        self.add(table)
        self.add(self.paragraph(""))  # Word needs a paragraph between tables and breaks
        return table


class Cell:
    """A table cell: one or more paragraphs of text, optional shading and merges."""

    __slots__ = ("lines", "bold", "shade", "span", "merge", "size")

    def __init__(self, lines, *, bold=False, shade=None, span=1, merge=None, size=None):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        self.bold, self.shade, self.span, self.merge, self.size = bold, shade, span, merge, size


CONTINUE = "continue"  # a cell merged with the one above it
RESTART = "restart"


def _row(cells, widths):
    row = _el("w:tr")
    properties = _sub(row, "w:trPr")
    _sub(properties, "w:cantSplit")
    column = 0
    for cell in cells:
        element = _sub(row, "w:tc")
        cell_properties = _sub(element, "w:tcPr")
        _sub(cell_properties, "w:tcW", w=sum(widths[column : column + cell.span]), type="dxa")
        if cell.span > 1:
            _sub(cell_properties, "w:gridSpan", val=cell.span)
        if cell.merge:
            _sub(cell_properties, "w:vMerge", **({"val": RESTART} if cell.merge == RESTART else {}))
        if cell.shade:
            _sub(cell_properties, "w:shd", val="clear", color="auto", fill=cell.shade)
        lines = [] if cell.merge == CONTINUE else cell.lines
        for line in lines or [""]:
            paragraph = _sub(element, "w:p")
            if line:
                paragraph.append(_run(line, bold=cell.bold, size=cell.size))
        column += cell.span
    return row


# --- styles and sections ------------------------------------------------------


def _style_ids(document):
    """Style ids of the headings, adding any heading style the template lacks."""
    styles = document.styles
    ids = {}
    for level, name in HEADINGS.items():
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if "Normal" in styles:
                style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 16, 2: 13, 3: 11}[level])
            style.paragraph_format.keep_with_next = True
            properties = style.element.get_or_add_pPr()
            _sub(properties, "w:outlineLvl", val=level - 1)  # the navigation pane reads this
        ids[name] = style.style_id
    return ids


def _section_properties(template_sectpr, orientation):
    """A copy of the template's page set-up, turned to ``orientation``, starting a new page."""
    properties = copy.deepcopy(template_sectpr)
    for tag in ("w:titlePg", "w:type"):
        for element in properties.findall(qn(tag)):
            properties.remove(element)
    for numbering in properties.findall(qn("w:pgNumType")):
        numbering.attrib.pop(qn("w:start"), None)
    page_size = properties.find(qn("w:pgSz"))
    if page_size is None:
        page_size = _el("w:pgSz", w=11906, h=16838)
        properties.insert(0, page_size)
    width, height = int(page_size.get(qn("w:w"))), int(page_size.get(qn("w:h")))
    landscape = orientation == LANDSCAPE
    long_side, short_side = max(width, height), min(width, height)
    page_size.set(qn("w:w"), str(long_side if landscape else short_side))
    page_size.set(qn("w:h"), str(short_side if landscape else long_side))
    if landscape:
        page_size.set(qn("w:orient"), "landscape")
    else:
        page_size.attrib.pop(qn("w:orient"), None)
    section_type = _el("w:type", val="nextPage")
    # w:type comes after the header/footer references and footnote/endnote settings.
    references = [
        child
        for child in properties
        if child.tag
        in {
            qn(t) for t in ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr")
        }
    ]
    if references:
        references[-1].addnext(section_type)
    else:
        properties.insert(0, section_type)
    return properties


def _usable_widths(sectpr):
    """Text width in twips of a portrait and a landscape page of the template's paper."""
    page_size = sectpr.find(qn("w:pgSz")) if sectpr is not None else None
    margins = sectpr.find(qn("w:pgMar")) if sectpr is not None else None
    width = int(page_size.get(qn("w:w"))) if page_size is not None else 11906
    height = int(page_size.get(qn("w:h"))) if page_size is not None else 16838
    sides = 0
    if margins is not None:
        sides = sum(int(margins.get(qn(f"w:{side}"), "0")) for side in ("left", "right"))
    short, long = min(width, height), max(width, height)
    return {PORTRAIT: max(short - sides, 3000), LANDSCAPE: max(long - sides, 3000)}


def _orientation(sectpr):
    page_size = sectpr.find(qn("w:pgSz"))
    if page_size is None:
        return PORTRAIT
    return LANDSCAPE if int(page_size.get(qn("w:w"))) > int(page_size.get(qn("w:h"))) else PORTRAIT


def _section_end(template_sectpr, orientation):
    paragraph = _el("w:p")
    _sub(paragraph, "w:pPr").append(_section_properties(template_sectpr, orientation))
    return paragraph


def _place_body(document, builder, placeholder):
    """Move the built blocks to where ``{{ body }}`` stands, with section breaks between them."""
    body = document.element.body
    final_sectpr = body.find(qn("w:sectPr"))
    template_orientation = _orientation(final_sectpr)
    anchor = placeholder
    current = template_orientation
    for orientation, new_section, elements in builder.blocks:
        if not elements:
            continue
        if orientation != current or new_section:
            anchor.addprevious(_section_end(final_sectpr, current))
            current = orientation
        for element in elements:
            anchor.addprevious(element)
    if current != template_orientation:
        if anchor.getnext() is final_sectpr:
            # Nothing of the template follows: the last section takes the body's turn.
            turned = _section_properties(final_sectpr, current)
            final_sectpr.addprevious(turned)
            body.remove(final_sectpr)
        else:
            anchor.addprevious(_section_end(final_sectpr, current))
    anchor.getparent().remove(anchor)


# --- the sections of the paper -----------------------------------------------


def _date(value, date_format="j F Y"):
    return format_date(value, date_format) if value else "—"


def _cover(builder, report):
    details = report.details
    builder.block(PORTRAIT)
    builder.heading("Report to committee")
    rows = [
        ("Date", _date(details.report_date)),
        ("Agenda Item", details.agenda_item or "—"),
        ("Report to", details.report_to or "—"),
        ("Report Title", report.title),
        ("Report By", details.report_by or "—"),
    ]
    builder.table(
        [25, 75],
        [Cell("Report details", bold=True, shade=HEADER_SHADE, span=2)],
        [[Cell(label, bold=True), Cell(value)] for label, value in rows],
        caption="Report details",
    )
    purposes = details.purposes()
    summary_rows = [
        [
            Cell(
                ["Purpose", "This report: (tick any that apply)."] if number == 0 else "",
                bold=number == 0,
                merge=RESTART if number == 0 else CONTINUE,
            ),
            Cell(f"– {label}"),
            Cell("✓ (ticked)" if ticked else ""),
        ]
        for number, (label, ticked) in enumerate(purposes)
    ]
    if details.summary:
        summary_rows.append([Cell("Summary", bold=True), Cell(details.summary, span=2)])
    lines = details.recommendation_lines()
    recommendations = (
        ["It is recommended that the committee:"]
        + [f"{number}. {line}" for number, line in enumerate(lines, start=1)]
        if lines
        else ["—"]
    )
    summary_rows.append([Cell("Recommendations", bold=True), Cell(recommendations, span=2)])
    for label, text in details.implications():
        summary_rows.append([Cell(label, bold=True), Cell(text or "None.", span=2)])
    builder.table(
        [25, 60, 15],
        [Cell("Summary of Report and Implications", bold=True, shade=HEADER_SHADE, span=3)],
        summary_rows,
        caption="Summary of Report and Implications",
    )


def _shade(level):
    colour = level.colour or ""
    return colour[1:].upper() if HEX_COLOUR.match(colour) else None


def _summary(builder, report):
    framework = report.framework
    builder.block(PORTRAIT, new_section=True)
    builder.heading("Summary")
    count = len(report.all_entries)
    label = framework.criterion_label if count == 1 else framework.criteria_label
    themes = len(report.themes)
    builder.text(
        f"{count} {label.lower()} in scope across {themes} "
        f"{framework.theme_label.lower()}{'' if themes == 1 else 's'}."
    )
    if report.levels:
        builder.text(
            f"Ratings by {framework.theme_label.lower()}: number of "
            f"{framework.criteria_label.lower()} at each level",
            bold=True,
            keep_next=True,
        )
        rows = []
        for row in report.heat_map:
            cells = [Cell(f"{row.theme.number} – {row.theme.title}", bold=True)]
            for level, number in row.cells:
                cells.append(
                    Cell(
                        [str(number), level.label],
                        shade=_shade(level) if number else None,
                        size=SMALL,
                    )
                )
            cells.append(Cell([str(row.not_rated), "Not rated"], size=SMALL))
            rows.append(cells)
        builder.table(
            [30] + [10] * (len(report.levels) + 1),
            [framework.theme_label] + [level.label for level in report.levels] + ["Not rated"],
            rows,
            caption="Ratings by theme",
            header_size=SMALL,
        )
    builder.text("Actions by status", bold=True, keep_next=True)
    builder.table(
        [1] * len(report.actions_by_status),
        [label for label, _ in report.actions_by_status],
        [[Cell(str(number)) for _, number in report.actions_by_status]],
        caption="Actions by status",
    )
    builder.heading("Overdue actions", 2)
    if report.overdue_actions:
        builder.table(
            [8, 50, 18, 12, 12],
            ["Ref", "Action", "Lead officer", "Due", "Status"],
            [
                [
                    Cell(ref),
                    Cell(action.description),
                    Cell(action.lead_officer or "—"),
                    Cell(_date(action.due_date, "j M Y")),
                    Cell(action.get_status_display()),
                ]
                for ref, action in report.overdue_actions
            ],
            caption="Actions past their due date and not complete",
        )
    else:
        builder.text("No action is overdue.")


def theme_columns(report):
    """The theme tables' columns: Lead and Rating are left out when empty everywhere."""
    criterion = (
        "BV criteria" if report.framework.slug == "bv2020" else report.framework.criterion_label
    )
    columns = [("Ref", 6), (criterion, 20), ("Evidence", 29), ("Action / Improvement", 22)]
    if any(action.lead_officer for _, action in report.criteria_actions):
        columns.append(("Lead", 10))
    columns.append(("Due", 10))  # "30 Jun 2024" on one line
    if report.levels:
        columns.append(("Rating", 9))
    return columns


def _entry_rows(entry, columns):
    """One row per action; the entry's own cells merge down beside its actions."""
    names = [name for name, _ in columns]
    evidence = ([entry.summary] if entry.summary else []) + [
        f"{item.text} ({item.link})" if item.link else item.text for item in entry.evidence_items
    ]
    if not evidence:
        evidence = ["No evidence recorded."]
    rating = entry.rating.label if entry.rating else "Not rated"
    actions = entry.actions or [None]
    numbered = len(actions) > 1
    rows = []
    for number, action in enumerate(actions, start=1):
        merge = (RESTART if number == 1 else CONTINUE) if numbered else None
        prefix = f"{number}. " if numbered else ""
        values = {
            "Ref": Cell(entry.criterion.ref, bold=True, merge=merge),
            names[1]: Cell(entry.criterion.text, merge=merge),
            "Evidence": Cell(evidence, merge=merge),
            "Action / Improvement": Cell(prefix + action.description if action else "—"),
            "Lead": Cell((action.lead_officer or "—") if action else ""),
            "Due": Cell(when(action) if action else ""),
            "Rating": Cell(
                rating,
                merge=merge,
                shade=_shade(entry.rating) if entry.rating else None,
            ),
        }
        rows.append([values[name] for name in names])
    return rows


def _themes(builder, report):
    framework = report.framework
    columns = theme_columns(report)
    for section in report.themes:
        builder.block(LANDSCAPE, new_section=True)
        builder.heading(f"{framework.theme_label} {section.theme.number} – {section.theme.title}")
        rows = [row for entry in section.entries for row in _entry_rows(entry, columns)]
        builder.table(
            [width for _, width in columns],
            [name for name, _ in columns],
            rows,
            caption=f"{framework.criteria_label} of {framework.theme_label.lower()} {section.theme.number}",
        )


def _action_plan(builder, report):
    builder.block(LANDSCAPE, new_section=True)
    builder.heading("Action plan")
    for recommendation in report.recommendations:
        builder.heading(str(recommendation) or "Recommendation", 2)
        builder.text(recommendation.text)
        if recommendation.actions:
            builder.table(
                [55, 15, 18, 12],
                ["Actions proposed", "Timescales", "Lead officer", "Report ref"],
                [
                    [
                        Cell(action.description),
                        Cell(when(action)),
                        Cell(action.lead_officer or "—"),
                        Cell(action.report_reference or "—"),
                    ]
                    for action in recommendation.actions
                ],
                caption=f"Actions for {recommendation}",
            )
        else:
            builder.text("No actions recorded.")
    criteria_label = report.framework.criteria_label.lower()
    builder.heading(f"Actions arising from the {criteria_label}", 2)
    if report.criteria_actions:
        builder.table(
            [7, 46, 12, 15, 10, 10],
            ["Ref", "Actions proposed", "Timescales", "Lead officer", "Report ref", "Status"],
            [
                [
                    Cell(ref),
                    Cell(action.description),
                    Cell(when(action)),
                    Cell(action.lead_officer or "—"),
                    Cell(action.report_reference or "—"),
                    Cell(action.get_status_display()),
                ]
                for ref, action in report.criteria_actions
            ],
            caption=f"Actions arising from the {criteria_label}",
        )
    else:
        builder.text("No actions recorded.")


def _matrix(builder, report):
    framework = report.framework
    builder.block(PORTRAIT, new_section=True)
    builder.heading("Summary matrix")
    span = len(report.levels) + 2
    rows = []
    for section in report.themes:
        rows.append(
            [
                Cell(
                    f"{framework.theme_label} {section.theme.number} – {section.theme.title}",
                    bold=True,
                    span=span,
                    shade="F2F2F2",
                )
            ]
        )
        for entry in section.entries:
            rows.append(
                [
                    Cell(entry.criterion.ref, bold=True),
                    Cell(Truncator(entry.criterion.text).words(14)),
                ]
                + [
                    Cell("✓" if entry.rating and entry.rating.pk == level.pk else "")
                    for level in report.levels
                ]
            )
    builder.table(
        [8, 40] + [9] * len(report.levels),
        ["Ref", framework.criterion_label] + [level.label for level in report.levels],
        rows,
        caption=f"The level chosen for each {framework.criterion_label.lower()}, ticked",
        header_size=SMALL,
    )


def _appendix(builder, report):
    builder.block(PORTRAIT, new_section=True)
    builder.heading(f"Appendix: {report.assessment.scale.name}")
    builder.table(
        [25, 75],
        ["Level", "Description"],
        [
            [
                Cell(f"{level.value}. {level.label}", bold=True, shade=_shade(level)),
                Cell(level.description or "—"),
            ]
            for level in report.levels
        ],
        caption="Rating levels and what they mean",
    )


SECTION_BUILDERS = [
    ("cover", _cover),
    ("summary", _summary),
    ("themes", _themes),
    ("action_plan", _action_plan),
    ("matrix", _matrix),
    ("appendix", _appendix),
]


def _properties(document, report):
    properties = document.core_properties
    properties.title = xml_safe(report.title)[:250]
    properties.author = xml_safe(report.organisation.name)[:250]
    properties.subject = xml_safe(report.framework.title)[:250]
    properties.language = "en-GB"
    properties.last_modified_by = "Best Value self-assessment manager"
    properties.created = properties.modified = report.generated_at
    properties.keywords = ""
    properties.comments = ""
    # The spelling language of the text itself, not only the file's metadata.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is None:
            run_defaults = _el("w:rPrDefault")
            defaults.insert(0, run_defaults)
        run_properties = run_defaults.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = _sub(run_defaults, "w:rPr")
        language = run_properties.find(qn("w:lang"))
        if language is None:
            language = _sub(run_properties, "w:lang")
        language.set(qn("w:val"), "en-GB")


def render_docx(report, template=None, *, version=None):
    """The committee paper of ``report`` as .docx bytes, in ``template`` (bytes) or the default.

    ``version`` names the approved version the report shows, if it is one.

    Raises TemplateError when the template cannot carry the paper.
    """
    document = Document(io.BytesIO(template if template is not None else default_template_bytes()))
    document.element.body.get_or_add_sectPr()  # a template may leave the page set-up implicit
    placeholder = fill_placeholders(document, placeholder_values(report, version=version))
    if placeholder is None:
        raise TemplateError(f"The template has no paragraph holding only {BODY}.")
    builder = Builder(document)
    for name, build in SECTION_BUILDERS:
        if report.show.get(name):
            build(builder, report)
    _place_body(document, builder, placeholder)
    _properties(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
