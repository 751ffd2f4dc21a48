"""Organisation page; the members page's own tests are in tests/people/test_members.py."""

from assessments.models import Membership


def test_members_page_lists_roles(client_for, committee, officer, org_admin):
    response = client_for(committee).get("/organisations/demo-ijb/members/")
    content = response.content.decode()
    assert "officer" in content and "Committee member" in content
    assert "Send invitation" not in content


def test_officers_cannot_manage_members(client_for, officer, committee):
    response = client_for(officer).post(
        "/organisations/demo-ijb/members/",
        {"change": Membership.objects.get(user=committee).pk, "role": "admin"},
    )
    assert response.status_code == 403
    assert Membership.objects.get(user=committee).role == "committee"


def test_organisation_page_lists_its_assessments(client_for, officer, assessment):
    response = client_for(officer).get("/organisations/demo-ijb/")
    content = response.content.decode()
    assert "Self-assessment 2023/24" in content
    assert "your role: officer" in content


def test_neighbour_cannot_see_the_organisation(client_for, neighbour, demo_org):
    client = client_for(neighbour)
    assert client.get("/organisations/demo-ijb/").status_code == 404
    assert client.get("/organisations/demo-ijb/members/").status_code == 404
