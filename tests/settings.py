"""Settings for the test suite: production-like, with a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain http

from bestvalue.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files from the app folders, as in development: no collectstatic before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Login throttling is switched on by the tests that are about it; elsewhere the
# test client's login() (which passes no request) must work.
AXES_ENABLED = False

# Tasks run at once in the test process; the end-to-end worker tests start a
# real worker (manage.py db_worker) against the database backend instead.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Tests ask for files in quick succession; the pacing test switches it on.
RENDER_REQUEST_INTERVAL = 0

# A second process (the real task worker) must see the test database: on
# SQLite that means a file rather than memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}  # noqa: F405
