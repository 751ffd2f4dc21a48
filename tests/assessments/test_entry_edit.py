"""The entry page: evidence, actions and a rating per criterion, saved as one."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import workflow
from assessments.models import Action, Entry, Evidence
from frameworks.models import RatingLevel
from tests.conftest import make_assessment


def url(entry):
    return f"/assessments/{entry.assessment_id}/entries/{entry.pk}/"


def form_data(entry, **overrides):
    """The form as the browser would send it, with no rows and the entry's values."""
    data = {
        "version": entry.version,
        "progress": entry.progress,
        "rating": entry.rating_id or "",
        "summary": entry.summary,
        "evidence-TOTAL_FORMS": 0,
        "evidence-INITIAL_FORMS": 0,
        "evidence-MIN_NUM_FORMS": 0,
        "evidence-MAX_NUM_FORMS": 1000,
        "actions-TOTAL_FORMS": 0,
        "actions-INITIAL_FORMS": 0,
        "actions-MIN_NUM_FORMS": 0,
        "actions-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


def with_rows(data, prefix, rows):
    data[f"{prefix}-TOTAL_FORMS"] = len(rows)
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def good(level_label):
    return RatingLevel.objects.get(scale__slug="ci-six-point", label=level_label).pk


TWO_EVIDENCE = [
    {"text": "Strategic Plan 2023-26 approved by the IJB in March 2023.", "link": ""},
    {"text": "Annual performance report published.", "link": "https://example.org/apr"},
]
TWO_ACTIONS = [
    {
        "description": "An updated Coproduction and Engagement Framework will be approved",
        "lead_officer": "D Robertson / J Craig",
        "due_date": "2024-09-30",
        "timescale": "",
        "status": "in_progress",
        "report_reference": "112 – 116",
    },
    {
        "description": "Report progress to every IJB meeting",
        "lead_officer": "Chief Officer",
        "due_date": "",
        "timescale": "Ongoing",
        "status": "not_started",
        "report_reference": "",
    },
]


@pytest.fixture
def entry(assessment):
    return assessment.entries.select_related("criterion").get(criterion__ref="1.2")


def test_it_shows_the_criterion_and_the_level_descriptions(client_for, officer, entry):
    response = client_for(officer).get(url(entry))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Members set strategic priorities" in content
    assert "Theme 1 – Vision and Leadership" in content
    assert "Strengths just outweigh weaknesses" in content
    assert 'name="evidence-TOTAL_FORMS"' in content
    assert "Next: 2.1" in content and "Previous: 1.1" in content


def test_it_saves_evidence_and_actions(client_for, officer, entry):
    data = form_data(entry, progress="in_progress", rating=good("Good"), summary="Clear vision.")
    with_rows(data, "evidence", TWO_EVIDENCE)
    with_rows(data, "actions", TWO_ACTIONS)
    response = client_for(officer).post(url(entry), data, follow=True)
    assert response.redirect_chain[-1][0] == url(entry)
    assert "Saved 1.2." in response.content.decode()
    entry.refresh_from_db()
    assert entry.rating.label == "Good"
    assert entry.summary == "Clear vision."
    assert entry.version == 2
    assert list(entry.evidence_items.values_list("text", flat=True)) == [
        row["text"] for row in TWO_EVIDENCE
    ]
    dated, ongoing = entry.actions.order_by("position")
    assert dated.due_date == datetime.date(2024, 9, 30)
    assert dated.lead_officer == "D Robertson / J Craig"
    assert dated.assessment_id == entry.assessment_id
    assert ongoing.due_date is None and ongoing.timescale == "Ongoing"


def test_history_rows_carry_the_user_and_the_change(client_for, officer, entry):
    data = form_data(entry, summary="First summary.")
    client_for(officer).post(url(entry), data)
    record = entry.history.first()
    assert record.history_user == officer
    assert record.summary == "First summary."
    assert record.history_type == "~"
    change = record.diff_against(record.prev_record)
    assert [c.field for c in change.changes] == ["summary"]


def test_unchanged_form_saves_nothing(client_for, officer, entry):
    history_before = entry.history.count()
    response = client_for(officer).post(url(entry), form_data(entry), follow=True)
    assert "Nothing had changed" in response.content.decode()
    entry.refresh_from_db()
    assert entry.version == 1
    assert entry.history.count() == history_before


@pytest.mark.parametrize(
    "bad_rows, message",
    [
        ({"actions": [{**TWO_ACTIONS[0], "due_date": "31/02/2024"}]}, "Enter a valid date"),
        ({"actions": [{**TWO_ACTIONS[0], "description": ""}]}, "This field is required"),
        (
            {"actions": [{**TWO_ACTIONS[1], "timescale": ""}]},
            "Give a due date, or a timescale",
        ),
        ({"evidence": [{"text": "Report", "link": "javascript:alert(1)"}]}, "Enter a valid URL"),
    ],
)
def test_an_invalid_row_saves_nothing_at_all(client_for, officer, entry, bad_rows, message):
    data = form_data(entry, summary="Would be saved if all were valid.")
    with_rows(data, "evidence", bad_rows.get("evidence", TWO_EVIDENCE))
    with_rows(data, "actions", bad_rows.get("actions", TWO_ACTIONS))
    response = client_for(officer).post(url(entry), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert "Nothing was saved" in content
    assert "Would be saved if all were valid." in content  # what was typed is shown back
    entry.refresh_from_db()
    assert entry.summary == "" and entry.version == 1
    assert not Evidence.objects.filter(entry=entry).exists()
    assert not Action.objects.filter(entry=entry).exists()


def test_an_unknown_rating_saves_nothing(client_for, officer, entry):
    msg_level = RatingLevel.objects.get(scale__slug="msg-four-level", value=4)
    response = client_for(officer).post(url(entry), form_data(entry, rating=msg_level.pk))
    assert "Select a valid choice" in response.content.decode()
    entry.refresh_from_db()
    assert entry.rating is None


def test_it_refuses_a_stale_form_and_keeps_what_was_typed(client_for, officer, org_admin, entry):
    first, second = client_for(officer), client_for(org_admin)
    stale = form_data(entry)  # both opened the page at version 1
    first.post(url(entry), {**stale, "summary": "Saved first by the officer."})

    typed = with_rows({**stale, "summary": "Typed by the admin."}, "evidence", TWO_EVIDENCE[:1])
    response = second.post(url(entry), typed)

    assert response.status_code == 409
    content = response.content.decode()
    assert "saved this entry since you opened it" in content
    assert "Saved first by the officer." in content  # the current values
    assert "Typed by the admin." in content  # what they typed, still in the form
    assert TWO_EVIDENCE[0]["text"] in content
    assert 'name="version" value="2"' in content  # a deliberate re-save replaces version 2
    entry.refresh_from_db()
    assert entry.summary == "Saved first by the officer."
    assert not entry.evidence_items.exists()


def test_saving_again_after_a_conflict_replaces_the_other_version(
    client_for, officer, org_admin, entry
):
    stale = form_data(entry)
    client_for(officer).post(url(entry), {**stale, "summary": "Officer's text."})
    client_for(org_admin).post(url(entry), {**stale, "summary": "Admin's text."})
    response = client_for(org_admin).post(
        url(entry), {**stale, "version": 2, "summary": "Admin's text."}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Admin's text." and entry.version == 3


def test_it_edits_and_removes_existing_rows(client_for, officer, entry):
    client = client_for(officer)
    data = with_rows(form_data(entry), "evidence", TWO_EVIDENCE)
    client.post(url(entry), data)
    entry.refresh_from_db()
    first, second = entry.evidence_items.order_by("position")
    data = form_data(entry)
    data = with_rows(
        data,
        "evidence",
        [
            {"id": first.pk, "text": "Edited evidence.", "link": ""},
            {"id": second.pk, "text": second.text, "link": second.link, "DELETE": "on"},
        ],
    )
    data["evidence-INITIAL_FORMS"] = 2
    assert client.post(url(entry), data).status_code == 302
    assert list(entry.evidence_items.values_list("text", flat=True)) == ["Edited evidence."]
    deleted = Evidence.history.filter(id=second.pk, history_type="-").get()
    assert deleted.history_user == officer


def test_committee_reads_but_cannot_save(client_for, committee, entry):
    client = client_for(committee)
    response = client.get(url(entry))
    assert response.status_code == 200
    assert 'name="summary"' not in response.content.decode()
    assert client.post(url(entry), form_data(entry, summary="x")).status_code == 403


def test_editing_an_approved_assessment_is_refused_with_a_message(
    client_for, officer, committee, entry
):
    assessment = entry.assessment
    workflow.submit(assessment, officer)
    workflow.approve(
        assessment,
        committee,
        meeting_date=datetime.date(2024, 6, 1),
        committee_name="Audit and Risk Committee",
        minute_reference="7",
    )
    response = client_for(officer).post(url(entry), form_data(entry, summary="Too late."))
    assert response.status_code == 409
    content = response.content.decode()
    assert "Not saved: This assessment is approved and cannot be changed" in content
    assert "Too late." in content
    entry.refresh_from_db()
    assert entry.summary == ""


def test_it_hides_other_organisations(client_for, neighbour, entry):
    client = client_for(neighbour)
    assert client.get(url(entry)).status_code == 404
    assert client.post(url(entry), form_data(entry, summary="x")).status_code == 404


def test_entry_of_another_assessment_is_not_found_under_this_one(
    client_for, officer, entry, neighbour_assessment
):
    other = neighbour_assessment.entries.first()
    response = client_for(officer).get(f"/assessments/{entry.assessment_id}/entries/{other.pk}/")
    assert response.status_code == 404


def test_page_query_count_does_not_grow_with_rows(client_for, officer, demo_org, bv2020):
    def queries_for(rows):
        assessment = make_assessment(demo_org, bv2020, ["1.1", "1.2"], officer, title=f"T{rows}")
        entry = assessment.entries.get(criterion__ref="1.2")
        for index in range(rows):
            Evidence.objects.create(entry=entry, text=f"Evidence {index}", position=index)
            Action.objects.create(
                assessment=assessment, entry=entry, description=f"Do {index}", timescale="TBC"
            )
        client = client_for(officer)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url(entry)).status_code == 200
        return len(context.captured_queries)

    assert queries_for(20) == queries_for(2)


def test_entry_creation_writes_history_with_the_creator(assessment, officer):
    entry = Entry.objects.filter(assessment=assessment).first()
    assert entry.history.get().history_user == officer


def with_saved_rows(entry, rows):
    for index in range(rows):
        Evidence.objects.create(entry=entry, text=f"Evidence {index}", position=index)
        Action.objects.create(
            assessment=entry.assessment, entry=entry, description=f"Do {index}", timescale="TBC"
        )
    return entry


def test_the_page_reads_thirteen_queries(
    client_for, officer, entry, demo_org, bv2020, django_assert_num_queries
):
    # Session, user, assessment, roles, entry, levels, members, neighbours, descriptors, last
    # year's assessment and entry, evidence and actions: carried evidence is among the evidence.
    make_assessment(demo_org, bv2020, ["1.2"], officer, title="Last year", period="2022/23")
    client = client_for(officer)
    with_saved_rows(entry, 3)
    with django_assert_num_queries(13):
        assert "Last year: not rated" in client.get(url(entry)).content.decode()


def saved_form_data(entry):
    """The form as the browser sends back the page of ``entry``, unchanged."""
    data = form_data(entry)
    evidence = list(entry.evidence_items.order_by("position", "pk"))
    actions = list(entry.actions.order_by("position", "pk"))
    rows = [{"id": item.pk, "text": item.text, "link": ""} for item in evidence]
    with_rows(data, "evidence", rows)
    data["evidence-INITIAL_FORMS"] = len(rows)
    rows = [
        {"id": a.pk, "description": a.description, "timescale": a.timescale, "status": a.status}
        for a in actions
    ]
    with_rows(data, "actions", rows)
    data["actions-INITIAL_FORMS"] = len(rows)
    return data


def test_a_save_queries_no_more_with_more_rows(client_for, officer, demo_org, bv2020):
    def queries_for(rows):
        assessment = make_assessment(demo_org, bv2020, ["1.1", "1.2"], officer, title=f"T{rows}")
        entry = with_saved_rows(assessment.entries.get(criterion__ref="1.2"), rows)
        data = {**saved_form_data(entry), "summary": "Changed."}
        client = client_for(officer)
        with CaptureQueriesContext(connection) as context:
            assert client.post(url(entry), data).status_code == 302
        entry.refresh_from_db()
        assert entry.summary == "Changed." and entry.evidence_items.count() == rows
        return len(context.captured_queries)

    assert queries_for(20) == queries_for(2)


def test_a_row_id_of_another_entry_leaves_that_row_alone(client_for, officer, entry):
    other = with_saved_rows(entry.assessment.entries.get(criterion__ref="1.1"), 1)
    foreign = other.evidence_items.get()
    data = saved_form_data(entry)
    with_rows(data, "evidence", [{"id": foreign.pk, "text": "Taken over.", "link": ""}])
    data["evidence-INITIAL_FORMS"] = 1
    assert client_for(officer).post(url(entry), data).status_code == 302
    foreign.refresh_from_db()
    assert foreign.text == "Evidence 0" and foreign.entry_id == other.pk
    assert [item.text for item in entry.evidence_items.all()] == ["Taken over."]


def test_a_row_deleted_meanwhile_is_not_saved_again(client_for, officer, entry):
    with_saved_rows(entry, 1)
    data = saved_form_data(entry)
    entry.evidence_items.all().delete()
    response = client_for(officer).post(url(entry), {**data, "summary": "Changed."})
    assert response.status_code == 200
    assert "Please correct the 1 error below." in response.content.decode()
    assert not entry.evidence_items.exists()


def test_the_carried_evidence_panel_shows_what_is_saved_beside_what_was_typed(
    client_for, officer, entry
):
    source = with_saved_rows(entry.assessment.entries.get(criterion__ref="1.1"), 1)
    carried = Evidence.objects.create(
        entry=entry,
        text="Carried text.",
        carried_from=source.evidence_items.get(),
        needs_review=True,
    )
    client = client_for(officer)
    page = client.get(url(entry)).content.decode()
    assert "Evidence carried forward" in page and "Carried text. </span>" not in page
    assert '<span class="criterion-text">Carried text.</span>' in page
    data = saved_form_data(entry)
    data["evidence-0-text"] = "Typed text."
    data["actions-TOTAL_FORMS"] = 1
    data["actions-0-description"] = "No date given"  # invalid: the page is shown again
    response = client.post(url(entry), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="criterion-text">Carried text.</span>' in page
    assert "Typed text.</textarea>" in page
    carried.refresh_from_db()
    assert carried.text == "Carried text."


def test_an_entry_rated_before_its_assessment_lost_its_scale_still_saves(
    client_for, officer, entry
):
    """The form of an unrated assessment has no rating: the rating it does not show is left
    as it was, and the rest is saved (it was a server error)."""
    Entry.objects.filter(pk=entry.pk).update(rating=good("Good"))
    type(entry.assessment).objects.filter(pk=entry.assessment_id).update(scale=None)
    entry.refresh_from_db()
    data = form_data(entry, summary="Saved without a scale.")
    del data["rating"]
    response = client_for(officer).post(url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.summary == "Saved without a scale."
    assert entry.rating_id == good("Good")
