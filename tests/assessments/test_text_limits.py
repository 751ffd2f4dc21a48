"""Limits that fit a committee paper (assessments.limits): each refusal says how much was typed."""

import pytest
from django.core.exceptions import ValidationError

from assessments.limits import MAX_TEXT
from assessments.models import Action, Entry, Evidence, Recommendation
from tests.assessments.test_entry_edit import form_data, url, with_rows

ACTION = {
    "description": "Refresh the engagement framework",
    "lead_officer": "",
    "due_date": "",
    "timescale": "Ongoing",
    "status": "not_started",
    "report_reference": "",
}


@pytest.fixture
def entry(assessment):
    return assessment.entries.get(criterion__ref="1.1")


def test_a_summary_over_the_limit_is_refused_saying_how_long_it_is(client_for, officer, entry):
    response = client_for(officer).post(url(entry), form_data(entry, summary="x" * (MAX_TEXT + 1)))
    assert response.status_code == 200
    assert "This text is 10,001 characters long; at most 10,000 are allowed." in (
        response.content.decode()
    )
    assert Entry.objects.get(pk=entry.pk).summary == ""


def test_text_at_the_limit_is_saved(client_for, officer, entry):
    data = with_rows(
        form_data(entry, summary="s" * MAX_TEXT), "evidence", [{"text": "e" * MAX_TEXT}]
    )
    client_for(officer).post(url(entry), data)
    assert len(Entry.objects.get(pk=entry.pk).summary) == MAX_TEXT
    assert len(Evidence.objects.get(entry=entry).text) == MAX_TEXT


def test_an_evidence_item_and_an_action_over_the_limit_are_refused(client_for, officer, entry):
    data = with_rows(form_data(entry), "evidence", [{"text": "e" * 12_345}])
    with_rows(data, "actions", [{**ACTION, "description": "a" * 10_500}])
    page = client_for(officer).post(url(entry), data).content.decode()
    assert "This text is 12,345 characters long" in page
    assert "This text is 10,500 characters long" in page
    assert not Evidence.objects.exists() and not Action.objects.exists()


def test_at_most_50_evidence_items_per_entry(client_for, officer, entry):
    rows = [{"text": f"Item {n}"} for n in range(51)]
    page = client_for(officer).post(url(entry), with_rows(form_data(entry), "evidence", rows))
    assert (
        "This entry has 51 evidence items; at most 50 are allowed. Remove 1 or combine some"
        in page.content.decode()
    )
    assert not Evidence.objects.exists()
    client_for(officer).post(url(entry), with_rows(form_data(entry), "evidence", rows[:50]))
    assert Evidence.objects.filter(entry=entry).count() == 50


def test_at_most_30_actions_per_entry(client_for, officer, entry):
    rows = [{**ACTION, "description": f"Action {n}"} for n in range(31)]
    page = client_for(officer).post(url(entry), with_rows(form_data(entry), "actions", rows))
    assert "This entry has 31 actions; at most 30 are allowed." in page.content.decode()
    assert not Action.objects.exists()


def test_a_recommendation_over_the_limit_is_refused(client_for, officer, assessment):
    response = client_for(officer).post(
        f"/assessments/{assessment.pk}/recommendations/new/",
        {
            "source": "Best Value Audit 2019",
            "ref": "R1",
            "text": "r" * 20_000,
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
            "actions-MIN_NUM_FORMS": 0,
            "actions-MAX_NUM_FORMS": 1000,
        },
    )
    assert "This text is 20,000 characters long" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_a_title_over_its_field_length_says_how_long_it_is(client_for, officer, demo_org, bv2020):
    response = client_for(officer).post(
        f"/organisations/{demo_org.slug}/assessments/new/?framework=bv2020",
        {"title": "T" * 250, "period": "2024/25", "scope": "all"},
    )
    assert "Ensure this value has at most 200 characters (it has 250)." in (
        response.content.decode()
    )


def test_the_models_enforce_the_limits_for_imports_and_scripts(entry):
    with pytest.raises(ValidationError, match="10,001 characters long"):
        Evidence(entry=entry, text="x" * 10_001).full_clean()
    Evidence.objects.bulk_create([Evidence(entry=entry, text=f"{n}") for n in range(50)])
    with pytest.raises(ValidationError, match="has 51 evidence items; at most 50"):
        Evidence(entry=entry, text="one more").full_clean()
