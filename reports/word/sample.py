"""A small made-up paper, never saved, to try an uploaded template with."""

import datetime

from django.utils import timezone

from assessments.history import EntrySnapshot, RecommendationSnapshot
from assessments.models import Action, Assessment, ReportDetails
from assessments.reports import ALL_SECTIONS, HeatMapRow, Report, ThemeSection
from frameworks.models import Criterion, Framework, RatingLevel, RatingScale, Theme

LEVELS = [
    (1, "Excellent", "#1a9850"),
    (2, "Good", "#91cf60"),
    (3, "Adequate", "#fee08b"),
    (4, "Weak", "#fc8d59"),
]


def sample_report(organisation):
    framework = Framework(
        slug="sample",
        title="Best Value: Revised Statutory Guidance 2020",
        short_title="Best Value 2020",
        theme_label="Theme",
        criterion_label="Criterion",
        criteria_label="Criteria",
    )
    scale = RatingScale(name="Sample rating scale")
    levels = [
        RatingLevel(pk=-value, scale=scale, value=value, label=label, colour=colour)
        for value, label, colour in LEVELS
    ]
    theme = Theme(framework=framework, number=1, title="Vision and Leadership")
    criterion = Criterion(
        framework=framework,
        theme=theme,
        position=1,
        ref="1.1",
        text="Members and senior managers have a clear vision.",
    )
    action = Action(
        description="Refresh the strategic plan",
        lead_officer="Chief Officer",
        due_date=datetime.date(2025, 3, 31),
    )
    entry = EntrySnapshot(
        pk=0,
        criterion=criterion,
        progress="complete",
        rating=levels[1],
        summary="The strategic plan sets out the vision.",
        actions=[action],
    )
    recommendation = RecommendationSnapshot(
        pk=0,
        source="Best Value Audit",
        ref="R1",
        text="Set out how Best Value is demonstrated.",
        actions=[Action(description="Develop a Best Value framework", timescale="Ongoing")],
    )
    assessment = Assessment(
        organisation=organisation,
        framework=framework,
        scale=scale,
        title="Sample self-assessment",
        period="2024/25",
    )
    details = ReportDetails(
        assessment=assessment,
        report_date=datetime.date(2025, 6, 24),
        agenda_item="7",
        report_to="Audit, Risk and Governance Committee",
        report_by="Chief Finance Officer",
        provides_assurance=True,
        recommendations="Note the self-assessment.",
    )
    return Report(
        assessment=assessment,
        details=details,
        moment=None,
        show=dict.fromkeys(ALL_SECTIONS, True),
        levels=levels,
        themes=[ThemeSection(theme, [entry])],
        heat_map=[HeatMapRow(theme, [(level, int(level is levels[1])) for level in levels], 0)],
        actions_by_status=[
            (label, int(value == "not_started")) for value, label in Action.Status.choices
        ],
        overdue_actions=[],
        recommendations=[recommendation],
        criteria_actions=[("1.1", action)],
        generated_at=timezone.now(),
    )
