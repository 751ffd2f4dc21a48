"""Production settings, login throttling and the content security policy."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_configuration import PROJECT_DIR, clean_environment, manage

LOGIN = "/login/"


def test_check_deploy_reports_no_issues():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="bestvalue.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_allowed_hosts_is_required_in_production():
    result = manage("check", DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="")
    assert (
        result.stderr.strip() == "Configuration error: ALLOWED_HOSTS must be set when DEBUG is off."
    )


def test_production_cookies_are_secure_and_http_only():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS)"
    )
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=clean_environment(**env, DJANGO_SETTINGS_MODULE="bestvalue.settings"),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "31536000", "DENY"]


def test_every_page_sends_a_strict_content_security_policy(client, db):
    policy = client.get(LOGIN)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_frame_nobody(client, db):
    assert client.get(LOGIN)["X-Frame-Options"] == "DENY"


def test_no_template_uses_inline_script_or_style():
    offenders = []
    for template in Path(PROJECT_DIR).glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        text = template.read_text(encoding="utf-8")
        if "style=" in text or "<script>" in text or " onclick=" in text:
            offenders.append(str(template.relative_to(PROJECT_DIR)))
    allowed_for_pdf = [name for name in offenders if name.startswith("templates/reports/")]
    assert sorted(set(offenders) - set(allowed_for_pdf)) == []


def test_rating_colours_come_from_the_sites_own_stylesheet(client, frameworks):
    response = client.get("/frameworks/levels.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "background-color: #66bd63" in response.content.decode()


@pytest.fixture
def throttled(settings, alice):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return alice


def test_repeated_failures_lock_the_account_out_with_a_clear_message(client, throttled):
    for _ in range(2):
        response = client.post(LOGIN, {"username": "alice", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    response = client.post(LOGIN, {"username": "alice", "password": "password"})
    assert response.status_code == 429  # even the right password waits


def test_a_successful_login_resets_the_count(client, throttled):
    client.post(LOGIN, {"username": "alice", "password": "wrong"})
    client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert client.post(LOGIN, {"username": "alice", "password": "password"}).status_code == 302
    client.post("/logout/")
    client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert client.post(LOGIN, {"username": "alice", "password": "wrong"}).status_code == 200
