"""Turning report HTML into PDF bytes with WeasyPrint, fetching nothing from outside.

The only resources a report may load are the project's own static files
(its print stylesheet). Every other URL — another host, a local port,
``file://`` — is refused before any connection or file read is attempted,
so text that slipped into the markup could not make the server fetch it.

A render never produces a degraded record: if WeasyPrint cannot load the print
stylesheet, an image or a font, or logs any error, ``html_to_pdf`` raises
``RenderError`` instead of returning an unstyled paper. Inside
``time_limit(seconds)`` (the task workers) the render runs in a child process
that is stopped when it takes longer than that.
"""

import contextlib
import contextvars
import logging
import mimetypes
import multiprocessing
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.db import connections
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


class RenderError(Exception):
    """The paper could not be produced as it should look; nothing is stored."""


class RenderTimeout(RenderError):
    pass


class _DegradedRender(logging.Handler):
    """Collects what WeasyPrint reports that would make the paper differ from its design."""

    SIGNS = ("cannot be loaded", "failed to load")

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.problems = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR or any(s in message.lower() for s in self.SIGNS):
            self.problems.append(message[:300])


def _render(html):
    handler = _DegradedRender()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(handler)
    try:
        document = HTML(
            string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher(), encoding="utf-8"
        )
        pdf = document.write_pdf(pdf_tags=True)
    finally:
        weasyprint_logger.removeHandler(handler)
    if handler.problems:
        raise RenderError(
            "The committee paper could not be produced as designed, so nothing was stored: "
            + "; ".join(handler.problems[:3])
        )
    return pdf


_time_limit = contextvars.ContextVar("pdf_time_limit", default=None)


@contextlib.contextmanager
def time_limit(seconds):
    """Within this block, each render is stopped after ``seconds``."""
    token = _time_limit.set(seconds)
    try:
        yield
    finally:
        _time_limit.reset(token)


class DatabaseInRender(RenderError):
    pass


def _refuse_queries(execute, sql, params, many, context):
    raise DatabaseInRender(
        "The file's renderer tried to read the database; it must render from its input only."
    )


def _forbid_database():
    """In the forked child: any query is refused before it reaches the parent's connection.

    The child shares the parent's database sockets; a query (or closing them)
    would corrupt the parent's session, so none is ever sent.
    """
    for connection in connections.all():
        connection.execute_wrappers.append(_refuse_queries)


def _yield_to_web_requests():
    """The render is background work: on a machine shared with the web server it takes
    the CPU only when web requests leave it free (RENDER_NICENESS, 0 to keep priority)."""
    niceness = getattr(settings, "RENDER_NICENESS", 0)
    if niceness:
        with contextlib.suppress(OSError):  # not permitted here: render at the same priority
            os.nice(niceness)


def _call_in_child(function, argument, sender):
    try:
        _forbid_database()
        _yield_to_web_requests()
        sender.send(("ok", function(argument)))
    except RenderError as error:
        sender.send(("refused", str(error)))
    except Exception as error:  # reported to the parent, which raises it as a RenderError
        sender.send(("failed", f"{type(error).__name__}: {error}"[:500]))
    finally:
        sender.close()


def run_with_time_limit(function, argument, seconds):
    """``function(argument)`` in a forked child, stopped after ``seconds``.

    For rendering only: the child must not use the database. A failure or a
    refusal in the child is raised here as a RenderError.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_call_in_child, args=(function, argument, sender), daemon=True)
    child.start()
    sender.close()
    finished = False
    try:
        if not receiver.poll(seconds):
            raise RenderTimeout(
                f"Producing the file took longer than the {seconds:g}-second limit and was "
                "stopped. The likely cause is an unusually long entry: shorten the longest "
                "summaries or evidence items, or split them, and try again."
            )
        try:
            outcome, value = receiver.recv()
            finished = True
        except EOFError:
            raise RenderError(
                f"The process producing the file stopped unexpectedly (exit code {child.exitcode})."
            ) from None
    finally:
        receiver.close()
        child.join(timeout=5 if finished else 0)
        if child.is_alive():
            child.kill()
            child.join()
    if outcome != "ok":
        raise RenderError(value)
    return value


def html_to_pdf(html):
    """PDF bytes of ``html``: tagged for screen readers, metadata from its head.

    Raises RenderError rather than return a degraded paper.
    """
    seconds = _time_limit.get()
    if seconds:
        return run_with_time_limit(_render, html, seconds)
    return _render(html)
