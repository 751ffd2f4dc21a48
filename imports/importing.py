"""An import: stored upload, preview of every row, and the writing in one transaction.

``store_upload`` checks and reads the file and keeps it as a pending
``ImportedDocument``. ``build_preview`` reads the stored bytes again and
proposes, for every row, a criterion (or a recommendation), with the parsed
due dates, the warnings and the problems that would stop the import. The
person's choices (``decisions``) change the targets; ``confirm_import`` takes
them, checks everything again under a lock and writes all rows or none, each
history record made by the importing user.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from simple_history.utils import bulk_create_with_history

from assessments import limits
from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Recommendation,
)
from assessments.workflow import WorkflowError, refuse_unless_editable
from imports.mapping import LOW_SCORE, CriterionMatcher
from imports.models import ImportedDocument
from imports.readers import read_document
from imports.readers.rows import ASSESSMENT, PLAN
from imports.timescales import parse_timescale

SKIP, RECOMMENDATION = "skip", "recommendation"
APPEND, REPLACE = "append", "replace"


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why, fit to show."""


def max_length(model, name):
    return model._meta.get_field(name).max_length


@dataclass
class PreviewAction:
    description: str
    timescale_source: str
    due_date: object
    timescale: str
    lead_officer: str
    report_reference: str


@dataclass
class PreviewRow:
    source: object  # readers.rows.SourceRow
    actions: list
    match: object  # mapping.Match
    target: str
    also: str = ""
    mode: str = APPEND
    rating: object = None
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    has_content: bool = False

    @property
    def number(self):
        return self.source.number

    @property
    def label(self):
        return f"Row {self.number} ({self.source.location})"

    @property
    def short_text(self):
        return Truncator(self.source.source_text).chars(140)

    def targets(self):
        if self.target in (SKIP, RECOMMENDATION):
            return []
        return list(dict.fromkeys(ref for ref in (self.target, self.also) if ref))


@dataclass
class Preview:
    document: ImportedDocument
    rows: list
    options: list  # (value, label) for the target select
    source: str  # the "source" of the recommendations made
    sheets: list
    problems: list = field(default_factory=list)

    def counts(self):
        chosen = [row for row in self.rows if row.target != SKIP]
        return {
            "rows": len(self.rows),
            "entries": len({ref for row in chosen for ref in row.targets()}),
            "evidence": sum(len(row.source.evidence) * len(row.targets()) for row in chosen),
            "actions": sum(len(row.actions) * max(len(row.targets()), 1) for row in chosen),
            "recommendations": len(
                {recommendation_text(row) for row in chosen if row.target == RECOMMENDATION}
            ),
        }


def recommendation_text(row):
    source = row.source
    if source.kind == PLAN:
        return source.context or "Imported actions"
    return source.criterion or source.context or f"Row {source.number}"


# Upload ---------------------------------------------------------------------


def store_upload(assessment, user, filename, data, sheet=""):
    """Check and read the file, then keep it as a pending import of the assessment."""
    refuse_or_raise(assessment)
    read = read_document(filename, data, sheet=sheet)
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        earlier = (
            ImportedDocument.objects.select_for_update()
            .filter(assessment=assessment, sha256=sha256)
            .first()
        )
        if earlier is not None and earlier.status == ImportedDocument.Status.IMPORTED:
            raise ImportRefused(already_imported_message(earlier))
        if earlier is None:
            earlier = ImportedDocument(assessment=assessment, sha256=sha256)
        ImportedDocument.objects.filter(
            assessment=assessment, uploaded_by=user, status=ImportedDocument.Status.PENDING
        ).exclude(pk=earlier.pk).delete()
        earlier.filename = filename[: max_length(ImportedDocument, "filename")]
        earlier.kind = read.kind
        earlier.size = len(data)
        earlier.content = data
        earlier.sheet = read.sheet
        earlier.uploaded_by = user
        earlier.uploaded_at = timezone.now()
        earlier.save()
    return earlier


def already_imported_message(earlier):
    when = date_format(timezone.localtime(earlier.imported_at), "DATETIME_FORMAT")
    who = (
        earlier.uploaded_by.get_full_name() or earlier.uploaded_by.get_username()
        if earlier.uploaded_by
        else "the import command"
    )
    return (
        f"This file was already imported into this assessment on {when} by {who} "
        f"(“{earlier.filename}”, SHA-256 {earlier.sha256[:12]}…). It is not imported twice."
    )


def refuse_or_raise(assessment):
    try:
        refuse_unless_editable(assessment)
    except WorkflowError as refusal:
        raise ImportRefused(str(refusal)) from refusal


