"""Invitations: an administrator invites by email; the invitee follows the emailed link."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Membership
from people.models import Invitation

MEMBERS = "/organisations/demo-ijb/members/"
STRONG = "Kelpies-under-Falkirk-2024"
User = get_user_model()


def accept(client, path, first="Morag", last="Fraser", password=STRONG, again=None):
    return client.post(
        path,
        {
            "first_name": first,
            "last_name": last,
            "password1": password,
            "password2": again or password,
        },
    )


def test_it_invites_and_the_invitee_lands_signed_in_on_the_organisation(
    client, client_for, org_admin, mailoutbox, link_in
):
    response = client_for(org_admin).post(
        MEMBERS, {"email": "Morag.Fraser@Example.org ", "role": "officer"}, follow=True
    )
    assert "Invitation sent to morag.fraser@example.org as officer." in response.content.decode()
    (message,) = mailoutbox
    assert message.to == ["morag.fraser@example.org"]
    assert "Demo IJB" in message.subject
    assert "as officer" in message.body and "Orgadmin" in message.body
    path = link_in(message)

    form_page = client.get(path)
    assert form_page.status_code == 200
    assert "morag.fraser@example.org" in form_page.content.decode()
    response = accept(client, path)
    assert response.status_code == 302
    assert response["Location"] == "/organisations/demo-ijb/"
    page = client.get("/organisations/demo-ijb/")
    assert page.status_code == 200
    assert "Welcome to Demo IJB: you are an officer." in page.content.decode()
    user = User.objects.get(username="morag.fraser@example.org")
    assert (user.first_name, user.last_name, user.email) == (
        "Morag",
        "Fraser",
        "morag.fraser@example.org",
    )
    assert user.check_password(STRONG)
    assert Membership.objects.get(user=user).role == "officer"
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert Membership.history.get(user_id=user.pk).history_user == user


def test_the_token_is_stored_only_as_its_hash(invite):
    path = invite("a@example.org")
    token = path.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_a_link_works_once(client, invite):
    path = invite("a@example.org")
    accept(client, path)
    client.post("/logout/")
    response = client.get(path)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    response = accept(client, path, first="Someone", password="Another-strong-pass-99")
    assert response.status_code == 410
    assert User.objects.get(username="a@example.org").first_name == "Morag"


def test_a_link_is_valid_for_seven_days_and_not_a_minute_more(client, invite):
    path = invite("a@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = client.get(path)
        assert response.status_code == 410
        assert "This invitation has expired. Ask Orgadmin of Demo IJB" in response.content.decode()
        assert accept(client, path).status_code == 410
    assert not User.objects.filter(username="a@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("tamper", ["flip", "short", "long", "empty-ish"])
def test_a_tampered_link_is_refused(client, invite, tamper):
    path = invite("a@example.org")
    token = path.rstrip("/").rsplit("/", 1)[1]
    bad = {
        "flip": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "short": token[:20],
        "long": token + "x" * 200,
        "empty-ish": "-",
    }[tamper]
    response = client.get(f"/invitations/{bad}/")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()
    assert accept(client, f"/invitations/{bad}/").status_code == 404
    assert User.objects.count() == 1  # only the administrator


def test_a_weak_password_is_refused_and_nothing_changes(client, invite):
    path = invite("a@example.org")
    response = accept(client, path, password="password")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    response = accept(client, path, password="12345678901")
    assert "This password is entirely numeric." in response.content.decode()
    response = accept(client, path, password=STRONG, again=STRONG + "x")
    assert "The two password fields didn’t match." in response.content.decode()
    assert not User.objects.filter(username="a@example.org").exists()
    assert Invitation.objects.get().status == "pending"
    assert accept(client, path).status_code == 302  # the link still works


def test_an_existing_account_joins_once_signed_in(client, invite, alice):
    alice.email = "Alice@Example.org"
    alice.save()
    path = invite("alice@example.org", role="committee")
    page = client.get(path)
    assert "There is already an account for alice@example.org" in page.content.decode()
    assert not Membership.objects.filter(user=alice).exists()

    response = client.post(
        f"/login/?next={path}", {"username": "alice", "password": "password", "next": path}
    )
    assert response["Location"] == path
    assert "Accept the invitation" in client.get(path).content.decode()
    response = client.post(path)
    assert response["Location"] == "/organisations/demo-ijb/"
    assert Membership.objects.get(user=alice).role == "committee"
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


def test_someone_signed_in_as_another_account_is_told_to_sign_out(client_for, invite, officer):
    path = invite("somebody@example.org")
    client = client_for(officer)
    response = client.get(path)
    assert response.status_code == 403
    assert (
        "is for somebody@example.org, but you are signed in as officer" in response.content.decode()
    )
    assert client.post(path).status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_inviting_a_member_is_refused(client_for, org_admin, officer, mailoutbox):
    officer.email = "officer@example.org"
    officer.save()
    response = client_for(org_admin).post(
        MEMBERS, {"email": "OFFICER@example.org", "role": "admin"}
    )
    assert "officer@example.org is already a member of Demo IJB." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []
    assert Membership.objects.get(user=officer).role == "officer"


def test_inviting_an_address_twice_points_to_resend(client_for, org_admin, invite, mailoutbox):
    invite("a@example.org")
    response = client_for(org_admin).post(MEMBERS, {"email": "a@example.org", "role": "admin"})
    assert "a@example.org already has an invitation waiting" in response.content.decode()
    assert Invitation.objects.get().role == "officer"
    assert len(mailoutbox) == 1


def test_a_role_the_inviter_may_not_grant_is_refused(client_for, org_admin, mailoutbox):
    response = client_for(org_admin).post(MEMBERS, {"email": "a@example.org", "role": "superuser"})
    assert "You may not invite people to that role." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["officer", "committee"])
def test_only_administrators_invite(request, client_for, role, mailoutbox):
    user = request.getfixturevalue(role)
    response = client_for(user).post(MEMBERS, {"email": "a@example.org", "role": "officer"})
    assert response.status_code == 403
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_administrators_see_waiting_invitations_and_others_do_not(client_for, invite, committee):
    invite("waiting@example.org", role="committee")
    page = client_for(committee).get(MEMBERS).content.decode()
    assert "waiting@example.org" not in page


def test_resend_sends_a_new_link_and_the_old_one_stops_working(
    client, client_for, org_admin, invite, mailoutbox, link_in
):
    old = invite("a@example.org")
    invitation = Invitation.objects.get()
    admin = client_for(org_admin)
    page = admin.get(MEMBERS).content.decode()
    assert "a@example.org" in page and f'name="resend" value="{invitation.pk}"' in page
    with time_machine.travel(
        timezone.now() + timedelta(days=8)
    ):  # resending renews an expired link
        admin = client_for(org_admin)  # a new session: the first has timed out
        assert "expired" in admin.get(MEMBERS).content.decode()
        response = admin.post(MEMBERS, {"resend": invitation.pk}, follow=True)
        assert (
            "Sent a new invitation link to a@example.org as officer." in response.content.decode()
        )
        new = link_in(mailoutbox[-1])
        assert new != old
        assert client.get(old).status_code == 404
        assert accept(client, new).status_code == 302
    assert Membership.objects.get(user__username="a@example.org").role == "officer"


def test_revoke_withdraws_the_link(client, client_for, org_admin, invite):
    path = invite("a@example.org")
    invitation = Invitation.objects.get()
    response = client_for(org_admin).post(MEMBERS, {"revoke": invitation.pk}, follow=True)
    content = response.content.decode()
    assert "Withdrew the invitation of a@example.org." in content
    assert "No invitations are waiting." in content
    response = client.get(path)
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()
    assert accept(client, path).status_code == 410
    assert not User.objects.filter(username="a@example.org").exists()
    response = client_for(org_admin).post(MEMBERS, {"revoke": invitation.pk}, follow=True)
    assert "has been revoked" in response.content.decode()


@pytest.mark.parametrize("field", ["resend", "revoke"])
def test_resend_and_revoke_refuse_bad_and_foreign_ids(
    client_for, org_admin, neighbour, neighbour_org, field, mailoutbox
):
    other = Invitation(organisation=neighbour_org, email="x@example.org", role="officer")
    other.set_new_token()
    other.save()
    for value in ["abc", "", str(other.pk), "99999999999999999999999"]:
        response = client_for(org_admin).post(MEMBERS, {field: value}, follow=True)
        assert response.status_code == 200
        assert "That invitation is not on the list." in response.content.decode()
    other.refresh_from_db()
    assert other.is_open and mailoutbox == []


def test_a_failed_email_is_reported_with_the_link_and_logged(
    client, client_for, org_admin, settings, caplog, unused_port
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", unused_port, 2
    response = client_for(org_admin).post(
        MEMBERS, {"email": "a@example.org", "role": "officer"}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "the email could not be sent: copy this link" in content
    path = content.split("send it to them yourself: ", 1)[1].split("<", 1)[0].strip()
    path = "/" + path.split("/", 3)[3]
    assert "Could not send" in caplog.text and "a@example.org" in caplog.text
    assert accept(client, path).status_code == 302
