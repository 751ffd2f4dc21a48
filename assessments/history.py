"""The audit trail in plain words, and an assessment as it stood at a moment.

Both read django-simple-history's tables with a fixed number of queries, so
the number of queries does not grow with the number of changes. The audit
trail pairs each historical row with the previous row of the same object in
the database and reads in full only the rows of the page shown.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import Prefetch
from django.utils import timezone

from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Organisation,
    ProgressNote,
    Recommendation,
    ReportDetails,
)
from bestvalue.dates import format_date
from frameworks.models import Criterion, RatingLevel

KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Structure and bookkeeping, not something a reader asks "who changed this?" about.
SKIPPED_FIELDS = {
    "id",
    "position",
    "assessment",
    "entry",
    "recommendation",
    "criterion",
    "action",
    "created_at",
    "version",  # the edit-conflict counter (versions.py)
}


@dataclass
class Change:
    when: object
    who: str
    what: str
    kind: str
    fields: list  # (label, old, new)
    entry_id: int | None = None


@functools.cache
def _recorded(model):
    """The model's historical rows, unfiltered (``Model.history`` builds a manager per use)."""
    return model.history.model.objects


def _history_querysets(assessment, entry=None, entry_ids=()):
    """(model, historical rows) for the assessment, or for one entry of it.

    ``entry_ids``: the assessment's entries, listed so the database looks their
    evidence up by entry rather than reading all evidence history.
    """
    if entry is not None:
        action_ids = _recorded(Action).filter(entry_id=entry.pk).values("id")
        return [
            (Entry, _recorded(Entry).filter(id=entry.pk)),
            (Evidence, _recorded(Evidence).filter(entry_id=entry.pk)),
            (Action, _recorded(Action).filter(entry_id=entry.pk)),
            (ProgressNote, _recorded(ProgressNote).filter(action_id__in=action_ids)),
        ]
    action_ids = _recorded(Action).filter(assessment_id=assessment.pk).values("id")
    return [
        (Assessment, _recorded(Assessment).filter(id=assessment.pk)),
        (ReportDetails, _recorded(ReportDetails).filter(assessment_id=assessment.pk)),
        (Entry, _recorded(Entry).filter(assessment_id=assessment.pk)),
        (Evidence, _recorded(Evidence).filter(entry_id__in=list(entry_ids))),
        (Action, _recorded(Action).filter(assessment_id=assessment.pk)),
        (ProgressNote, _recorded(ProgressNote).filter(action_id__in=action_ids)),
        (Recommendation, _recorded(Recommendation).filter(assessment_id=assessment.pk)),
    ]


