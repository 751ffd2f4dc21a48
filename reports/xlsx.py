"""The assessment as an Excel workbook, and the action tracker as XLSX and CSV.

Pure functions from data to bytes: no request, so a task worker can call them.
Every text cell goes through ``_text`` (spreadsheet_safety), dates are real
dates, the header row is frozen with filters on.
"""

import csv
import datetime
import io
import json

from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from assessments.forms.common import display_name
from reports.spreadsheet_safety import csv_cell, is_formula_like, xml_safe

DATE_FORMAT = "dd/mm/yyyy"  # UK dates, as the site takes them on input
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# Excel's maximum; a longer text (the forms allow more) is cut with a marker.
MAX_CELL = 32767
CUT = " […]"


class Column:
    def __init__(self, title, width, kind="text"):
        self.title, self.width, self.kind = title, width, kind


def _text(value):
    value = xml_safe(value)
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - len(CUT)] + CUT


def _write_sheet(workbook, title, columns, rows):
    sheet = workbook.create_sheet(title)
    sheet.append([column.title for column in columns])
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    for row in rows:
        sheet.append([_value(value) for value in row])
        for cell, column in zip(sheet[sheet.max_row], columns, strict=True):
            _style(cell, column)
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(sheet.max_row, 1)}"
    return sheet


def _value(value):
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return value


def _style(cell, column):
    if column.kind == "date":
        cell.number_format = DATE_FORMAT
        cell.alignment = TOP
    elif column.kind == "wrap":
        cell.alignment = WRAP
    else:
        cell.alignment = TOP
    if is_formula_like(cell.value):
        # openpyxl makes any string starting with "=" a formula: keep it a string,
        # and set the quote prefix so editing the cell in Excel keeps it text.
        cell.data_type = "s"
        cell.quotePrefix = True


def _save(workbook):
    del workbook["Sheet"]
    workbook.properties.creator = "Best Value self-assessment manager"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _owners(actions):
    ids = {action.owner_id for action in actions if action.owner_id}
    return {user.pk: display_name(user) for user in get_user_model().objects.filter(pk__in=ids)}


def _today(report):
    return timezone.localtime(report.moment).date() if report.moment else timezone.localdate()


ENTRY_COLUMNS = [
    Column("Ref", 9),
    Column("Theme", 30, "wrap"),
    Column("Criterion", 60, "wrap"),
    Column("Progress", 13),
    Column("Rating", 16),
    Column("Summary", 60, "wrap"),
]
EVIDENCE_COLUMNS = [
    Column("Ref", 9),
    Column("Theme", 30, "wrap"),
    Column("Evidence", 80, "wrap"),
    Column("Link", 40, "wrap"),
    Column("Refers to", 12, "date"),
]
ACTION_COLUMNS = [
    Column("Source", 24, "wrap"),
    Column("Action", 60, "wrap"),
    Column("Lead officer", 24, "wrap"),
    Column("Owner", 20),
    Column("Due date", 12, "date"),
    Column("Timescale", 16, "wrap"),
    Column("Status", 13),
    Column("Overdue", 10),
    Column("Report ref", 12),
]
RECOMMENDATION_COLUMNS = [
    Column("Source", 28, "wrap"),
    Column("Ref", 9),
    Column("Recommendation", 80, "wrap"),
    Column("Actions", 9),
]


def _theme_name(report, theme):
    return f"{report.framework.theme_label} {theme.number} – {theme.title}"


def _action_row(source, action, owner, today):
    """An action's cells, ACTION_COLUMNS: the sheet of the assessment and the tracker's list."""
    return [
        source,
        action.description,
        action.lead_officer,
        owner,
        action.due_date,
        action.timescale,
        action.get_status_display(),
        action.is_overdue(today),
        action.report_reference,
    ]


def workbook_data(report):
    """The workbook's content as plain data: its properties and each sheet's rows.

    Building it reads the report (and the owners' names); writing the file from
    it (``write_workbook``) reads nothing else, so the data is the file's exact
    input and a task worker can write it.
    """
    today = _today(report)
    entries = [(section.theme, entry) for section in report.themes for entry in section.entries]
    all_actions = [action for _, action in report.criteria_actions] + [
        action for recommendation in report.recommendations for action in recommendation.actions
    ]
    owners = _owners(all_actions)
    sheets = [
        (
            "Entries",
            [
                [
                    entry.criterion.ref,
                    _theme_name(report, theme),
                    entry.criterion.text,
                    entry.get_progress_display(),
                    entry.rating.label if entry.rating else "",
                    entry.summary,
                ]
                for theme, entry in entries
            ],
        ),
        (
            "Evidence",
            [
                [
                    entry.criterion.ref,
                    _theme_name(report, theme),
                    item.text,
                    item.link,
                    item.refers_to,
                ]
                for theme, entry in entries
                for item in entry.evidence_items
            ],
        ),
        (
            "Actions",
            [
                _action_row(ref, action, owners.get(action.owner_id, ""), today)
                for ref, action in report.criteria_actions
            ]
            + [
                _action_row(str(recommendation), action, owners.get(action.owner_id, ""), today)
                for recommendation in report.recommendations
                for action in recommendation.actions
            ],
        ),
        (
            "Recommendations",
            [
                [
                    recommendation.source,
                    recommendation.ref,
                    recommendation.text,
                    len(recommendation.actions),
                ]
                for recommendation in report.recommendations
            ],
        ),
    ]
    return {
        "title": report.title,
        "subject": report.organisation.name,
        "sheets": [{"title": title, "rows": rows} for title, rows in sheets],
    }


