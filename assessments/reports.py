"""What the committee report says: one structure for the HTML page and the PDF.

The report reads either the assessment as it is now or, through the history,
as it stood at a moment; both come out as the same snapshot shape, so the
templates do not care which. The number of queries is fixed: it does not grow
with the number of entries, evidence items or actions.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from assessments import direction, history, trends
from assessments.history import assessment_snapshot, current_snapshot
from assessments.models import Action, Assessment, ReportDetails
from assessments.pdf import html_to_pdf
from assessments.templatetags.actions import when
from frameworks.models import RatingScale
from frameworks.styles import level_css

SECTIONS = [
    ("cover", "Cover"),
    ("summary", "Summary"),
    ("themes", "Criteria by theme"),
    ("action_plan", "Action plan"),
    ("matrix", "Summary matrix"),
    ("appendix", "Appendix: rating scale"),
    ("trend", "Trend over the years"),
]
ALL_SECTIONS = [name for name, _ in SECTIONS]


@dataclass
class ThemeSection:
    theme: object
    entries: list


@dataclass
class HeatMapRow:
    theme: object
    cells: list  # (level, count) in scale order
    not_rated: int


@dataclass
class Report:
    assessment: Assessment
    details: ReportDetails
    moment: object
    show: dict  # section name -> whether the report includes it
    levels: list
    themes: list
    heat_map: list
    actions_by_status: list
    overdue_actions: list
    recommendations: list
    criteria_actions: list
    generated_at: object = field(default_factory=timezone.now)
    # The annual cycle (direction.add_to_report, trends.build_trend).
    last_year: object = None
    changes: list = field(default_factory=list)
    change_totals: object = None
    trend: object = None

    @property
    def title(self):
        return self.details.report_title or self.assessment.display_title

    @property
    def organisation(self):
        return self.assessment.organisation

    @property
    def framework(self):
        return self.assessment.framework

    @property
    def all_entries(self):
        return [entry for section in self.themes for entry in section.entries]

    @property
    def show_lead(self):
        """Whether any action of the criteria names a lead officer (else the column is left out)."""
        return any(action.lead_officer for entry in self.all_entries for action in entry.actions)


def _shown_sections(sections, rated):
    """The matrix and the scale appendix only mean something for a rated assessment."""
    unrated_only = {"matrix", "appendix", "trend"}
    return {name: name in sections and (rated or name not in unrated_only) for name in ALL_SECTIONS}


def _themes(entries):
    sections = []
    for entry in entries:
        theme = entry.criterion.theme
        if not sections or sections[-1].theme.pk != theme.pk:
            sections.append(ThemeSection(theme, []))
        sections[-1].entries.append(entry)
    return sections


def _heat_map(themes, levels):
    rows = []
    for section in themes:
        counts = Counter(entry.rating.pk for entry in section.entries if entry.rating)
        rows.append(
            HeatMapRow(
                theme=section.theme,
                cells=[(level, counts.get(level.pk, 0)) for level in levels],
                not_rated=sum(1 for entry in section.entries if not entry.rating),
            )
        )
    return rows


def _actions_by_status(actions):
    counts = Counter(action.status for action in actions)
    return [(label, counts.get(value, 0)) for value, label in Action.Status.choices]


def _overdue(entries, recommendations, today):
    overdue = [
        (entry.criterion.ref, action)
        for entry in entries
        for action in entry.actions
        if action.is_overdue(today)
    ]
    overdue += [
        (str(recommendation), action)
        for recommendation in recommendations
        for action in recommendation.actions
        if action.is_overdue(today)
    ]
    return sorted(overdue, key=lambda pair: pair[1].due_date)


def _set_due_texts(actions):
    """Give each action its ``due_text``, formatting each distinct due date once."""
    texts = {}
    for action in actions:
        value = action.when
        if value not in texts:
            texts[value] = when(action)
        action.due_text = texts[value]


def build_report(assessment, *, sections=None, moment=None, compare_to=None):
    """The report of ``assessment`` now, or as it stood at ``moment``.

    Returns None when the assessment did not exist at ``moment``.
    """
    snapshot = (
        current_snapshot(assessment) if moment is None else assessment_snapshot(assessment, moment)
    )
    if snapshot is None:
        return None
    state = snapshot.assessment
    if moment is None:
        details = ReportDetails.for_assessment(assessment)
    else:
        # The historical copy holds ids only: the organisation, cover and scale of that moment.
        state.organisation = history.organisation_at(assessment.organisation, moment)
        state.framework = assessment.framework
        state.scale = RatingScale.objects.filter(pk=state.scale_id).first()
        details = history.report_details_at(assessment, moment)
    # The organisation's years of this framework serve the comparison and the trend; the
    # levels of all their scales come with them, this year's scale among them.
    years = trends.assessments_of(assessment.organisation_id, assessment.framework_id)
    this_year = next((year for year in years if year.pk == assessment.pk), None)
    if moment is None and this_year is not None:
        state.scale = this_year.scale
    levels = state.levels()
    themes = _themes(snapshot.entries)
    today = timezone.localtime(moment).date() if moment else timezone.localdate()
    all_actions = [action for entry in snapshot.entries for action in entry.actions] + [
        action for recommendation in snapshot.recommendations for action in recommendation.actions
    ]
    _set_due_texts(all_actions)
    report = Report(
        assessment=state,
        details=details,
        moment=moment,
        show=_shown_sections(sections or ALL_SECTIONS, rated=bool(levels)),
        levels=levels,
        themes=themes,
        heat_map=_heat_map(themes, levels),
        actions_by_status=_actions_by_status(all_actions),
        overdue_actions=_overdue(snapshot.entries, snapshot.recommendations, today),
        recommendations=snapshot.recommendations,
        criteria_actions=[
            (entry.criterion.ref, action) for entry in snapshot.entries for action in entry.actions
        ],
    )
    direction.add_to_report(report, assessment, compare_to, years)
    # The trend reads every year's ratings as they are now: a report of another moment
    # says so instead of printing today's figures as that moment's.
    if report.show["trend"] and moment is None:
        report.trend = trends.build_trend(
            assessment.organisation, assessment.framework, today, years
        )
    return report


# The report's template tree is rendered by Jinja2 (bestvalue/jinja_environment.py).
ENGINE = "jinja2"


def report_body_html(report):
    """The report's body, for the browser page that shows it."""
    return mark_safe(
        render_to_string("assessments/report/_body.html", {"report": report}, using=ENGINE)
    )


def report_document_html(report):
    """The standalone HTML document the PDF is made from."""
    return render_to_string(
        "assessments/report/document.html",
        {"report": report, "level_css": level_css(report.levels)},
        using=ENGINE,
    )


def report_pdf(report):
    return html_to_pdf(report_document_html(report))
