"""Audit history: who changed what, old → new, per entry and per assessment; and as-of views."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.history import ChangeLog, _tracked_fields
from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    ProgressNote,
    Recommendation,
    ReportDetails,
)
from tests.assessments.test_entry_edit import (
    TWO_ACTIONS,
    TWO_EVIDENCE,
    form_data,
    good,
    url,
    with_rows,
)
from tests.conftest import make_assessment


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


def _recorded_changes(assessment):
    """The audit trail worked out the plain way: every historical row of the assessment,
    each paired with the row before it, rows that change nothing shown left out, newest
    first (ties kept in the order of models, objects and rows)."""
    entry_ids = list(assessment.entries.values_list("pk", flat=True))
    action_ids = Action.history.filter(assessment_id=assessment.pk).values("id")
    querysets = [
        (Assessment, Assessment.history.filter(id=assessment.pk)),
        (ReportDetails, ReportDetails.history.filter(assessment_id=assessment.pk)),
        (Entry, Entry.history.filter(assessment_id=assessment.pk)),
        (Evidence, Evidence.history.filter(entry_id__in=entry_ids)),
        (Action, Action.history.filter(assessment_id=assessment.pk)),
        (ProgressNote, ProgressNote.history.filter(action_id__in=action_ids)),
        (Recommendation, Recommendation.history.filter(assessment_id=assessment.pk)),
    ]
    changes = []
    for model, rows in querysets:
        fields = [f.attname for f in _tracked_fields(model)]
        previous = {}
        for row in rows.order_by("id", "history_date", "history_id"):
            before = previous.get(row.id)
            previous[row.id] = row
            differs = any(
                getattr(row, name) != (getattr(before, name) if before else None) for name in fields
            )
            if row.history_type == "~" and not differs:
                continue
            changes.append((row.history_date, model.__name__, row.history_id))
    changes.sort(key=lambda change: change[0], reverse=True)
    return changes


@pytest.fixture
def busy_history(officer, assessment, entry):
    """Saves, a save that changes nothing shown, deletions, a recommendation with an action
    and a progress note, and many changes recorded at the very same moment."""
    for number in range(30):
        entry.summary = f"Revision {number}."
        entry._history_user = officer
        entry.save()
    entry.version += 1  # the edit counter only: nothing a reader would call a change
    entry.save()
    for number in range(70):
        Evidence.objects.create(entry=entry, text=f"Evidence item {number}.", position=number)
    Evidence.objects.filter(text="Evidence item 3.").get().delete()
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="R1", text="Plan better."
    )
    action = Action.objects.create(
        assessment=assessment,
        recommendation=recommendation,
        description="Agree a workforce plan with the partners",
        timescale="Ongoing",
    )
    ProgressNote.objects.create(action=action, text="Draft shared.", author=officer)
    action.status = Action.Status.COMPLETE
    action.save()
    for item in Evidence.objects.filter(position__lt=10).order_by("-pk"):  # newest first
        item.text += " Revised."
        item.save()
    same_moment = timezone.now() - datetime.timedelta(days=1)
    Evidence.history.update(history_date=same_moment)
    Entry.history.filter(history_type="+").update(history_date=same_moment)
    return assessment


def test_history_lists_the_rows_that_change_something_in_the_plain_order(busy_history):
    log = ChangeLog(busy_history)
    names = [model.__name__ for model in log.models]
    listed = [(names[number], history_id) for number, history_id, _ in log.keys]

    expected = _recorded_changes(busy_history)
    assert listed == [(model, history_id) for _, model, history_id in expected]
    assert (
        "Entry",
        Entry.history.filter(history_type="~").latest("history_id").history_id,
    ) not in listed


def test_history_pages_split_the_changes_without_gaps_or_repeats(client_for, officer, busy_history):
    everything = [(c.when, c.what, c.kind, c.fields) for c in ChangeLog(busy_history)]
    assert len(everything) > 2 * 50

    pages, number = [], 1
    while True:
        response = client_for(officer).get(
            f"/assessments/{busy_history.pk}/history/", {"page": number}
        )
        page = response.context["page"]
        pages.extend((c.when, c.what, c.kind, c.fields) for c in page)
        if not page.has_next():
            break
        number += 1

    assert pages == everything
    assert f"{len(everything)} changes, page 1 of {number}" in (
        client_for(officer).get(f"/assessments/{busy_history.pk}/history/").content.decode()
    )


def test_history_pairs_each_change_with_the_row_before_it(busy_history):
    changes = ChangeLog(busy_history)[:]
    revisions = [c for c in changes if c.what == "Entry 1.2" and c.kind == "Changed"]
    assert [c.fields for c in revisions[:2]] == [
        [("Summary", "Revision 28.", "Revision 29.")],
        [("Summary", "Revision 27.", "Revision 28.")],
    ]
    deleted = [c for c in changes if c.kind == "Deleted"]
    assert [c.what for c in deleted] == ["Evidence for 1.2"] and deleted[0].fields == []


def test_a_progress_note_names_its_action_on_a_page_without_the_action(busy_history):
    note = next(c for c in ChangeLog(busy_history)[:] if c.what.startswith("Progress note"))
    assert note.what == "Progress note on the action: Agree a workforce plan with the partners"
    assert ("Text", "—", "Draft shared.") in note.fields


def test_history_of_an_assessment_without_entries_is_empty_but_for_its_creation(
    client_for, officer, demo_org, bv2020
):
    bare = make_assessment(demo_org, bv2020, [], officer, title="Bare")
    content = client_for(officer).get(f"/assessments/{bare.pk}/history/").content.decode()
    assert "1 change." in content and "Created: Assessment" in content


def test_each_change_is_printed_escaped_with_its_time_and_entry_link(
    client_for, officer, entry, assessment
):
    officer.first_name, officer.last_name = "Olive <b>", "O'Fficer"
    officer.save()
    save(client_for(officer), entry, progress="in_progress", summary='Tom & "Jerry" <script>x')
    change = Entry.history.filter(id=entry.pk).latest("history_date")
    moment = timezone.localtime(change.history_date)
    content = client_for(officer).get(f"/assessments/{assessment.pk}/history/").content.decode()
    assert "<script>x" not in content and "<b>" not in content
    assert "Tom &amp; " in content and "&lt;script&gt;x</td>" in content
    assert "Olive &lt;b&gt; O" in content
    assert f'<time datetime="{moment.isoformat()}">' in content
    assert f'<a href="/assessments/{assessment.pk}/entries/{entry.pk}/history/">' in content
    assert "history of this criterion</a>" in content
    entry_page = client_for(officer).get(
        f"/assessments/{assessment.pk}/entries/{entry.pk}/history/"
    )
    assert "history of this criterion" not in entry_page.content.decode()


def test_an_action_from_a_recommendation_is_named_by_it(busy_history):
    whats = {change.what for change in ChangeLog(busy_history)}
    assert (
        "Action for recommendation Best Value Audit 2019 R1: Agree a workforce plan with the partners"
        in whats
    )
