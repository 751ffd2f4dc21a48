"""Timescales as people write them: a due date where one can be read, the words kept.

Action plans write "31 Mar 20", "30 Jun 20 31 Mar 20", "31 Dec 20 / ongoing",
"Agree approach 30 Mar 20 Commence 31 May 20", "TBC" (sometimes typed with
Cyrillic letters that look Latin), "by September 2024", "mid 2024/25".

``parse_timescale`` returns the earliest date it can read as the due date and
keeps the text as the timescale unless the text is nothing but one exact date.
A month without a day means its last day; a year or a financial year alone
gives no date.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

# Cyrillic (and Greek) capitals and small letters that look like Latin ones.
LOOK_ALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаеісјорѕхуΑΒΕΗΙΚΜΝΟΡΤΧΥΖ",
    "ABCEHIJKMOPSTXYaeicjopsxyABEHIKMNOPTXYZ",
)

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    }
}
MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

_DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4}|\d{2})\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_MONTH_YEAR = re.compile(
    r"(?<![\d/])\b" + _MONTH + r",?\s+(?P<year>\d{4}|'?\d{2})\b(?![/\d])", re.IGNORECASE
)
# Words around a single date that add nothing to it ("by 31 March 2024").
_FILLER = re.compile(r"^[\s,.;:/()\-–—]*(?:by|due|on|before|deadline)?[\s,.;:/()\-–—]*$", re.I)


@dataclass(frozen=True)
class Timescale:
    due_date: date | None
    text: str  # kept as written (look-alike letters made Latin), empty when just a date


def _year(text):
    year = int(text.lstrip("'"))
    return year + 2000 if year < 100 else year


def _make_date(year, month, day):
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dates(text):
    """(date, span, exact) for every date in the text; exact when it names a day."""
    found = []
    taken = []

    def free(span):
        return all(span[1] <= start or span[0] >= end for start, end in taken)

    for pattern in (_ISO, _NUMERIC, _DAY_MONTH_YEAR):
        for match in pattern.finditer(text):
            month = match.group("month")
            month = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            value = _make_date(_year(match.group("year")), month, int(match.group("day")))
            if not free(match.span()):
                continue
            taken.append(match.span())  # an impossible date (31 Feb) gives no date at all
            if value:
                found.append((value, match.span(), True))
    for match in _MONTH_YEAR.finditer(text):
        if not free(match.span()):
            continue
        year = _year(match.group("year"))
        month = MONTHS[match.group("month").lower().rstrip(".")]
        found.append((date(year, month, calendar.monthrange(year, month)[1]), match.span(), False))
        taken.append(match.span())
    return found


def normalise(text):
    return " ".join(str(text).translate(LOOK_ALIKES).split())


def parse_timescale(value):
    """The due date and timescale text of a timescale cell (text, date or datetime)."""
    if isinstance(value, datetime):
        return Timescale(value.date(), "")
    if isinstance(value, date):
        return Timescale(value, "")
    text = normalise(value or "")
    if not text:
        return Timescale(None, "")
    found = _dates(text)
    if not found:
        return Timescale(None, text)
    due = min(value for value, _, _ in found)
    if len(found) == 1 and found[0][2]:
        start, end = found[0][1]
        if _FILLER.match(text[:start] + " " + text[end:]):
            return Timescale(due, "")
    return Timescale(due, text)
