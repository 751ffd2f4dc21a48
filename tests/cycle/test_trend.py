"""The trend page: ratings per theme over the years as SVG with its numbers, and actions per year."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.carry_forward import carry_forward
from assessments.models import Action
from assessments.reports import ALL_SECTIONS
from tests.conftest import make_assessment
from tests.cycle.conftest import fill_last_year, rate
from tests.reports.conftest import pdf_text


def trend_url(slug="demo-ijb", framework="bv2020"):
    return f"/organisations/{slug}/trends/{framework}/"


@pytest.fixture
def two_years(last_year, officer):
    new = carry_forward(last_year, period="2025/26", user=officer).assessment
    rate(new, "1.1", "Good")
    rate(new, "1.2", "Very good")  # theme 1: (4 + 5) / 2 = 4.5 -> "Very good"
    rate(new, "2.1", "Adequate")
    Action.objects.create(
        assessment=new,
        entry=new.entries.get(criterion__ref="2.1"),
        description="New governance action",
        lead_officer="Board secretary",
        due_date=datetime.date(2020, 1, 1),
    )
    return last_year, new


def svg_of(content, theme_number):
    start = content.index(f'aria-labelledby="trend-title-{theme_number}"')
    return content[start : content.index("</svg>", start)]


def test_the_svg_carries_each_years_value_and_level(client_for, committee, two_years):
    content = client_for(committee).get(trend_url()).content.decode()
    theme_1 = svg_of(content, 1)
    # 2024/25: Adequate (3) and Good (4) -> 3.5, nearest level Good; 2025/26: 4.5 Very good.
    points = re.findall(r'class="trend-point">([^<]+)</text>', theme_1)
    assert points == ["3.5 Good", "4.5 Very good"]
    assert "2024/25" in theme_1 and "2025/26" in theme_1
    assert "<polyline" in theme_1 and "<script" not in theme_1 and "style=" not in theme_1
    theme_2 = svg_of(content, 2)
    assert re.findall(r'class="trend-point">([^<]+)</text>', theme_2) == [
        "2.0 Weak",
        "3.0 Adequate",
    ]
    # The same figures as a text table.
    table = content[content.index('class="trend-table') :]
    assert "3.5 Good" in table and "4.5 Very good" in table and "(2 rated)" in table


def test_higher_values_sit_higher_on_the_chart(client_for, committee, two_years):
    theme_1 = svg_of(client_for(committee).get(trend_url()).content.decode(), 1)
    ys = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', theme_1)]
    assert ys[1] < ys[0]  # 4.5 is above 3.5 (SVG y grows downwards)


def test_it_shows_actions_opened_completed_and_overdue_per_year(client_for, committee, two_years):
    content = client_for(committee).get(trend_url()).content.decode()
    table = content[content.index('class="trend-actions') :]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>[^<]*</td>(.*?)</tr>", table)
    figures = {period: re.findall(r">(\d+)</td>", cells) for period, cells in rows}
    # 2024/25: four actions opened, two complete, one overdue by now (due 31 March 2025).
    # 2025/26: one new (the two carried ones are not "opened"), none complete, two overdue.
    assert figures == {"2024/25": ["4", "2", "1"], "2025/26": ["1", "0", "2"]}


def test_the_trend_is_an_optional_report_section_and_works_in_the_pdf(
    client_for, committee, two_years
):
    _, new = two_years
    client = client_for(committee)
    content = client.get(f"/assessments/{new.pk}/report/").content.decode()
    assert 'class="trend-point">4.5 Very good</text>' in content
    without = client.get(
        f"/assessments/{new.pk}/report/", {"sections": ["summary", "themes"]}
    ).content.decode()
    assert "trend-point" not in without
    _, text = pdf_text(client.get(f"/assessments/{new.pk}/report.pdf").content)
    assert "Trend over the years" in text
    assert "4.5 Very good" in text and "3.5 Good" in text


def test_trend_queries_do_not_grow_with_years(client_for, committee, officer, two_years):
    client = client_for(committee)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(trend_url()).status_code == 200
        return len(context)

    before = queries()
    old, _ = two_years
    for year in (2021, 2022, 2023):
        fill_last_year(
            make_assessment(
                old.organisation,
                old.framework,
                ["1.1", "1.2", "2.1"],
                officer,
                period=f"{year}/{year % 100 + 1}",
            ),
            officer,
        )
    assert queries() == before


def test_only_members_see_the_trend(client_for, neighbour, alice, two_years):
    assert client_for(neighbour).get(trend_url()).status_code == 404
    assert client_for(alice).get(trend_url()).status_code == 404
    assert client_for(neighbour).get(trend_url(framework="nope")).status_code == 404


def test_an_organisation_without_assessments_of_the_framework(client_for, officer, frameworks):
    content = client_for(officer).get(trend_url(framework="msg2019")).content.decode()
    assert "has no" in content and "assessment yet" in content


def test_a_report_as_it_stood_on_a_date_leaves_todays_trend_out_and_says_why(
    client_for, committee, two_years
):
    _, new = two_years
    today = datetime.date.today().isoformat()
    response = client_for(committee).get(
        f"/assessments/{new.pk}/report/", {"as_of": today, "sections": ALL_SECTIONS}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "trend-point" not in content
    assert "so this report of how things stood on" in content
    assert "The report as it is now shows it." in content
