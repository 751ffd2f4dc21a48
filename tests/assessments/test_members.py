"""Organisation page and member management."""

from assessments.models import Membership


def test_members_page_lists_roles(client_for, committee, officer, org_admin):
    response = client_for(committee).get("/organisations/demo-ijb/members/")
    content = response.content.decode()
    assert "officer" in content and "Committee member" in content
    assert "Save member" not in content


def test_admin_adds_a_member(client_for, org_admin, alice):
    response = client_for(org_admin).post(
        "/organisations/demo-ijb/members/", {"username": "alice", "role": "officer"}, follow=True
    )
    assert "Added alice as officer." in response.content.decode()
    assert Membership.objects.get(user=alice).role == "officer"


def test_admin_changes_a_role(client_for, org_admin, officer):
    client_for(org_admin).post(
        "/organisations/demo-ijb/members/", {"username": "officer", "role": "committee"}
    )
    assert Membership.objects.get(user=officer).role == "committee"


def test_adding_an_unknown_user_explains_why(client_for, org_admin):
    response = client_for(org_admin).post(
        "/organisations/demo-ijb/members/", {"username": "nobody", "role": "officer"}
    )
    assert "There is no user called" in response.content.decode()


def test_admin_removes_a_member_but_not_themself(client_for, org_admin, officer):
    client = client_for(org_admin)
    officer_membership = Membership.objects.get(user=officer)
    own = Membership.objects.get(user=org_admin)
    client.post("/organisations/demo-ijb/members/", {"remove": officer_membership.pk})
    response = client.post("/organisations/demo-ijb/members/", {"remove": own.pk}, follow=True)
    assert "You cannot remove yourself" in response.content.decode()
    assert list(Membership.objects.values_list("user__username", flat=True)) == ["orgadmin"]


def test_officers_cannot_manage_members(client_for, officer, alice):
    response = client_for(officer).post(
        "/organisations/demo-ijb/members/", {"username": "alice", "role": "admin"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=alice).exists()


def test_organisation_page_lists_its_assessments(client_for, officer, assessment):
    response = client_for(officer).get("/organisations/demo-ijb/")
    content = response.content.decode()
    assert "Self-assessment 2023/24" in content
    assert "your role: officer" in content


def test_neighbour_cannot_see_the_organisation(client_for, neighbour, demo_org):
    client = client_for(neighbour)
    assert client.get("/organisations/demo-ijb/").status_code == 404
    assert client.get("/organisations/demo-ijb/members/").status_code == 404
