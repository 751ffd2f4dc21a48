"""Whether the database answers, within a time limit.

The check runs on its own connection in a separate thread, so a database that
accepts connections and never answers costs the caller ``timeout`` seconds at
most (PostgreSQL's connect_timeout then ends the abandoned attempt).
"""

import contextlib
import threading

from django.conf import settings
from django.db import connections
from django.db.utils import load_backend


def default_database_settings():
    return dict(connections["default"].settings_dict)


def _select_one(settings_dict, outcome):
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="health")
    try:
        wrapper.ensure_connection()
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        outcome["ok"] = True
    except Exception as error:
        outcome["error"] = error
    finally:
        with contextlib.suppress(Exception):
            wrapper.close()


def database_problem(settings_dict=None, timeout=None):
    """None when the database answered ``SELECT 1`` in time, else why not, in one line."""
    settings_dict = settings_dict or default_database_settings()
    timeout = settings.HEALTHZ_TIMEOUT if timeout is None else timeout
    outcome = {}
    thread = threading.Thread(target=_select_one, args=(settings_dict, outcome), daemon=True)
    thread.start()
    thread.join(timeout)
    if outcome.get("ok"):
        return None
    if "error" in outcome:
        error = outcome["error"]
        text = str(error).strip()
        return text.splitlines()[0] if text else type(error).__name__
    return f"no answer within {timeout:g} s"
