"""The committee report as HTML and as PDF: contents, options, permissions, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Entry, Evidence, ReportDetails
from tests.assessments.test_history import backdate_history
from tests.conftest import make_assessment
from tests.reports.conftest import fill, pdf_text

THEME_HEADINGS = ["Theme 1 – Vision and Leadership", "Theme 2 – Governance and Accountability"]


def report_url(assessment, suffix="report/"):
    return f"/assessments/{assessment.pk}/{suffix}"


def test_the_pdf_has_every_theme_heading_ref_page_numbers_and_metadata(
    client_for, committee, filled
):
    response = client_for(committee).get(report_url(filled, "report.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Self-assessment 2023-24.pdf"' in response["Content-Disposition"]
    reader, text = pdf_text(response.content)
    pages = len(reader.pages)
    assert pages >= 5  # cover, summary, theme pages, action plan, matrix, appendix
    for heading in THEME_HEADINGS:
        assert heading in text
    for ref in ("1.1", "1.2", "2.1"):
        assert f"\n{ref}" in text or f"{ref}\n" in text
    assert "Page 1 of" in text and f"Page {pages} of {pages}" in text
    assert "Evidence 2 for 2.1." in text
    assert "Develop a Best Value framework" in text
    assert reader.metadata.title == "Self-assessment 2023/24"
    assert reader.metadata.author == "Demo IJB"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged PDF


def test_landscape_pages_carry_the_wide_criteria_tables(client_for, committee, filled):
    reader, _ = pdf_text(client_for(committee).get(report_url(filled, "report.pdf")).content)
    orientations = [page.mediabox.width > page.mediabox.height for page in reader.pages]
    assert orientations[0] is False  # the cover is portrait A4
    assert any(orientations)
    for page in reader.pages:
        long_side = max(page.mediabox.width, page.mediabox.height)
        assert round(float(long_side)) == 842  # A4: 297 mm


def test_the_html_report_carries_the_same_content(client_for, committee, filled):
    response = client_for(committee).get(report_url(filled))
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        *THEME_HEADINGS,
        "3 criteria in scope across 2 themes.",
        "number of criteria at each level",
        "Report to committee",
        "Summary of Report and Implications",
        "Ratings by theme",
        "Actions by status",
        "Overdue actions",
        "Action plan",
        "Actions arising from the criteria",
        "Actions proposed",
        "Summary matrix",
        "Appendix: Six-point evaluation scale",
        "Evidence 1 for 1.1.",
        "Members set strategic priorities",  # criterion text, verbatim
        "D Robertson / J Craig",
        "112 – 116",
        "31 Mar 20",
        "31 Mar 2020",  # a due date, as the action plan prints it
        "Ongoing",  # a timescale where there is no date
    ]:
        assert text in content, text
    assert "Download PDF" in content
    assert "criterions" not in content


def test_the_heat_map_counts_each_theme_by_level_with_labels(client_for, committee, filled):
    response = client_for(committee).get(report_url(filled))
    report = response.context["report"]
    counts = {
        row.theme.number: {level.label: n for level, n in row.cells} for row in report.heat_map
    }
    assert counts[1]["Good"] == 2 and counts[2]["Good"] == 1
    assert counts[1]["Excellent"] == 0
    good = next(level for level in report.levels if level.label == "Good")
    content = response.content.decode()
    # Each count is printed, in its level's colour class, under a header naming the level.
    assert f'<td class="count level-{good.pk}">2</td>' in content
    assert '<th scope="col" class="centre">Good</th>' in content
    assert '<td class="count empty">0</td>' in content


def test_overdue_actions_are_listed_in_the_summary(client_for, committee, filled):
    report = client_for(committee).get(report_url(filled)).context["report"]
    overdue = [(ref, action.description) for ref, action in report.overdue_actions]
    assert ("1.1", "Action 1 for 1.1") in overdue
    assert all("Action 2" not in description for _, description in overdue)  # "Ongoing"


def test_the_cover_shows_the_report_details(client_for, officer, committee, filled):
    data = {
        "report_date": "2021-02-24",
        "agenda_item": "13",
        "report_to": "West Lothian Integration Joint Board Audit, Risk and Governance Committee",
        "report_title": "IJB Best Value Framework Review",
        "report_by": "Chief Finance Officer",
        "seeks_decision": "on",
        "provides_assurance": "on",
        "summary": "To provide the committee with an updated Best Value framework.",
        "recommendations": "Notes the review\nAgrees the revised framework",
        "risk": "None.",
        "version": 1,
    }
    response = client_for(officer).post(report_url(filled, "report/details/"), data, follow=True)
    assert "Saved the report details." in response.content.decode()
    pdf = client_for(committee).get(report_url(filled, "report.pdf"), {"sections": ["cover"]})
    _, text = pdf_text(pdf.content)
    for expected in [
        "24 February 2021",
        "West Lothian Integration Joint Board Audit, Risk and Governance",
        "IJB Best Value Framework Review",
        "Chief Finance Officer",
        "seeks a decision",
        "Agrees the revised framework",
    ]:
        assert expected in text, expected
    assert text.count("✓") == 2


def test_sections_can_be_left_out(client_for, committee, filled):
    response = client_for(committee).get(report_url(filled), {"sections": ["themes", "appendix"]})
    content = response.content.decode()
    assert "Theme 1 – Vision and Leadership" in content
    assert 'id="cover-heading"' not in content and 'id="action-plan-heading"' not in content
    _, text = pdf_text(
        client_for(committee)
        .get(report_url(filled, "report.pdf"), {"sections": ["summary"]})
        .content
    )
    assert "Summary" in text and "Vision and Leadership" in text  # heat map rows
    assert "Members set strategic priorities" not in text


@pytest.mark.parametrize(
    "query, message",
    [
        (
            {"as_of": "2001-01-01", "sections": ["cover"]},
            "The assessment had not been created by then.",
        ),
        ({"as_of": "not a date", "sections": ["cover"]}, "Enter a valid date."),
        ({"as_of": "2999-01-01", "sections": ["cover"]}, "Choose today or an earlier date."),
        ({"as_of": ""}, "Choose at least one section."),
        ({"sections": ["nonsense"]}, "Select a valid choice."),
    ],
)
def test_bad_options_are_explained_not_crashed_on(client_for, committee, filled, query, message):
    for suffix in ("report/", "report.pdf"):
        response = client_for(committee).get(report_url(filled, suffix), query)
        assert response.status_code == 400
        assert message in response.content.decode()


def test_the_as_of_report_shows_values_from_before_a_later_edit(client_for, officer, filled):
    entry = filled.entries.get(criterion__ref="1.1")
    backdate_history(days=10)
    entry.summary = "A summary written this week."
    entry._history_user = officer
    entry.save()
    evidence = entry.evidence_items.first()
    evidence.text = "Evidence rewritten this week."
    evidence._history_user = officer
    evidence.save()

    as_of = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    client = client_for(officer)
    past = client.get(report_url(filled), {"as_of": as_of, "sections": ["themes"]})
    content = past.content.decode()
    assert "Summary of 1.1." in content and "Evidence 1 for 1.1." in content
    assert "A summary written this week." not in content
    assert "As it stood at the end of" in content
    _, text = pdf_text(
        client.get(
            report_url(filled, "report.pdf"), {"as_of": as_of, "sections": ["themes"]}
        ).content
    )
    assert "Evidence 1 for 1.1." in text and "Evidence rewritten this week." not in text
    now = client.get(report_url(filled), {"sections": ["themes"]}).content.decode()
    assert "A summary written this week." in now and "Evidence rewritten this week." in now


def test_user_text_is_escaped(client_for, officer, filled):
    entry = filled.entries.get(criterion__ref="1.1")
    Evidence.objects.create(entry=entry, position=9, text='<script>alert("x")</script><b>bold</b>')
    content = client_for(officer).get(report_url(filled)).content.decode()
    assert "<script>alert" not in content and "<b>bold</b>" not in content
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in content
    _, text = pdf_text(client_for(officer).get(report_url(filled, "report.pdf")).content)
    assert '<script>alert("x")</script><b>bold</b>' in text.replace("\n", "")


def test_report_queries_do_not_grow_with_the_number_of_entries(
    client_for, committee, demo_org, bv2020, officer
):
    small = fill(make_assessment(demo_org, bv2020, ["1.1", "2.1"], officer, period="2022/23"))
    large = fill(
        make_assessment(
            demo_org,
            bv2020,
            ["1.1", "1.2", "1.3", "2.1", "2.2", "3.S.1", "3.A.1", "4.1", "5.1", "6.1", "7.1"],
            officer,
            period="2023/24",
        ),
        evidence=3,
        actions=3,
    )
    client = client_for(committee)

    def queries(assessment, **params):
        with CaptureQueriesContext(connection) as context:
            assert client.get(report_url(assessment), params).status_code == 200
        return len(context)

    assert queries(small) == queries(large)
    today = timezone.localdate().isoformat()
    assert queries(small, as_of=today, sections=["themes"]) == queries(
        large, as_of=today, sections=["themes"]
    )


def test_only_members_see_reports(client_for, neighbour, alice, committee, filled):
    for user in (neighbour, alice):
        for suffix in ("report/", "report.pdf", "report/details/", "reports/1.pdf"):
            assert client_for(user).get(report_url(filled, suffix)).status_code == 404
    assert client_for(committee).get(report_url(filled)).status_code == 200
    assert client_for(committee).get(report_url(filled, "report/details/")).status_code == 403


def test_cover_details_are_not_saved_when_the_assessment_is_approved(client_for, org_admin, filled):
    filled.status = "submitted"
    filled.save()
    response = client_for(org_admin).post(
        report_url(filled, "report/details/"), {"agenda_item": "14", "version": 1}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Not saved: This assessment is submitted" in content
    assert 'value="14"' in content  # what was typed is shown back
    assert not ReportDetails.objects.filter(assessment=filled).exists()


def test_entries_not_in_scope_are_left_out(client_for, committee, filled):
    content = client_for(committee).get(report_url(filled)).content.decode()
    assert Entry.objects.filter(assessment=filled).count() == 3
    assert "Theme 3 – Effective Use of Resources" not in content
