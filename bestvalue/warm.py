"""A worker's warm-up, moved out of the garbage collector's reach once it is done.

Gunicorn's workers freeze what loading the app made (bestvalue/wsgi.py). A
worker's first requests make more that lives as long as it does: compiled
templates, the URL resolver's tables, the SQL of prepared queries. Left in the
collector's oldest generation, every full collection walked them again: about
every fifteenth request of the committee report paused 30–40 ms for it. After
its 1st, 10th, 100th and 1,000th request a worker collects its garbage and
freezes what is left. Nothing about any request's data is kept: objects no
longer referenced are still freed (freezing only stops the collector walking
them), and the collection before freezing frees the cyclic garbage first.
"""

import gc
import itertools

FREEZE_AFTER = frozenset({1, 10, 100, 1000})  # requests served by this process

# Numbers the finished requests; ``next()`` on it is atomic, so threads of one worker
# finishing at once still get a number each.
_served = itertools.count(1)


def freeze_when_warm(sender, **kwargs):
    """``request_finished`` receiver: after the requests in FREEZE_AFTER, collect and freeze."""
    if next(_served) in FREEZE_AFTER:
        gc.collect()
        gc.freeze()
