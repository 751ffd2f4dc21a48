"""Rows of an Excel sheet (.xlsx, openpyxl) or a CSV file: one row per line.

The header row is found by its words, as in Word tables, within the first
rows of the sheet; lines above it are the title. A line with only one cell
filled, in no description column, is a heading (an improvement area) for the
lines after it. Lines in a cell (Alt+Enter) are paragraphs, as in Word.

CSV files come as UTF-8 (with or without a byte-order mark) or Windows-1252,
separated by commas, semicolons or tabs: the separator that yields a header
row wins.
"""

import csv
import io
from datetime import date, datetime

import openpyxl

from imports.readers import rows as r
from imports.readers.files import UnreadableFile

HEADER_SEARCH_ROWS = 30


def read_xlsx(data, sheet=None):
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        names = workbook.sheetnames
        if sheet and sheet not in names:
            raise UnreadableFile(
                f"The workbook has no sheet called “{sheet}”; its sheets are {', '.join(names)}."
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        lines = [[_text(value) for value in line] for line in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    result = _read_lines(lines, kind="xlsx", label="row")
    result.sheets, result.sheet = names, worksheet.title
    result.title = result.title or worksheet.title
    return result


def read_csv(data):
    text = _decode(data)
    best = None
    for delimiter in (",", ";", "\t"):
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        found = _read_lines(lines, kind="csv", label="line")
        if best is None or len(found.rows) > len(best.rows):
            best = found
    return best


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("The CSV file's text could not be read.")  # latin-1 never fails


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_lines(lines, *, kind, label):
    result = r.ReadDocument(kind=kind)
    roles = None
    context = ""
    for index, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line]
        filled = [(column, cell) for column, cell in enumerate(cells) if cell]
        if not filled:
            continue
        if roles is None:
            roles = r.header_roles(cells) if index <= HEADER_SEARCH_ROWS else None
            if roles is None:
                result.title = result.title or filled[0][1]
                context = filled[0][1]
            continue
        if r.header_roles(cells):
            continue  # a header repeated further down
        if len(filled) == 1 and roles.get(filled[0][0]) not in (
            r.EVIDENCE,
            r.ACTION,
            r.CRITERION,
        ):
            context = filled[0][1]  # a heading line: the improvement area of the lines below
            continue
        row = r.build_row(
            [(column, [cell]) for column, cell in filled],
            roles,
            location=f"{label} {index}",
            kind=r.kind_of(roles),
            context=context,
        )
        result.rows.append(row)
    return result.number_rows()
