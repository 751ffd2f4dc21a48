"""No silent overwrite: a form opened before someone else's save is refused.

Each test opens a form (its data as the browser would send it back), lets a
colleague change the record, then saves the old form and checks that the
colleague's change is still in the database and the conflict was shown.
"""

import pytest

from assessments.models import Action, Recommendation, ReportDetails
from tests.assessments.test_entry_edit import form_data, url, with_rows


def action_row(action, **overrides):
    row = {
        "id": action.pk,
        "description": action.description,
        "lead_officer": action.lead_officer,
        "owner": "",
        "due_date": action.due_date.isoformat() if action.due_date else "",
        "timescale": action.timescale,
        "status": action.status,
        "report_reference": action.report_reference,
    }
    row.update(overrides)
    return row


def opened_entry_form(entry, **overrides):
    """The entry form as the browser holds it: the entry and its one action."""
    data = form_data(entry, **overrides)
    actions = list(entry.actions.all())
    data = with_rows(data, "actions", [action_row(action) for action in actions])
    data["actions-INITIAL_FORMS"] = len(actions)
    return data


def add_note(client, action, version, status):
    return client.post(
        f"/actions/{action.pk}/",
        {
            "date": "2024-05-01",
            "text": "Progress.",
            "new_status": status,
            "action_version": version,
        },
        follow=True,
    )


@pytest.fixture
def entry_action(assessment):
    entry = assessment.entries.order_by("criterion__position").first()
    return Action.objects.create(
        assessment=assessment, entry=entry, description="Publish the plan", timescale="Ongoing"
    )


def test_a_stale_entry_form_does_not_undo_a_status_set_by_a_progress_note(
    client_for, officer, org_admin, entry_action
):
    entry = entry_action.entry
    opened = opened_entry_form(entry, summary="Typed while a colleague added a note")
    add_note(client_for(org_admin), entry_action, entry_action.version, "complete")

    response = client_for(officer).post(url(entry), opened)

    assert response.status_code == 409
    assert "saved this entry since you opened it" in response.content.decode()
    assert "Typed while a colleague added a note" in response.content.decode()
    entry_action.refresh_from_db()
    assert entry_action.status == Action.Status.COMPLETE
    entry.refresh_from_db()
    assert entry.summary == ""


def test_a_stale_recommendation_form_does_not_undo_a_status_set_by_a_progress_note(
    client_for, officer, org_admin, assessment
):
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="1", text="Agree a timetable"
    )
    action = Action.objects.create(
        assessment=assessment,
        recommendation=recommendation,
        description="Agree it",
        timescale="TBC",
    )
    opened = recommendation_form(recommendation, [action_row(action)])
    add_note(client_for(org_admin), action, action.version, "complete")

    edit_url = f"/assessments/{assessment.pk}/recommendations/{recommendation.pk}/"
    response = client_for(officer).post(edit_url, opened)

    assert response.status_code == 409
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETE


def recommendation_form(recommendation, action_rows, **overrides):
    data = {
        "source": recommendation.source,
        "ref": recommendation.ref,
        "text": recommendation.text,
        "version": recommendation.version,
        "actions-TOTAL_FORMS": len(action_rows),
        "actions-INITIAL_FORMS": len(action_rows),
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(action_rows):
        for name, value in row.items():
            data[f"actions-{index}-{name}"] = value
    data.update(overrides)
    return data


def test_two_officers_saving_one_recommendation_are_not_both_told_saved(
    client_for, officer, org_admin, assessment
):
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="1", text="Original"
    )
    edit_url = f"/assessments/{assessment.pk}/recommendations/{recommendation.pk}/"
    first = recommendation_form(recommendation, [], text="First officer's wording")
    second = recommendation_form(recommendation, [], text="Second officer's wording")

    assert client_for(officer).post(edit_url, first).status_code == 302
    response = client_for(org_admin).post(edit_url, second)

    assert response.status_code == 409
    content = response.content.decode()
    assert "First officer&#x27;s wording" in content  # what is saved now, in the panel
    assert "Second officer&#x27;s wording" in content  # what was typed, still in the form
    recommendation.refresh_from_db()
    assert recommendation.text == "First officer's wording"
    # Saving the resumed form again is a deliberate choice, and succeeds.
    resumed = recommendation_form(recommendation, [], text="Second officer's wording")
    assert client_for(org_admin).post(edit_url, resumed).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Second officer's wording"


def test_a_stale_cover_form_is_refused(client_for, officer, org_admin, assessment):
    details_url = f"/assessments/{assessment.pk}/report/details/"
    client_for(officer).post(details_url, {"agenda_item": "13", "version": 0})
    opened_version = ReportDetails.objects.get(assessment=assessment).version
    client_for(officer).post(details_url, {"agenda_item": "14", "version": opened_version})

    response = client_for(org_admin).post(
        details_url, {"agenda_item": "15", "version": opened_version}
    )

    assert response.status_code == 409
    assert ReportDetails.objects.get(assessment=assessment).agenda_item == "14"


def test_two_first_cover_saves_do_not_overwrite_each_other(
    client_for, officer, org_admin, assessment
):
    details_url = f"/assessments/{assessment.pk}/report/details/"
    client_for(officer).post(details_url, {"agenda_item": "13", "version": 0})
    response = client_for(org_admin).post(details_url, {"agenda_item": "99", "version": 0})
    assert response.status_code == 409
    assert ReportDetails.objects.get(assessment=assessment).agenda_item == "13"


def test_a_progress_note_on_a_stale_page_does_not_change_the_status(
    client_for, officer, org_admin, entry_action
):
    opened_version = entry_action.version
    add_note(client_for(org_admin), entry_action, opened_version, "complete")

    response = add_note(client_for(officer), entry_action, opened_version, "in_progress")

    assert "someone changed this action since you opened the page" in response.content.decode()
    entry_action.refresh_from_db()
    assert entry_action.status == Action.Status.COMPLETE
    assert entry_action.progress_notes.count() == 1
