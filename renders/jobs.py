"""Asking for a report file: join an identical render, refuse a third, or queue one.

The input (the report HTML for a PDF) is built in the request and its SHA-256
is the file's key. A finished file is served only when the input rebuilt for
the new request hashes the same, so a file is never stale. (The paper prints
the minute it was produced: the rebuilt input carries the job's production
time, so the comparison is of the data, and of nothing else.) identical requests
while one is queued or running join it; each user has at most
``RENDERS_PER_USER`` renders queued or running.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Organisation
from renders import formats
from renders.models import PENDING, RenderJob, Status

logger = logging.getLogger(__name__)


class TooManyRenders(Exception):
    pass


def about(subject):
    """The job fields naming what a file is about: an assessment or an organisation."""
    if isinstance(subject, Organisation):
        return {"organisation": subject, "assessment": None}
    return {"assessment": subject}


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class FileInput:
    fmt: formats.Format
    text: str
    digest: str


def build_input(fmt_name, source):
    fmt = formats.get(fmt_name)
    text = fmt.build_input(source)
    return FileInput(fmt, text, sha256(text))


def _input_as_rendered_by(job, source):
    """The input rebuilt now, stamped with the job's production time as the file shows it."""
    source.generated_at = job.generated_at
    return build_input(job.format, source)


def _latest_matching(subject, fmt_name, query, source, filename):
    """The newest finished or pending job whose input equals the input rebuilt now, and
    whose file has the name the request gives it (a renamed organisation, another day
    or another approved version names it differently)."""
    latest = (
        RenderJob.objects.filter(
            **about(subject),
            format=fmt_name,
            query=query,
            filename=filename[0],
            status__in=[Status.DONE, *PENDING],
        )
        .defer("result", "input")
        .order_by("-created_at")
        .first()
    )
    if latest is None:
        return None
    generated_at = source.generated_at
    matches = _input_as_rendered_by(latest, source).digest == latest.input_sha256
    source.generated_at = generated_at
    return latest if matches else None


def _abandon_stale_jobs():
    """Jobs a crashed worker or a lost enqueue left pending would block their input forever."""
    now = timezone.now()
    limit = timedelta(seconds=settings.RENDER_TIME_LIMIT + 60)
    message = "The worker producing this file stopped before finishing it. Ask for it again."
    RenderJob.objects.filter(status=Status.RUNNING, started_at__lt=now - limit).update(
        status=Status.FAILED, error=message, finished_at=now
    )
    RenderJob.objects.filter(
        status=Status.QUEUED, created_at__lt=now - timedelta(seconds=settings.RENDER_QUEUE_EXPIRY)
    ).update(status=Status.FAILED, error=message, finished_at=now)


def _pending_for(subject, file_input):
    return RenderJob.objects.filter(
        **about(subject),
        format=file_input.fmt.name,
        input_sha256=file_input.digest,
        status__in=PENDING,
    ).first()


def request_file(subject, user, fmt_name, source, *, filename, query):
    """The job for this source (a report, or an export): a finished one or a pending one
    rendered from exactly the input rebuilt now, or a new queued one.

    Raises TooManyRenders when the user already has their share pending.
    """
    existing = _latest_matching(subject, fmt_name, query, source, filename)
    if existing is not None:
        return existing
    _abandon_stale_jobs()
    file_input = build_input(fmt_name, source)
    with transaction.atomic():
        # One user's requests take turns here, so the limit cannot be raced past.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        pending = _pending_for(subject, file_input)
        if pending is not None:
            return pending
        mine = RenderJob.objects.filter(requested_by=user, status__in=PENDING).count()
        if mine >= settings.RENDERS_PER_USER:
            raise TooManyRenders(
                f"You already have {mine} files being produced; at most "
                f"{settings.RENDERS_PER_USER} at a time. Wait for one to finish and ask again."
            )
        try:
            with transaction.atomic():
                job = RenderJob.objects.create(
                    **about(subject),
                    requested_by=user,
                    format=fmt_name,
                    filename=filename[0],
                    filename_ascii=filename[1],
                    query=query,
                    generated_at=source.generated_at,
                    input=file_input.text,
                    input_sha256=file_input.digest,
                )
        except IntegrityError:  # someone else queued the same input just now: join it
            return _pending_for(subject, file_input)
    enqueue(job)
    job.refresh_from_db()
    return job


def enqueue(job):
    from renders.tasks import render_file

    try:
        render_file.enqueue(job.pk)
    except Exception:
        logger.exception("Could not queue render job %s", job.pk)
        RenderJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
            status=Status.FAILED,
            error="The file could not be queued for production. Try again in a moment.",
            finished_at=timezone.now(),
        )
        raise


def current_source(job, subject):
    """The job's source rebuilt now, if its input is exactly the one the job was keyed by."""
    source = formats.get(job.format).source(subject, job.query)
    if source is None or _input_as_rendered_by(job, source).digest != job.input_sha256:
        return None
    return source


def is_current(job, subject):
    """Whether the input rebuilt now is exactly the one the job's file was rendered from."""
    return current_source(job, subject) is not None


CHANGED_WHILE_WAITING = (
    "The assessment changed while this file was waiting to be produced, so it was not "
    "produced from the old state. Ask for it again."
)


def run(job_pk):
    """Render a queued job's file (in a worker), recording the outcome."""
    from assessments import pdf

    claimed = RenderJob.objects.filter(pk=job_pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = RenderJob.objects.select_related("assessment", "organisation").get(pk=job_pk)
    fmt = formats.get(job.format)
    notice = ""
    try:
        # A format rendered from its source gets it rebuilt here, where the database is,
        # and only if it still makes the exact input the job is keyed by.
        argument = current_source(job, job.subject) if fmt.from_source else job.input
        if argument is None:
            _finish(job_pk, status=Status.FAILED, error=CHANGED_WHILE_WAITING)
            return
        content = pdf.run_with_time_limit(fmt.render, argument, settings.RENDER_TIME_LIMIT)
        if isinstance(content, tuple):
            content, notice = content[0], content[1] or ""
    except pdf.RenderError as error:
        _finish(job_pk, status=Status.FAILED, error=str(error))
        return
    except Exception:
        logger.exception("Render job %s failed", job_pk)
        _finish(
            job_pk,
            status=Status.FAILED,
            error="The file could not be produced because of an error on our side.",
        )
        return
    _finish(job_pk, status=Status.DONE, result=content, notice=notice, input="")
    _prune(job)


def _finish(job_pk, **fields):
    RenderJob.objects.filter(pk=job_pk).update(finished_at=timezone.now(), **fields)


def _prune(job):
    """Keep files a day: older ones are rendered again if asked for."""
    RenderJob.objects.filter(
        status__in=[Status.DONE, Status.FAILED],
        finished_at__lt=timezone.now() - timedelta(seconds=settings.RENDER_KEEP),
    ).delete()


def latest_of(subject, user, fmt_name, query):
    """The user's newest job for these options, to send a too-quick repeat request to."""
    return (
        RenderJob.objects.filter(**about(subject), requested_by=user, format=fmt_name, query=query)
        .defer("result", "input")
        .order_by("-created_at")
        .first()
    )
