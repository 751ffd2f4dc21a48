"""Settings come from the environment and fail with one clear line when wrong."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

PROJECT_DIR = Path(__file__).resolve().parents[1]


# Set by tests/settings.py for the suite itself; a subprocess must not inherit them.
SUITE_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def clean_environment(**env):
    environment = {k: v for k, v in os.environ.items() if k not in SUITE_ONLY_VARIABLES}
    environment.update(env)
    return environment


def manage(*args, **env):
    environment = clean_environment(**env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off."


def test_a_malformed_database_url_is_named_in_one_line():
    result = manage("check", DEBUG="1", DATABASE_URL="nonsense://nowhere")
    assert result.returncode != 0
    assert result.stderr.startswith(
        "Configuration error: DATABASE_URL is not a usable database URL"
    )
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_named_in_one_line():
    result = manage(
        "check_database", DEBUG="1", DATABASE_URL="postgres://postgres:secret@127.0.0.1:9/nothing"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("CommandError: DATABASE_URL: cannot connect to postgres://")
    assert "secret" not in lines[0]


def test_check_database_passes_on_the_test_database(db):
    output = io.StringIO()
    call_command("check_database", stdout=output)
    assert output.getvalue().startswith("Database reachable")


def test_uk_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "en-gb"
    assert settings.TIME_ZONE == "Europe/London"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_debug_must_be_a_yes_or_no(value):
    result = manage("check", DEBUG=value)
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_printed_database_urls_hide_the_password():
    from bestvalue.management.commands.check_database import describe_database_url

    assert describe_database_url("postgres://u:pw@h:1/d") == "postgres://u:***@h:1/d"
    assert describe_database_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"
