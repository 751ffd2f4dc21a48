"""The rows a reader finds, and the rules every reader shares.

A header row is recognised by its words (Ref, BV Criteria, Evidence, Action /
Improvement, Actions Proposed, Timescales, Lead Officer, Report Ref, Proposed
improvement actions, Rating), with any case, spacing or extra words. Each
column gets a role; a data row is built from its cells by role: each
paragraph of an evidence cell is one evidence item, each paragraph of an
action cell one action, list markers ("1.", "a)", "•") taken off.
"""

import re
from dataclasses import dataclass, field

from imports.timescales import normalise

REF, CRITERION, EVIDENCE, ACTION, TIMESCALE, LEAD, REPORT_REF, RATING, AREA = (
    "ref",
    "criterion",
    "evidence",
    "action",
    "timescale",
    "lead",
    "report_ref",
    "rating",
    "area",
)
ASSESSMENT, PLAN = "assessment", "plan"

# Checked in order: the first pattern a header cell matches gives its role.
_ROLE_PATTERNS = [
    (REPORT_REF, r"\b(report|audit|para\w*)\s*(ref|reference|para\w*|no)\b"),
    (AREA, r"\b(improvement area|area for (improvement|development)|recommendation|finding)s?\b"),
    (EVIDENCE, r"\bevidence\b"),
    (ACTION, r"\b(action|actions|improvement|improvements|next steps?)\b"),
    (LEAD, r"\b(lead|leads|lead officers?|responsible|responsibility|owner)\b"),
    (
        TIMESCALE,
        r"\b(timescales?|time ?frames?|due|deadline|target date|by when|completion date)\b|^dates?$",
    ),
    (RATING, r"\brating\b|^(grade|evaluation|score)$"),
    (REF, r"\b(ref|reference)$"),
    (CRITERION, r"\b(criteria|criterion|proposal|statement|indicator|requirement)s?\b"),
    (REF, r"^(ref|ref no|reference|no|number|#|id|item)$"),
]
_ROLE_PATTERNS = [(role, re.compile(pattern)) for role, pattern in _ROLE_PATTERNS]
_MAX_HEADER_CELL = 80
_CONTINUED = re.compile(r"\(?\bcontinued\b.*?\)?|\bcont(?:'d|\.)", re.IGNORECASE)

_MARKER = re.compile(
    r"^\s*(?:[•●▪◦·‣∙\-–—*>]+|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])\s+",
    re.IGNORECASE,
)
_NUMBER_ONLY = re.compile(r"^\s*\(?\d{1,3}[.)]?\s*$")
CRITERION_REF = re.compile(r"\b\d{1,2}(?:\.[A-Za-z])?\.\d{1,2}\b")


def role_of_header(text):
    words = _CONTINUED.sub(" ", normalise(text).lower())
    words = " ".join(re.sub(r"[^\w#/ ]+", " ", words).split())
    if not words or len(words) > _MAX_HEADER_CELL:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(words):
            return role
    return None


def header_roles(cells):
    """{column: role} when the cells make a header row, else None.

    ``cells`` is one text per column; a merged cell repeats its text.
    """
    roles = {}
    named = set()
    for column, text in enumerate(cells):
        text = (text or "").strip()
        if not text:
            continue
        if len(text) > _MAX_HEADER_CELL:
            return None  # a header has short cells; a data row may mention "action" in passing
        role = role_of_header(text)
        named.add(text)
        if role:
            roles[column] = role
    distinct = set(roles.values())
    recognised = {(cells[column] or "").strip() for column in roles}
    if (
        len(distinct) >= 2
        and distinct & {CRITERION, EVIDENCE, ACTION}
        and len(recognised) * 3 >= len(named) * 2
    ):
        return roles
    return None


def kind_of(roles):
    distinct = set(roles.values())
    return ASSESSMENT if distinct & {CRITERION, EVIDENCE, RATING} else PLAN


def paragraphs(texts):
    """Non-empty lines of the given cell paragraphs, whitespace tidied."""
    lines = []
    for text in texts:
        for line in str(text).replace("\r", "\n").replace("\x0b", "\n").split("\n"):
            line = " ".join(line.split())
            if line:
                lines.append(line)
    return lines


