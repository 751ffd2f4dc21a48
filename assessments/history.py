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
from assessments.rows import Prepared, SharedInstances, columns
from bestvalue.dates import format_date
from frameworks.models import Criterion, RatingLevel, Theme

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


# The snapshot is read as plain rows into the light objects below: building a model
# instance per entry, evidence item and action was most of the report's time.
ENTRY_FIELDS = ("id", "criterion_id", "progress", "rating_id", "summary")
EVIDENCE_FIELDS = (
    "id",
    "entry_id",
    "position",
    "text",
    "link",
    "refers_to",
    "carried_from_id",
    "needs_review",
)
ACTION_FIELDS = (
    "id",
    "entry_id",
    "recommendation_id",
    "position",
    "description",
    "lead_officer",
    "owner_id",
    "due_date",
    "timescale",
    "status",
    "report_reference",
    "carried_from_id",
)
RECOMMENDATION_FIELDS = ("id", "source", "ref", "text", "position")
CRITERION_FIELDS = ("ref", "text", "position")  # besides its id and its theme
ACTION_STATUS_LABELS = dict(Action.Status.choices)
PROGRESS_LABELS = dict(Entry.Progress.choices)


@dataclass(slots=True)
class CriterionSnapshot:
    """What the report shows of a criterion, with its theme (a Theme)."""

    pk: int
    ref: str
    text: str
    position: int
    theme: Theme


@dataclass(slots=True)
class EvidenceSnapshot:
    id: int
    entry_id: int
    position: int
    text: str
    link: str
    refers_to: datetime.date | None
    carried_from_id: int | None
    needs_review: bool

    @property
    def pk(self):
        return self.id


@dataclass(slots=True)
class ActionSnapshot:
    """An action as it stood: its fields, and the model's rules for overdue and "when"."""

    id: int
    entry_id: int | None
    recommendation_id: int | None
    position: int
    description: str
    lead_officer: str
    owner_id: int | None
    due_date: datetime.date | None
    timescale: str
    status: str
    report_reference: str
    carried_from_id: int | None
    due_text: str = ""  # the Due column as the report prints it (set by reports.build_report)

    Status = Action.Status
    is_overdue = Action.is_overdue
    when = Action.when

    @property
    def pk(self):
        return self.id

    @property
    def status_label(self):
        return ACTION_STATUS_LABELS.get(self.status, self.status)

    def get_status_display(self):
        return self.status_label


@dataclass(slots=True)
class EntrySnapshot:
    """An entry as it stood, shaped like a live entry for the templates."""

    pk: int
    criterion: CriterionSnapshot
    progress: str
    rating: RatingLevel | None
    summary: str
    evidence_items: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    last_year: object = None  # direction.Comparison, set by direction.annotate

    def get_progress_display(self):
        return PROGRESS_LABELS.get(self.progress, self.progress)

    @property
    def rating_id(self):
        return self.rating.pk if self.rating else None


@dataclass(slots=True)
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


def _snapshot(assessment, moment, entries, evidence_rows, action_rows, recommendation_rows):
    """Put evidence, actions and recommendations (rows in field order) under their entries."""
    evidence_by_entry = defaultdict(list)
    for row in evidence_rows:
        item = EvidenceSnapshot(*row)
        evidence_by_entry[item.entry_id].append(item)
    actions_by_entry = defaultdict(list)
    actions_by_recommendation = defaultdict(list)
    for row in action_rows:
        action = ActionSnapshot(*row)
        if action.entry_id:
            actions_by_entry[action.entry_id].append(action)
        else:
            actions_by_recommendation[action.recommendation_id].append(action)
    for entry in entries:
        entry.evidence_items = evidence_by_entry[entry.pk]
        entry.actions = actions_by_entry[entry.pk]
    recommendations = [
        RecommendationSnapshot(
            pk=pk, source=source, ref=ref, text=text, actions=actions_by_recommendation[pk]
        )
        for pk, source, ref, text, _ in recommendation_rows
    ]
    return AssessmentSnapshot(assessment, moment, entries, recommendations)


