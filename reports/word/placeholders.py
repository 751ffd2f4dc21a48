"""The placeholders a Word template may hold, and how they are filled.

A placeholder is ``{{ name }}`` typed anywhere in the template's text, its
headers or its footers; it is replaced by plain text (never markup, never a
field). ``{{ body }}`` must be a paragraph of its own in the main text: the
generated paper (cover tables, summary, themes, action plan, matrix,
appendix) goes there. Nothing else is evaluated: this is not a template
language, so neither the uploaded file nor anything typed into the app can run.
"""

import re

from django.utils import timezone
from django.utils.dateformat import format as format_date
from docx.oxml.ns import qn

from reports.spreadsheet_safety import xml_safe

BODY = "{{ body }}"
PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")

# name -> what it becomes (README documents this table).
PLACEHOLDERS = {
    "organisation": "the organisation's name",
    "title": "the report title (the cover's, or the assessment's title and period)",
    "assessment": "the assessment's title",
    "period": "the assessment's period, e.g. 2023/24",
    "framework": "the framework's title",
    "status": 'the status, e.g. "Approved by Audit Committee on 3 June 2024 (minute 7)"',
    "as_of": (
        '"As it stood at the end of 31 March 2024." for a dated report, '
        '"As approved (version 2)." for an approved one, otherwise empty'
    ),
    "report_date": "the cover's date, e.g. 24 June 2024",
    "agenda_item": "the cover's agenda item",
    "report_to": "the cover's 'Report to'",
    "report_by": "the cover's 'Report by'",
    "generated": "when the file was made, e.g. 25 November 2026, 09:30",
    "body": "the paper itself; a paragraph of its own in the main text (required)",
}


class TemplateError(Exception):
    """A Word template that cannot carry the paper; the message is fit to show its uploader."""


def _status(assessment):
    text = assessment.get_status_display()
    if assessment.status == "approved":
        text += f" by {assessment.committee_name or 'the committee'}"
        if assessment.meeting_date:
            text += f" on {format_date(assessment.meeting_date, 'j F Y')}"
        if assessment.minute_reference:
            text += f" (minute {assessment.minute_reference})"
    return text


def _as_of(report, version):
    if version is not None:
        return f"As approved (version {version})."
    if report.moment:
        return (
            f"As it stood at the end of {format_date(timezone.localtime(report.moment), 'j F Y')}."
        )
    return ""


def placeholder_values(report, version=None):
    details = report.details
    assessment = report.assessment
    return {
        "organisation": report.organisation.name,
        "title": report.title,
        "assessment": assessment.title,
        "period": assessment.period,
        "framework": report.framework.title,
        "status": _status(assessment),
        "as_of": _as_of(report, version),
        "report_date": format_date(details.report_date, "j F Y") if details.report_date else "",
        "agenda_item": details.agenda_item,
        "report_to": details.report_to,
        "report_by": details.report_by,
        "generated": timezone.localtime(report.generated_at).strftime("%-d %B %Y, %H:%M"),
    }


def _parts(document):
    """The main text, then every header and footer part of the document."""
    yield document.part.element, True
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name.startswith(("/word/header", "/word/footer")) and hasattr(part, "element"):
            yield part.element, False


def fill_placeholders(document, values):
    """Replace every placeholder; return the ``{{ body }}`` paragraph element (or None)."""
    body_paragraph = None
    main_body = document.element.body
    for root, is_main in _parts(document):
        for paragraph in root.iter(qn("w:p")):
            texts = list(paragraph.iter(qn("w:t")))
            text = "".join(t.text or "" for t in texts)
            if "{{" not in text:
                continue
            names = [match.strip() for match in PLACEHOLDER.findall(text)]
            unknown = [name for name in names if name not in PLACEHOLDERS]
            if unknown or not names:
                shown = f"{{{{ {unknown[0]} }}}}" if unknown else "{{"
                raise TemplateError(
                    f"The template has an unknown placeholder {shown}. "
                    f"The placeholders are: {', '.join(PLACEHOLDERS)}."
                )
            if "body" in names:
                if text.strip() != BODY or not is_main or paragraph.getparent() is not main_body:
                    raise TemplateError(
                        f"{BODY} must be a paragraph of its own in the main text "
                        "(not in a table, header or footer, and with nothing else beside it)."
                    )
                if body_paragraph is not None:
                    raise TemplateError(f"The template holds {BODY} more than once.")
                body_paragraph = paragraph
                continue
            filled = PLACEHOLDER.sub(
                lambda match: " ".join(xml_safe(values[match.group(1).strip()] or "").split()),
                text,
            )
            texts[0].text = filled
            texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            for extra in texts[1:]:
                extra.getparent().remove(extra)
    return body_paragraph
