"""Direction of travel: this year's rating against last year's.

"Last year" is the organisation's most recent earlier assessment of the same
framework (by period), or one the user picks. Ratings are compared by level
value within one rating scale (a higher value is better); across different
scales they are "not comparable". The arrows and words live here only, so the
arrow is never the only signal.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

from django.db.models import Count
from django.utils.safestring import mark_safe

from assessments import trends
from assessments.models import Action, Assessment, Entry, Evidence
from assessments.rows import Prepared, SharedInstances, columns
from frameworks.models import RatingLevel


@dataclass(frozen=True)
class Direction:
    key: str
    arrow: str
    word: str

    def __str__(self):
        return f"{self.arrow} {self.word}".strip()


IMPROVED = Direction("improved", "↑", "improved")
DECLINED = Direction("declined", "↓", "declined")
UNCHANGED = Direction("unchanged", "→", "unchanged")
NOT_COMPARABLE = Direction("not_comparable", "", "not comparable")
NO_COMPARISON = Direction("none", "", "no comparison")


def direction(previous_rating, current_rating):
    """The direction from one rating level to another (either may be None)."""
    if previous_rating is None or current_rating is None:
        return NO_COMPARISON
    if previous_rating.scale_id != current_rating.scale_id:
        return NOT_COMPARABLE
    if current_rating.value > previous_rating.value:
        return IMPROVED
    if current_rating.value < previous_rating.value:
        return DECLINED
    return UNCHANGED


def last_year(assessment, picked=None, years=None):
    """The assessment to compare with: ``picked`` (a pk) if it is an earlier one, else the latest.

    ``years``: trends.assessments_of for the assessment's organisation and framework, if
    already read (it is read here otherwise).
    """
    earlier = earlier_years(assessment, years)
    if picked not in (None, ""):
        try:
            pk = int(picked)
        except (ValueError, TypeError):
            return None
        return next((year for year in earlier if year.pk == pk), None)
    return earlier[-1] if earlier else None


def earlier_years(assessment, years=None):
    """The organisation's assessments of the framework from periods before ``assessment``'s,
    oldest first. ``years``: trends.assessments_of, if already read (read here otherwise)."""
    if years is None:
        years = trends.assessments_of(assessment.organisation_id, assessment.framework_id)
    # Ordered by period in the database's own collation, so the earlier periods are the
    # ones before the first assessment of this period (as ``period__lt`` would have it).
    cut = next((i for i, year in enumerate(years) if year.period == assessment.period), len(years))
    return years[:cut]


@dataclass
class Comparison:
    """One criterion: last year's entry beside this year's rating."""

    previous_rating: object
    previous_summary: str
    previous_entry_id: int
    current_rating: object

    @property
    def direction(self):
        return direction(self.previous_rating, self.current_rating)

    def badge(self):
        """Last year's rating and the direction, as every page and the report print it."""
        # Built with plain string formatting: the report prints one per criterion. The
        # level's label is escaped; the direction's key, arrow and word are fixed above.
        label = self.previous_rating.label if self.previous_rating else "not rated"
        html = f'<br><span class="last-year small">Last year: {escape(label)}</span>'
        d = self.direction
        if d.key != "none":
            arrow = f'<span aria-hidden="true">{d.arrow}</span> ' if d.arrow else ""
            html += f'<br><span class="direction direction-{d.key} small">{arrow}{d.word}</span>'
        return mark_safe(html)


@dataclass
class YearComparison:
    """This assessment against last year's: per criterion, and counted per theme."""

    previous: Assessment | None
    by_criterion: dict = field(default_factory=dict)  # criterion id -> Comparison

    def __bool__(self):
        return self.previous is not None


ENTRIES_OF = Prepared(
    lambda assessment_id: (
        Entry.objects.filter(assessment_id=assessment_id)
        .order_by()
        .values_list("criterion_id", "pk", "summary", *columns("rating", RatingLevel))
    )
)


def previous_entries(previous):
    """{criterion id: (entry id, summary, rating)} of last year's assessment, in one query."""
    # Queried even without a previous year, so a page's query count never depends on it.
    using = Entry.objects.db
    rows = ENTRIES_OF(previous.pk if previous else None, using=using)
    levels = SharedInstances(RatingLevel, using)
    return {row[0]: (row[1], row[2], levels.get(row[3:])) for row in rows}


def compare(entries, previous):
    """A YearComparison of ``entries`` (live or snapshot) with the ``previous`` assessment."""
    result = YearComparison(previous)
    for criterion_id, (pk, summary, rating) in previous_entries(previous).items():
        result.by_criterion[criterion_id] = Comparison(
            previous_rating=rating,
            previous_summary=summary,
            previous_entry_id=pk,
            current_rating=None,
        )
    for entry in entries:
        comparison = result.by_criterion.get(entry.criterion.pk)
        if comparison is not None:
            comparison.current_rating = entry.rating
    return result


def annotate(entries, comparison):
    """Set ``entry.last_year`` (a Comparison or None) on each entry, for the templates."""
    for entry in entries:
        entry.last_year = comparison.by_criterion.get(entry.criterion.pk) if comparison else None
    return entries


