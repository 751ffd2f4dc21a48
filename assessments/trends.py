"""Ratings per theme over the years, and actions opened, completed and overdue per year.

One organisation, one framework, every assessment of it. A theme's point for a
year is the mean level value of its rated criteria, named by the nearest level.
Years rated on another scale than the latest are shown as "not comparable".
The chart geometry is worked out here so the SVG template only draws it. The
number of queries is fixed: it does not grow with the number of years.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from assessments.models import Action, Assessment, Entry, overdue_condition
from assessments.rows import Prepared, SharedInstances, columns
from frameworks.models import RatingLevel, RatingScale, Theme

# Chart geometry (SVG user units).
WIDTH = 640
HEIGHT = 230
LEFT = 44
RIGHT = 70
TOP = 28
BOTTOM = 40


@dataclass
class Point:
    assessment: Assessment
    value: float | None = None  # mean level value, one decimal
    level: object = None  # nearest level
    rated: int = 0
    comparable: bool = True
    x: float = 0
    y: float = 0
    anchor: str = "middle"  # the label's text-anchor: the end points' labels lean inwards

    @property
    def text(self):
        if not self.comparable:
            return "not comparable"
        if self.value is None:
            return "not rated"
        return f"{self.value:.1f} {self.level.label}"


@dataclass
class ThemeTrend:
    theme: Theme
    points: list = field(default_factory=list)

    @property
    def line(self):
        """The polyline's points: consecutive years with a value."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.value is not None)


@dataclass
class YearActions:
    assessment: Assessment
    opened: int = 0
    completed: int = 0
    overdue: int = 0


@dataclass
class Trend:
    organisation: object
    framework: object
    assessments: list
    scale: object
    levels: list
    themes: list
    actions: list
    width: int = WIDTH
    height: int = HEIGHT
    gridlines: list = field(default_factory=list)  # (y, level)
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT
    right: float = WIDTH - RIGHT

    @property
    def rated(self):
        return bool(self.levels)

    @property
    def years(self):
        return len(self.assessments)


def _nearest(levels, value):
    rounded = int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return min(levels, key=lambda level: abs(level.value - rounded))


def _x(index, count):
    if count == 1:
        return (LEFT + WIDTH - RIGHT) / 2
    return LEFT + index * (WIDTH - RIGHT - LEFT) / (count - 1)


def _y(value, low, high):
    span = (high - low) or 1
    return TOP + (high - value) * (HEIGHT - TOP - BOTTOM) / span


ASSESSMENT_COLUMNS = [f.attname for f in Assessment._meta.concrete_fields]
# Each assessment with its scale, once per level of the scale (in the scale's order).
YEARS_OF = Prepared(
    lambda organisation_id, framework_id: (
        Assessment.objects.filter(organisation_id=organisation_id, framework_id=framework_id)
        .order_by("period", "created_at", "pk", "scale__levels__value", "scale__levels__id")
        .values_list(
            *ASSESSMENT_COLUMNS,
            *columns("scale", RatingScale),
            *columns("scale__levels", RatingLevel),
        )
    )
)


def assessments_of(organisation, framework, *, titles_only=False):
    """Every assessment of ``framework`` by ``organisation``, oldest period first, with its
    scale and the scale's levels (``levels()``), in one query.

    ``titles_only``: only each one's title and period (and pk), for a page that names them.
    """
    if titles_only:
        return list(
            Assessment.objects.filter(organisation=organisation, framework=framework)
            .only("pk", "title", "period")
            .order_by("period", "created_at", "pk")
        )
    using = Assessment.objects.db
    scales = SharedInstances(RatingScale, using)
    levels = SharedInstances(RatingLevel, using)
    scale_start = len(ASSESSMENT_COLUMNS)
    level_start = scale_start + len(RatingScale._meta.concrete_fields)
    years = {}
    levels_of = defaultdict(dict)  # scale id -> {level id: level}, in order
    for row in YEARS_OF(_pk(organisation), _pk(framework), using=using):
        year = years.get(row[0])
        if year is None:
            year = years[row[0]] = Assessment.from_db(using, ASSESSMENT_COLUMNS, row[:scale_start])
            Assessment.scale.field.set_cached_value(year, scales.get(row[scale_start:level_start]))
        level = levels.get(row[level_start:])
        if level is not None:
            levels_of[level.scale_id].setdefault(level.pk, level)
    for scale in scales.built.values():
        _set_levels(scale, list(levels_of[scale.pk].values()))
    return list(years.values())


