"""Start next year's assessment from this one: the page, the command and the service."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessments.carry_forward import CarryForwardError, carry_forward
from assessments.models import Action, Assessment, Evidence, Recommendation


def carry_url(assessment):
    return f"/assessments/{assessment.pk}/carry-forward/"


def start_next_year(client, assessment, **data):
    return client.post(carry_url(assessment), {"period": "2025/26", **data})


def new_year():
    return Assessment.objects.get(period="2025/26")


def test_the_form_offers_the_next_period_and_title(client_for, officer, last_year):
    content = client_for(officer).get(carry_url(last_year)).content.decode()
    assert 'value="2025/26"' in content
    assert 'value="Best Value Self-Assessment 2025/26"' in content


def test_it_keeps_framework_scope_and_scale_and_clears_ratings(client_for, officer, last_year):
    response = start_next_year(client_for(officer), last_year)
    new = new_year()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert new.title == "Best Value Self-Assessment 2025/26"
    assert (new.framework_id, new.scale_id, new.status) == (
        last_year.framework_id,
        last_year.scale_id,
        "draft",
    )
    assert sorted(new.entries.values_list("criterion__ref", flat=True)) == ["1.1", "1.2", "2.1"]
    assert not new.entries.filter(rating__isnull=False).exists()
    assert set(new.entries.values_list("progress", "summary")) == {("not_started", "")}
    assert new.carried_from == last_year


def test_evidence_is_copied_with_its_date_and_marked(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    copied = Evidence.objects.filter(entry__assessment=new_year()).order_by("pk")
    assert [(e.entry.criterion.ref, e.text, str(e.refers_to)) for e in copied] == [
        ("1.1", "Strategic Plan 2024-27 approved in March 2024.", "2024-03-26"),
        ("1.2", "Annual performance report.", "None"),
    ]
    assert all(item.needs_review and item.carried_from_id for item in copied)
    entry = copied[0].entry
    content = client_for(officer).get(entry.get_absolute_url()).content.decode()
    assert "carried forward from 2024/25, dated 26 March 2024" in content
    assert "not yet reviewed" in content


def test_open_actions_are_carried_and_linked_with_their_history(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    carried = Action.objects.filter(assessment=new_year()).order_by("description")
    assert [a.description for a in carried] == [
        "Refresh the engagement framework",
        "Report Best Value to the board annually",
    ]
    action = carried[0]
    original = action.carried_from
    assert original.assessment == last_year and original.status == action.status == "in_progress"
    assert (action.lead_officer, str(action.due_date)) == ("D Robertson", "2025-03-31")
    assert action.entry.assessment == new_year()
    content = client_for(officer).get(f"/actions/{action.pk}/").content.decode()
    assert f'href="/actions/{original.pk}/"' in content
    assert "Draft framework to the board in May." in content
    # The original keeps its notes and history, and points on to the new year.
    content = client_for(officer).get(f"/actions/{original.pk}/").content.decode()
    assert f'href="/actions/{action.pk}/"' in content
    assert original.history.count() >= 1 and action.history.first().history_user == officer


def test_complete_actions_are_not_carried_but_listed(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    new = new_year()
    assert not Action.objects.filter(assessment=new, status="complete").exists()
    assert not Action.objects.filter(
        assessment=new, description="Publish the annual performance report"
    ).exists()
    content = client_for(officer).get(new.get_absolute_url()).content.decode()
    assert "2 actions completed in 2024/25 (not carried)" in content
    assert "Publish the annual performance report" in content


def test_only_open_recommendations_are_carried(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    carried = Recommendation.objects.filter(assessment=new_year())
    assert [(r.ref, r.carried_from.ref) for r in carried] == [("R2", "R2")]
    assert carried[0].actions.get().description == "Report Best Value to the board annually"


def test_history_records_who_started_it_from_what(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    created = new_year().history.earliest()
    assert created.history_type == "+" and created.history_user == officer
    assert created.carried_from_id == last_year.pk
    assert created.history_change_reason == "Started from Best Value Self-Assessment 2024/25"
    carried_rows = Evidence.history.filter(carried_from__isnull=False)
    assert carried_rows.count() == 2
    assert {row.history_user_id for row in carried_rows} == {officer.pk}
    content = client_for(officer).get(new_year().get_absolute_url()).content.decode()
    assert "Started from" in content and "by Officer" in content


def test_entry_page_shows_last_years_rating_and_summary(client_for, officer, last_year):
    start_next_year(client_for(officer), last_year)
    entry = new_year().entries.get(criterion__ref="1.1")
    content = client_for(officer).get(entry.get_absolute_url()).content.decode()
    assert "Last year: Adequate" in content
    assert "Vision agreed with partners." in content


def test_a_criterion_no_longer_assessable_is_listed_not_dropped(client_for, officer, last_year):
    criterion = last_year.entries.get(criterion__ref="2.1").criterion
    criterion.assessable = False
    criterion.save()
    response = start_next_year(client_for(officer), last_year)
    assert "Not carried, no longer assessable in the framework: 2.1." in str(
        list(response.wsgi_request._messages)
    )
    content = client_for(officer).get(new_year().get_absolute_url()).content.decode()
    assert "no longer assessable in the framework: 2.1." in content
    assert not new_year().entries.filter(criterion__ref="2.1").exists()


def test_reviewing_carried_evidence(client_for, officer, last_year):
    client = client_for(officer)
    start_next_year(client, last_year)
    entry = new_year().entries.get(criterion__ref="1.1")
    client.post(f"/assessments/{new_year().pk}/entries/{entry.pk}/evidence-reviewed/")
    item = entry.evidence_items.get()
    assert not item.needs_review
    assert item.history.first().history_user == officer


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2023/24", "must come after 2024/25"),
        ("next year", "Write the period as a financial year"),
    ],
)
def test_a_bad_period_is_refused_and_nothing_is_created(
    client_for, officer, last_year, period, message
):
    response = client_for(officer).post(carry_url(last_year), {"period": period, "title": "X"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Assessment.objects.count() == 1


def test_a_second_start_of_the_same_year_is_refused(client_for, officer, last_year):
    client = client_for(officer)
    start_next_year(client, last_year)
    response = start_next_year(client, last_year, title="Again")
    assert "already has a 2025/26 assessment" in response.content.decode()
    assert Assessment.objects.count() == 2


def test_a_draft_cannot_be_carried_forward(officer, assessment):
    with pytest.raises(CarryForwardError, match="Only a submitted or approved"):
        carry_forward(assessment, period="2024/25", user=officer)
    assert Assessment.objects.count() == 1


def test_committee_cannot_and_neighbour_cannot_see(client_for, committee, neighbour, last_year):
    assert (
        client_for(committee).post(carry_url(last_year), {"period": "2025/26"}).status_code == 403
    )
    assert client_for(neighbour).get(carry_url(last_year)).status_code == 404
    assert Assessment.objects.count() == 1


def test_the_command_carries_forward(officer, last_year):
    out = io.StringIO()
    call_command(
        "carry_forward", str(last_year.pk), "--period", "2025/26", "--user", "officer", stdout=out
    )
    new = new_year()
    assert f"New assessment: {new.pk}." in out.getvalue()
    assert (
        "3 evidence item" not in out.getvalue() and "2 evidence items to review" in out.getvalue()
    )
    assert new.history.earliest().history_user == officer
    assert new.created_by == officer


def test_the_command_reports_errors_in_one_line(last_year):
    with pytest.raises(CommandError, match="There is no user 'nobody'"):
        call_command("carry_forward", str(last_year.pk), "--period", "2025/26", "--user", "nobody")
    with pytest.raises(CommandError, match="There is no assessment 999999"):
        call_command("carry_forward", "999999", "--period", "2025/26")
    with pytest.raises(CommandError, match="must come after"):
        call_command("carry_forward", str(last_year.pk), "--period", "2020/21")
    assert Assessment.objects.count() == 1
