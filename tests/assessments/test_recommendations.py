"""Recommendations from audit and inspection, with their own actions (seed 002)."""

import datetime

from assessments import workflow
from assessments.models import Action, Recommendation


def form(**overrides):
    data = {
        "source": "Best Value Audit 2019",
        "ref": "1",
        "text": "The council should agree a clear timetable for its transformation programme.",
        "version": 1,
        "actions-TOTAL_FORMS": 2,
        "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
        "actions-0-description": "Agree the transformation timetable",
        "actions-0-lead_officer": "D Robertson / J Craig",
        "actions-0-due_date": "2020-03-31",
        "actions-0-timescale": "",
        "actions-0-status": "complete",
        "actions-0-report_reference": "112 – 116",
        "actions-1-description": "Report progress to members",
        "actions-1-lead_officer": "Chief Executive",
        "actions-1-due_date": "",
        "actions-1-timescale": "Start now / ongoing",
        "actions-1-status": "in_progress",
        "actions-1-report_reference": "",
    }
    data.update(overrides)
    return data


def new_url(assessment):
    return f"/assessments/{assessment.pk}/recommendations/new/"


def test_it_records_a_recommendation_with_its_actions(client_for, officer, assessment):
    response = client_for(officer).post(new_url(assessment), form(), follow=True)
    assert "Saved the recommendation Best Value Audit 2019 1." in response.content.decode()
    recommendation = Recommendation.objects.get()
    dated, ongoing = recommendation.actions.order_by("position")
    assert dated.due_date == datetime.date(2020, 3, 31)
    assert dated.lead_officer == "D Robertson / J Craig"
    assert dated.report_reference == "112 – 116"
    assert dated.assessment == assessment
    assert ongoing.timescale == "Start now / ongoing" and ongoing.due_date is None
    assert recommendation.history.get().history_user == officer
    assert dated.history.get().history_user == officer


def test_it_edits_an_existing_recommendation(client_for, officer, assessment):
    client = client_for(officer)
    client.post(new_url(assessment), form())
    recommendation = Recommendation.objects.get()
    action = recommendation.actions.order_by("position").first()
    data = form(
        text="Edited improvement area.",
        **{
            "actions-TOTAL_FORMS": 1,
            "actions-INITIAL_FORMS": 1,
            "actions-0-id": action.pk,
            "actions-0-DELETE": "on",
        },
    )
    url = f"/assessments/{assessment.pk}/recommendations/{recommendation.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Edited improvement area."
    assert list(recommendation.actions.values_list("description", flat=True)) == [
        "Report progress to members"
    ]


def test_a_bad_row_saves_nothing(client_for, officer, assessment):
    response = client_for(officer).post(
        new_url(assessment),
        form(**{"actions-1-description": "", "actions-0-due_date": "31/13/2020"}),
    )
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert "Enter a valid date" in content and "This field is required" in content
    assert "The council should agree a clear timetable" in content
    assert not Recommendation.objects.exists() and not Action.objects.exists()


def test_an_approved_assessment_refuses_with_a_message(client_for, officer, committee, assessment):
    workflow.submit(assessment, officer)
    workflow.approve(
        assessment,
        committee,
        meeting_date=datetime.date(2024, 6, 1),
        committee_name="IJB",
        minute_reference="7",
    )
    response = client_for(officer).post(new_url(assessment), form(), follow=True)
    assert "Not saved: This assessment is approved" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_committee_and_neighbours_cannot_add(client_for, committee, neighbour, assessment):
    assert client_for(committee).post(new_url(assessment), form()).status_code == 403
    assert client_for(neighbour).post(new_url(assessment), form()).status_code == 404
    assert not Recommendation.objects.exists()


def test_a_recommendation_of_another_assessment_is_not_found(
    client_for, officer, assessment, neighbour_assessment
):
    other = Recommendation.objects.create(assessment=neighbour_assessment, source="X", text="Y")
    url = f"/assessments/{assessment.pk}/recommendations/{other.pk}/"
    assert client_for(officer).get(url).status_code == 404
