"""Inactivity expiry: a session ends SESSION_COOKIE_AGE after its last use, and a page does
not write the session on every request to keep that so."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def session_writes(client, url="/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]][1:]


def expiry(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def test_pages_within_a_minute_do_not_write_the_session(alice_client):
    # Signing in saved the session: the pages after it write nothing.
    assert session_writes(alice_client) == []
    assert session_writes(alice_client) == []


def test_a_page_after_the_refresh_interval_moves_the_expiry_on(alice_client, settings):
    alice_client.get("/")
    before = expiry(alice_client)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        writes = session_writes(alice_client)
        assert writes and all(sql.startswith(("UPDATE", "INSERT")) for sql in writes)
        assert expiry(alice_client) - before >= timedelta(seconds=60)
        assert alice_client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_session_ends_after_the_cookie_age_without_a_request(alice_client, settings):
    alice_client.get("/")
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)):
        assert alice_client.get("/").status_code == 200  # used in time: still signed in
    later = timezone.now() + timedelta(seconds=2 * (settings.SESSION_COOKIE_AGE - 120))
    with time_machine.travel(later):
        assert alice_client.get("/").status_code == 200  # counted from the last use
    with time_machine.travel(later + timedelta(seconds=settings.SESSION_COOKIE_AGE + 61)):
        response = alice_client.get("/")
        assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_stale_cookie_of_a_visitor_creates_no_session(client, db):
    client.cookies["sessionid"] = "no-such-session"
    client.get("/login/")
    assert not Session.objects.exists()
