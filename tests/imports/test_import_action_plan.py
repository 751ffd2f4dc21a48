"""Importing an audit action plan (seed 002): one recommendation per improvement area."""

from datetime import date

from assessments.models import Action, Recommendation
from tests.imports import documents, pages

BORDERS_AREA_1, BORDERS_AREA_2 = (area for area, _ in documents.ACTION_PLAN_AREAS)


def plan_of(assessment):
    return {
        recommendation.text: list(
            recommendation.actions.order_by("position").values_list(
                "description", "due_date", "timescale", "lead_officer", "report_reference"
            )
        )
        for recommendation in Recommendation.objects.filter(assessment=assessment)
    }


def test_a_word_action_plan_becomes_recommendations_with_their_actions(
    client_for, officer, assessment
):
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "action-plan.docx", documents.action_plan_docx())
    fields = pages.form_fields(page)
    assert {fields[f"row-{n}-target"] for n in range(1, 13)} == {"recommendation"}
    assert fields["source"] == "Appendix 2 Best Value Audit Action Plan"
    response = pages.confirm(client, url, page, source="Best Value Audit 2019")
    assert response.status_code == 302

    plan = plan_of(assessment)
    assert list(plan) == [BORDERS_AREA_1, BORDERS_AREA_2, "Additional planned actions"]
    assert plan[BORDERS_AREA_1] == [
        (
            "Adopt PSIF as a corporate approach to self evaluation.",
            date(2020, 3, 31),
            "",
            "J Craig",
            "",
        ),
        (
            "Review service self-evaluation arrangements, including peer evaluations.",
            date(2020, 6, 30),
            "",
            "J Craig",
            "67",
        ),
        (
            "Incorporate self-evaluation and benchmarking data into annual planning.",
            date(2020, 4, 30),
            "",
            "D Robertson / J Craig",
            "",
        ),
    ]
    # The table continued overleaf joins its improvement area.
    assert [row[1:4] for row in plan[BORDERS_AREA_2]] == [
        (date(2020, 2, 28), "", "C Hepburn / J Smythe"),
        (date(2020, 5, 31), "", "R McCulloch- Graham"),
        (None, "TBC", "J Craig"),
        (date(2020, 3, 31), "30 Jun 20 31 Mar 20", "J Craig"),
        (None, "Start now / ongoing", "C Hepburn"),
        (date(2020, 12, 31), "31 Dec 20 / ongoing", "J Craig"),
    ]
    assert plan[BORDERS_AREA_2][1][4] == "112 – 116"
    assert [row[1:3] for row in plan["Additional planned actions"]] == [
        (date(2020, 3, 31), ""),
        (None, "Ongoing"),
        (date(2020, 3, 30), "30 Mar 20 / Annually"),
    ]
    assert set(Recommendation.objects.values_list("source", flat=True)) == {"Best Value Audit 2019"}
    assert not Action.objects.filter(entry__isnull=False).exists()


def test_an_action_plan_row_can_go_to_a_criterion(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "action-plan.docx", documents.action_plan_docx())
    pages.confirm(client, url, page, **{"row-1-target": "1.1"})
    action = Action.objects.get(entry__criterion__ref="1.1")
    assert action.description == "Adopt PSIF as a corporate approach to self evaluation."
    assert len(plan_of(assessment)[BORDERS_AREA_1]) == 2


def test_an_excel_action_plan_is_read_from_its_first_sheet(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(client, assessment, "plan.xlsx", documents.action_plan_xlsx())
    assert "Action plan" in page.context["preview"].sheets
    pages.confirm(client, url, page)
    plan = plan_of(assessment)
    assert plan["Embed a culture of continuous improvement"] == [
        ("Adopt PSIF.", date(2020, 3, 31), "", "J Craig", ""),
        ("Review self-evaluation.", date(2020, 3, 31), "30 Jun 20 31 Mar 20", "J Craig", "67"),
    ]
    assert plan["Improve community engagement – £ for locality bids"] == [
        ("Promote the #your part campaign.", None, "TBC", "J Craig", "133 - 144")
    ]


def test_another_sheet_can_be_chosen(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(
        client, assessment, "plan.xlsx", documents.action_plan_xlsx(), "Other"
    )
    pages.confirm(client, url, page)
    assert plan_of(assessment) == {
        "Another area": [("Another action.", date(2024, 6, 30), "June 2024", "", "")]
    }


def test_a_sheet_that_does_not_exist_is_refused(client_for, officer, assessment):
    response = pages.upload(
        client_for(officer), assessment, "plan.xlsx", documents.action_plan_xlsx(), "Summary"
    )
    assert response.status_code == 400
    assert "no sheet called “Summary”" in response.context["form"].errors["file"][0]


def test_a_windows_csv_with_semicolons_is_read(client_for, officer, assessment):
    client = client_for(officer)
    data = documents.action_plan_csv("cp1252", ";")
    url, page = pages.preview(client, assessment, "plan.csv", data)
    pages.confirm(client, url, page)
    plan = plan_of(assessment)
    assert plan["Improve community engagement – £ for locality bids"] == [
        ("Promote the #your part campaign.", None, "TBC", "J Craig", "133 - 144")
    ]
    assert plan["Embed a culture of continuous improvement"][0][1] == date(2020, 3, 31)


def test_a_utf8_csv_with_a_byte_order_mark_is_read(client_for, officer, assessment):
    client = client_for(officer)
    url, page = pages.preview(
        client, assessment, "plan.csv", documents.action_plan_csv("utf-8-sig", ",")
    )
    pages.confirm(client, url, page)
    assert len(plan_of(assessment)["Embed a culture of continuous improvement"]) == 2
    assert Action.objects.get(description="Promote the #your part campaign.").timescale == "TBC"
