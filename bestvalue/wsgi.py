"""WSGI entry point (gunicorn bestvalue.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bestvalue.settings")

application = get_wsgi_application()
