import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.reports.conftest import fill

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
APPROVAL = {
    "meeting_date": "2024-06-12",
    "committee_name": "Audit, Risk and Governance Committee",
    "minute_reference": "Item 7, minute 24/31",
}


@pytest.fixture
def filled(assessment):
    return fill(assessment)


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue and wait there for a worker."""
    settings.TASKS = DATABASE_BACKEND


def database_url_for_workers():
    """DATABASE_URL of the test database, for a second process."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = config["USER"] or "postgres"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/"
        f"{config['NAME']}"
    )


def worker_command(*extra):
    return [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        *extra,
    ]


def worker_env():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_for_workers(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def run_worker_once(timeout=240):
    """A real worker process: runs every queued task, then exits."""
    result = subprocess.run(
        worker_command("--batch", "-v", "0"),
        cwd=ROOT,
        env=worker_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def start_worker():
    """start_worker() starts a real worker process polling the queue until the test ends."""
    processes = []

    def start():
        process = subprocess.Popen(
            worker_command("--interval", "0.2", "-v", "0"),
            cwd=ROOT,
            env=worker_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
