"""The framework fixtures: counts, integrity, idempotent loading, failed loads."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from frameworks.models import (
    Criterion,
    Framework,
    LevelDescriptor,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeStatement,
)

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
BROKEN_DIR = Path(__file__).resolve().parent / "fixtures"
FRAMEWORK_MODELS = [
    RatingScale,
    RatingLevel,
    Framework,
    Theme,
    ThemeStatement,
    Criterion,
    LevelDescriptor,
]


def snapshot():
    """Every framework row as plain values, to compare the database before and after."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in FRAMEWORK_MODELS
    }


def criteria(slug):
    return Criterion.objects.filter(framework__slug=slug)


def test_bv2020_has_seven_themes_23_statements_and_87_criteria(frameworks):
    assert Theme.objects.filter(framework__slug="bv2020").count() == 7
    assert ThemeStatement.objects.filter(theme__framework__slug="bv2020").count() == 23
    assert criteria("bv2020").count() == 87


def test_bv2020_criteria_per_theme_and_section(frameworks):
    per_theme = Counter(criteria("bv2020").values_list("theme__number", flat=True))
    assert per_theme == {1: 12, 2: 15, 3: 34, 4: 4, 5: 9, 6: 5, 7: 8}
    per_section = Counter(
        criteria("bv2020").filter(theme__number=3).values_list("section", flat=True)
    )
    assert per_section == {
        "Staff": 7,
        "Asset management": 4,
        "Information": 3,
        "Financial management and planning": 11,
        "Performance management": 9,
    }
    assert not criteria("bv2020").exclude(theme__number=3).exclude(section="").exists()


def test_bv2020_cross_cutting_themes_are_6_and_7(frameworks):
    cross_cutting = Theme.objects.filter(framework__slug="bv2020", cross_cutting=True)
    assert sorted(cross_cutting.values_list("number", flat=True)) == [6, 7]


def test_bv2020_keeps_bullet_lists_inside_their_criteria(frameworks):
    criterion_1_9 = criteria("bv2020").get(ref="1.9")
    assert "secure continuous improvement" in criterion_1_9.text
    assert "encourage and support innovation and creativity." in criterion_1_9.text
    assert criteria("bv2020").get(ref="1.2").text.startswith("Members set strategic priorities")
    assert criteria("bv2020").get(ref="4.2").text.count("\n- ") >= 2


def test_msg2019_has_six_features_and_25_proposals_three_not_local(frameworks):
    assert Theme.objects.filter(framework__slug="msg2019").count() == 6
    assert criteria("msg2019").count() == 25
    not_local = criteria("msg2019").filter(assessable=False)
    assert sorted(not_local.values_list("ref", flat=True)) == ["3.2", "3.3", "5.3"]
    assert all(criterion.not_assessable_reason for criterion in not_local)


def test_msg2019_has_timescales_and_level_descriptors(frameworks):
    assert criteria("msg2019").get(ref="1.1").timescale == "6mths"
    described = LevelDescriptor.objects.filter(criterion__framework__slug="msg2019")
    assert described.filter(criterion__ref="1.1").count() == 4
    assert not described.filter(criterion__assessable=False).exists()
    assert set(described.values_list("level__scale__slug", flat=True)) == {"msg-four-level"}


def test_msg_scale_has_four_levels_in_order(frameworks):
    labels = RatingLevel.objects.filter(scale__slug="msg-four-level").values_list(
        "label", flat=True
    )
    assert list(labels) == ["Not yet established", "Partly established", "Established", "Exemplary"]


def test_ci_qif2019_has_ten_indicators_and_27_sub_indicators(frameworks):
    assert Theme.objects.filter(framework__slug="ci-qif2019").count() == 10
    assert criteria("ci-qif2019").count() == 27
    assert criteria("ci-qif2019").filter(ref="10.1").exists()


def test_six_point_scale_runs_from_unsatisfactory_to_excellent(frameworks):
    levels = RatingLevel.objects.filter(scale__slug="ci-six-point")
    assert [(level.label, level.description) for level in levels] == [
        ("Unsatisfactory", "major weaknesses"),
        ("Weak", "important weaknesses"),
        ("Adequate", "strengths just outweigh weaknesses"),
        ("Good", "important strengths with some areas for improvement"),
        ("Very good", "major strengths"),
        ("Excellent", "outstanding, sector leading"),
    ]


def test_fixtures_sharing_a_scale_carry_identical_copies():
    def scale_objects(name, slug):
        objects = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        return [
            obj
            for obj in objects
            if (obj["model"] == "frameworks.ratingscale" and obj["fields"]["slug"] == slug)
            or (obj["model"] == "frameworks.ratinglevel" and obj["fields"]["scale"] == [slug])
        ]

    assert scale_objects("bv2020", "ci-six-point") == scale_objects("ci_qif2019", "ci-six-point")
    assert len(scale_objects("bv2020", "ci-six-point")) == 7


def test_no_text_is_empty_or_padded(frameworks):
    for criterion in Criterion.objects.all():
        assert criterion.text.strip() == criterion.text != "", criterion.ref
    for theme in Theme.objects.all():
        assert theme.title.strip() == theme.title != ""
    for statement in ThemeStatement.objects.all():
        assert statement.text.strip() == statement.text != ""
    for descriptor in LevelDescriptor.objects.all():
        assert descriptor.text.strip() == descriptor.text != ""


def test_criteria_belong_to_a_theme_of_their_own_framework(frameworks):
    for criterion in Criterion.objects.select_related("theme"):
        assert criterion.theme.framework_id == criterion.framework_id, criterion.ref


def test_positions_run_without_gaps(frameworks):
    for framework in Framework.objects.all():
        positions = list(framework.criteria.values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), framework.slug


def test_loading_twice_changes_nothing(frameworks):
    before = snapshot()
    call_command("loaddata", "bv2020", "msg2019", "ci_qif2019", verbosity=0)
    assert snapshot() == before


def test_broken_reference_fails_and_keeps_the_database_as_it_was(frameworks):
    before = snapshot()
    message = r"frameworks.Criterion theme refers to frameworks.Theme \['bv2020', 99\], which does not exist"
    with pytest.raises(CommandError, match=message):
        call_command("loaddata", str(BROKEN_DIR / "broken_reference.json"), verbosity=0)
    assert snapshot() == before


def test_duplicate_ref_fails_and_keeps_the_database_as_it_was(frameworks):
    before = snapshot()
    with pytest.raises(
        CommandError, match=r"frameworks.Criterion \('bv2020', '1.1'\) appears more"
    ):
        call_command("loaddata", str(BROKEN_DIR / "duplicate_ref.json"), verbosity=0)
    assert snapshot() == before


def test_broken_fixture_on_an_empty_database_leaves_it_empty(no_frameworks):
    with pytest.raises(CommandError, match="which does not exist"):
        call_command("loaddata", str(BROKEN_DIR / "broken_reference.json"), verbosity=0)
    assert all(not rows for rows in snapshot().values())
