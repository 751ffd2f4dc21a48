"""Inactivity expiry without a database write on every request.

A session ends ``SESSION_COOKIE_AGE`` seconds after its last use. Saving the
session on every request would keep that exact, at the price of a write (on
SQLite, the whole database's write lock) for every page. Instead a signed-in
session is saved again when ``SESSION_REFRESH_INTERVAL`` seconds (60) have
passed since it last was: its expiry then counts from at most a minute before
the last request.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED = "_refreshed_at"


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if not session.is_empty() and SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(REFRESHED, 0) >= settings.SESSION_REFRESH_INTERVAL:
                session[REFRESHED] = now  # saved, with a new expiry, on the way out
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="session-refreshed-at-sign-in")
def _refreshed_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session anyway: it counts as its refresh."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED] = int(time.time())
