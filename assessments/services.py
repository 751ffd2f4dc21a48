"""Business rules of assessments: creation, the approval workflow, progress figures.

Views check *who* may do something (``access``); the workflow steps live in
``workflow``, whose ``WorkflowError`` carries a message fit to show the user.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments import access
from assessments.models import Action, Assessment, Entry, Evidence
from assessments.workflow import refuse_unless_editable
from frameworks.models import RatingLevel


@transaction.atomic
def create_assessment(*, organisation, framework, title, period, scale, criteria, user):
    """Create an assessment with one entry per criterion in scope."""
    assessment = Assessment(
        organisation=organisation,
        framework=framework,
        title=title,
        period=period,
        scale=scale,
        created_by=user,
    )
    assessment._history_user = user
    assessment.save()
    entries = [Entry(assessment=assessment, criterion=c, updated_by=user) for c in criteria]
    bulk_create_with_history(entries, Entry, default_user=user)
    return assessment


def save_report_details(form, user):
    details = form.save(commit=False)
    details._history_user = user
    details.save()
    return details


def annotated_entries(assessment, today=None):
    """The assessment's entries with their evidence, action and overdue action counts."""
    today = today or timezone.localdate()
    overdue = Action.objects.filter(entry=OuterRef("pk")).overdue(today)
    return (
        assessment.entries.select_related("criterion__theme", "rating")
        .annotate(
            evidence_count=Count("evidence_items", distinct=True),
            action_count=Count("actions", distinct=True),
            has_overdue=Exists(overdue),
        )
        .order_by("criterion__position")
    )


@dataclass
class ThemeProgress:
    theme: object
    entries: list = field(default_factory=list)

    @property
    def in_scope(self):
        return len(self.entries)

    @property
    def with_evidence(self):
        return sum(1 for entry in self.entries if entry.evidence_count)

    @property
    def rated(self):
        return sum(1 for entry in self.entries if entry.rating_id)


def progress_by_theme(entries):
    """Group annotated entries by theme, keeping the framework's order."""
    themes = {}
    for entry in entries:
        theme = entry.criterion.theme
        themes.setdefault(theme.pk, ThemeProgress(theme)).entries.append(entry)
    return list(themes.values())


def completion_by_assessment(assessment_ids):
    """{assessment id: (in scope, with evidence, rated)} in one query."""
    with_evidence = Evidence.objects.filter(entry=OuterRef("pk"))
    rows = (
        Entry.objects.filter(assessment_id__in=assessment_ids)
        .annotate(has_evidence=Exists(with_evidence))
        .values("assessment_id")
        .annotate(
            in_scope=Count("pk"),
            evidenced=Count("pk", filter=Q(has_evidence=True)),
            rated=Count("pk", filter=Q(rating__isnull=False)),
        )
    )
    return {row["assessment_id"]: (row["in_scope"], row["evidenced"], row["rated"]) for row in rows}


def rating_distribution(assessment_ids):
    """{assessment id: Counter of rating level id -> number of entries} in one query."""
    rows = (
        Entry.objects.filter(assessment_id__in=assessment_ids, rating__isnull=False)
        .values("assessment_id", "rating_id")
        .annotate(n=Count("pk"))
    )
    distribution = defaultdict(Counter)
    for row in rows:
        distribution[row["assessment_id"]][row["rating_id"]] = row["n"]
    return distribution


class StaleEntryError(Exception):
    """Someone saved the entry after the form was read; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("The entry was saved by someone else since this form was opened.")
        self.current = current


def save_entry(editor, user):
    """Save a valid EntryEditor, refusing it if the entry moved on since it was read.

    Returns False when nothing had changed. The row lock (PostgreSQL) or the
    immediate write transaction (SQLite) makes the version check and the save
    one step, so of two concurrent saves of the same version only one wins.
    """
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=editor.entry.pk)
        refuse_unless_editable(current.assessment)
        if current.version != editor.submitted_version:
            raise StaleEntryError(current)
        if not editor.has_changed():
            return False
        entry = editor.form.save(commit=False)
        entry.version = current.version + 1
        entry.updated_at = timezone.now()
        entry.updated_by = user
        entry._history_user = user
        if editor.form.has_changed():
            entry.save()
        else:
            entry.save_without_historical_record()
        _save_rows(editor.evidence, user)
        _save_rows(editor.actions, user, assessment=entry.assessment)
    return True


def _save_rows(formset, user, **fields):
    """Save a formset's changed rows only, so unchanged rows write no history."""
    next_position = max((form.instance.position for form in formset.initial_forms), default=0)
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance.pk:
                form.instance._history_user = user
                form.instance.delete()
            continue
        if not form.has_changed():
            continue
        obj = form.save(commit=False)
        if obj.pk is None:
            next_position += 1
            obj.position = next_position
            for name, value in fields.items():
                setattr(obj, name, value)
        obj._history_user = user
        obj.save()


def assessment_queryset():
    return Assessment.objects.select_related(
        "organisation", "framework", "scale", "approved_by", "submitted_by"
    )


def with_completion(assessments):
    """Attach completion figures (in scope, evidenced, rated) and rating counts to each."""
    ids = [assessment.pk for assessment in assessments]
    completion = completion_by_assessment(ids)
    distribution = rating_distribution(ids)
    levels_by_scale = defaultdict(list)
    for level in RatingLevel.objects.filter(scale_id__in={a.scale_id for a in assessments}):
        levels_by_scale[level.scale_id].append(level)
    for assessment in assessments:
        assessment.in_scope, assessment.evidenced, assessment.rated = completion.get(
            assessment.pk, (0, 0, 0)
        )
        counts = distribution[assessment.pk]
        assessment.rating_counts = [
            (level, counts.get(level.pk, 0)) for level in levels_by_scale[assessment.scale_id]
        ]
    return assessments


def dashboard(user, organisations, today=None):
    """What the home page shows: the user's assessments and the actions needing attention.

    ``organisations``: the user's organisations, as the caller has already listed them.
    """
    today = today or timezone.localdate()
    assessments = with_completion(
        list(
            access.assessments_for(user)
            .select_related("organisation", "framework", "scale")
            .order_by("organisation__name", "-period", "title")
        )
    )
    actions = access.actions_for(user).select_related(
        "assessment__organisation", "entry__criterion", "recommendation"
    )
    return {
        "organisations": organisations,
        "assessments": assessments,
        "overdue": list(actions.overdue(today).order_by("due_date", "pk")[:DASHBOARD_ACTIONS]),
        "overdue_count": actions.overdue(today).count(),
        "due_soon": list(
            actions.due_within(30, today).order_by("due_date", "pk")[:DASHBOARD_ACTIONS]
        ),
        "due_soon_count": actions.due_within(30, today).count(),
    }


DASHBOARD_ACTIONS = 20


def save_recommendation(editor, user):
    """Save a valid RecommendationEditor: the recommendation and its changed actions."""
    with transaction.atomic():
        refuse_unless_editable(Assessment.objects.select_for_update().get(pk=editor.assessment.pk))
        recommendation = editor.form.save(commit=False)
        if recommendation.pk is None:
            last = editor.assessment.recommendations.order_by("-position").first()
            recommendation.position = (last.position + 1) if last else 1
        if recommendation.pk is None or editor.form.has_changed():
            recommendation._history_user = user
            recommendation.save()
        editor.actions.instance = recommendation
        _save_rows(
            editor.actions, user, assessment=editor.assessment, recommendation=recommendation
        )
    return recommendation
