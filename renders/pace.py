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

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from renders.models import RequestPace

_held = 0
_held_lock = threading.Lock()


def seconds_to_pace(user, kind):
    """0 when the user is in pace for ``kind`` (the request is then noted as their
    last), otherwise the seconds until they will be."""
    interval = settings.RENDER_REQUEST_INTERVAL
    if not interval:
        return 0
    now = timezone.now()
    earliest = now - timedelta(seconds=interval)
    pace = RequestPace.objects.filter(user=user, kind=kind)
    # Repeats (the common case when someone keeps clicking) are answered by a read alone.
    last = pace.values_list("last_at", flat=True).first()
    if last is not None and last > earliest:
        return (last - earliest).total_seconds()
    if pace.filter(last_at__lte=earliest).update(last_at=now):
        return 0
    try:
        with transaction.atomic():
            RequestPace.objects.create(user=user, kind=kind, last_at=now)
    except IntegrityError:  # another request of theirs was noted first, just now
        return interval
    return 0


def in_pace(request, kind):
    """True (and the request noted) when the user is in pace for ``kind``; a request
    that comes too soon is first held until they are, where the server allows (see the
    module's text), and then asked about again."""
    wait = seconds_to_pace(request.user, kind)
    if wait and _hold(request, wait):
        wait = seconds_to_pace(request.user, kind)
    return not wait


def _hold(request, seconds):
    """Sleep ``seconds`` if this process has a thread to spare for it; True if it slept."""
    global _held
    if not request.environ.get("wsgi.multithread"):
        return False
    with _held_lock:
        if _held >= settings.RENDER_HELD_REQUESTS:
            return False
        _held += 1
    try:
        time.sleep(seconds)
    finally:
        with _held_lock:
            _held -= 1
    return True
