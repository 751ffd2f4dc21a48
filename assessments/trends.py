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

from assessments.models import Action, Assessment, Entry
from frameworks.models import Theme

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


def assessments_of(organisation, framework, *, titles_only=False):
    """Every assessment of ``framework`` by ``organisation``, oldest period first, with its scale.

    ``titles_only``: only each one's title and period (and pk), for a page that names them.
    """
    assessments = Assessment.objects.filter(organisation=organisation, framework=framework)
    if titles_only:
        assessments = assessments.only("pk", "title", "period")
    else:
        assessments = assessments.select_related("scale")
    return list(assessments.order_by("period", "created_at", "pk"))


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
    rows = (
        Entry.objects.filter(assessment__in=assessments)
        .values_list("assessment_id", "criterion__theme_id")
        .annotate(total=Sum("rating__value"), rated=Count("rating_id"))
        .order_by()
    )
    for assessment_id, theme_id, total, rated in rows:
        scoped.add(theme_id)
        if rated:
            sums[assessment_id, theme_id] = (total, rated)
    # A theme out of every year's scope is left out.
    themes = [
        theme
        for theme in Theme.objects.filter(framework=framework).order_by("number")
        if theme.pk in scoped
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


def _actions(assessments, today):
    overdue = Q(due_date__lt=today) & ~Q(status=Action.Status.COMPLETE)
    rows = {
        row["assessment_id"]: row
        for row in Action.objects.filter(assessment__in=assessments)
        .values("assessment_id")
        .annotate(
            opened=Count("pk", filter=Q(carried_from__isnull=True)),
            completed=Count("pk", filter=Q(status=Action.Status.COMPLETE)),
            overdue=Count("pk", filter=overdue),
        )
        .order_by()
    }
    return [
        YearActions(
            assessment,
            opened=rows.get(assessment.pk, {}).get("opened", 0),
            completed=rows.get(assessment.pk, {}).get("completed", 0),
            overdue=rows.get(assessment.pk, {}).get("overdue", 0),
        )
        for assessment in assessments
    ]
