"""Progress figures: evidence, action and overdue counts per entry, completion and
ratings per assessment, entries grouped by theme."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.history import CRITERION_FIELDS, CriterionSnapshot, EntrySnapshot
from assessments.models import Action, Entry, Evidence
from assessments.rows import Prepared, SharedInstances, columns
from frameworks.models import RatingLevel, Theme


def count_of(rows, related_name):
    """The number of ``rows`` pointing at the outer query's row through ``related_name``.

    A counted subquery per row: joining two lists to count both multiplies
    their rows (evidence × actions per entry) before counting them again.
    """
    counted = (
        rows.filter(**{related_name: OuterRef("pk")})
        .order_by()
        .values(related_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


@dataclass(slots=True)
class EntryProgress:
    """An entry as the overview lists it: its criterion and rating, and its counts."""

    pk: int
    assessment_id: int
    criterion: CriterionSnapshot
    progress: str
    rating: RatingLevel | None
    evidence_count: int
    action_count: int
    has_overdue: bool
    last_year: object = None  # direction.Comparison, set by direction.annotate

    get_absolute_url = Entry.get_absolute_url
    get_progress_display = EntrySnapshot.get_progress_display
    rating_id = EntrySnapshot.rating_id


# The overview's criteria with their counts, by assessment id and today's date.
OVERVIEW_ROWS = Prepared(
    lambda assessment_id, today: (
        Entry.objects.filter(assessment_id=assessment_id)
        .annotate(
            evidence_count=count_of(Evidence.objects.all(), "entry"),
            action_count=count_of(Action.objects.all(), "entry"),
            has_overdue=Exists(Action.objects.filter(entry=OuterRef("pk")).overdue(today)),
        )
        .order_by("criterion__position")
        .values_list(
            "pk",
            "assessment_id",
            "progress",
            "evidence_count",
            "action_count",
            "has_overdue",
            "criterion_id",
            *(f"criterion__{name}" for name in CRITERION_FIELDS),
            *columns("criterion__theme", Theme),
            *columns("rating", RatingLevel),
        )
    )
)


def annotated_entries(assessment, today=None):
    """The assessment's entries with their evidence, action and overdue action counts.

    Read as rows of what the overview prints (EntryProgress), in framework order: a
    model instance per entry, criterion, theme and rating was most of the page's time.
    """
    using = Entry.objects.db
    rows = OVERVIEW_ROWS(assessment.pk, today or timezone.localdate(), using=using)
    themes = SharedInstances(Theme, using)
    levels = SharedInstances(RatingLevel, using)
    theme_start = 7 + len(CRITERION_FIELDS)
    level_start = theme_start + len(Theme._meta.concrete_fields)
    entries = []
    for row in rows:
        pk, assessment_id, progress, evidence_count, action_count, has_overdue = row[:6]
        criterion = CriterionSnapshot(*row[6:theme_start], themes.get(row[theme_start:level_start]))
        entries.append(
            EntryProgress(
                pk=pk,
                assessment_id=assessment_id,
                criterion=criterion,
                progress=progress,
                rating=levels.get(row[level_start:]),
                evidence_count=evidence_count,
                action_count=action_count,
                has_overdue=has_overdue,
            )
        )
    return entries


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


def _completion(assessment_ids):
    """{assessment id: Completion}, in one query: entries counted by assessment and rating."""
    with_evidence = Evidence.objects.filter(entry=OuterRef("pk"))
    rows = (
        Entry.objects.filter(assessment_id__in=assessment_ids)
        .annotate(has_evidence=Exists(with_evidence))
        .order_by()
        .values_list("assessment_id", "rating_id")
        .annotate(n=Count("pk"), evidenced=Count("pk", filter=Q(has_evidence=True)))
    )
    completion = defaultdict(Completion)
    for assessment_id, rating_id, n, evidenced in rows:
        figures = completion[assessment_id]
        figures.in_scope += n
        figures.evidenced += evidenced
        if rating_id is not None:
            figures.rated += n
            figures.ratings[rating_id] = n
    return completion


@dataclass
class Completion:
    in_scope: int = 0
    evidenced: int = 0
    rated: int = 0
    ratings: Counter = field(default_factory=Counter)  # rating level id -> entries


def with_completion(assessments):
    """Attach completion figures (in scope, evidenced, rated) and rating counts to each."""
    completion = _completion([assessment.pk for assessment in assessments])
    levels_by_scale = defaultdict(list)
    scales = {assessment.scale_id for assessment in assessments}
    # Ordered by value alone: the model's ordering would join the scales to sort by name.
    for level in RatingLevel.objects.filter(scale_id__in=scales).order_by("value"):
        levels_by_scale[level.scale_id].append(level)
    for assessment in assessments:
        figures = completion.get(assessment.pk) or Completion()
        assessment.in_scope, assessment.evidenced, assessment.rated = (
            figures.in_scope,
            figures.evidenced,
            figures.rated,
        )
        assessment.rating_counts = [
            (level, figures.ratings.get(level.pk, 0))
            for level in levels_by_scale[assessment.scale_id]
        ]
    return assessments
