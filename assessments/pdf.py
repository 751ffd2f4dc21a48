"""Turning report HTML into PDF bytes with WeasyPrint, fetching nothing from outside.

The only resources a report may load are the project's own static files
(its print stylesheet). Every other URL — another host, a local port,
``file://`` — is refused before any connection or file read is attempted,
so text that slipped into the markup could not make the server fetch it.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the report resolve against this; ".invalid" never resolves.
BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    pass


def _static_roots():
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


class StaticOnlyURLFetcher(URLFetcher):
    """Serves the project's static files from disk and refuses every other URL."""

    def __init__(self):
        super().__init__()  # fetch() below replaces the parent's opener entirely
        self.static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL

    def fetch(self, url, headers=None):
        if not url.startswith(self.static_prefix):
            raise RefusedURL(f"Reports load only the app's own static files, not {url[:200]}")
        relative = unquote(urlsplit(url).path)[len(urlsplit(self.static_prefix).path) :]
        path = self._static_file(relative)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})

    @staticmethod
    def _static_file(relative):
        """The file behind a static URL: collected (hashed names in production) or source."""
        try:
            collected = (
                Path(safe_join(settings.STATIC_ROOT, relative)) if settings.STATIC_ROOT else None
            )
            found = str(collected) if collected and collected.is_file() else finders.find(relative)
        except SuspiciousFileOperation:
            found = None
        if not found:
            raise RefusedURL(f"No static file {relative[:200]}")
        path = Path(found).resolve()
        if not any(path.is_relative_to(root) for root in _static_roots()):
            raise RefusedURL(f"{relative[:200]} is outside the static files")
        return path


def html_to_pdf(html):
    """PDF bytes of ``html``: tagged for screen readers, metadata from its head."""
    document = HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher(), encoding="utf-8"
    )
    return document.write_pdf(pdf_tags=True)
