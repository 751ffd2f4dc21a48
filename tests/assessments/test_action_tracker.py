"""The action tracker: every action of an organisation, filtered, sorted and paged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Recommendation

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def actions(assessment, officer):
    entry_11 = assessment.entries.get(criterion__ref="1.1")
    entry_21 = assessment.entries.get(criterion__ref="2.1")
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="4", text="Improve reporting."
    )

    def add(description, **fields):
        return Action.objects.create(assessment=assessment, description=description, **fields)

    return {
        "late": add("Late plan", entry=entry_11, due_date=days(-5), lead_officer="D Robertson"),
        "soon": add(
            "Soon review",
            entry=entry_21,
            due_date=days(10),
            lead_officer="J Craig",
            status=Action.Status.IN_PROGRESS,
        ),
        "done": add(
            "Done audit",
            entry=entry_11,
            due_date=days(-30),
            status=Action.Status.COMPLETE,
            lead_officer="Chief Finance Officer",
        ),
        "ongoing": add(
            "Ongoing reporting",
            recommendation=recommendation,
            timescale="Ongoing",
            lead_officer="D Robertson / J Craig",
        ),
    }


def shown(client, **params):
    response = client.get("/organisations/demo-ijb/actions/", params)
    assert response.status_code == 200
    return [action.description for action in response.context["page"]]


def test_it_lists_actions_from_entries_and_recommendations(client_for, officer, actions):
    assert shown(client_for(officer)) == [
        "Done audit",
        "Late plan",
        "Soon review",
        "Ongoing reporting",
    ]


def test_filters_narrow_the_list(client_for, committee, actions, assessment):
    client = client_for(committee)
    assert shown(client, status="in_progress") == ["Soon review"]
    assert shown(client, lead="robertson") == ["Late plan", "Ongoing reporting"]
    assert shown(client, due_from=str(days(0)), due_to=str(days(20))) == ["Soon review"]
    assert shown(client, theme="rec") == ["Ongoing reporting"]
    theme_2 = assessment.entries.get(criterion__ref="2.1").criterion.theme_id
    assert shown(client, theme=theme_2) == ["Soon review"]
    assert shown(client, overdue="on") == ["Late plan"]
    assert shown(client, assessment=assessment.pk, status="complete") == ["Done audit"]


def test_it_sorts(client_for, officer, actions):
    client = client_for(officer)
    assert shown(client, sort="lead") == [
        "Done audit",
        "Late plan",
        "Ongoing reporting",
        "Soon review",
    ]
    assert shown(client, sort="status")[0] == "Done audit"


def test_overdue_actions_stand_out_in_words(client_for, officer, actions):
    content = client_for(officer).get("/organisations/demo-ijb/actions/").content.decode()
    assert content.count(">Overdue</span>") == 1
    assert 'class="table-danger"' in content


def test_timescale_shows_when_there_is_no_date(client_for, officer, actions):
    content = client_for(officer).get("/organisations/demo-ijb/actions/").content.decode()
    assert "Ongoing" in content


def test_bad_filter_input_shows_the_error_and_everything(client_for, officer, actions):
    client = client_for(officer)
    response = client.get("/organisations/demo-ijb/actions/", {"due_from": "31/02/2024"})
    assert "Enter a valid date" in response.content.decode()
    assert len(response.context["page"]) == 4
    reversed_range = {"due_from": str(days(5)), "due_to": str(days(-5))}
    assert (
        "before its start"
        in client.get("/organisations/demo-ijb/actions/", reversed_range).content.decode()
    )


def test_it_pages_long_lists(client_for, officer, assessment):
    entry = assessment.entries.first()
    Action.objects.bulk_create(
        Action(assessment=assessment, entry=entry, description=f"Action {n}", timescale="TBC")
        for n in range(60)
    )
    client = client_for(officer)
    first = client.get("/organisations/demo-ijb/actions/", {"lead": ""})
    assert len(first.context["page"]) == 50
    second = client.get("/organisations/demo-ijb/actions/", {"page": 2, "lead": ""})
    assert len(second.context["page"]) == 10
    assert "lead=&amp;page=2" in first.content.decode()


def test_neighbours_actions_never_appear(client_for, neighbour, actions, neighbour_assessment):
    own = Action.objects.create(
        assessment=neighbour_assessment,
        entry=neighbour_assessment.entries.first(),
        description="Neighbour's own action",
        timescale="TBC",
    )
    client = client_for(neighbour)
    assert client.get("/organisations/demo-ijb/actions/").status_code == 404
    response = client.get("/organisations/neighbour-ijb/actions/")
    assert [action.pk for action in response.context["page"]] == [own.pk]


def test_query_count_does_not_grow_with_actions(client_for, officer, assessment):
    entry = assessment.entries.first()
    client = client_for(officer)

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get("/organisations/demo-ijb/actions/")
        return len(context.captured_queries)

    Action.objects.create(assessment=assessment, entry=entry, description="One", timescale="TBC")
    few = queries()
    Action.objects.bulk_create(
        Action(assessment=assessment, entry=entry, description=f"More {n}", timescale="TBC")
        for n in range(45)
    )
    assert queries() == few


AWKWARD = 'Tom & Jerry\'s "plan" <script>alert(1)</script>'


def test_each_row_prints_its_action_escaped(client_for, officer, assessment):
    officer.first_name, officer.last_name = "Dee <b>", "O'Neil"
    officer.save()
    entry = assessment.entries.get(criterion__ref="1.1")
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Audit <2019>", ref="R&1", text="Improve."
    )
    from_entry = Action.objects.create(
        assessment=assessment,
        entry=entry,
        description=AWKWARD,
        lead_officer="D <Robertson>",
        owner=officer,
        due_date=datetime.date(2020, 3, 31),
    )
    from_recommendation = Action.objects.create(
        assessment=assessment, recommendation=recommendation, description="Report", timescale=""
    )
    content = client_for(officer).get("/organisations/demo-ijb/actions/").content.decode()
    assert "<script>alert" not in content and "<b>" not in content
    assert f'<a href="/actions/{from_entry.pk}/">Tom &amp; Jerry' in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</a>" in content
    assert "<td>D &lt;Robertson&gt;</td>" in content
    assert "<td>Dee &lt;b&gt; O" in content
    assert '1.1 <span class="small text-body-secondary">' + entry.criterion.theme.title in content
    assert "<td>31 March 2020\n" in content
    assert f'<a href="/actions/{from_recommendation.pk}/">Report</a>' in content
    assert "Audit &lt;2019&gt; R&amp;1" in content
    assert "<td>—\n" in content  # neither date nor timescale


def test_owners_and_recommendations_cost_no_query_per_row(client_for, officer, assessment):
    entry = assessment.entries.first()
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Audit", ref="1", text="Improve."
    )
    client = client_for(officer)

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get("/organisations/demo-ijb/actions/")
        return len(context.captured_queries)

    Action.objects.create(assessment=assessment, entry=entry, description="One", owner=officer)
    few = queries()
    Action.objects.bulk_create(
        Action(
            assessment=assessment,
            recommendation=recommendation if n % 2 else None,
            entry=None if n % 2 else entry,
            description=f"More {n}",
            owner=officer,
            due_date=days(n),
        )
        for n in range(45)
    )
    assert queries() == few


def test_an_action_deleted_while_the_page_is_read_is_left_out(
    client_for, officer, actions, monkeypatch
):
    query_set_class = type(Action.objects.all())
    real_in_bulk = query_set_class.in_bulk

    def deleted_first(self, *args, **kwargs):
        actions["late"].delete()
        return real_in_bulk(self, *args, **kwargs)

    monkeypatch.setattr(query_set_class, "in_bulk", deleted_first)
    assert shown(client_for(officer)) == ["Done audit", "Soon review", "Ongoing reporting"]
