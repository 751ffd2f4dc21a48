"""Whether an uploaded file can be an organisation's Word template, and why not.

A template is refused, with the reason, unless it is a real .docx: a zip
holding word/document.xml, within the size limits (no decompression bombs),
without macros (.docm), not password-protected, not linking to an outside
file or image that Word would fetch, and able to render a sample paper.
"""

import io
import re
import zipfile

from reports.word.placeholders import TemplateError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 100  # unpacked / packed size of one part
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected .docx and old .doc
EXTERNAL = re.compile(rb'TargetMode\s*=\s*"External"', re.IGNORECASE)
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
# Fields that make Word fetch or run something when the file is opened.
FETCHING_FIELDS = re.compile(
    rb"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT)\b", re.IGNORECASE
)
FIELD_TEXT = re.compile(rb"<w:instrText[^>]*>([^<]*)</w:instrText>|w:instr=\"([^\"]*)\"")


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB"


def check_package(data):
    """Raise TemplateError unless ``data`` is a plain, safe .docx package."""
    if not data:
        raise TemplateError("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise TemplateError(
            f"The file is {_megabytes(len(data))}; a template may be at most "
            f"{_megabytes(MAX_UPLOAD_BYTES)}. Compress its pictures and try again."
        )
    if data.startswith(OLE_MAGIC):
        raise TemplateError(
            "The file is password-protected or an old Word 97–2003 .doc. "
            "Save it unprotected as a Word document (.docx)."
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise TemplateError(
            "The file is not a Word document (.docx): it cannot be opened."
        ) from None
    names = {member.filename for member in members}
    if len(members) > MAX_MEMBERS:
        raise TemplateError(f"The file holds {len(members)} parts; a Word template has far fewer.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES or any(
        member.file_size > 1024 * 1024
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    ):
        raise TemplateError(
            "The file unpacks to far more than its size (a decompression bomb); it is refused."
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise TemplateError("The file is encrypted. Save it without a password.")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise TemplateError("The file is not a Word document (.docx): it has no document part.")
    try:
        content_types = package.read("[Content_Types].xml")
        if "word/vbaProject.bin" in names or b"macroEnabled" in content_types:
            raise TemplateError(
                "The file contains macros (a .docm). Save it as a Word document (.docx) "
                "without macros."
            )
        for name in names:
            if name.endswith(".rels"):
                _check_relationships(name, package.read(name))
            elif name.startswith("word/") and name.endswith(".xml"):
                _check_fields(name, package.read(name))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TemplateError("The file is damaged: a part of it cannot be read.") from None


def _check_relationships(name, xml):
    for relationship in RELATIONSHIP.findall(xml):
        if EXTERNAL.search(relationship) and b"/hyperlink" not in relationship:
            target = re.search(rb'Target\s*=\s*"([^"]*)"', relationship)
            shown = target.group(1).decode("utf-8", "replace")[:100] if target else "?"
            raise TemplateError(
                f"The template links to an outside file ({shown}) that Word would fetch "
                "when the paper is opened. Insert pictures into the file instead of linking them."
            )


def _check_fields(name, xml):
    # A field's instruction may be split over several runs: read them joined.
    instructions = b"".join(
        match.group(1) or match.group(2) or b"" for match in FIELD_TEXT.finditer(xml)
    )
    found = FETCHING_FIELDS.search(instructions)
    if found:
        raise TemplateError(
            f"The template holds a {found.group(1).decode().upper()} field, which fetches or "
            "runs something when the file is opened. Remove it."
        )


def check_template(data, organisation):
    """Raise TemplateError with the reason unless ``data`` can be the organisation's template."""
    from reports.docx import render_docx
    from reports.word.sample import sample_report

    check_package(data)
    try:
        render_docx(sample_report(organisation), template=data)
    except TemplateError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds for a broken file
        raise TemplateError(
            f"Word could not be made with this template ({type(error).__name__}). "
            "Open it in Word, save it as a .docx and try again."
        ) from error