def _change_keys(querysets):
    """Where each change is recorded, newest first: (the number of its model in
    ``querysets``, its historical row, the object's row before it).

    A row counts when it records a creation or a deletion, or when a field the
    page shows differs from the object's previous row. One query pairs the
    rows in the database and orders them as the page lists them (by time, then
    by model, object and row), so only the rows of the page shown are read in
    full. Its length is the number of changes.
    """
    quote = connection.ops.quote_name
    differs = " IS NOT " if connection.vendor == "sqlite" else " IS DISTINCT FROM "
    parts, params = [], []
    for number, (model, rows) in enumerate(querysets):
        columns = [f.column for f in _tracked_fields(model)]
        try:
            inner, inner_params = (
                rows.order_by()
                .values_list("id", "history_id", "history_date", "history_type", *columns)
                .query.sql_with_params()
            )
        except EmptyResultSet:  # rows of no entry at all
            continue
        previous = ", ".join(
            f"LAG({quote(column)}) OVER w AS {quote('previous_' + column)}"
            for column in ["history_id", *columns]
        )
        changed = " OR ".join(
            f"{quote(column)}{differs}{quote('previous_' + column)}" for column in columns
        )
        parts.append(
            f"SELECT {number} AS model_number, id, history_id, previous_history_id, history_date"
            f" FROM (SELECT *, {previous} FROM ({inner}) AS recorded"
            " WINDOW w AS (PARTITION BY id ORDER BY history_date, history_id)) AS paired"
            f" WHERE history_type <> '~' OR {changed}"
        )
        params.extend(inner_params)
    if not parts:
        return []
    sql = (
        "SELECT model_number, history_id, previous_history_id"
        f" FROM ({' UNION ALL '.join(parts)}) AS changes"
        " ORDER BY history_date DESC, model_number, id, history_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class ChangeLog:
    """Every change to the assessment (or one entry), newest first, in plain words.

    A sequence for the paginator: its length and order come from one light
    query; a slice reads and describes only the changes in it.
    """

    def __init__(self, assessment, entry=None):
        self.assessment = assessment
        self.criteria = dict(
            assessment.entries.order_by().values_list("pk", "criterion__ref")
        )  # entry id -> criterion ref
        querysets = _history_querysets(assessment, entry, self.criteria)
        self.models = [model for model, _ in querysets]
        self.querysets = dict(querysets)
        self.keys = _change_keys(querysets)

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._describe(self.keys[index])
        return self._describe([self.keys[index]])[0]

    def __iter__(self):
        return iter(self[:])

    def _describe(self, keys):
        wanted = defaultdict(set)
        for number, history_id, previous_history_id in keys:
            wanted[self.models[number]].update({history_id, previous_history_id} - {None})
        # Plain rows (values, read as attributes): a model instance per historical row
        # costs more than the page needs.
        rows_by_model = {
            model: {
                row["history_id"]: SimpleNamespace(**row)
                for row in self.querysets[model].filter(history_id__in=ids).order_by().values()
            }
            for model, ids in wanted.items()
        }
        labels = Labels(self.assessment, self.criteria)
        labels.load(
            {model: list(rows.values()) for model, rows in rows_by_model.items()},
            self.querysets[Action],
        )
        changes = []
        for number, history_id, previous_history_id in keys:
            model = self.models[number]
            rows = rows_by_model[model]
            changes.append(_change(model, rows[history_id], rows.get(previous_history_id), labels))
        return changes


class Labels:
    """Display values for foreign keys, loaded once per page."""

    def __init__(self, assessment, criteria):
        self.criteria = criteria  # entry id -> criterion ref
        self.levels = {}
        self.users = {}
        self.recommendations = {}
        self.actions = {}
        self.assessment = assessment

    def load(self, rows_by_model, action_history):
        """Labels for the rows shown; ``action_history`` names the actions of progress notes."""
        user_ids = set()
        level_ids = set()
        for rows in rows_by_model.values():
            for row in rows:
                user_ids.add(row.history_user_id)
                user_ids.update(
                    getattr(row, name, None)
                    for name in ("owner_id", "updated_by_id", "author_id", "approved_by_id")
                )
                level_ids.add(getattr(row, "rating_id", None))
        user_ids.discard(None)
        level_ids.discard(None)
        self.users = {
            user.pk: user.get_full_name() or user.get_username()
            for user in get_user_model()
            .objects.filter(pk__in=user_ids)
            .only("username", "first_name", "last_name")
        }
        self.levels = dict(
            RatingLevel.objects.filter(pk__in=level_ids).order_by().values_list("pk", "label")
        )
        # The recommendations that actions shown come from (none: no query).
        recommendation_ids = {row.recommendation_id for row in rows_by_model.get(Action, [])}
        recommendation_ids.discard(None)
        self.recommendations = {
            rec.pk: f"{rec.source} {rec.ref}".strip()
            for rec in Recommendation.objects.filter(pk__in=recommendation_ids)
            .order_by()
            .only("source", "ref")
        }
        noted_actions = {row.action_id for row in rows_by_model.get(ProgressNote, [])}
        if noted_actions:
            # Each action's description as last recorded (the last row wins).
            self.actions = dict(
                action_history.filter(id__in=noted_actions)
                .order_by("id", "history_date", "history_id")
                .values_list("id", "description")
            )

    def user(self, pk):
        return self.users.get(pk, "a former user") if pk else "System"


def _display(model_field, value, labels):
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(model_field, models.ForeignKey):
        target = model_field.related_model
        if target is RatingLevel:
            return labels.levels.get(value, "—")
        if target is get_user_model():
            return labels.user(value)
        if target is Assessment:
            earlier = Assessment.objects.filter(pk=value).first()
            return earlier.display_title if earlier else "an assessment since deleted"
        return str(value)
    if isinstance(model_field, models.DateTimeField):
        return format_date(value, "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField):
        return format_date(value)
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


@functools.cache
def _tracked_fields(model):
    excluded = set(getattr(model.history.model, "_history_excluded_fields", []) or [])
    if model is not Assessment:
        excluded.add("carried_from")  # a link between years, not a change anyone made
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and f.name not in excluded
    ]


def _object_label(model, row, labels):
    ref = labels.criteria.get(getattr(row, "entry_id", None))
    if model is Assessment:
        return "Assessment"
    if model is Entry:
        return f"Entry {labels.criteria.get(row.id, '')}".strip()
    if model is Evidence:
        return f"Evidence for {ref}"
    if model is Recommendation:
        return f"Recommendation {row.source} {row.ref}".strip()
    if model is ReportDetails:
        return "Cover of the committee paper"
    if model is ProgressNote:
        return f"Progress note on the action: {_words(labels.actions.get(row.action_id, ''))}"
    words = _words(row.description)
    if row.entry_id:
        return f"Action for {ref}: {words}"
    return f"Action for recommendation {labels.recommendations.get(row.recommendation_id, '')}: {words}"


def _words(text, count=8):
    return " ".join(text.split()[:count])


def _change(model, row, before, labels):
    """One historical row in plain words, against the object's previous row."""
    changed = []
    for model_field in _tracked_fields(model):
        new = getattr(row, model_field.attname)
        old = getattr(before, model_field.attname) if before else None
        if row.history_type == "~" and old == new:
            continue
        if row.history_type == "+" and new in (None, ""):
            continue
        if row.history_type == "-":
            continue
        label = model_field.verbose_name[:1].upper() + model_field.verbose_name[1:]
        changed.append(
            (label, _display(model_field, old, labels), _display(model_field, new, labels))
        )
    entry_id = row.id if model is Entry else getattr(row, "entry_id", None)
    return Change(
        when=row.history_date,
        who=labels.user(row.history_user_id),
        what=_object_label(model, row, labels),
        kind=KINDS[row.history_type],
        fields=changed,
        entry_id=entry_id,
    )


@dataclass
class EntrySnapshot:
    """An entry as it stood, shaped like a live entry for the templates."""

    pk: int
    criterion: Criterion
    progress: str
    rating: RatingLevel | None
    summary: str
    evidence_items: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def get_progress_display(self):
        return Entry.Progress(self.progress).label

    @property
    def rating_id(self):
        return self.rating.pk if self.rating else None


@dataclass
class RecommendationSnapshot:
    pk: int
    source: str
    ref: str
    text: str
    actions: list = field(default_factory=list)

    def __str__(self):
        return f"{self.source} {self.ref}".strip()


@dataclass
class AssessmentSnapshot:
    assessment: object  # an unsaved Assessment holding the values of that moment
    moment: object
    entries: list
    recommendations: list


def end_of_day(date):
    """The last instant of ``date`` in the site's time zone: "as it stood on" that day."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.max))


def _latest_rows(historical_queryset, moment):
    """The last row of each object at ``moment``, leaving out deleted objects."""
    latest = {}
    for row in historical_queryset.filter(history_date__lte=moment).order_by(
        "history_date", "history_id"
    ):
        latest[row.id] = row
    return [row for row in latest.values() if row.history_type != "-"]


def _instance_at(historical_queryset, moment):
    row = (
        historical_queryset.filter(history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return None if row is None or row.history_type == "-" else row.instance


def organisation_at(organisation, moment):
    """The organisation (its name, its kind) as it stood at ``moment``."""
    return _instance_at(Organisation.history.filter(id=organisation.pk), moment) or organisation


def report_details_at(assessment, moment):
    """The committee paper's cover as it stood at ``moment`` (blank if none was saved)."""
    details = _instance_at(ReportDetails.history.filter(assessment_id=assessment.pk), moment)
    return details or ReportDetails(assessment=assessment)


def existed_at(assessment, moment):
    """Whether the assessment had been created by ``moment`` (its snapshot is not None)."""
    latest = (
        Assessment.history.filter(id=assessment.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values_list("history_type", flat=True)
        .first()
    )
    return latest is not None and latest != "-"


def assessment_snapshot(assessment, moment):
    """The assessment, its entries, evidence, actions and recommendations at ``moment``.

    None when the assessment did not exist yet.
    """
    rows = _latest_rows(Assessment.history.filter(id=assessment.pk), moment)
    if not rows:
        return None
    state = rows[0].instance
    entry_rows = _latest_rows(Entry.history.filter(assessment_id=assessment.pk), moment)
    entry_ids = [row.id for row in entry_rows]
    evidence_rows = _latest_rows(Evidence.history.filter(entry_id__in=entry_ids), moment)
    action_rows = _latest_rows(Action.history.filter(assessment_id=assessment.pk), moment)
    recommendation_rows = _latest_rows(
        Recommendation.history.filter(assessment_id=assessment.pk), moment
    )
    criteria = Criterion.objects.select_related("theme").in_bulk(
        {row.criterion_id for row in entry_rows}
    )
    levels = RatingLevel.objects.in_bulk({row.rating_id for row in entry_rows if row.rating_id})

    evidence_by_entry = defaultdict(list)
    for row in sorted(evidence_rows, key=lambda r: (r.position, r.id)):
        evidence_by_entry[row.entry_id].append(row.instance)
    actions_by_entry = defaultdict(list)
    actions_by_recommendation = defaultdict(list)
    for row in sorted(action_rows, key=lambda r: (r.position, r.id)):
        action = row.instance
        if row.entry_id:
            actions_by_entry[row.entry_id].append(action)
        else:
            actions_by_recommendation[row.recommendation_id].append(action)

    entries = [
        EntrySnapshot(
            pk=row.id,
            criterion=criteria[row.criterion_id],
            progress=row.progress,
            rating=levels.get(row.rating_id),
            summary=row.summary,
            evidence_items=evidence_by_entry[row.id],
            actions=actions_by_entry[row.id],
        )
        for row in entry_rows
    ]
    entries.sort(key=lambda entry: entry.criterion.position)
    recommendations = [
        RecommendationSnapshot(
            pk=row.id,
            source=row.source,
            ref=row.ref,
            text=row.text,
            actions=actions_by_recommendation[row.id],
        )
        for row in sorted(recommendation_rows, key=lambda r: (r.position, r.id))
    ]
    return AssessmentSnapshot(state, moment, entries, recommendations)


def current_snapshot(assessment):
    """The assessment as it is now, shaped like a historical snapshot."""
    ordered_actions = Action.objects.select_related("owner").order_by("position", "pk")
    entries = (
        assessment.entries.select_related("criterion__theme", "rating")
        .prefetch_related("evidence_items", Prefetch("actions", queryset=ordered_actions))
        .order_by("criterion__position")
    )
    recommendations = assessment.recommendations.prefetch_related(
        Prefetch("actions", queryset=ordered_actions)
    )
    return AssessmentSnapshot(
        assessment=assessment,
        moment=None,
        entries=[
            EntrySnapshot(
                pk=entry.pk,
                criterion=entry.criterion,
                progress=entry.progress,
                rating=entry.rating,
                summary=entry.summary,
                evidence_items=list(entry.evidence_items.all()),
                actions=list(entry.actions.all()),
            )
            for entry in entries
        ],
        recommendations=[
            RecommendationSnapshot(
                pk=recommendation.pk,
                source=recommendation.source,
                ref=recommendation.ref,
                text=recommendation.text,
                actions=list(recommendation.actions.all()),
            )
            for recommendation in recommendations
        ],
    )
