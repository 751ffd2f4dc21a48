"""Cell text that a spreadsheet program shows and never evaluates (formula injection).

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``,
``+``, ``-`` or ``@`` as a formula, and a leading tab or carriage return can
hide such a start. One rule for XLSX and CSV:

- XLSX: the text is kept as typed, written as a string cell (never a formula
  cell) with Excel's "quote prefix" set, so editing the cell does not turn it
  into a formula either.
- CSV has no cell types, so such text gets a leading apostrophe (OWASP's advice).

Characters that XML 1.0 cannot hold (most C0 controls) are dropped: they
cannot be typed in the forms and would make the file unreadable.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """``text`` without the characters XML 1.0 (and so .docx and .xlsx) cannot hold."""
    return XML_ILLEGAL.sub("", text)


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value for a CSV cell: text that could start a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return f"'{value}" if is_formula_like(value) else value
