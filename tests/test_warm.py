"""A worker freezes what its warm-up made, after its 1st, 10th, 100th and 1,000th request."""

import itertools

from bestvalue import warm


class RecordingCollector:
    def __init__(self):
        self.calls = []

    def collect(self):
        self.calls.append("collect")

    def freeze(self):
        self.calls.append("freeze")


def test_garbage_is_collected_then_the_rest_frozen_at_the_warm_up_counts(monkeypatch):
    collector = RecordingCollector()
    monkeypatch.setattr(warm, "gc", collector)
    monkeypatch.setattr(warm, "_served", itertools.count(1))
    frozen_after = []
    for served in range(1, 1501):
        before = len(collector.calls)
        warm.freeze_when_warm(sender=None)
        if len(collector.calls) > before:
            assert collector.calls[before:] == ["collect", "freeze"]
            frozen_after.append(served)
    assert frozen_after == [1, 10, 100, 1000]


def test_the_served_app_freezes_when_warm():
    """bestvalue.wsgi (what gunicorn serves) connects the receiver to every finished request."""
    import gc

    from django.core.signals import request_finished

    import bestvalue.wsgi  # noqa: F401

    try:
        assert request_finished.disconnect(dispatch_uid="freeze-when-warm")
    finally:
        gc.unfreeze()


def test_the_served_app_hands_the_interpreter_lock_over_often():
    """Threads waiting on the database get the lock back within half a millisecond."""
    import gc
    import importlib
    import sys

    from django.core.signals import request_finished

    import bestvalue.wsgi

    sys.setswitchinterval(0.005)  # Python's default
    try:
        importlib.reload(bestvalue.wsgi)
        assert sys.getswitchinterval() == bestvalue.wsgi.SWITCH_INTERVAL == 0.0005
    finally:
        sys.setswitchinterval(0.005)
        request_finished.disconnect(dispatch_uid="freeze-when-warm")
        gc.unfreeze()
