"""seed_demo: demo logins and the demo assessments, created once, safe to rerun."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessments.models import Action, Assessment, Evidence, Membership, Recommendation
from frameworks.models import Framework


def test_it_creates_logins_and_assessments_once(frameworks, capsys, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "s3cret-demo")
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "officer    Olivia Officer, Officer of Demo IJB" in output
    assert "(password: s3cret-demo)" in output
    assert get_user_model().objects.get(username="officer").check_password("s3cret-demo")
    assert Membership.objects.get(user__username="neighbour").organisation.slug == "neighbour-ijb"

    bv = Assessment.objects.get(framework__slug="bv2020")
    assert bv.period == "2023/24"
    themes = set(bv.entries.values_list("criterion__theme__number", flat=True))
    assert themes == {1, 2, 3, 4, 5, 6, 7}
    assert (
        Action.objects.filter(
            assessment=bv,
            description="An updated Coproduction and Engagement Framework will be approved by September 2024",
        ).count()
        == 2
    )
    assert Action.objects.filter(assessment=bv, timescale="Start now / ongoing").exists()
    assert Recommendation.objects.filter(assessment=bv).count() == 2

    msg = Assessment.objects.get(framework__slug="msg2019")
    rated = msg.entries.exclude(rating=None)
    assert {entry.rating.label for entry in rated} == {"Established"}
    assert Evidence.objects.filter(
        entry__assessment=msg, text__startswith="Senior Partnership Operational Group (SPOG)"
    ).exists()
    assert Assessment.objects.count() == 2  # the second run added nothing
    history_users = set(Evidence.history.values_list("history_user__username", flat=True))
    assert history_users == {"officer"}


def test_it_explains_when_the_frameworks_are_missing(frameworks):
    Framework.objects.filter(slug="msg2019").delete()  # rolled back after the test
    with pytest.raises(CommandError, match="Load the frameworks first"):
        call_command("seed_demo")
