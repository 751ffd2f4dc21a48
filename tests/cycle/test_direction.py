"""Direction of travel: last year's rating beside this year's on the overview, entry page and report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import direction
from assessments.carry_forward import carry_forward
from assessments.models import Assessment
from frameworks.models import RatingLevel, RatingScale
from tests.conftest import make_assessment
from tests.cycle.conftest import fill_last_year, rate
from tests.reports.conftest import pdf_text


@pytest.fixture
def this_year(last_year, officer):
    """2025/26 started from 2024/25: 1.1 Adequate → Good, 1.2 Good → Good, 2.1 Weak → Unsatisfactory."""
    new = carry_forward(last_year, period="2025/26", user=officer).assessment
    rate(new, "1.1", "Good")
    rate(new, "1.2", "Good")
    rate(new, "2.1", "Unsatisfactory")
    return new


def level(slug, value):
    return RatingLevel.objects.get(scale__slug=slug, value=value)


def test_directions_follow_level_values_within_a_scale(frameworks):
    six = RatingLevel.objects.get(label="Good").scale.slug
    good, adequate = level(six, 4), level(six, 3)
    assert direction.direction(adequate, good) == direction.IMPROVED
    assert direction.direction(good, adequate) == direction.DECLINED
    assert direction.direction(good, good) == direction.UNCHANGED
    assert direction.direction(None, good) == direction.NO_COMPARISON
    msg = RatingLevel.objects.get(label="Exemplary").scale
    assert direction.direction(good, msg.levels.get(value=4)) == direction.NOT_COMPARABLE
    assert str(direction.IMPROVED) == "↑ improved"


def row_of(content, ref):
    start = content.index(f">{ref}</a></td>")
    return content[start : content.index("</tr>", start)]


def test_the_overview_shows_last_years_rating_arrow_and_word(client_for, committee, this_year):
    content = client_for(committee).get(this_year.get_absolute_url()).content.decode()
    assert "Last year: Adequate" in row_of(content, "1.1")
    assert '<span aria-hidden="true">↑</span> improved' in row_of(content, "1.1")
    assert "Last year: Good" in row_of(content, "1.2") and "unchanged" in row_of(content, "1.2")
    assert "Last year: Weak" in row_of(content, "2.1") and "declined" in row_of(content, "2.1")
    assert "1 improved, 1 declined, 1 unchanged" in content


def test_the_entry_page_shows_the_direction(client_for, committee, this_year):
    entry = this_year.entries.get(criterion__ref="1.1")
    content = client_for(committee).get(entry.get_absolute_url()).content.decode()
    assert "Last year: Adequate" in content
    assert "This year: Good," in content and "↑</span> improved" in content


def test_the_report_shows_directions_and_the_change_table(client_for, committee, this_year):
    content = client_for(committee).get(f"/assessments/{this_year.pk}/report/").content.decode()
    assert "Compared with Best Value Self-Assessment 2024/25" in content
    table = content[content.index('class="change-table"') :]
    table = table[: table.index("</table>")]
    rows = table.split("<tr")[2:]

    def cells(row):
        return [c.split("<")[0] for c in row.split('class="centre">')[1:]]

    # Theme 1: 1.1 improved, 1.2 unchanged; one action carried, one of last year's completed.
    assert "1 – Vision and Leadership" in rows[0] and cells(rows[0]) == [
        "1",
        "0",
        "1",
        "1",
        "1",
        "0",
    ]
    assert "2 – Governance" in rows[1] and cells(rows[1]) == ["0", "1", "0", "0", "0", "0"]
    assert "Recommendations" in rows[2] and cells(rows[2])[3:] == ["1", "1", "0"]
    assert "Total" in rows[3] and cells(rows[3]) == ["1", "1", "1", "2", "2", "0"]
    assert "Last year: Weak" in content


def test_the_pdf_carries_the_direction_in_words(client_for, committee, this_year):
    response = client_for(committee).get(f"/assessments/{this_year.pk}/report.pdf")
    _, text = pdf_text(response.content)
    flat = " ".join(text.split())
    assert "Last year: Adequate ↑ improved" in flat
    assert "Last year: Weak ↓ declined" in flat
    assert "Last year: Good → unchanged" in flat
    assert "Change since last year" in text


def test_the_user_can_pick_the_year_to_compare_with(client_for, committee, officer, this_year):
    older = make_assessment(
        this_year.organisation, this_year.framework, ["1.1"], officer, period="2023/24"
    )
    rate(older, "1.1", "Excellent")
    client = client_for(committee)
    content = client.get(f"{this_year.get_absolute_url()}?compare={older.pk}").content.decode()
    assert "Last year: Excellent" in row_of(content, "1.1") and "declined" in row_of(content, "1.1")
    report = client.get(f"/assessments/{this_year.pk}/report/?compare={older.pk}").content.decode()
    assert "Compared with Self-assessment 2023/24" in report
    # A later or unknown assessment is not a "last year": no comparison, no error.
    content = client.get(f"{this_year.get_absolute_url()}?compare=nonsense").content.decode()
    assert "Last year:" not in content


def test_another_scale_is_not_comparable(client_for, committee, officer, bv2020, demo_org):
    msg_scale = RatingScale.objects.get(levels__label="Exemplary")
    old = make_assessment(demo_org, bv2020, ["1.1"], officer, period="2023/24")
    old.scale = msg_scale
    old.save()
    entry = old.entries.get()
    entry.rating = msg_scale.levels.get(label="Exemplary")
    entry.save()
    new = make_assessment(demo_org, bv2020, ["1.1"], officer, period="2024/25")
    rate(new, "1.1", "Good")
    content = client_for(committee).get(new.get_absolute_url()).content.decode()
    assert "Last year: Exemplary" in content and "not comparable" in content


def add_years(organisation, framework, user, count):
    for year in range(2015, 2015 + count):
        old = make_assessment(
            organisation, framework, ["1.1", "1.2", "2.1"], user, period=f"{year}/{year % 100 + 1}"
        )
        fill_last_year(old, user)


def test_overview_and_report_queries_do_not_grow_with_years(
    client_for, committee, officer, this_year
):
    client = client_for(committee)

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    urls = [this_year.get_absolute_url(), f"/assessments/{this_year.pk}/report/"]
    before = [queries(url) for url in urls]
    add_years(this_year.organisation, this_year.framework, officer, 4)
    assert Assessment.objects.count() == 6
    assert [queries(url) for url in urls] == before
