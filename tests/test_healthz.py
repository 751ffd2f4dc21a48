"""/healthz answers without a login and checks the database."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest

from bestvalue import health


def test_it_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_it_reports_an_unreachable_database(client, db):
    unreachable = {
        **health.default_database_settings(),
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": "9",
        "NAME": "x",
        "OPTIONS": {},
    }
    with mock.patch.object(health, "default_database_settings", lambda: unreachable):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


@pytest.fixture
def silent_database():
    """A listener started by the test: it accepts connections and never answers."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    server.close()


def silent_settings(port):
    return {
        **health.default_database_settings(),
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "bestvalue",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "OPTIONS": {"connect_timeout": 30},
    }


def test_it_answers_503_within_its_timeout_when_the_database_never_answers(
    client, db, silent_database, settings
):
    port, accepted = silent_database
    settings.HEALTHZ_TIMEOUT = 2
    started = time.monotonic()
    silent = silent_settings(port)
    with mock.patch.object(health, "default_database_settings", lambda: silent):
        response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503 and response.content == b"database unavailable\n"
    assert 2 <= elapsed < 10  # gives up at its timeout, never waits for the database
    assert accepted  # it really reached the silent listener


def test_check_database_says_in_one_line_that_the_database_does_not_answer(silent_database):
    port, accepted = silent_database
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "check_database"],
        cwd=Path(__file__).resolve().parents[1],
        env={
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/bestvalue",
            "HEALTHZ_TIMEOUT": "2",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.monotonic() - started < 15
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"CommandError: DATABASE_URL: cannot connect to postgres://postgres@127.0.0.1:{port}/"
        "bestvalue (no answer within 2 s)"
    ]
    assert accepted


def test_postgresql_connections_have_connect_and_statement_timeouts():
    from bestvalue.settings import _database_from_url

    config = _database_from_url("postgres://postgres@127.0.0.1:5432/x")
    assert config["OPTIONS"]["connect_timeout"] == 5
    assert config["OPTIONS"]["options"] == "-c statement_timeout=30000"


def test_sqlite_waits_for_a_busy_database_rather_than_failing():
    from bestvalue.settings import _database_from_url

    assert _database_from_url("sqlite:////tmp/x.sqlite3")["OPTIONS"]["timeout"] == 20
