"""Documents in the shapes of the seeds, built with python-docx and openpyxl.

A self-assessment (seed 004 / West Lothian shape): theme headings, a table per
theme broken across pages with the header repeated and continuation rows,
bullet lists and Word-numbered lists in cells, a row covering two criteria,
and a theme table without a Ref column whose criteria are reworded.
An action plan (seed 002, Scottish Borders): improvement areas as paragraphs,
each with a table whose "Actions Proposed" header is merged over the number
column, a table continued overleaf, and the timescales as they were typed.
"""

import csv
import io
from datetime import datetime

import docx
import openpyxl
from docx.enum.text import WD_BREAK

SELF_ASSESSMENT_REFS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
HEADER = ["Ref", "BV Criteria", "Evidence", "Action / Improvement", "Lead Officer", "Timescales"]


def _cell(cell, paragraphs, style=None):
    """Fill a cell with one paragraph per item (the first reuses the cell's empty one)."""
    first = True
    for text in paragraphs:
        if first:
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            if style:
                paragraph.style = style
            first = False
        else:
            cell.add_paragraph(text, style=style)


def _row(table, values, styles=None):
    cells = table.add_row().cells
    for index, value in enumerate(values):
        items = value if isinstance(value, list) else [value]
        _cell(cells[index], items, (styles or {}).get(index))
    return cells


def _header(table, names):
    for cell, name in zip(table.rows[0].cells, names, strict=True):
        cell.text = name