def _pk(value):
    return getattr(value, "pk", value)


def _set_levels(scale, levels):
    """Give ``scale.levels.all()`` the levels read, as prefetch_related does."""
    queryset = scale.levels.all()
    queryset._result_cache = levels
    queryset._prefetch_done = True
    scale._prefetched_objects_cache = {"levels": queryset}


THEME_COLUMNS = [f.attname for f in Theme._meta.concrete_fields]
THEMES_OF = Prepared(
    lambda framework_id: (
        Theme.objects.filter(framework_id=framework_id)
        .order_by("number")
        .values_list(*THEME_COLUMNS)
    )
)


# Per year and theme of the assessments: the sum of the rated criteria's level values,
# and how many are rated.
THEME_SUMS = Prepared(
    lambda assessment_ids: (
        Entry.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id", "criterion__theme_id")
        .annotate(total=Sum("rating__value"), rated=Count("rating_id"))
        .order_by()
    )
)


def build_trend(organisation, framework, today=None, assessments=None):
    """The trend of ``organisation`` in ``framework``; ``assessments``: assessments_of, if read."""
    today = today or timezone.localdate()
    if assessments is None:
        assessments = assessments_of(organisation, framework)
    latest_rated = next((a for a in reversed(assessments) if a.scale_id), None)
    scale_id = latest_rated.scale_id if latest_rated else None
    levels = latest_rated.levels() if latest_rated else []
    sums = defaultdict(lambda: (0, 0))  # (assessment id, theme id) -> (sum of values, rated)
    scoped = set()  # themes with an entry in some year
    ids = [assessment.pk for assessment in assessments]
    for assessment_id, theme_id, total, rated in THEME_SUMS(ids, using=Entry.objects.db):
        scoped.add(theme_id)
        if rated:
            sums[assessment_id, theme_id] = (total, rated)
    # A theme out of every year's scope is left out.
    using = Theme.objects.db
    themes = [
        Theme.from_db(using, THEME_COLUMNS, row)
        for row in THEMES_OF(framework.pk, using=using)
        if row[0] in scoped
    ]

    low = levels[0].value if levels else 0
    high = levels[-1].value if levels else 1
    count = len(assessments)
    theme_trends = []
    for theme in themes:
        trend = ThemeTrend(theme)
        for index, assessment in enumerate(assessments):
            point = Point(assessment, comparable=assessment.scale_id == scale_id)
            total, rated = sums[assessment.pk, theme.pk]
            if point.comparable and rated and levels:
                point.value = round(total / rated, 1)
                point.level = _nearest(levels, point.value)
                point.rated = rated
            point.x = _x(index, count)
            if count > 1 and index in (0, count - 1):
                point.anchor = "start" if index == 0 else "end"
            point.y = _y(point.value, low, high) if point.value is not None else HEIGHT - BOTTOM
            trend.points.append(point)
        theme_trends.append(trend)

    result = Trend(
        organisation=organisation,
        framework=framework,
        assessments=assessments,
        scale=assessments[-1].scale if assessments and scale_id else None,
        levels=levels,
        themes=theme_trends,
        actions=_actions(assessments, today),
    )
    result.gridlines = [(_y(level.value, low, high), level) for level in reversed(levels)]
    return result


# Per year of the assessments: actions opened (not carried over), completed, and overdue
# on a day.
YEAR_ACTIONS = Prepared(
    lambda assessment_ids, today: (
        Action.objects.filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id")
        .annotate(
            opened=Count("pk", filter=Q(carried_from__isnull=True)),
            completed=Count("pk", filter=Q(status=Action.Status.COMPLETE)),
            overdue=Count("pk", filter=overdue_condition(today)),
        )
        .order_by()
    )
)


def _actions(assessments, today):
    ids = [assessment.pk for assessment in assessments]
    counts = {row[0]: row[1:] for row in YEAR_ACTIONS(ids, today, using=Action.objects.db)}
    return [
        YearActions(assessment, *counts.get(assessment.pk, (0, 0, 0))) for assessment in assessments
    ]
