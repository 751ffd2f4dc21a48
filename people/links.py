"""Absolute links for emails: SITE_URL when set, else the address of the request."""

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(path, request=None):
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return DEFAULT_SITE_URL + path
