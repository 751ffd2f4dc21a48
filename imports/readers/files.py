"""What an uploaded file really is, judged by its content, and whether it is safe to read.

A .docx or .xlsx is a zip archive; its parts say which it is. Refused, each
with a message fit to show the person who uploaded it: files over 10 MB,
names and contents that disagree, macro-enabled documents, password-protected
(encrypted) documents and old binary formats, damaged archives, and archives
that would unpack to far more than a document needs (decompression bombs).
"""

import io
import zipfile
from pathlib import PurePath

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 2_000

DOCX, XLSX, CSV = "docx", "xlsx", "csv"
KINDS = {DOCX: "a Word document", XLSX: "an Excel workbook", CSV: "a CSV file"}
MACRO_SUFFIXES = {".docm", ".xlsm", ".dotm", ".xltm", ".xlsb"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OTHER_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image"}


class UnreadableFile(Exception):
    """A file that cannot be imported; the message says why and what to do."""


def megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def suffix_of(filename):
    return PurePath(filename or "").suffix.lower()


def identify(filename, data):
    """The kind of file (``DOCX``, ``XLSX`` or ``CSV``), or ``UnreadableFile``."""
    suffix = suffix_of(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            f"This file is {megabytes(len(data))}; at most {megabytes(MAX_UPLOAD_BYTES)} can be imported."
        )
    if suffix in MACRO_SUFFIXES:
        raise UnreadableFile(
            f"Macro-enabled files ({suffix}) are not imported. Save it as .docx or .xlsx "
            "without macros and upload that."
        )
    expected = {".docx": DOCX, ".xlsx": XLSX, ".csv": CSV}.get(suffix)
    if expected is None:
        raise UnreadableFile(
            "Only Word (.docx), Excel (.xlsx) and CSV (.csv) files can be imported; "
            f"“{filename}” is not one of them."
        )
    if not data:
        raise UnreadableFile("The file is empty.")
    actual = _kind_of_content(data)
    if actual != expected:
        raise UnreadableFile(
            f"“{filename}” is named as {KINDS[expected]} but its content is {actual_name(actual, data)}. "
            "Save it in the format its name says and upload it again."
        )
    return actual


def actual_name(kind, data):
    if kind in KINDS:
        return KINDS[kind]
    if kind == "zip":
        return "a zip archive"
    for magic, name in OTHER_MAGIC.items():
        if data.startswith(magic):
            return name
    return "not a document this app can read"


def _kind_of_content(data):
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableFile(
                "This document is password-protected. Remove the password (File › Info › "
                "Protect Document) and upload it again."
            )
        raise UnreadableFile(
            "This is an old-format Word or Excel file (.doc or .xls). Save it as .docx or "
            ".xlsx and upload it again."
        )
    if data.startswith(ZIP_MAGIC):
        return _kind_of_archive(data)
    if any(data.startswith(magic) for magic in OTHER_MAGIC) or b"\x00" in data[:8192]:
        return "binary"
    return CSV


def _kind_of_archive(data):
    damaged = UnreadableFile(
        "The file is damaged: it is not a complete Word or Excel file. Open it in Word or "
        "Excel, save it again and upload the new copy."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise damaged from error
    if len(members) > MAX_ARCHIVE_MEMBERS or (
        sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES
    ):
        raise UnreadableFile(
            "This file would unpack to more than "
            f"{megabytes(MAX_UNCOMPRESSED_BYTES)}, far more than any document needs, so it "
            "was not opened."
        )
    names = {member.filename for member in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroenabled" in _read(archive, "[Content_Types].xml", damaged).lower()
    ):
        raise UnreadableFile(
            "This document contains macros, which are not imported. Save it as .docx or "
            ".xlsx without macros and upload that."
        )
    try:
        broken = archive.testzip()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise damaged from error
    if broken is not None:
        raise damaged
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return "zip"


def _read(archive, name, damaged):
    try:
        return archive.read(name)
    except KeyError:
        return b""
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise damaged from error
