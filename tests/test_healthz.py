"""/healthz answers without a login and checks the database."""

from unittest import mock

from django.db import OperationalError


def test_it_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_it_reports_an_unreachable_database(client, db):
    with mock.patch("bestvalue.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content
