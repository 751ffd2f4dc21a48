"""Login, logout and the login requirement on every page."""


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_login_page_is_the_apps_own(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Sign in" in content
    assert 'lang="en-GB"' in content
    assert "bootstrap.min.css" in content
    assert "Django administration" not in content


def test_it_logs_in_and_lands_on_the_dashboard(client, alice):
    response = client.post("/login/", {"username": "alice", "password": "password"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Dashboard" in response.content.decode()


def test_wrong_password_shows_an_error(client, alice):
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_ends_the_session(alice_client):
    response = alice_client.post("/logout/")
    assert response.status_code == 302
    assert alice_client.get("/").status_code == 302


def test_admin_site_is_on(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
