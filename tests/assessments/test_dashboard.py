"""The dashboard: the user's assessments with completion and ratings, and actions due."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Evidence
from frameworks.models import RatingLevel
from tests.conftest import make_assessment

TODAY = timezone.localdate()


def add_action(assessment, days, **fields):
    entry = assessment.entries.first()
    return Action.objects.create(
        assessment=assessment,
        entry=entry,
        description=fields.pop("description", f"Action due in {days} days"),
        due_date=TODAY + datetime.timedelta(days=days),
        **fields,
    )


def test_it_lists_own_assessments_with_completion_and_ratings(
    client_for, officer, assessment, neighbour_assessment
):
    entry = assessment.entries.get(criterion__ref="1.1")
    entry.rating = RatingLevel.objects.get(scale__slug="ci-six-point", label="Good")
    entry.save()
    Evidence.objects.create(entry=entry, text="Evidence")
    response = client_for(officer).get("/")
    content = response.content.decode()
    assert "Self-assessment 2023/24" in content
    assert "1 of 3 with evidence" in content
    assert "Good: 1" in content
    assert "Neighbour review" not in content


def test_it_shows_overdue_and_due_soon_actions(client_for, officer, assessment):
    add_action(assessment, -3, description="Late action")
    add_action(assessment, -3, description="Done late action", status=Action.Status.COMPLETE)
    add_action(assessment, 10, description="Soon action")
    add_action(assessment, 45, description="Later action")
    response = client_for(officer).get("/")
    assert [a.description for a in response.context["overdue"]] == ["Late action"]
    assert [a.description for a in response.context["due_soon"]] == ["Soon action"]


def test_a_user_without_organisation_is_told_so(alice_client, assessment):
    response = alice_client.get("/")
    assert "not a member of any organisation" in response.content.decode()
    assert response.context["assessments"] == []


def test_query_count_does_not_grow_with_assessments_or_actions(
    client_for, officer, demo_org, bv2020
):
    client = client_for(officer)

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get("/")
        return len(context.captured_queries)

    first = make_assessment(demo_org, bv2020, ["1.1"], officer, title="One")
    add_action(first, -1)
    small = queries()
    for number in range(10):
        more = make_assessment(demo_org, bv2020, ["1.1", "1.2"], officer, title=f"More {number}")
        add_action(more, -1)
        add_action(more, 5)
    assert queries() == small


def test_the_counts_cover_every_action_beyond_those_listed(
    client_for, officer, assessment, neighbour_assessment
):
    for days in range(1, 26):
        add_action(assessment, -days)
    for days in range(0, 31, 5):
        add_action(assessment, days)
    add_action(assessment, 31)
    add_action(assessment, 3, status=Action.Status.COMPLETE)
    add_action(neighbour_assessment, -1)
    add_action(neighbour_assessment, 1)
    response = client_for(officer).get("/")
    assert (response.context["overdue_count"], len(response.context["overdue"])) == (25, 20)
    assert (response.context["due_soon_count"], len(response.context["due_soon"])) == (7, 7)
    assert "Showing the 20 most overdue" in response.content.decode()


def test_each_organisation_lists_its_own_assessments_latest_first(
    client_for, officer, demo_org, neighbour_org, bv2020
):
    older = make_assessment(demo_org, bv2020, ["1.1"], officer, title="Review", period="2022/23")
    newer = make_assessment(demo_org, bv2020, ["1.1"], officer, title="Review", period="2023/24")
    officer.memberships.create(organisation=neighbour_org, role="committee")
    theirs = make_assessment(neighbour_org, bv2020, ["1.1"], officer, title="Their review")
    response = client_for(officer).get("/")
    assert response.context["assessments"] == [newer, older, theirs]  # Demo IJB, then Neighbour
    assert [a.organisation for a in response.context["assessments"]] == [
        demo_org,
        demo_org,
        neighbour_org,
    ]


def test_the_action_lists_print_each_action_escaped(client_for, officer, assessment, demo_org):
    demo_org.name = "Demo & <Partners>"
    demo_org.save()
    late = add_action(
        assessment, -2, description='Tom & "Jerry" <script>x', lead_officer="D <Robertson>"
    )
    recommendation = assessment.recommendations.create(source="Audit <2019>", ref="R&1", text="x")
    soon = Action.objects.create(
        assessment=assessment,
        recommendation=recommendation,
        description="Report",
        due_date=TODAY + datetime.timedelta(days=3),
    )
    content = client_for(officer).get("/").content.decode()
    assert "<script>x" not in content and "<Robertson>" not in content
    assert f'<a href="/actions/{late.pk}/">Tom &amp; ' in content
    assert "&lt;script&gt;x</a>" in content
    assert "Demo &amp; &lt;Partners&gt; ·" in content
    assert f"{late.entry.criterion.ref} ·" in content
    assert "D &lt;Robertson&gt; · due" in content
    assert f'<a href="/actions/{soon.pk}/">Report</a>' in content
    assert "Audit &lt;2019&gt; R&amp;1 ·\n      no lead officer · due" in content
    assert content.count('<span class="badge text-bg-danger">Overdue</span>') == 1
