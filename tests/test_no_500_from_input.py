"""Input any member can send, and a database that is down, get a clear answer, never a 500."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

from assessments.models import Membership


def test_a_nul_in_a_query_string_is_refused_with_400(client_for, officer, demo_org):
    response = client_for(officer).get(
        f"/organisations/{demo_org.slug}/assessments/new/?framework=%00"
    )
    assert response.status_code == 400
    assert "contains a NUL character" in response.content.decode()


def test_a_nul_in_a_form_field_name_is_refused_and_changes_nothing(client_for, officer, assessment):
    response = client_for(officer).post(
        f"/assessments/{assessment.pk}/recommendations/new/",
        {"source": "Audit", "text": "x", "actions-TOTAL_FORMS\x00": "1"},
    )
    assert response.status_code == 400
    assert not assessment.recommendations.exists()


def test_a_nul_in_a_form_value_is_a_field_error(client_for, officer, assessment):
    response = client_for(officer).post(
        f"/assessments/{assessment.pk}/recommendations/new/",
        {
            "source": "Audit\x00",
            "text": "x",
            "actions-TOTAL_FORMS": "0",
            "actions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not assessment.recommendations.exists()


def test_a_non_numeric_member_to_remove_is_refused_with_a_message(
    client_for, org_admin, officer, demo_org
):
    response = client_for(org_admin).post(
        f"/organisations/{demo_org.slug}/members/", {"remove": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "That person is no longer a member." in response.content.decode()
    assert Membership.objects.filter(organisation=demo_org).count() == 2


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/%00/change/", "/admin/assessments/assessment/%00/change/"]
)
def test_admin_urls_with_a_nul_are_refused(client, django_user_model, url):
    superuser = django_user_model.objects.create_superuser("root", password="pw")
    client.force_login(superuser)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("error", [OperationalError("down"), InterfaceError("closed")])
@pytest.mark.parametrize("url", ["/frameworks/levels.css", "/", "/frameworks/"])
def test_pages_answer_a_plain_503_when_the_database_is_down(client_for, officer, url, error):
    client = client_for(officer)
    client.raise_request_exception = False
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error):
        response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "<h1>Temporarily unavailable</h1>" in response.content.decode()


def test_other_errors_still_get_the_500_page(client_for, officer):
    client = client_for(officer)
    client.raise_request_exception = False
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=RuntimeError):
        response = client.get("/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