def end_of_day(date):
    """The last instant of ``date`` in the site's time zone: "as it stood on" that day."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.max))


def _latest_rows(historical_queryset, moment, fields):
    """The last row (``fields``, in order) of each object at ``moment``, leaving out deleted ones."""
    latest = {}
    for row in (
        historical_queryset.filter(history_date__lte=moment)
        .order_by("history_date", "history_id")
        .values_list("history_type", *fields)
    ):
        latest[row[1]] = row
    return [row[1:] for row in latest.values() if row[0] != "-"]


def _by_position(rows, fields):
    """Rows sorted as the live lists are: by position, then id."""
    position, pk = fields.index("position"), fields.index("id")
    return sorted(rows, key=lambda row: (row[position], row[pk]))


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
    state = _instance_at(Assessment.history.filter(id=assessment.pk), moment)
    if state is None:
        return None
    entry_rows = _latest_rows(
        Entry.history.filter(assessment_id=assessment.pk), moment, ENTRY_FIELDS
    )
    entry_ids = [row[0] for row in entry_rows]
    criteria_rows = Criterion.objects.filter(pk__in={row[1] for row in entry_rows}).values_list(
        "id", *CRITERION_FIELDS, *columns("theme", Theme)
    )
    themes = SharedInstances(Theme, criteria_rows.db)
    theme_start = 1 + len(CRITERION_FIELDS)
    criteria = {
        row[0]: CriterionSnapshot(*row[:theme_start], theme=themes.get(row[theme_start:]))
        for row in criteria_rows
    }
    levels = RatingLevel.objects.in_bulk({row[3] for row in entry_rows if row[3]})
    entries = [
        EntrySnapshot(
            pk=pk,
            criterion=criteria[criterion_id],
            progress=progress,
            rating=levels.get(rating_id),
            summary=summary,
        )
        for pk, criterion_id, progress, rating_id, summary in entry_rows
    ]
    entries.sort(key=lambda entry: entry.criterion.position)
    evidence_rows = _latest_rows(
        Evidence.history.filter(entry_id__in=entry_ids), moment, EVIDENCE_FIELDS
    )
    action_rows = _latest_rows(
        Action.history.filter(assessment_id=assessment.pk), moment, ACTION_FIELDS
    )
    recommendation_rows = _latest_rows(
        Recommendation.history.filter(assessment_id=assessment.pk), moment, RECOMMENDATION_FIELDS
    )
    return _snapshot(
        state,
        moment,
        entries,
        _by_position(evidence_rows, EVIDENCE_FIELDS),
        _by_position(action_rows, ACTION_FIELDS),
        _by_position(recommendation_rows, RECOMMENDATION_FIELDS),
    )


# The current snapshot's queries, by the assessment's id.
CURRENT_ENTRIES = Prepared(
    lambda assessment_id: (
        Entry.objects.filter(assessment_id=assessment_id)
        .order_by("criterion__position")
        .values_list(
            *ENTRY_FIELDS,
            *(f"criterion__{name}" for name in CRITERION_FIELDS),
            *columns("criterion__theme", Theme),
            *columns("rating", RatingLevel),
        )
    )
)
CURRENT_EVIDENCE = Prepared(
    lambda assessment_id: (
        Evidence.objects.filter(entry__assessment_id=assessment_id)
        .order_by("entry_id", "position", "pk")
        .values_list(*EVIDENCE_FIELDS)
    )
)
CURRENT_ACTIONS = Prepared(
    lambda assessment_id: (
        Action.objects.filter(assessment_id=assessment_id)
        .order_by("position", "pk")
        .values_list(*ACTION_FIELDS)
    )
)
CURRENT_RECOMMENDATIONS = Prepared(
    lambda assessment_id: (
        Recommendation.objects.filter(assessment_id=assessment_id)
        .order_by("position", "pk")
        .values_list(*RECOMMENDATION_FIELDS)
    )
)


def current_snapshot(assessment):
    """The assessment as it is now, shaped like a historical snapshot."""
    using = Entry.objects.db
    themes = SharedInstances(Theme, using)
    levels = SharedInstances(RatingLevel, using)
    theme_start = len(ENTRY_FIELDS) + len(CRITERION_FIELDS)
    level_start = theme_start + len(Theme._meta.concrete_fields)
    entries = []
    for row in CURRENT_ENTRIES(assessment.pk, using=using):
        # The rating's id is read again with the level's columns, after the theme's.
        pk, criterion_id, progress, _, summary, ref, text, position = row[:theme_start]
        theme = themes.get(row[theme_start:level_start])
        entries.append(
            EntrySnapshot(
                pk=pk,
                criterion=CriterionSnapshot(criterion_id, ref, text, position, theme),
                progress=progress,
                rating=levels.get(row[level_start:]),
                summary=summary,
            )
        )
    return _snapshot(
        assessment,
        None,
        entries,
        CURRENT_EVIDENCE(assessment.pk, using=using),
        CURRENT_ACTIONS(assessment.pk, using=using),
        CURRENT_RECOMMENDATIONS(assessment.pk, using=using),
    )
