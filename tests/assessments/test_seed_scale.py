"""seed_scale: the benchmark's national data set, with history, added idempotently."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Action, Assessment, Entry, Evidence, Organisation


def test_it_seeds_organisations_years_and_history(frameworks, capsys):
    call_command("seed_scale", "--orgs", "2", "--years", "2")
    output = capsys.readouterr().out
    assert "[1/2] Aberdeen City IJB" in output and "Rows now:" in output
    assert Organisation.objects.count() == 2
    bv = Assessment.objects.filter(framework__slug="bv2020")
    assert bv.count() == 4
    assert Assessment.objects.filter(framework__slug="msg2019").count() == 2
    latest = bv.order_by("-period").first()
    assert latest.entries.count() == 87
    per_entry = [entry.evidence_items.count() for entry in latest.entries.all()]
    assert min(per_entry) >= 2 and max(per_entry) <= 4
    assert Evidence.history.count() == Evidence.objects.count()
    assert Action.history.count() == Action.objects.count()
    # Several saved edits per entry, the last one equal to the entry as it stands.
    entry = latest.entries.first()
    rows = list(Entry.history.filter(id=entry.pk).order_by("history_date"))
    assert len(rows) >= 4
    assert rows[-1].summary == entry.summary and rows[0].history_type == "+"

    call_command("seed_scale", "--orgs", "3", "--years", "2")
    assert "already there" in capsys.readouterr().out
    assert Organisation.objects.count() == 3


def test_it_refuses_nonsense(frameworks):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_scale", "--orgs", "0")
