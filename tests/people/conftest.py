"""Helpers for the people tests: links are always taken from the email that was sent."""

import re

import pytest

MEMBERS = "/organisations/demo-ijb/members/"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")


@pytest.fixture
def link_in():
    """link_in(message) -> the path of the one link in an email."""

    def find(message):
        links = LINK.findall(message.body)
        assert len(links) == 1, message.body
        return links[0]

    return find


@pytest.fixture
def invite(client_for, org_admin, mailoutbox, link_in):
    """invite(email, role) -> the accept path from the invitation email the admin's invite sent."""

    def make(email, role="officer", by=None):
        client = client_for(by or org_admin)
        response = client.post(MEMBERS, {"email": email, "role": role})
        assert response.status_code == 302, response.content.decode()
        return link_in(mailoutbox[-1])

    return make


@pytest.fixture
def weak_and_strong():
    return "password", "Kelpies-under-Falkirk-2024"


@pytest.fixture
def unused_port():
    """A local TCP port nothing listens on: connecting to it is refused at once."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
