"""The members page: role changes, leavers, the last-administrator rule and the history."""

import pytest
from django.contrib.auth import get_user_model

from assessments.models import Assessment, Membership
from tests.conftest import make_member

MEMBERS = "/organisations/demo-ijb/members/"
Role = Membership.Role


def membership_of(user):
    return Membership.objects.get(user=user)


def test_admin_changes_a_role(client_for, org_admin, officer):
    response = client_for(org_admin).post(
        MEMBERS, {"change": membership_of(officer).pk, "role": "committee"}, follow=True
    )
    assert "officer is now committee member." in response.content.decode()
    assert membership_of(officer).role == "committee"


def test_a_role_outside_the_list_is_refused(client_for, org_admin, officer):
    response = client_for(org_admin).post(
        MEMBERS, {"change": membership_of(officer).pk, "role": "owner"}, follow=True
    )
    assert "Choose one of the roles listed." in response.content.decode()
    assert membership_of(officer).role == "officer"


def test_admin_removes_a_member_but_not_themself(client_for, org_admin, officer):
    client = client_for(org_admin)
    response = client.post(MEMBERS, {"remove": membership_of(officer).pk}, follow=True)
    assert "Removed officer from Demo IJB." in response.content.decode()
    response = client.post(MEMBERS, {"remove": membership_of(org_admin).pk}, follow=True)
    assert "You cannot remove yourself" in response.content.decode()
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["orgadmin"]


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-1", "99999999999999999999999", "9999"])
def test_bad_member_ids_get_a_message_not_an_error(client_for, org_admin, officer, value):
    for field in ["remove", "change"]:
        response = client_for(org_admin).post(MEMBERS, {field: value, "role": "admin"}, follow=True)
        assert response.status_code == 200
        assert "That person is no longer a member." in response.content.decode()
    assert Membership.objects.count() == 2
    assert membership_of(officer).role == "officer"


def test_members_of_another_organisation_cannot_be_touched(client_for, org_admin, neighbour):
    response = client_for(org_admin).post(
        MEMBERS, {"remove": membership_of(neighbour).pk}, follow=True
    )
    assert "That person is no longer a member." in response.content.decode()
    assert Membership.objects.filter(user=neighbour).exists()


def test_the_last_administrator_cannot_be_demoted(client_for, org_admin, officer):
    response = client_for(org_admin).post(
        MEMBERS, {"change": membership_of(org_admin).pk, "role": "officer"}, follow=True
    )
    assert (
        "Orgadmin is the last administrator of Demo IJB, so cannot be demoted"
        in response.content.decode()
    )
    assert membership_of(org_admin).role == "admin"


def test_the_last_administrator_cannot_be_removed_even_by_a_superuser(
    client_for, django_user_model, org_admin
):
    root = django_user_model.objects.create_superuser("root", password="x")
    response = client_for(root).post(MEMBERS, {"remove": membership_of(org_admin).pk}, follow=True)
    assert (
        "is the last administrator of Demo IJB, so cannot be removed" in response.content.decode()
    )
    assert membership_of(org_admin).role == "admin"


def test_an_administrator_may_step_down_when_another_remains(
    client_for, django_user_model, demo_org, org_admin
):
    other = make_member(django_user_model, "second", demo_org, Role.ADMIN)
    client = client_for(org_admin)
    client.post(MEMBERS, {"change": membership_of(org_admin).pk, "role": "committee"})
    assert membership_of(org_admin).role == "committee"
    response = client_for(other).post(
        MEMBERS, {"change": membership_of(other).pk, "role": "officer"}, follow=True
    )
    assert "Second is the last administrator" in response.content.decode()
    assert membership_of(other).role == "admin"


def test_a_deactivated_admin_does_not_count_as_one(
    client_for, django_user_model, demo_org, org_admin
):
    other = make_member(django_user_model, "second", demo_org, Role.ADMIN)
    other.is_active = False
    other.save()
    response = client_for(org_admin).post(
        MEMBERS, {"change": membership_of(org_admin).pk, "role": "officer"}, follow=True
    )
    assert "Orgadmin is the last administrator" in response.content.decode()


def test_a_removed_member_loses_access_on_the_next_request(
    client_for, org_admin, officer, assessment
):
    officer_client = client_for(officer)
    assert officer_client.get(f"/assessments/{assessment.pk}/").status_code == 200
    client_for(org_admin).post(MEMBERS, {"remove": membership_of(officer).pk})
    assert officer_client.get(f"/assessments/{assessment.pk}/").status_code == 404
    assert officer_client.get("/organisations/demo-ijb/").status_code == 404
    entry = assessment.entries.first()
    response = officer_client.post(f"/assessments/{assessment.pk}/entries/{entry.pk}/", {})
    assert response.status_code == 404


