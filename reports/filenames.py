"""Download names for every report file: readable in any script, safe in a header.

A title in Gaelic or Japanese keeps its own letters in the RFC 6266
``filename*`` parameter; browsers that only read ``filename`` get an ASCII name
that still says what the file is (accents folded, the organisation's name when
the title has no Latin letters at all).
"""

import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

# Characters no file system or browser accepts in a name; control and direction marks.
SLASHES = re.compile(r"[\\/]+")  # "2023/24" -> "2023-24"
SPACED = re.compile(r'[:*?"<>|]+')
REMOVED = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
MAX_STEM = 120


def _tidy(text):
    text = SPACED.sub(" ", SLASHES.sub("-", REMOVED.sub("", text)))
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split()).strip(" .-")


def download_name(assessment, extension, *, moment=None, version=None):
    """(unicode name, ASCII fallback) for a file about ``assessment``.

    ``moment`` adds "as of <date>"; ``version`` names an approved version.
    """
    suffix = ""
    ascii_suffix = ""
    if version is not None:
        suffix, ascii_suffix = f" v{version}", f"-v{version}"
    if moment is not None:
        suffix += f" as of {moment:%Y-%m-%d}"
        ascii_suffix += f"-as-of-{moment:%Y-%m-%d}"
    # The title names the period once (Assessment.display_title decides).
    stem = _tidy(assessment.display_title)[:MAX_STEM].strip() or "Committee paper"
    ascii_title = slugify(assessment.title) or slugify(assessment.organisation.name) or "assessment"
    period = slugify(_tidy(assessment.period))
    if period and period in ascii_title:
        period = ""
    ascii_stem = "-".join(part for part in (ascii_title[:80], period) if part)
    return f"{stem}{suffix}.{extension}", f"{ascii_stem}{ascii_suffix}.{extension}"


def attachment_header(names):
    """The Content-Disposition value for (unicode name, ASCII fallback)."""
    name, fallback = names
    header = content_disposition_header(as_attachment=True, filename=name)
    if name.isascii():
        return header
    # content_disposition_header gives only filename* for a non-ASCII name;
    # RFC 6266 section 4.3 recommends filename first for older clients.
    return header.replace("attachment; ", f'attachment; filename="{fallback}"; ', 1)


def attachment_response(content, content_type, names):
    """A download of ``content`` named (unicode name, ASCII fallback), never sniffed as
    another type by the browser."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(names)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def actions_download_name(organisation, extension, day):
    """(unicode name, ASCII fallback) for the action tracker's list on ``day``."""
    stem = _tidy(organisation.name)[:MAX_STEM].strip() or "Organisation"
    fallback = slugify(organisation.name) or "organisation"
    return (
        f"{stem} actions {day:%Y-%m-%d}.{extension}",
        f"{fallback}-actions-{day:%Y-%m-%d}.{extension}",
    )
