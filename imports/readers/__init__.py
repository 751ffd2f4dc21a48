"""Readers: an uploaded file's bytes in, the rows of its tables out.

``read_document`` checks what the file is (``files.identify``), reads it with
the reader for its kind, and refuses a document with no recognisable table.
Every refusal is an ``UnreadableFile`` whose message can be shown as it is.
"""

import zipfile
from xml.etree.ElementTree import ParseError

from lxml.etree import LxmlError

from imports.readers.files import UnreadableFile, identify
from imports.readers.rows import ReadDocument
from imports.readers.spreadsheet import read_csv, read_xlsx
from imports.readers.word import read_docx

__all__ = ["ReadDocument", "UnreadableFile", "read_document"]

# What python-docx, openpyxl and defusedxml raise on a file they cannot make sense of.
_LIBRARY_ERRORS = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    ParseError,
    LxmlError,
)


def _defused_errors():
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return ()
    return (DefusedXmlException,)


def read_document(filename, data, sheet=None):
    kind = identify(filename, data)
    try:
        if kind == "docx":
            document = read_docx(data)
        elif kind == "xlsx":
            document = read_xlsx(data, sheet=sheet or None)
        else:
            document = read_csv(data)
    except UnreadableFile:
        raise
    except (*_LIBRARY_ERRORS, *_defused_errors()) as error:
        raise UnreadableFile(
            f"“{filename}” could not be read: it looks damaged or is not laid out as a "
            "document. Open it, save it again and upload the new copy."
        ) from error
    if not document.rows:
        raise UnreadableFile(
            f"No table with a recognisable header row was found in “{filename}”. The header "
            "needs words such as Ref, Criteria, Evidence, Action, Timescales, Lead Officer."
        )
    return document
