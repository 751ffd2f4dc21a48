"""Errors are explained in the site's own pages."""


def test_not_found_page_is_the_sites_own(alice_client):
    response = alice_client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert "Sign out" in content


def test_forbidden_page_explains_roles(client_for, committee, assessment):
    response = client_for(committee).post(f"/assessments/{assessment.pk}/submit/")
    assert response.status_code == 403
    assert "Your role in this organisation does not allow this" in response.content.decode()
