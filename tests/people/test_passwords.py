"""Password reset by email, password change, and login throttling that points to reset."""

import pytest

LOGIN = "/login/"
RESET = "/account/password-reset/"
STRONG = "Kelpies-under-Falkirk-2024"


@pytest.fixture
def alice_with_email(alice):
    alice.email = "alice@example.org"
    alice.save()
    return alice


def test_it_resets_a_forgotten_password_by_email(client, alice_with_email, mailoutbox, link_in):
    response = client.post(RESET, {"email": "Alice@Example.org"}, follow=True)
    assert "If an account has that email address" in response.content.decode()
    (message,) = mailoutbox
    assert message.to == ["alice@example.org"]
    path = link_in(message)
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    set_path = form.redirect_chain[-1][0]
    response = client.post(set_path, {"new_password1": STRONG, "new_password2": STRONG})
    assert response["Location"] == "/account/password-reset/done/"
    assert client.post(LOGIN, {"username": "alice", "password": STRONG}).status_code == 302
    used = client.get(path, follow=True)
    assert "This password reset link is not valid" in used.content.decode()


def test_an_unknown_address_gets_the_same_answer(client, alice_with_email, mailoutbox):
    known = client.post(RESET, {"email": "alice@example.org"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content.replace(b"alice", b"") == unknown.content.replace(b"alice", b"")
    assert len(mailoutbox) == 1


def test_a_weak_new_password_is_refused(client, alice_with_email, mailoutbox, link_in):
    client.post(RESET, {"email": "alice@example.org"})
    form = client.get(link_in(mailoutbox[0]), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "alice12", "new_password2": "alice12"}
    )
    content = response.content.decode()
    assert "This password is too short." in content
    alice_with_email.refresh_from_db()
    assert alice_with_email.check_password("password")


def test_a_tampered_reset_link_is_refused(client, alice_with_email, mailoutbox, link_in):
    client.post(RESET, {"email": "alice@example.org"})
    path = link_in(mailoutbox[0])
    response = client.get(path[:-3] + "xyz/", follow=True)
    assert "This password reset link is not valid" in response.content.decode()


def test_a_signed_in_user_changes_their_password(alice_client, alice):
    response = alice_client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert "Your old password was entered incorrectly." in response.content.decode()
    response = alice_client.post(
        "/account/password/",
        {"old_password": "password", "new_password1": "123", "new_password2": "123"},
    )
    assert "This password is too short." in response.content.decode()
    response = alice_client.post(
        "/account/password/",
        {"old_password": "password", "new_password1": STRONG, "new_password2": STRONG},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/account/password/changed/"
    assert "Your password is changed" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(STRONG)


def test_changing_a_password_needs_a_sign_in(client, db):
    response = client.get("/account/password/")
    assert response["Location"] == "/login/?next=/account/password/"


@pytest.fixture
def throttled(settings, alice_with_email):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    return alice_with_email


def test_failures_count_per_address_across_user_names(client, throttled):
    for number in range(5):
        response = client.post(LOGIN, {"username": f"guess{number}", "password": "x"})
        assert response.status_code == 200, number
    # 5 failures from this address: below its limit, and alice's own count is 0
    assert client.post(LOGIN, {"username": "alice", "password": "wrong"}).status_code == 429
    response = client.post(LOGIN, {"username": "alice", "password": "password"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Signing in is paused" in content
    assert 'href="/account/password-reset/"' in content


def test_failures_for_one_name_still_lock_that_name_first(client, throttled):
    client.post(LOGIN, {"username": "alice", "password": "wrong"})
    client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert client.post(LOGIN, {"username": "alice", "password": "wrong"}).status_code == 429
    response = client.post(LOGIN, {"username": "bob", "password": "wrong"})
    assert response.status_code == 200  # 4 failures from the address: below 6


def test_resetting_the_password_lifts_the_pause(client, throttled, mailoutbox, link_in):
    for _ in range(3):
        client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert client.post(LOGIN, {"username": "alice", "password": "password"}).status_code == 429
    client.post(RESET, {"email": "alice@example.org"})
    form = client.get(link_in(mailoutbox[0]), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert client.post(LOGIN, {"username": "alice", "password": STRONG}).status_code == 302
