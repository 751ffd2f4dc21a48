"""One action: its details and dated progress notes."""

import datetime

import pytest
from django.utils import timezone

from assessments import workflow
from assessments.models import Action, ProgressNote


@pytest.fixture
def action(assessment):
    return Action.objects.create(
        assessment=assessment,
        entry=assessment.entries.get(criterion__ref="1.1"),
        description="Refresh the workforce plan",
        lead_officer="Head of HR",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )


def url(action):
    return f"/actions/{action.pk}/"


def test_it_shows_the_action_and_its_source(client_for, committee, action):
    response = client_for(committee).get(url(action))
    content = response.content.decode()
    assert "Refresh the workforce plan" in content
    assert "criterion 1.1" in content
    assert "Overdue" in content
    assert "Add a progress note" not in content


def test_officer_adds_a_note_and_moves_the_status(client_for, officer, action):
    data = {
        "date": "2024-05-01",
        "text": "Draft plan shared with staff side.",
        "new_status": "in_progress",
        "action_version": action.version,
    }
    response = client_for(officer).post(url(action), data, follow=True)
    assert "Progress note added." in response.content.decode()
    note = ProgressNote.objects.get()
    assert (note.date, note.author, note.text) == (
        datetime.date(2024, 5, 1),
        officer,
        "Draft plan shared with staff side.",
    )
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.history.first().history_user == officer
    assert "Draft plan shared with staff side." in response.content.decode()


def test_a_note_without_text_saves_nothing(client_for, officer, action):
    response = client_for(officer).post(
        url(action),
        {"date": "2024-05-01", "text": "", "new_status": "complete", "action_version": 1},
    )
    assert "This field is required" in response.content.decode()
    assert not ProgressNote.objects.exists()
    action.refresh_from_db()
    assert action.status == "not_started"


def test_notes_can_be_added_after_approval(client_for, officer, committee, action):
    workflow.submit(action.assessment, officer)
    workflow.approve(
        action.assessment,
        committee,
        meeting_date=datetime.date(2024, 6, 1),
        committee_name="IJB",
        minute_reference="7",
    )
    response = client_for(officer).post(
        url(action),
        {"date": "2024-07-01", "text": "Done.", "new_status": "complete", "action_version": 1},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "complete"


def test_committee_cannot_add_notes(client_for, committee, action):
    response = client_for(committee).post(url(action), {"date": "2024-05-01", "text": "x"})
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


def test_neighbour_cannot_see_the_action(client_for, neighbour, action):
    assert client_for(neighbour).get(url(action)).status_code == 404