def without_marker(text):
    return _MARKER.sub("", text, count=1).strip()


def is_number_only(text):
    return bool(_NUMBER_ONLY.match(text))


@dataclass
class SourceAction:
    description: str
    timescale: str = ""
    lead_officer: str = ""
    report_reference: str = ""


@dataclass
class SourceRow:
    """One row of the source, as read: nothing mapped, nothing parsed into dates yet."""

    location: str
    kind: str
    context: str = ""
    ref: str = ""
    criterion: str = ""
    evidence: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    rating: str = ""
    number: int = 0  # position in the document, from 1; set when the reading is done

    @property
    def source_text(self):
        """What the row is about, as the source words it."""
        return (
            self.criterion
            or (self.actions[0].description if self.actions else "")
            or (self.evidence[0] if self.evidence else "")
        )

    @property
    def is_empty(self):
        return not (self.criterion or self.evidence or self.actions or self.rating)

    def refs(self):
        """Criterion refs named in the ref cell ("1.1", "1.1 / 1.2")."""
        return CRITERION_REF.findall(self.ref)

    def continue_with(self, other):
        """Take in a continuation row (empty ref): a table broken across pages."""
        if other.criterion and other.criterion not in self.criterion:
            self.criterion = f"{self.criterion} {other.criterion}".strip()
        self.evidence.extend(other.evidence)
        if (
            self.kind == PLAN
            and self.actions
            and other.actions
            and not any(action.timescale or action.lead_officer for action in other.actions)
        ):
            last = self.actions[-1]
            last.description = " ".join(
                [last.description, *(action.description for action in other.actions)]
            )
        else:
            self.actions.extend(other.actions)
        self.rating = self.rating or other.rating


def build_row(cells, roles, *, location, kind, context):
    """A ``SourceRow`` from one data row: ``cells`` is a list of (column, [paragraph, ...])."""
    by_role = {}
    for column, texts in cells:
        role = roles.get(column)
        if role:
            lines = paragraphs(texts)
            if lines:
                by_role.setdefault(role, []).append(lines)

    def take(role):
        found = by_role.get(role, [])
        # A merged header over a number column and a text column ("1" | "Adopt PSIF ..."):
        # the number is the row's own reference, not part of the text.
        if len(found) > 1:
            numbers = [lines for lines in found if len(lines) == 1 and is_number_only(lines[0])]
            found = [lines for lines in found if lines not in numbers]
            if numbers and not by_role.get(REF):
                by_role[REF] = numbers
        return [line for lines in found for line in lines]

    criterion = " ".join(take(CRITERION))
    evidence = [text for text in (without_marker(line) for line in take(EVIDENCE)) if text]
    descriptions = [text for text in (without_marker(line) for line in take(ACTION)) if text]
    timescales, leads, report_refs = take(TIMESCALE), take(LEAD), take(REPORT_REF)
    ref = " ".join(take(REF))
    area = " ".join(take(AREA))
    rating = " ".join(take(RATING))

    def nth(values, index):
        if len(values) == len(descriptions) and len(values) > 1:
            return values[index]
        return " ".join(values)

    actions = [
        SourceAction(
            description=text,
            timescale=nth(timescales, index),
            lead_officer=nth(leads, index),
            report_reference=nth(report_refs, index),
        )
        for index, text in enumerate(descriptions)
    ]
    return SourceRow(
        location=location,
        kind=kind,
        context=area or context,
        ref=ref.strip(),
        criterion=criterion,
        evidence=evidence,
        actions=actions,
        rating=rating,
    )


def is_continuation_note(text):
    return bool(
        re.fullmatch(
            r"\s*\(?\s*continued( overleaf| on next page| from previous page)?\s*\)?\s*\.?\s*",
            text,
            re.I,
        )
    )


@dataclass
class ReadDocument:
    kind: str
    title: str = ""
    rows: list = field(default_factory=list)
    sheets: list = field(default_factory=list)
    sheet: str = ""

    def number_rows(self):
        self.rows = [row for row in self.rows if not row.is_empty]
        for number, row in enumerate(self.rows, start=1):
            row.number = number
        return self
