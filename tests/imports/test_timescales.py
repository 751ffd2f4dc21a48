"""Timescales as action plans write them (seed 002 and later plans)."""

from datetime import date

import pytest

from imports.timescales import parse_timescale


@pytest.mark.parametrize(
    ("written", "due_date", "timescale"),
    [
        ("31 Mar 20", date(2020, 3, 31), ""),
        ("30 Jun 20 31 Mar 20", date(2020, 3, 31), "30 Jun 20 31 Mar 20"),
        ("31 Dec 20 / ongoing", date(2020, 12, 31), "31 Dec 20 / ongoing"),
        ("30 Mar 20 / Annually", date(2020, 3, 30), "30 Mar 20 / Annually"),
        (
            "Agree approach 30 Mar 20 Commence 31 May 20",
            date(2020, 3, 30),
            "Agree approach 30 Mar 20 Commence 31 May 20",
        ),
        ("Start now / ongoing", None, "Start now / ongoing"),
        ("Ongoing", None, "Ongoing"),
        ("TBC", None, "TBC"),
        ("\u0422\u0412\u0421", None, "TBC"),  # Cyrillic Т, В, С as in the Borders plan
        ("by September 2024", date(2024, 9, 30), "by September 2024"),
        ("June 2024", date(2024, 6, 30), "June 2024"),
        ("mid 2024/25", None, "mid 2024/25"),
        ("2024", None, "2024"),
        ("31/03/2025", date(2025, 3, 31), ""),
        ("by 31 March 2025", date(2025, 3, 31), ""),
        ("31 Feb 2024", None, "31 Feb 2024"),
        ("", None, ""),
    ],
)
def test_it_reads_the_due_date_and_keeps_the_words(written, due_date, timescale):
    parsed = parse_timescale(written)
    assert (parsed.due_date, parsed.text) == (due_date, timescale)


def test_a_spreadsheet_date_is_just_a_date():
    assert parse_timescale(date(2020, 3, 31)) == parse_timescale("31 Mar 20")
