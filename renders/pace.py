"""Each user's pace of asking for report files, and holding a too-quick repeat.

A request for a file rebuilds its input (the report, the export's data) to key
the file by; that costs the request some CPU. A user is in pace for a kind of
request when their last one of that kind was at least RENDER_REQUEST_INTERVAL
seconds ago; a request out of pace is answered without the rebuild.

Answering quickly is not enough when someone keeps asking nonstop (a script, a
stuck key, many tabs): each answer comes back in a few milliseconds and is asked
again at once, so the web workers serve little else. On a threaded server
(gunicorn ``--threads``, the development server) a request out of pace is
therefore held until the user is in pace again, as a rate-limiting proxy
delays what comes too fast. A held request sleeps: it uses no CPU, holds no
lock and is in no transaction. At most RENDER_HELD_REQUESTS are held at once in
each process, so held requests never take all of its threads; past that, and
on a server of single-threaded processes, where a sleeping request would hold
a whole process, a request out of pace is answered at once.
"""

import threading
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from renders.models import RequestPace

_held = 0
_held_lock = threading.Lock()


def _seconds_left(user, kind, now, interval):
    """Seconds until the user is in pace for ``kind``; 0 if they are."""
    last = RequestPace.objects.filter(user=user, kind=kind).values_list("last_at", flat=True)
    last = last.first()
    if last is None:
        return 0
    return max(0.0, (last + timedelta(seconds=interval) - now).total_seconds())


def in_pace(user, kind):
    """True, and the request noted as the user's last of ``kind``, unless they had one
    less than RENDER_REQUEST_INTERVAL seconds ago."""
    interval = settings.RENDER_REQUEST_INTERVAL
    if not interval:
        return True
    now = timezone.now()
    # Repeats (the common case when someone keeps clicking) are answered by a read alone.
    if _seconds_left(user, kind, now, interval):
        return False
    pace = RequestPace.objects.filter(user=user, kind=kind)
    if pace.filter(last_at__lte=now - timedelta(seconds=interval)).update(last_at=now):
        return True
    try:
        with transaction.atomic():
            RequestPace.objects.create(user=user, kind=kind, last_at=now)
    except IntegrityError:  # another request of theirs was noted first, just now
        return False
    return True


def held_until_in_pace(kind):
    """A view decorator: a request that comes too soon for ``kind`` is held until the user
    is in pace, where the server allows (see the module's text), before the view reads
    anything, so what it answers with is read after the hold. The view decides with
    ``in_pace`` as ever."""

    def decorate(view):
        @wraps(view)
        def held_view(request, *args, **kwargs):
            interval = settings.RENDER_REQUEST_INTERVAL
            if interval and request.user.is_authenticated:
                wait = _seconds_left(request.user, kind, timezone.now(), interval)
                if wait:
                    _hold(request, wait)
            return view(request, *args, **kwargs)

        return held_view

    return decorate


def _hold(request, seconds):
    """Sleep ``seconds`` if this process has a thread to spare for it."""
    global _held
    if not request.environ.get("wsgi.multithread"):
        return
    with _held_lock:
        if _held >= settings.RENDER_HELD_REQUESTS:
            return
        _held += 1
    try:
        time.sleep(seconds)
    finally:
        with _held_lock:
            _held -= 1