# Preview --------------------------------------------------------------------


def read_stored(document):
    """The stored document read again: the same bytes the preview showed."""
    return read_document(document.filename, bytes(document.content), sheet=document.sheet)


def build_preview(document, decisions=None, source=None, read=None):
    """Every row of the stored document with its proposed (or chosen) target.

    ``decisions``: {row number: {"target": ..., "also": ..., "mode": ...}}, as chosen.
    """
    assessment = document.assessment
    read = read or read_stored(document)
    matcher = CriterionMatcher(assessment)
    entries = {
        entry.criterion.ref: entry
        for entry in assessment.entries.select_related("criterion").annotate(
            evidence_count=Count("evidence_items", distinct=True),
            action_count=Count("actions", distinct=True),
        )
    }
    levels = {level.label.lower(): level for level in assessment.levels()}
    rows = []
    proposed_elsewhere = {}
    for source_row in read.rows:
        match = matcher.match(source_row)
        if source_row.kind == PLAN:
            target = RECOMMENDATION
        else:
            target = match.criterion.ref if match.criterion else SKIP
        also = match.criteria[1].ref if len(match.criteria) > 1 else ""
        for criterion in match.criteria:
            if criterion.ref not in entries:
                proposed_elsewhere[criterion.ref] = criterion
        rows.append(
            PreviewRow(
                source=source_row,
                actions=[_preview_action(action) for action in source_row.actions],
                match=match,
                target=target,
                also=also,
                rating=levels.get(source_row.rating.strip().lower()),
            )
        )
    options = [(SKIP, "Skip this row"), (RECOMMENDATION, "A recommendation (improvement area)")]
    options += [
        (ref, f"{ref} {Truncator(entry.criterion.text).chars(50)}")
        for ref, entry in entries.items()
    ]
    options += [
        (ref, f"{ref} (not in scope: importing adds it) {Truncator(criterion.text).chars(40)}")
        for ref, criterion in proposed_elsewhere.items()
    ]
    valid = {value for value, _ in options}
    for row in rows:
        chosen = (decisions or {}).get(row.number)
        if chosen:
            row.target = chosen.get("target") if chosen.get("target") in valid else row.target
            also = chosen.get("also", "")
            row.also = also if also in valid and also not in (SKIP, RECOMMENDATION) else ""
            row.mode = REPLACE if chosen.get("mode") == REPLACE else APPEND
    preview = Preview(
        document=document,
        rows=rows,
        options=options,
        source=(source or read.title or document.filename)[: max_length(Recommendation, "source")],
        sheets=read.sheets,
    )
    _check(preview, entries)
    return preview


def _preview_action(action):
    parsed = parse_timescale(action.timescale)
    return PreviewAction(
        description=action.description,
        timescale_source=action.timescale,
        due_date=parsed.due_date,
        timescale=parsed.text,
        lead_officer=" ".join(action.lead_officer.split()),
        report_reference=" ".join(action.report_reference.split()),
    )


def _check(preview, entries):
    """Warnings on each row, and the problems that would stop the import."""
    rows_per_ref = defaultdict(list)
    for row in preview.rows:
        for ref in row.targets():
            rows_per_ref[ref].append(row.number)
    new_evidence, new_actions, replaced = Counter(), Counter(), set()
    for row in preview.rows:
        match = row.match
        if row.source.kind == ASSESSMENT and match.how == "text" and match.score < LOW_SCORE:
            runner = (
                f"; runner-up {match.runner_up.ref} ({match.runner_up_score})"
                if match.runner_up
                else ""
            )
            row.warnings.append(f"Matched by wording only, score {match.score}{runner}. Check it.")
        if row.source.kind == ASSESSMENT and not match.criteria:
            row.warnings.append("No criterion matched this row: choose one, or it is skipped.")
        for ref in row.targets():
            entry = entries.get(ref)
            others = [number for number in rows_per_ref[ref] if number != row.number]
            if others:
                listed = ", ".join(str(number) for number in others)
                row.warnings.append(f"Row {listed} also goes to {ref}: both are imported there.")
            if entry is None:
                row.warnings.append(f"{ref} is not in this assessment's scope: importing adds it.")
            elif entry.evidence_count or entry.action_count or entry.summary:
                row.has_content = True
                row.warnings.append(
                    f"{ref} already has {entry.evidence_count} evidence item(s) and "
                    f"{entry.action_count} action(s): choose to add to them or replace them."
                )
            if row.mode == REPLACE:
                replaced.add(ref)
            new_evidence[ref] += len(row.source.evidence)
            new_actions[ref] += len(row.actions)
        if row.target == RECOMMENDATION and row.source.evidence:
            row.warnings.append(
                f"A recommendation has no evidence: its {len(row.source.evidence)} evidence "
                "item(s) are not imported."
            )
        if row.target != SKIP:
            _check_texts(row)
    for ref in sorted(set(new_evidence) | set(new_actions)):
        entry = entries.get(ref)
        keep = entry is not None and ref not in replaced
        evidence = new_evidence[ref] + (entry.evidence_count if keep else 0)
        actions = new_actions[ref] + (entry.action_count if keep else 0)
        rows = ", ".join(str(number) for number in rows_per_ref[ref])
        if evidence > limits.MAX_EVIDENCE_PER_ENTRY:
            preview.problems.append(
                f"{ref} would have {evidence} evidence items (rows {rows}); at most "
                f"{limits.MAX_EVIDENCE_PER_ENTRY} are allowed. Map some rows elsewhere or skip them."
            )
        if actions > limits.MAX_ACTIONS_PER_ENTRY:
            preview.problems.append(
                f"{ref} would have {actions} actions (rows {rows}); at most "
                f"{limits.MAX_ACTIONS_PER_ENTRY} are allowed. Map some rows elsewhere or skip them."
            )
    if len(preview.source) > max_length(Recommendation, "source"):
        preview.problems.append("The source of the recommendations is too long.")
    for row in preview.rows:
        preview.problems.extend(f"{row.label}: {problem}" for problem in row.problems)


