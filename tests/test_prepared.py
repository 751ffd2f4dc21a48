"""Prepared queries (assessments/rows.py): the ORM's rows, from SQL compiled once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Action, Entry
from assessments.rows import Prepared
from tests.reports.conftest import fill

ACTIONS = Prepared(
    lambda assessment_id, entry_id: (
        Action.objects.filter(assessment_id=assessment_id)
        .exclude(entry_id=entry_id)
        .order_by("position", "pk")
        .values_list("pk", "description", "due_date", "status", "carried_from_id")
    )
)


def orm_rows(assessment_id, entry_id):
    return list(
        Action.objects.filter(assessment_id=assessment_id)
        .exclude(entry_id=entry_id)
        .order_by("position", "pk")
        .values_list("pk", "description", "due_date", "status", "carried_from_id")
    )


def test_rows_are_the_orms_for_each_call(assessment):
    fill(assessment)
    entries = list(Entry.objects.filter(assessment=assessment).order_by("pk"))
    assert Action.objects.filter(assessment=assessment).exists()
    for entry in entries:
        with CaptureQueriesContext(connection) as context:
            rows = ACTIONS(assessment.pk, entry.pk)
        assert len(context) == 1
        assert rows == orm_rows(assessment.pk, entry.pk)
    assert any(row[2] is not None for row in ACTIONS(assessment.pk, 0))  # dates converted
    assert ACTIONS(None, entries[0].pk) == []  # None compares equal to nothing


DUE_BEFORE = Prepared(
    lambda assessment_id, day: (
        Action.objects.filter(assessment_id=assessment_id, due_date__lt=day)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
)


def test_a_date_is_put_in_as_the_database_takes_it(assessment):
    fill(assessment)
    for day in (datetime.date(2020, 3, 31), datetime.date(2020, 4, 1)):
        expected = list(
            Action.objects.filter(assessment=assessment, due_date__lt=day)
            .order_by("pk")
            .values_list("pk")
        )
        assert DUE_BEFORE(assessment.pk, day) == expected
    assert DUE_BEFORE(assessment.pk, datetime.date(2020, 4, 1))


def test_every_argument_must_be_a_parameter(db):
    ignored = Prepared(lambda assessment_id: Action.objects.order_by().values_list("pk"))
    with pytest.raises(ValueError):
        ignored(1)


IN_ANY_OF = Prepared(
    lambda assessment_ids, status: (
        Action.objects.filter(assessment_id__in=assessment_ids, status=status)
        .order_by("pk")
        .values_list("pk", "assessment_id")
    )
)


def test_a_list_is_put_in_element_by_element(assessment, neighbour_assessment):
    for filled in (assessment, neighbour_assessment):
        fill(filled)
    Action.objects.filter(assessment=neighbour_assessment).update(status="complete")
    both = [assessment.pk, neighbour_assessment.pk]
    for ids in (both, both[::-1], [neighbour_assessment.pk], [assessment.pk, 0, assessment.pk]):
        for status in ("complete", "open"):
            expected = list(
                Action.objects.filter(assessment_id__in=ids, status=status)
                .order_by("pk")
                .values_list("pk", "assessment_id")
            )
            with CaptureQueriesContext(connection) as context:
                assert IN_ANY_OF(ids, status) == expected
            assert len(context) == 1
    with CaptureQueriesContext(connection) as context:
        assert IN_ANY_OF([], "open") == []  # as the ORM: nothing, and no query
    assert len(context) == 0


DUE_NEXT_MONTH = Prepared(
    lambda assessment_id, day: Action.objects.filter(
        assessment_id=assessment_id,
        due_date__gte=day,
        due_date__lte=day + datetime.timedelta(days=30),
    ).values_list("pk")
)


def test_a_value_computed_from_an_argument_is_refused(assessment):
    """Kept as first computed, a date a month on from the first call's date would be
    wrong on every later call: the query is refused instead."""
    with pytest.raises(ValueError, match="computed"):
        DUE_NEXT_MONTH(assessment.pk, datetime.date(2026, 1, 1))
