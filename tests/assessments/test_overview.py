"""The assessment overview: progress per theme and the three filters."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Evidence
from frameworks.models import RatingLevel
from tests.conftest import make_assessment

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def fill(assessment):
    """1.1: evidence, rated, overdue action. 1.2: evidence only. 2.1: nothing."""
    first = assessment.entries.get(criterion__ref="1.1")
    first.rating = RatingLevel.objects.get(scale__slug="ci-six-point", label="Good")
    first.save()
    Evidence.objects.create(entry=first, text="Plan approved.")
    Action.objects.create(
        assessment=assessment, entry=first, description="Refresh plan", due_date=YESTERDAY
    )
    second = assessment.entries.get(criterion__ref="1.2")
    Evidence.objects.create(entry=second, text="Priorities agreed.")


def refs_shown(response):
    return [ref for ref in ["1.1", "1.2", "2.1"] if f">{ref}</a>" in response.content.decode()]


def test_it_shows_progress_per_theme(client_for, officer, assessment):
    fill(assessment)
    response = client_for(officer).get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 200
    theme_one, theme_two = response.context["themes"]
    assert (theme_one.in_scope, theme_one.with_evidence, theme_one.rated) == (2, 2, 1)
    assert (theme_two.in_scope, theme_two.with_evidence, theme_two.rated) == (1, 0, 0)
    content = response.content.decode()
    assert "Theme 2 – Governance and Accountability" in content
    assert "3 criteria in scope · 2 with evidence · 1 rated" in content
    assert "Overdue" in content


def test_filters_narrow_the_criteria(client_for, officer, assessment):
    fill(assessment)
    client = client_for(officer)
    page = f"/assessments/{assessment.pk}/"
    assert refs_shown(client.get(page)) == ["1.1", "1.2", "2.1"]
    assert refs_shown(client.get(page, {"show": "no-evidence"})) == ["2.1"]
    assert refs_shown(client.get(page, {"show": "not-rated"})) == ["1.2", "2.1"]
    assert refs_shown(client.get(page, {"show": "overdue"})) == ["1.1"]


def test_an_unknown_filter_shows_everything(client_for, officer, assessment):
    response = client_for(officer).get(f"/assessments/{assessment.pk}/", {"show": "bogus"})
    assert response.status_code == 200
    assert refs_shown(response) == ["1.1", "1.2", "2.1"]


def test_a_completed_action_is_not_overdue(client_for, officer, assessment):
    fill(assessment)
    Action.objects.update(status=Action.Status.COMPLETE)
    response = client_for(officer).get(f"/assessments/{assessment.pk}/", {"show": "overdue"})
    assert refs_shown(response) == []


def test_other_organisations_cannot_see_it(client_for, neighbour, alice, assessment):
    assert client_for(neighbour).get(f"/assessments/{assessment.pk}/").status_code == 404
    assert client_for(alice).get(f"/assessments/{assessment.pk}/").status_code == 404


def test_query_count_does_not_grow_with_criteria_or_actions(client_for, officer, demo_org, bv2020):
    def queries_for(refs):
        assessment = make_assessment(demo_org, bv2020, refs, officer, title=str(len(refs)))
        for entry in assessment.entries.all():
            Evidence.objects.create(entry=entry, text="Evidence")
            Action.objects.create(
                assessment=assessment, entry=entry, description="Do", due_date=YESTERDAY
            )
        client = client_for(officer)
        with CaptureQueriesContext(connection) as context:
            client.get(f"/assessments/{assessment.pk}/")
        return len(context.captured_queries)

    small = ["1.1", "1.2", "2.1"]
    large = list(bv2020.criteria.values_list("ref", flat=True)[:30])
    assert queries_for(large) == queries_for(small)


def test_each_criterion_counts_its_evidence_and_its_actions_apart(client_for, officer, assessment):
    entry = assessment.entries.get(criterion__ref="1.1")
    for number in range(3):
        Evidence.objects.create(entry=entry, text=f"Item {number}.", position=number)
    for number in range(2):
        Action.objects.create(
            assessment=assessment, entry=entry, description=f"Step {number}", timescale="TBC"
        )
    response = client_for(officer).get(f"/assessments/{assessment.pk}/")
    counts = {
        e.criterion.ref: (e.evidence_count, e.action_count, e.has_overdue)
        for theme in response.context["themes"]
        for e in theme.entries
    }
    assert counts == {"1.1": (3, 2, False), "1.2": (0, 0, False), "2.1": (0, 0, False)}
