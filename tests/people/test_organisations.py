"""Setting up an organisation without the admin site: in the app and by command."""

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Membership, Organisation
from people.models import Invitation

NEW = "/organisations/new/"
STRONG = "Kelpies-under-Falkirk-2024"


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", password="x", first_name="Site")


def set_password(client, path):
    return client.post(
        path,
        {"first_name": "Iona", "last_name": "Reid", "password1": STRONG, "password2": STRONG},
    )


def test_superuser_creates_an_organisation_whose_admin_accepts(
    client, client_for, root, mailoutbox, link_in
):
    response = client_for(root).post(
        NEW,
        {"name": "Perth and Kinross IJB", "kind": "ijb", "admin_email": "iona@pkc.example"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/organisations/perth-and-kinross-ijb/members/"
    assert (
        "Created Perth and Kinross IJB and invited iona@pkc.example as its administrator."
        in response.content.decode()
    )
    organisation = Organisation.objects.get(slug="perth-and-kinross-ijb")
    assert organisation.kind == "ijb"
    assert organisation.history.get().history_user == root
    (message,) = mailoutbox
    assert message.to == ["iona@pkc.example"] and "as administrator" in message.body

    response = set_password(client, link_in(message))
    assert response["Location"] == "/organisations/perth-and-kinross-ijb/"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user.username, membership.role) == ("iona@pkc.example", "admin")
    assert client.get("/organisations/perth-and-kinross-ijb/members/").status_code == 200


def test_a_name_already_taken_is_refused(client_for, root, demo_org, mailoutbox):
    response = client_for(root).post(
        NEW, {"name": "demo  ijb", "kind": "council", "admin_email": "a@example.org"}
    )
    assert response.status_code == 200
    assert "An organisation called demo ijb already exists." in response.content.decode()
    assert Organisation.objects.count() == 1 and not Invitation.objects.exists()
    assert mailoutbox == []


def test_bad_input_is_refused(client_for, root):
    response = client_for(root).post(NEW, {"name": "", "kind": "club", "admin_email": "nope"})
    content = response.content.decode()
    assert "This field is required." in content
    assert "Select a valid choice." in content
    assert "Enter a valid email address." in content
    assert not Organisation.objects.exists()


def test_the_slug_never_shadows_a_page(client_for, root):
    client_for(root).post(NEW, {"name": "New", "kind": "other", "admin_email": "a@example.org"})
    assert Organisation.objects.get(name="New").slug == "new-2"


def test_only_superusers_create_organisations(client_for, org_admin):
    client = client_for(org_admin)
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, {"name": "X", "kind": "ijb", "admin_email": "a@example.org"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_the_command_creates_invites_and_prints_the_link(db, client, capsys, mailoutbox, link_in):
    call_command(
        "create_organisation",
        "Perth and Kinross IJB",
        "--kind",
        "ijb",
        "--admin-email",
        "a@example.org",
    )
    out = capsys.readouterr().out
    assert "Created Perth and Kinross IJB (perth-and-kinross-ijb)." in out
    assert "Sent the invitation to a@example.org." in out
    path = link_in(mailoutbox[0])
    assert f"Invitation link (valid for 7 days, works once): http://127.0.0.1:8000{path}" in out
    assert Invitation.objects.get().invited_by is None
    assert set_password(client, path)["Location"] == "/organisations/perth-and-kinross-ijb/"


def test_the_command_uses_site_url(settings, capsys, db):
    settings.SITE_URL = "https://bestvalue.example.scot"
    call_command("create_organisation", "Fife IJB", "--admin-email", "a@example.org")
    assert "https://bestvalue.example.scot/invitations/" in capsys.readouterr().out


def test_the_command_prints_the_link_when_email_fails(settings, capsys, unused_port, db):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", unused_port, 2
    call_command("create_organisation", "Fife IJB", "--admin-email", "a@example.org")
    captured = capsys.readouterr()
    assert "could not be sent" in captured.err
    assert "Invitation link (valid for 7 days, works once): http://" in captured.out


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["Demo IJB", "--admin-email", "a@example.org"],
            "An organisation called Demo IJB already exists.",
        ),
        (
            ["Fife IJB", "--admin-email", "not-an-address"],
            "'not-an-address' is not a usable email address.",
        ),
    ],
)
def test_the_command_refuses_bad_input(demo_org, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_organisation", *args)
    assert Organisation.objects.count() == 1 and not Invitation.objects.exists()
