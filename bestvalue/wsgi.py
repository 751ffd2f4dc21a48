"""WSGI entry point (gunicorn bestvalue.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bestvalue.settings")

application = get_wsgi_application()

# What loading the app made (modules, models, URL patterns, settings) lives as long as
# the process: moved out of the collector's reach, full collections have far less to walk
# and pause requests for less. Objects made by requests are collected as before.
gc.freeze()