def to_bytes(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def self_assessment_docx():
    document = docx.Document()
    document.add_paragraph("Demo IJB Best Value self-assessment 2023/24")
    document.add_heading("Theme 1 – Vision and Leadership", level=2)
    table = document.add_table(rows=1, cols=6)
    _header(table, HEADER)
    _row(
        table,
        [
            "1.1",
            "The IJBs vision for its area is developed in partnership with its citizens.",
            [
                "Strategic Plan 2023-26 approved by the IJB in March 2023",
                "Locality forums consulted on the vision",
                "Joint Inspection graded leadership as good",
            ],
            ["Refresh the engagement framework", "Report progress to each IJB meeting"],
            "D Robertson / J Craig",
            ["31 Mar 20", "Ongoing"],
        ],
        styles={2: "List Bullet", 3: "List Number"},
    )
    # The header repeated at the top of the next page, then the rest of 1.1.
    _row(table, HEADER)
    _row(table, ["", "", ["• Staff survey results shared with the Board"], "", "", ""])
    _row(
        table,
        [
            "1.2",
            "Members set strategic priorities for the IJB.",
            ["Priorities agreed at the IJB development session"],
            ["1. Agree approach\n2. Commence review"],
            "R McCulloch- Graham",
            "Agree approach 30 Mar 20 Commence 31 May 20",
        ],
    )
    _row(
        table,
        [
            "1.3 / 1.4",
            "Partnership working and effective leadership (two criteria in one row).",
            ["Joint leadership team meets monthly"],
            ["Review the partnership agreement"],
            "C Hepburn",
            "by September 2024",
        ],
    )
    # The table broken onto a new page as a separate table, continuing 1.3 / 1.4.
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Continued overleaf")
    table = document.add_table(rows=1, cols=6)
    _header(table, [name.upper() for name in HEADER])
    _row(table, ["", "", ["Leadership development programme launched"], "", "", ""])

    document.add_heading("Theme 2 – Governance and Accountability", level=2)
    table = document.add_table(rows=1, cols=5)
    _header(table, HEADER[1:])
    _row(
        table,
        [
            "Board members and senior managers ensure accountability and transparency through "
            "effective performance reporting, using robust data to show the IJB's continuous "
            "improvement.",
            ["Scheme of delegation reviewed in 2023", "Board development sessions held"],
            ["Review the standing orders"],
            "J Craig",
            "June 2024",
        ],
    )
    return to_bytes(document)


ACTION_PLAN_AREAS = [
    (
        "Embed a culture of Continuous improvement by implementing a corporate approach to "
        "self evaluation and benchmarking",
        [
            (
                "1",
                "Adopt PSIF as a corporate approach to self evaluation.",
                "31 Mar 20",
                "J Craig",
                "",
            ),
            (
                "2",
                "Review service self-evaluation arrangements, including peer evaluations.",
                "30 Jun 20",
                "J Craig",
                "67",
            ),
            (
                "3",
                "Incorporate self-evaluation and benchmarking data into annual planning.",
                "30 Apr 20",
                "D Robertson / J Craig",
                "",
            ),
        ],
    ),
    (
        "Seek to improve partnership working with NHS Borders in order to support the "
        "strategic objectives of the Integration Joint Board",
        [
            (
                "1",
                "Bring together a joint approach to transformation.",
                "28 Feb 20",
                "C Hepburn / J Smythe",
                "",
            ),
            (
                "2",
                "Raise visibility of key policies and decisions.",
                "31 May 20",
                "R McCulloch- Graham",
                "112 – 116",
            ),
            (
                "3",
                "Undertake an organisational review of community capacity.",
                "ТВС",
                "J Craig",
                "",
            ),
        ],
    ),
]
CONTINUED_ROWS = [
    ("4", "Review the Community Plan and Action Plan.", ["30 Jun 20", "31 Mar 20"], "J Craig", ""),
    (
        "5",
        "People planning using a consistent approach.",
        "Start now / ongoing",
        "C Hepburn",
        "149",
    ),
    (
        "6",
        "Community Empowerment Act as a standing agenda item.",
        "31 Dec 20 / ongoing",
        "J Craig",
        "",
    ),
]
ADDITIONAL_ROWS = [
    ("1", "Review earlier visibility of Committee content.", "31 Mar 20", "J Craig", "25"),
    ("2", "Ensure resourcing does not impact business as usual.", "Ongoing", "C Hepburn", "35"),
    (
        "3",
        "Review Fit for 2024 implementation plans.",
        "30 Mar 20 / Annually",
        "C Hepburn",
        "155-156",
    ),
]


def _plan_table(document, rows, continued=False):
    table = document.add_table(rows=1, cols=5)
    header = table.rows[0].cells
    merged = header[0].merge(header[1])
    merged.text = "Actions Proposed" + (" (Continued from previous page)" if continued else "")
    for cell, name in zip(header[2:], ["Timescales", "Lead Officer", "Report Ref"], strict=True):
        cell.text = name
    for row in rows:
        _row(table, list(row))


def action_plan_docx():
    document = docx.Document()
    document.add_paragraph("Appendix 2 Best Value Audit Action Plan")
    for area, rows in ACTION_PLAN_AREAS:
        document.add_paragraph(area)
        _plan_table(document, rows)
    document.add_paragraph("Continued overleaf")
    document.add_paragraph(ACTION_PLAN_AREAS[1][0])
    _plan_table(document, CONTINUED_ROWS, continued=True)
    document.add_paragraph("Additional planned actions")
    _plan_table(document, ADDITIONAL_ROWS)
    return to_bytes(document)


PLAN_LINES = [
    ["Improvement area", "No.", "Actions Proposed", "Timescales", "Lead Officer", "Report Ref"],
    [
        "Embed a culture of continuous improvement",
        "1",
        "Adopt PSIF.",
        datetime(2020, 3, 31),
        "J Craig",
        "",
    ],
    [
        "Embed a culture of continuous improvement",
        "2",
        "Review self-evaluation.",
        "30 Jun 20 31 Mar 20",
        "J Craig",
        "67",
    ],
    [
        "Improve community engagement – £ for locality bids",
        "1",
        "Promote the #your part campaign.",
        "ТВС",
        "J Craig",
        "133 - 144",
    ],
]


def action_plan_xlsx():
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "Action plan"
    notes.append(["Best Value Audit Action Plan"])
    notes.append([])
    for line in PLAN_LINES:
        notes.append(line)
    other = workbook.create_sheet("Other")
    other.append(["Improvement area", "Actions Proposed", "Timescales"])
    other.append(["Another area", "Another action.", "June 2024"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def action_plan_csv(encoding="cp1252", delimiter=";"):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in PLAN_LINES:
        writer.writerow(
            [value.strftime("%d/%m/%Y") if isinstance(value, datetime) else value for value in line]
        )
    text = buffer.getvalue()
    if encoding == "cp1252":
        text = text.replace("ТВС", "TBC")  # Windows-1252 has no Cyrillic
    return text.encode(encoding)


def plain_docx(paragraphs=("A letter with no tables.",), table=None):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=0, cols=len(table[0]))
        for values in table:
            _row(grid, values)
    return to_bytes(document)


def self_assessment_rows(criteria):
    """A self-assessment of every given criterion, 2–4 evidence items and 1–3 actions each."""
    document = docx.Document()
    theme = None
    table = None
    for index, criterion in enumerate(criteria):
        if criterion.theme_id != theme:
            theme = criterion.theme_id
            document.add_heading(
                f"Theme {criterion.theme.number} – {criterion.theme.title}", level=2
            )
            table = document.add_table(rows=1, cols=6)
            _header(table, HEADER)
        evidence = [
            f"Evidence {n} for {criterion.ref}: report to the Board." for n in range(2 + index % 3)
        ]
        actions = [f"Action {n} for {criterion.ref}" for n in range(1 + index % 3)]
        _row(
            table,
            [
                criterion.ref,
                criterion.text,
                evidence,
                actions,
                "D Robertson / J Craig",
                "31 Mar 25",
            ],
            styles={2: "List Bullet"},
        )
    return to_bytes(document)