SHEET_COLUMNS = {
    "Entries": ENTRY_COLUMNS,
    "Evidence": EVIDENCE_COLUMNS,
    "Actions": ACTION_COLUMNS,
    "Recommendations": RECOMMENDATION_COLUMNS,
}


def workbook_input(report):
    """``workbook_data`` as JSON text: what an Excel export is rendered from and keyed by."""
    return json.dumps(workbook_data(report), default=_json_value, ensure_ascii=False)


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not workbook data")


def write_workbook(data):
    """The .xlsx bytes of ``data`` (``workbook_data``, or ``workbook_input`` text)."""
    if isinstance(data, str):
        data = json.loads(data)
    workbook = Workbook()
    for sheet in data["sheets"]:
        columns = SHEET_COLUMNS[sheet["title"]]
        _write_sheet(workbook, sheet["title"], columns, _typed_rows(columns, sheet["rows"]))
    workbook.properties.title = _text(data["title"])
    workbook.properties.subject = _text(data["subject"])
    workbook.properties.language = "en-GB"
    return _save(workbook)


def _typed_rows(columns, rows):
    """Rows with their dates as dates again (JSON carries them as ISO text)."""
    dated = [index for index, column in enumerate(columns) if column.kind == "date"]
    for row in rows:
        for index in dated:
            if isinstance(row[index], str):
                row[index] = datetime.date.fromisoformat(row[index])
        yield row


def render_xlsx(report):
    """The assessment in ``report`` as an .xlsx workbook (bytes)."""
    return write_workbook(workbook_data(report))


# The tracker's list: which assessment and theme, then the action's own columns.
TRACKER_COLUMNS = [
    Column("Assessment", 28, "wrap"),
    ACTION_COLUMNS[0],
    Column("Theme", 28, "wrap"),
    *ACTION_COLUMNS[1:],
]


def _tracker_rows(actions, today):
    """Rows of the action tracker; ``actions`` come with assessment, entry, recommendation, owner."""
    for action in actions:
        criterion = action.entry.criterion if action.entry_id else None
        source = criterion.ref if criterion else str(action.recommendation)
        owner = display_name(action.owner) if action.owner_id else ""
        source, *cells = _action_row(source, action, owner, today)
        yield [
            f"{action.assessment.title} {action.assessment.period}",
            source,
            str(criterion.theme) if criterion else "From recommendations",
            *cells,
        ]


def tracker_input(actions, today):
    """The tracker's list as JSON text: its rows, the exact input of its CSV and Excel files."""
    rows = list(_tracker_rows(actions, today))
    return json.dumps({"rows": rows}, default=_json_value, ensure_ascii=False)


def tracker_xlsx(data):
    """The .xlsx bytes of the tracker's rows (``tracker_input`` text)."""
    rows = _typed_rows(TRACKER_COLUMNS, json.loads(data)["rows"])
    workbook = Workbook()
    _write_sheet(workbook, "Actions", TRACKER_COLUMNS, rows)
    return _save(workbook)


def tracker_csv(data):
    """The tracker's rows (``tracker_input`` text) as CSV: UTF-8 with a byte-order mark,
    so Excel reads accents; dates as ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.title for column in TRACKER_COLUMNS])
    for row in _typed_rows(TRACKER_COLUMNS, json.loads(data)["rows"]):
        writer.writerow(
            [
                value.isoformat() if isinstance(value, datetime.date) else csv_cell(value)
                for value in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def actions_xlsx(actions, today=None):
    """The given actions (the tracker's filtered list) as an .xlsx workbook."""
    return tracker_xlsx(tracker_input(actions, today or timezone.localdate()))


def actions_csv(actions, today=None):
    """The given actions as CSV (see ``tracker_csv``)."""
    return tracker_csv(tracker_input(actions, today or timezone.localdate()))
