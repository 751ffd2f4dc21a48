"""Audit history: who changed what, old → new, per entry and per assessment; and as-of views."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Assessment, Entry, Evidence
from tests.assessments.test_entry_edit import (
    TWO_ACTIONS,
    TWO_EVIDENCE,
    form_data,
    good,
    url,
    with_rows,
)


@pytest.fixture
def entry(assessment):
    return assessment.entries.select_related("criterion").get(criterion__ref="1.2")


def save(client, entry, **fields):
    entry.refresh_from_db()
    return client.post(url(entry), form_data(entry, **fields), follow=True)


def backdate_history(days):
    """Move every change recorded so far ``days`` into the past."""
    moment = timezone.now() - datetime.timedelta(days=days)
    for model in (Entry, Evidence, Action):
        model.history.update(history_date=moment)
    Assessment.history.update(history_date=moment - datetime.timedelta(minutes=1))


def test_entry_history_names_the_user_the_field_and_old_and_new_values(
    client_for, officer, org_admin, entry
):
    officer.first_name, officer.last_name = "Olive", "Officer"
    officer.save()
    save(client_for(officer), entry, progress="in_progress", summary="First draft of the summary.")
    save(
        client_for(org_admin),
        entry,
        progress="in_progress",
        summary="Agreed summary.",
        rating=good("Good"),
    )

    response = client_for(officer).get(f"{url(entry)}history/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Olive Officer" in content and "Orgadmin" in content
    assert "Changed: Entry 1.2" in content
    assert "First draft of the summary." in content and "Agreed summary." in content
    assert content.index("Orgadmin,") < content.index("Olive Officer,")  # newest first
    assert "Not rated" not in content
    assert "Good" in content
    assert "In progress" in content  # choices shown by label, not stored value


def test_entry_history_lists_evidence_and_actions_added_and_removed(client_for, officer, entry):
    data = form_data(entry, progress="in_progress")
    with_rows(data, "evidence", TWO_EVIDENCE)
    with_rows(data, "actions", TWO_ACTIONS)
    client_for(officer).post(url(entry), data)
    evidence = entry.evidence_items.first()
    evidence._history_user = officer
    evidence.delete()

    content = client_for(officer).get(f"{url(entry)}history/").content.decode()
    assert "Created: Evidence for 1.2" in content
    assert "Deleted: Evidence for 1.2" in content
    assert "Created: Action for 1.2: An updated Coproduction and Engagement Framework" in content
    assert "D Robertson / J Craig" in content
    assert "30 September 2024" in content


def test_assessment_history_covers_every_entry_and_the_workflow(
    client_for, officer, committee, assessment, entry
):
    save(client_for(officer), entry, summary="Vision agreed.")
    client_for(officer).post(f"/assessments/{assessment.pk}/submit/", {"confirm": "yes"})

    content = client_for(committee).get(f"/assessments/{assessment.pk}/history/").content.decode()
    assert "Vision agreed." in content
    assert "Changed: Assessment" in content
    assert "Submitted" in content
    assert f"/assessments/{assessment.pk}/entries/{entry.pk}/history/" in content


def test_assessment_history_is_paginated(client_for, officer, entry, assessment):
    for number in range(60):
        save(client_for(officer), entry, summary=f"Revision {number}.")
    first = client_for(officer).get(f"/assessments/{assessment.pk}/history/").content.decode()
    second = (
        client_for(officer).get(f"/assessments/{assessment.pk}/history/?page=2").content.decode()
    )
    assert "Revision 59." in first and "Revision 0." not in first
    assert "Revision 0." in second
    assert "page 1 of 2" in first


def test_history_query_count_does_not_grow_with_the_number_of_changes(
    client_for, officer, entry, assessment
):
    client = client_for(officer)
    save(client, entry, summary="One.")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/assessments/{assessment.pk}/history/").status_code == 200
        return len(context)

    few = queries()
    for number in range(20):
        save(client, entry, summary=f"Revision {number}.")
    assert queries() == few


def test_as_of_shows_the_values_before_a_later_edit(client_for, officer, entry, assessment):
    data = form_data(entry, progress="in_progress", summary="What we said last week.")
    with_rows(data, "evidence", TWO_EVIDENCE[:1])
    client_for(officer).post(url(entry), data)
    backdate_history(days=7)
    save(client_for(officer), entry, progress="complete", summary="What we say now.")
    entry.evidence_items.update(text="Rewritten evidence.")  # no history: not shown in the past

    last_week = timezone.localdate() - datetime.timedelta(days=5)
    response = client_for(officer).get(
        f"/assessments/{assessment.pk}/as-of/", {"date": last_week.isoformat()}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "What we said last week." in content
    assert "What we say now." not in content
    assert TWO_EVIDENCE[0]["text"] in content

    today = (
        client_for(officer)
        .get(f"/assessments/{assessment.pk}/as-of/", {"date": timezone.localdate().isoformat()})
        .content.decode()
    )
    assert "What we say now." in today


def test_as_of_refuses_dates_before_the_assessment_and_in_the_future(
    client_for, officer, assessment
):
    client = client_for(officer)
    before = client.get(f"/assessments/{assessment.pk}/as-of/", {"date": "2001-01-01"})
    assert before.status_code == 200
    assert "The assessment had not been created by then." in before.content.decode()
    future = timezone.localdate() + datetime.timedelta(days=3)
    response = client.get(f"/assessments/{assessment.pk}/as-of/", {"date": future.isoformat()})
    assert "Choose today or an earlier date." in response.content.decode()
    nonsense = client.get(f"/assessments/{assessment.pk}/as-of/", {"date": "not-a-date"})
    assert nonsense.status_code == 200
    assert "Enter a valid date." in nonsense.content.decode()
