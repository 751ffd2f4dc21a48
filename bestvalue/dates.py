"""Dates as the site prints them, in one place.

Formatting a date through Django's formats looks up translations each time;
the committee report prints hundreds, mostly the same few, so each distinct
(date, format, language) is formatted once per process. A date's text never
changes, so nothing stale can come of it.
"""

import datetime
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _formatted(value, format_name, language):
    return formats.date_format(value, format_name)


def format_date(value, format_name="DATE_FORMAT"):
    """A date or date-time in the project's format ("31 March 2024"; "j M Y": "31 Mar 2024")."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, format_name)
    return _formatted(value, format_name, get_language())


def iso_format(value):
    """A date-time as ISO 8601 in the current time zone: Django's "c" format, without the
    format machinery (a history page prints a hundred)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat()
