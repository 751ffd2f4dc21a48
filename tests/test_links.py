"""Links by id (bestvalue/links.py) are the text reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from bestvalue.links import id_url

ROUTES = [
    ("assessments:assessment-detail", 1),
    ("assessments:entry-edit", 2),
    ("assessments:action-detail", 1),
    ("assessments:report", 1),
]


@pytest.mark.parametrize(("name", "arity"), ROUTES)
@pytest.mark.parametrize("ids", [(1, 2), (7, 7), (123456, 42), (90, 900000000000001)])
def test_the_same_text_as_reverse(name, arity, ids):
    ids = ids[:arity]
    assert id_url(name, *ids) == reverse(name, args=ids)


def test_under_a_script_prefix():
    """Served below a path (SCRIPT_NAME), links carry the prefix of the request being served."""
    id_url("assessments:entry-edit", 1, 2)  # the route is known before the prefix changes
    set_script_prefix("/bestvalue/")
    try:
        assert id_url("assessments:entry-edit", 3, 4) == "/bestvalue/assessments/3/entries/4/"
        assert id_url("assessments:entry-edit", 3, 4) == reverse(
            "assessments:entry-edit", args=(3, 4)
        )
    finally:
        set_script_prefix("/")


def test_the_wrong_number_of_ids_is_refused():
    with pytest.raises(NoReverseMatch):
        id_url("assessments:entry-edit", 1)
