"""Dates as the site prints them: the same text as Django's date filter."""

import datetime
import zoneinfo

import pytest
from django.template import engines

from bestvalue.dates import format_date, iso_format

UTC = datetime.UTC
MOMENTS = [
    datetime.datetime(2024, 1, 15, 9, 5, 7, tzinfo=UTC),
    datetime.datetime(2024, 7, 15, 23, 30, 0, 123456, tzinfo=UTC),  # the next day in London
    datetime.datetime(2024, 3, 31, 1, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")),
    datetime.datetime(2024, 3, 31, 12, 0),  # naive
    datetime.date(2024, 3, 31),
]


def django_date(value, format_name):
    template = engines["django"].from_string("{{ value|date:format_name }}")
    return template.render({"value": value, "format_name": format_name})


@pytest.mark.parametrize("value", MOMENTS)
def test_iso_format_is_djangos_c_format(value):
    assert iso_format(value) == django_date(value, "c")


@pytest.mark.parametrize("value", MOMENTS)
def test_format_date_is_djangos_date_filter(value):
    assert format_date(value) == django_date(value, "DATE_FORMAT")
    if isinstance(value, datetime.datetime):
        assert format_date(value, "DATETIME_FORMAT") == django_date(value, "DATETIME_FORMAT")