def _check_texts(row):
    def too_long(what, text, limit):
        if len(text) > limit:
            row.problems.append(f"{what}: {limits.text_too_long_message(len(text), limit)}")

    for index, text in enumerate(row.source.evidence, start=1):
        too_long(f"evidence item {index}", text, limits.MAX_TEXT)
    if row.target == RECOMMENDATION:
        too_long("the improvement area", recommendation_text(row), limits.MAX_TEXT)
    for index, action in enumerate(row.actions, start=1):
        too_long(f"action {index}", action.description, limits.MAX_TEXT)
        too_long(f"action {index}'s timescale", action.timescale, max_length(Action, "timescale"))
        too_long(
            f"action {index}'s lead officer",
            action.lead_officer,
            max_length(Action, "lead_officer"),
        )
        too_long(
            f"action {index}'s report reference",
            action.report_reference,
            max_length(Action, "report_reference"),
        )
    row.warnings.extend(row.problems)


# Import ---------------------------------------------------------------------


@dataclass
class ImportResult:
    document: ImportedDocument
    entries: list
    evidence: int
    actions: int
    recommendations: int

    def summary(self):
        return (
            f"{len(self.entries)} entries, {self.evidence} evidence items, {self.actions} "
            f"actions, {self.recommendations} recommendations"
        )


def confirm_import(document, user, decisions=None, source=None, read=None):
    """Import every chosen row of a pending document, all or nothing."""
    try:
        with transaction.atomic():
            assessment = Assessment.objects.select_for_update().get(pk=document.assessment_id)
            refuse_or_raise(assessment)
            document = ImportedDocument.objects.select_for_update().get(pk=document.pk)
            document.assessment = assessment
            if document.status != ImportedDocument.Status.PENDING:
                raise ImportRefused(already_imported_message(document))
            preview = build_preview(document, decisions, source, read=read)
            if preview.problems:
                raise ImportRefused(
                    "Nothing was imported: "
                    + " ".join(preview.problems[:5])
                    + (
                        f" (and {len(preview.problems) - 5} more)"
                        if len(preview.problems) > 5
                        else ""
                    )
                )
            result = _write(assessment, preview, user)
            document.status = ImportedDocument.Status.IMPORTED
            document.imported_at = timezone.now()
            document.summary = result.summary()[: max_length(ImportedDocument, "summary")]
            document.save(update_fields=["status", "imported_at", "summary"])
            result.document = document
            return result
    except IntegrityError as error:  # a concurrent import of the same file
        raise ImportRefused("This file was imported by someone else just now.") from error


