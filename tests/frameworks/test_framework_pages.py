"""The framework list and detail pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks.models import Criterion
from tests.frameworks.factories import make_framework


def test_list_redirects_anonymous_users_to_login(client, db):
    response = client.get("/frameworks/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/frameworks/"


def test_detail_redirects_anonymous_users_to_login(client, frameworks):
    response = client.get("/frameworks/bv2020/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_list_shows_each_framework_with_counts(alice_client, frameworks):
    response = alice_client.get("/frameworks/")
    assert response.status_code == 200
    rows = response.context["frameworks"]
    counts = {f.slug: (f.theme_count, f.criterion_count, f.assessable_count) for f in rows}
    assert counts == {"bv2020": (7, 87, 87), "msg2019": (6, 25, 22), "ci-qif2019": (10, 27, 27)}
    content = response.content.decode()
    assert "Best Value: Revised Statutory Guidance 2020" in content
    assert "Scottish Government" in content


def test_list_explains_how_to_load_frameworks_when_there_are_none(alice_client, no_frameworks):
    response = alice_client.get("/frameworks/")
    assert "loaddata bv2020 msg2019 ci_qif2019" in response.content.decode()


def test_detail_shows_every_criterion_of_the_framework(alice_client, frameworks):
    for slug in ["bv2020", "msg2019", "ci-qif2019"]:
        response = alice_client.get(f"/frameworks/{slug}/")
        assert response.status_code == 200
        content = response.content.decode()
        for ref in Criterion.objects.filter(framework__slug=slug).values_list("ref", flat=True):
            assert f'id="criterion-{ref}"' in content, (slug, ref)


def test_bv2020_detail_shows_themes_statements_sections_and_scale(alice_client, frameworks):
    content = alice_client.get("/frameworks/bv2020/").content.decode()
    assert "Theme 2 – Governance and Accountability" in content
    assert "will be able to demonstrate the following" in content
    assert "Financial management and planning" in content
    assert content.count("Cross-cutting") == 2
    assert "strengths just outweigh weaknesses" in content


def test_msg2019_detail_marks_proposals_not_assessed_locally(alice_client, frameworks):
    content = alice_client.get("/frameworks/msg2019/").content.decode()
    assert content.count("Not assessed locally") == 3
    assert "Key feature 1 – Collaborative leadership and building relationships" in content
    assert "Level descriptors" in content


def test_unknown_framework_is_not_found(alice_client, frameworks):
    assert alice_client.get("/frameworks/no-such-framework/").status_code == 404


def test_detail_query_count_does_not_grow_with_the_framework(alice_client, db):
    make_framework("small", themes=3, criteria_per_theme=4)
    make_framework("large", themes=6, criteria_per_theme=4)

    def queries_for(slug):
        with CaptureQueriesContext(connection) as context:
            assert alice_client.get(f"/frameworks/{slug}/").status_code == 200
        return len(context.captured_queries)

    assert queries_for("large") == queries_for("small")


def test_list_rejects_post(alice_client, db):
    assert alice_client.post("/frameworks/").status_code == 405