def test_a_demoted_admin_is_refused_on_the_next_request(
    client_for, django_user_model, demo_org, org_admin, officer
):
    other = make_member(django_user_model, "second", demo_org, Role.ADMIN)
    other_client = client_for(other)
    assert other_client.get(MEMBERS).status_code == 200
    client_for(org_admin).post(MEMBERS, {"change": membership_of(other).pk, "role": "committee"})
    response = other_client.post(MEMBERS, {"remove": membership_of(officer).pk})
    assert response.status_code == 403
    assert Membership.objects.filter(user=officer).exists()


def test_removing_a_member_keeps_what_they_wrote_under_their_name(
    client_for, org_admin, officer, assessment
):
    client_for(org_admin).post(MEMBERS, {"remove": membership_of(officer).pk})
    assert get_user_model().objects.filter(pk=officer.pk).exists()
    assert Assessment.history.filter(id=assessment.pk).first().history_user == officer
    page = client_for(org_admin).get(f"/assessments/{assessment.pk}/history/").content.decode()
    assert "Officer" in page


def test_the_history_names_who_added_changed_and_removed_whom(
    client_for, org_admin, officer, committee
):
    client = client_for(org_admin)
    client.post(MEMBERS, {"change": membership_of(officer).pk, "role": "committee"})
    client.post(MEMBERS, {"remove": membership_of(committee).pk})
    page = client.get(MEMBERS).content.decode()
    table = page.split('id="membership-changes"', 1)[1]
    rows = [row.split("</tr>")[0] for row in table.split("<tr>")[2:]]
    assert "<td>Orgadmin</td><td>removed Committee (committee member)</td>" in rows[0]
    assert "<td>Orgadmin</td><td>changed Officer from officer to committee member</td>" in rows[1]
    assert Membership.history.filter(history_type="-").get().history_user == org_admin


def test_superuser_deactivates_an_account_and_it_is_signed_out(
    client_for, django_user_model, org_admin, officer, assessment
):
    root = django_user_model.objects.create_superuser("root", password="x")
    officer_client = client_for(officer)
    response = client_for(root).post(
        f"/users/{officer.pk}/deactivate/", {"next": MEMBERS}, follow=True
    )
    assert response.redirect_chain[-1][0] == MEMBERS
    assert "Deactivated the account of officer" in response.content.decode()
    assert "account deactivated" in response.content.decode()
    officer.refresh_from_db()
    assert officer.is_active is False
    response = officer_client.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert Assessment.history.filter(id=assessment.pk).first().history_user == officer

    client_for(root).post(f"/users/{officer.pk}/reactivate/", {"next": "https://evil.example/"})
    officer.refresh_from_db()
    assert officer.is_active is True


def test_the_last_administrator_cannot_be_deactivated(client_for, django_user_model, org_admin):
    root = django_user_model.objects.create_superuser("root", password="x")
    response = client_for(root).post(f"/users/{org_admin.pk}/deactivate/", follow=True)
    assert "last administrator of Demo IJB, so cannot be deactivated" in response.content.decode()
    org_admin.refresh_from_db()
    assert org_admin.is_active


@pytest.mark.parametrize("action", ["deactivate", "reactivate"])
def test_only_superusers_deactivate(client_for, org_admin, officer, action):
    response = client_for(org_admin).post(f"/users/{officer.pk}/{action}/")
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.is_active


def test_the_members_page_runs_the_same_queries_however_many_members(
    client_for,
    django_user_model,
    demo_org,
    org_admin,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    client = client_for(org_admin)

    def grow(start):
        for number in range(start, start + 5):
            make_member(django_user_model, f"member{number}", demo_org, Role.OFFICER)
            client.post(MEMBERS, {"email": f"m{number}@example.org", "role": "officer"})
        client.post(MEMBERS, {"change": Membership.objects.last().pk, "role": "committee"})

    grow(0)
    client.get(MEMBERS)
    with django_assert_max_num_queries(15) as small:
        assert client.get(MEMBERS).status_code == 200
    queries = len(small.captured_queries)  # read now: the next request clears the log
    grow(5)
    with django_assert_num_queries(queries):
        page = client.get(MEMBERS)
    assert page.content.decode().count('name="revoke"') == 10