def _write(assessment, preview, user):
    now = timezone.now()
    entries = {
        entry.criterion.ref: entry
        for entry in assessment.entries.select_related("criterion").select_for_update(of=("self",))
    }
    by_ref = {}
    recommendations = {}
    for row in preview.rows:
        if row.target == SKIP:
            continue
        if row.target == RECOMMENDATION:
            recommendations.setdefault(recommendation_text(row), []).extend(row.actions)
            continue
        for ref in row.targets():
            plan = by_ref.setdefault(
                ref, {"evidence": [], "actions": [], "replace": False, "rating": None}
            )
            plan["evidence"].extend(row.source.evidence)
            plan["actions"].extend(row.actions)
            plan["replace"] = plan["replace"] or row.mode == REPLACE
            plan["rating"] = row.rating or plan["rating"]

    missing = [ref for ref in by_ref if ref not in entries]
    if missing:
        criteria = assessment.framework.criteria.filter(ref__in=missing)
        for criterion in criteria:
            entry = Entry(assessment=assessment, criterion=criterion, updated_by=user)
            entry._history_user = user
            entry.save()
            entries[criterion.ref] = entry

    touched = [entries[ref] for ref in by_ref]
    replaced = [entries[ref] for ref, plan in by_ref.items() if plan["replace"]]
    for item in Evidence.objects.filter(entry__in=replaced):
        item._history_user = user
        item.delete()
    for action in Action.objects.filter(entry__in=replaced):
        action._history_user = user
        action.delete()
    evidence_from = dict(
        Evidence.objects.filter(entry__in=touched)
        .values("entry")
        .annotate(top=Max("position"))
        .values_list("entry", "top")
    )
    actions_from = dict(
        Action.objects.filter(entry__in=touched)
        .values("entry")
        .annotate(top=Max("position"))
        .values_list("entry", "top")
    )

    new_evidence, new_actions, unrated = [], [], []
    for ref, plan in by_ref.items():
        entry = entries[ref]
        position = evidence_from.get(entry.pk) or 0
        for text in plan["evidence"]:
            position += 1
            new_evidence.append(Evidence(entry=entry, position=position, text=text))
        position = actions_from.get(entry.pk) or 0
        for action in plan["actions"]:
            position += 1
            new_actions.append(_action(assessment, action, position, entry=entry))
        rating = plan["rating"]
        if rating and (plan["replace"] or entry.rating_id is None) and entry.rating_id != rating.pk:
            entry.rating = rating
            entry.version += 1
            entry.updated_at, entry.updated_by, entry._history_user = now, user, user
            entry.save()  # the rating is history; evidence and actions keep their own
        else:
            unrated.append(entry.pk)
    # Every changed entry's version rises, so a form opened before the import is refused.
    Entry.objects.filter(pk__in=unrated).update(
        version=F("version") + 1, updated_at=now, updated_by=user
    )

    position = assessment.recommendations.aggregate(top=Max("position"))["top"] or 0
    for text, actions in recommendations.items():
        position += 1
        recommendation = Recommendation(
            assessment=assessment,
            source=preview.source,
            ref=str(position),
            text=text,
            position=position,
        )
        recommendation._history_user = user
        recommendation.save()
        for index, action in enumerate(actions, start=1):
            new_actions.append(_action(assessment, action, index, recommendation=recommendation))

    bulk_create_with_history(
        new_evidence, Evidence, batch_size=500, default_user=user, default_date=now
    )
    bulk_create_with_history(
        new_actions, Action, batch_size=500, default_user=user, default_date=now
    )
    return ImportResult(
        document=preview.document,
        entries=sorted(by_ref),
        evidence=len(new_evidence),
        actions=len(new_actions),
        recommendations=len(recommendations),
    )


def _action(assessment, action, position, **source):
    return Action(
        assessment=assessment,
        position=position,
        description=action.description,
        lead_officer=action.lead_officer,
        due_date=action.due_date,
        timescale=action.timescale,
        report_reference=action.report_reference,
        **source,
    )


def preview_lines(preview):
    """The preview as text, one line per row, for the command."""
    lines = []
    for row in preview.rows:
        if row.target == SKIP:
            target = "skipped"
        elif row.target == RECOMMENDATION:
            target = "recommendation"
        else:
            target = " + ".join(row.targets())
        if row.match.how == "text" and row.target not in (SKIP, RECOMMENDATION):
            target += f" (wording, score {row.match.score})"
        dates = "; ".join(
            " ".join(
                part
                for part in (
                    date_format(action.due_date, "SHORT_DATE_FORMAT") if action.due_date else "",
                    f"“{action.timescale}”" if action.timescale else "",
                )
                if part
            )
            or "no date"
            for action in row.actions
        )
        ref = row.source.ref or "–"
        line = (
            f"{row.number:>3}  {row.source.location:<20} ref {ref:<8} → {target:<28} "
            f"{len(row.source.evidence)} evidence, {len(row.actions)} actions"
        )
        if dates:
            line += f"  [{dates}]"
        lines.append(line)
        lines.extend(f"       ! {warning}" for warning in row.warnings)
    return lines
