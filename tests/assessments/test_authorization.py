"""Who reaches what: every view × every kind of user, for GET and POST.

Members of the organisation get pages by role (403 where the role does not
allow it); anyone else gets 404 for every object of the organisation, so its
existence is not revealed; anonymous users are sent to the login page.
"""

import pytest

from assessments.models import Action, Recommendation

ALL = {"officer", "committee", "org_admin"}
EDITORS = {"officer", "org_admin"}
APPROVERS = {"committee", "org_admin"}
ADMINS = {"org_admin"}

# name: (url template, roles allowed to GET, roles allowed to POST); None = method not allowed
VIEWS = {
    "organisation": ("/organisations/{org}/", ALL, None),
    "members": ("/organisations/{org}/members/", ALL, ADMINS),
    "assessment-create": (
        "/organisations/{org}/assessments/new/?framework=bv2020",
        EDITORS,
        EDITORS,
    ),
    "action-tracker": ("/organisations/{org}/actions/", ALL, None),
    "assessment": ("/assessments/{assessment}/", ALL, None),
    "submit": ("/assessments/{assessment}/submit/", None, EDITORS),
    "return": ("/assessments/{assessment}/return/", None, EDITORS | APPROVERS),
    "approve": ("/assessments/{assessment}/approve/", APPROVERS, APPROVERS),
    "reopen": ("/assessments/{assessment}/reopen/", ADMINS, ADMINS),
    "assessment-history": ("/assessments/{assessment}/history/", ALL, None),
    "as-of": ("/assessments/{assessment}/as-of/", ALL, None),
    "entry": ("/assessments/{assessment}/entries/{entry}/", ALL, EDITORS),
    "entry-history": ("/assessments/{assessment}/entries/{entry}/history/", ALL, None),
    "recommendation-create": ("/assessments/{assessment}/recommendations/new/", EDITORS, EDITORS),
    "recommendation-edit": (
        "/assessments/{assessment}/recommendations/{recommendation}/",
        EDITORS,
        EDITORS,
    ),
    "action": ("/actions/{action}/", ALL, EDITORS),
    "carry-forward": ("/assessments/{assessment}/carry-forward/", EDITORS, EDITORS),
    "evidence-reviewed": (
        "/assessments/{assessment}/entries/{entry}/evidence-reviewed/",
        None,
        EDITORS,
    ),
    "trend": ("/organisations/{org}/trends/bv2020/", ALL, None),
}


@pytest.fixture
def objects(assessment, officer, committee, org_admin, neighbour, alice):
    entry = assessment.entries.get(criterion__ref="1.1")
    recommendation = Recommendation.objects.create(
        assessment=assessment, source="Best Value Audit 2019", ref="1", text="Improve reporting."
    )
    action = Action.objects.create(
        assessment=assessment, entry=entry, description="Refresh the plan", timescale="TBC"
    )
    return {
        "org": assessment.organisation.slug,
        "assessment": assessment.pk,
        "entry": entry.pk,
        "recommendation": recommendation.pk,
        "action": action.pk,
    }


def url_of(name, objects):
    return VIEWS[name][0].format(**objects)


def expected(allowed, role):
    if allowed is None:
        return 405
    return None if role in allowed else 403


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("role", sorted(ALL))
def test_members_get_pages_by_role(request, client_for, objects, name, role):
    response = client_for(request.getfixturevalue(role)).get(url_of(name, objects))
    status = expected(VIEWS[name][1], role)
    if status is None:
        assert response.status_code == 200, (name, role)
    else:
        assert response.status_code == status, (name, role)


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("role", sorted(ALL))
def test_members_post_by_role(request, client_for, objects, name, role):
    response = client_for(request.getfixturevalue(role)).post(url_of(name, objects), {})
    status = expected(VIEWS[name][2], role)
    if status is None:
        assert response.status_code in (200, 302, 409), (name, role, response.status_code)
    else:
        assert response.status_code == status, (name, role)


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("outsider", ["neighbour", "alice"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_organisations_get_not_found(request, client_for, objects, name, outsider, method):
    client = client_for(request.getfixturevalue(outsider))
    response = getattr(client, method)(url_of(name, objects))
    allowed = VIEWS[name][1 if method == "get" else 2]
    assert response.status_code == (405 if allowed is None else 404), (name, outsider)


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_login(client, objects, name, method):
    response = getattr(client, method)(url_of(name, objects))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_superusers_see_every_organisation(client_for, django_user_model, objects):
    root = django_user_model.objects.create_superuser("root", password="x")
    client = client_for(root)
    assert client.get(url_of("assessment", objects)).status_code == 200
    assert client.get(url_of("entry", objects)).status_code == 200


def test_neighbour_still_reaches_its_own_assessment(client_for, neighbour, neighbour_assessment):
    response = client_for(neighbour).get(f"/assessments/{neighbour_assessment.pk}/")
    assert response.status_code == 200


# Site-wide pages of the people app: superusers only, whatever a user's roles.
SUPERUSER_VIEWS = {
    "organisation-create": ("/organisations/new/", True),
    "user-deactivate": ("/users/{officer}/deactivate/", False),
    "user-reactivate": ("/users/{officer}/reactivate/", False),
}


@pytest.mark.parametrize("name", SUPERUSER_VIEWS)
@pytest.mark.parametrize("who", ["officer", "committee", "org_admin", "neighbour", "alice"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_superusers_reach_site_wide_pages(request, client_for, objects, name, who, method):
    template, has_get = SUPERUSER_VIEWS[name]
    url = template.format(officer=request.getfixturevalue("officer").pk)
    response = getattr(client_for(request.getfixturevalue(who)), method)(url)
    assert response.status_code == (405 if method == "get" and not has_get else 403), (name, who)


@pytest.mark.parametrize("name", SUPERUSER_VIEWS)
def test_superusers_reach_site_wide_pages(client_for, django_user_model, objects, officer, name):
    root = django_user_model.objects.create_superuser("root", password="x")
    template, has_get = SUPERUSER_VIEWS[name]
    client = client_for(root)
    url = template.format(officer=officer.pk)
    response = client.get(url) if has_get else client.post(url)
    assert response.status_code == (200 if has_get else 302), name


@pytest.mark.parametrize(
    "url",
    ["/organisations/new/", "/users/1/deactivate/", "/account/password/"],
)
def test_anonymous_users_are_sent_to_login_from_account_pages(client, db, url):
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    "url, status", [("/account/password-reset/", 200), ("/invitations/not-a-token/", 404)]
)
def test_reset_and_invitation_pages_need_no_sign_in(client, db, url, status):
    assert client.get(url).status_code == status