@dataclass
class ThemeChange:
    theme: object  # None for actions arising from recommendations
    counts: Counter = field(default_factory=Counter)  # direction key -> criteria
    carried: int = 0
    completed: int = 0
    new: int = 0

    @property
    def improved(self):
        return self.counts[IMPROVED.key]

    @property
    def declined(self):
        return self.counts[DECLINED.key]

    @property
    def unchanged(self):
        return self.counts[UNCHANGED.key]


def theme_changes(themes, recommendations, comparison):
    """Per theme: criteria improved, declined, unchanged; actions carried over, completed, new.

    ``themes``: the report's ThemeSections (entries with their actions);
    "completed" counts last year's actions of the theme now marked complete,
    "carried over" this year's actions continued from last year, "new" the rest.
    """
    completed = _completed_last_year(comparison.previous)
    if not comparison:
        return []
    rows = []
    for section in themes:
        row = ThemeChange(section.theme, completed=completed.get(section.theme.pk, 0))
        for entry in section.entries:
            found = comparison.by_criterion.get(entry.criterion.pk)
            if found is not None:
                row.counts[found.direction.key] += 1
            for action in entry.actions:
                if action.carried_from_id:
                    row.carried += 1
                else:
                    row.new += 1
        rows.append(row)
    recommendation_row = ThemeChange(None, completed=completed.get(None, 0))
    for recommendation in recommendations:
        for action in recommendation.actions:
            if action.carried_from_id:
                recommendation_row.carried += 1
            else:
                recommendation_row.new += 1
    if recommendation_row.carried or recommendation_row.new or recommendation_row.completed:
        rows.append(recommendation_row)
    return rows


COMPLETED_BY_THEME = Prepared(
    lambda assessment_id: (
        Action.objects.filter(assessment_id=assessment_id, status=Action.Status.COMPLETE)
        .values_list("entry__criterion__theme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
)


def _completed_last_year(previous):
    """{theme id (None for recommendations): last year's completed actions}, in one query."""
    counts = defaultdict(int)
    rows = COMPLETED_BY_THEME(previous.pk if previous else None, using=Action.objects.db)
    for theme_id, n in rows:
        counts[theme_id] += n
    return counts


def totals(rows):
    total = ThemeChange(None)
    for row in rows:
        total.counts.update(row.counts)
        total.carried += row.carried
        total.completed += row.completed
        total.new += row.new
    return total


def overview_context(assessment, entries, picked=None):
    """What the overview's direction-of-travel column and picker need."""
    years = trends.assessments_of(
        assessment.organisation_id, assessment.framework_id, titles_only=True
    )
    previous = last_year(assessment, picked, years)
    comparison = compare(entries, previous)
    annotate(entries, comparison)
    return {
        "last_year": previous,
        # Latest first, as the picker lists them.
        "earlier_assessments": earlier_years(assessment, years)[::-1],
        "direction_counts": Counter(
            c.direction.key for c in comparison.by_criterion.values() if c.current_rating
        ),
        "picked_last_year": str(picked or ""),
    }


def add_to_report(report, assessment, picked=None, years=None):
    """Give a built report last year's assessment, per-criterion directions and theme changes."""
    previous = last_year(assessment, picked, years)
    comparison = compare(report.all_entries, previous)
    annotate(report.all_entries, comparison)
    report.last_year = previous
    report.changes = theme_changes(report.themes, report.recommendations, comparison)
    report.change_totals = totals(report.changes)
    return report


def entry_context(entry, picked=None, evidence=None):
    """Last year's rating and summary of the entry's criterion, and carried evidence to review.

    ``evidence``: the entry's saved evidence items in order, if already read (the entry
    page's rows); the carried ones are picked from them.
    """
    assessment = entry.assessment
    # The panel names last year's assessment and links to its entry: nothing more of it.
    years = trends.assessments_of(
        assessment.organisation_id, assessment.framework_id, titles_only=True
    )
    previous = last_year(assessment, picked, years)
    old = None
    if previous:
        # At most one entry per criterion of an assessment: no ordering needed to pick it.
        found = (
            Entry.objects.filter(assessment=previous, criterion_id=entry.criterion_id)
            .select_related("rating")
            .order_by()[:1]
        )
        old = found[0] if found else None
    comparison = (
        Comparison(
            previous_rating=old.rating,
            previous_summary=old.summary,
            previous_entry_id=old.pk,
            current_rating=entry.rating,
        )
        if old
        else None
    )
    if evidence is None:
        carried = list(
            entry.evidence_items.filter(carried_from__isnull=False).select_related(
                "carried_from__entry__assessment"
            )
        )
    else:
        carried = [item for item in evidence if item.carried_from_id]
        if carried:
            sources = Evidence.objects.select_related("entry__assessment").in_bulk(
                {item.carried_from_id for item in carried}
            )
            # An item whose source was deleted meanwhile is no longer carried (SET_NULL).
            carried = [item for item in carried if item.carried_from_id in sources]
            for item in carried:
                item.carried_from = sources[item.carried_from_id]
    return {
        "last_year": previous,
        "last_year_entry": comparison,
        "carried_evidence": carried,
        "carried_unreviewed": sum(1 for item in carried if item.needs_review),
    }
