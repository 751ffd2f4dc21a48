"""An administrator invites an officer; the email goes through a real SMTP server."""

import email
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from assessments.models import Membership
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


class Inbox:
    """aiosmtpd handler keeping every message the server accepts."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content))
        self.arrived.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings, live_server):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.SITE_URL = live_server.url
    yield inbox
    controller.stop()


def test_admin_invites_an_officer_who_sets_a_password_and_edits_an_entry(
    new_page, org_admin, assessment, smtp_server
):
    admin = new_page()
    log_in(admin, "orgadmin", PASSWORD)
    admin.get_by_role("link", name="Demo IJB").first.click()
    admin.get_by_role("link", name="Members").click()
    admin.get_by_label("Email address").fill("eilidh.officer@example.org")
    admin.get_by_label("Role*", exact=True).select_option(label="Officer")
    admin.get_by_role("button", name="Send invitation").click()
    expect(
        admin.get_by_text("Invitation sent to eilidh.officer@example.org as officer.")
    ).to_be_visible()
    expect(admin.locator("#invitations")).to_contain_text("eilidh.officer@example.org")

    assert smtp_server.arrived.wait(10)
    (message,) = smtp_server.messages
    assert message["To"] == "eilidh.officer@example.org"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://\S+/invitations/\S+/", body).group(0)

    officer = new_page()
    officer.goto(link)
    officer.get_by_label("First name").fill("Eilidh")
    officer.get_by_label("Last name").fill("Campbell")
    officer.get_by_label("Password*", exact=True).fill("Kelpies-under-Falkirk-2024")
    officer.get_by_label("Password confirmation").fill("Kelpies-under-Falkirk-2024")
    officer.get_by_role("button", name="Set my password and join").click()
    expect(officer.get_by_text("Welcome to Demo IJB: you are an officer.")).to_be_visible()
    expect(officer.get_by_text("Signed in as Eilidh Campbell")).to_be_visible()

    officer.get_by_role("link", name="Self-assessment 2023/24").click()
    officer.get_by_role("link", name="1.1", exact=True).click()
    officer.get_by_label("Evidence*", exact=True).fill("Locality plans agreed with each locality.")
    officer.get_by_role("button", name="Save").click()
    expect(officer.get_by_text("Saved 1.1.")).to_be_visible()

    membership = Membership.objects.get(user__username="eilidh.officer@example.org")
    assert membership.role == "officer"
    entry = assessment.entries.get(criterion__ref="1.1")
    assert entry.evidence_items.get().text == "Locality plans agreed with each locality."
    assert entry.evidence_items.get().history.first().history_user == membership.user
