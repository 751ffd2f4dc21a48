"""WSGI entry point (gunicorn bestvalue.wsgi)."""

import gc
import os
import sys

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

from bestvalue.warm import freeze_when_warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bestvalue.settings")

application = get_wsgi_application()

# What loading the app made (modules, models, URL patterns, settings) lives as long as
# the process: moved out of the collector's reach, full collections have far less to walk
# and pause requests for less. Objects made by requests are collected as before.
gc.freeze()
# So is what the worker makes as it warms up (templates compiled, SQL prepared), once
# it has served a few requests: see bestvalue/warm.py.
request_finished.connect(freeze_when_warm, dispatch_uid="freeze-when-warm")

# Gunicorn runs each worker with threads (README). A thread that waits on the database
# releases the interpreter's lock and must get it back from a thread that is running
# Python, which by default keeps it up to 5 ms: a page of ten SQLite queries, sharing
# its process with one other request, took twice as long. Handing the lock over every
# half millisecond brought SQLite's pages back to their single-threaded figures
# (measured with make bench; README, Performance, also for PostgreSQL).
SWITCH_INTERVAL = 0.0005
sys.setswitchinterval(SWITCH_INTERVAL)
