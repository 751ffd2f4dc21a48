"""Start next year's assessment from this one.

The new assessment keeps the framework, scope and rating scale; evidence is
copied and marked for review; open actions and open recommendations are
carried, each linked to the row it continues, so last year's progress notes
and history stay one click away. Ratings, summaries and progress start empty.
Everything is written in one transaction, with history rows naming the user.
"""

from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from assessments.forms.assessments import PERIOD_PATTERN
from assessments.models import Action, Assessment, Entry, Evidence, Recommendation

CARRIED_FROM = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)


class CarryForwardError(Exception):
    """The new assessment cannot be started; the message is fit to show the user."""


@dataclass
class CarryForwardResult:
    assessment: Assessment
    evidence: int = 0
    actions: int = 0
    recommendations: int = 0
    completed_actions: list = field(default_factory=list)  # not carried, listed for reference
    not_carried: list = field(default_factory=list)  # criteria no longer assessable

    def summary(self):
        parts = [
            f"Started {self.assessment.display_title} from {self.assessment.carried_from.display_title}",
            f"{self.evidence} evidence item{'s' if self.evidence != 1 else ''} to review",
            f"{self.actions} open action{'s' if self.actions != 1 else ''} carried",
            f"{self.recommendations} open recommendation{'s' if self.recommendations != 1 else ''} carried",
            f"{len(self.completed_actions)} completed action"
            f"{'s' if len(self.completed_actions) != 1 else ''} left with last year",
        ]
        text = ", ".join(parts) + "."
        if self.not_carried:
            refs = ", ".join(criterion.ref for criterion in self.not_carried)
            text += f" Not carried, no longer assessable in the framework: {refs}."
        return text


def period_start_year(period):
    return int(period[:4])


def next_period(period):
    """2024/25 -> 2025/26; 2024 -> 2025."""
    year = period_start_year(period) + 1
    return f"{year}/{(year + 1) % 100:02d}" if "/" in period else str(year)


def next_title(source, period):
    """Last year's title, with its period replaced when the title names it."""
    if source.period and source.period in source.title:
        return source.title.replace(source.period, period)
    return source.title


def validate(source, period, title):
    if source.status not in CARRIED_FROM:
        raise CarryForwardError(
            "Only a submitted or approved assessment can be carried forward: this one is "
            f"{source.get_status_display().lower()}."
        )
    if not PERIOD_PATTERN.match(period or ""):
        raise CarryForwardError("Write the period as a financial year (2025/26) or a year.")
    if period_start_year(period) <= period_start_year(source.period):
        raise CarryForwardError(
            f"The new period must come after {source.period}; {period} does not."
        )
    if not title.strip():
        raise CarryForwardError("Give the new assessment a title.")
    if len(title) > Assessment._meta.get_field("title").max_length:
        raise CarryForwardError("The title is too long (at most 200 characters).")
    existing = Assessment.objects.filter(
        organisation_id=source.organisation_id, framework_id=source.framework_id, period=period
    ).first()
    if existing is not None:
        raise CarryForwardError(
            f"{source.organisation} already has a {period} assessment of this framework: "
            f"{existing.display_title}."
        )


def carry_forward(source, *, period, user, title=None):
    """Create the next assessment from ``source``; returns a CarryForwardResult."""
    period = (period or "").strip()
    title = (title if title is not None else next_title(source, period)).strip()
    with transaction.atomic():
        # The row lock keeps a concurrent return-to-draft (or a second carry) from racing us.
        source = Assessment.objects.select_for_update().get(pk=source.pk)
        validate(source, period, title)
        return _copy(source, period=period, title=title, user=user)


def _copy(source, *, period, title, user):
    new = Assessment(
        organisation_id=source.organisation_id,
        framework_id=source.framework_id,
        scale_id=source.scale_id,
        title=title,
        period=period,
        created_by=user,
        carried_from=source,
    )
    new._history_user = user
    new._change_reason = f"Started from {source.display_title}"
    new.save()
    result = CarryForwardResult(new)

    old_entries = list(source.entries.select_related("criterion").order_by("criterion__position"))
    result.not_carried = [e.criterion for e in old_entries if not e.criterion.assessable]
    carried_entries = [e for e in old_entries if e.criterion.assessable]
    created = bulk_create_with_history(
        [
            Entry(assessment=new, criterion_id=e.criterion_id, updated_by=user)
            for e in carried_entries
        ],
        Entry,
        default_user=user,
    )
    entry_map = {old.pk: fresh for old, fresh in zip(carried_entries, created, strict=True)}

    evidence = [
        Evidence(
            entry=entry_map[item.entry_id],
            position=item.position,
            text=item.text,
            link=item.link,
            refers_to=item.refers_to,
            carried_from=item,
            needs_review=True,
        )
        for item in Evidence.objects.filter(entry__assessment=source).order_by(
            "entry_id", "position", "pk"
        )
        if item.entry_id in entry_map
    ]
    bulk_create_with_history(evidence, Evidence, default_user=user)
    result.evidence = len(evidence)

    actions = list(source.actions.order_by("position", "pk"))
    open_by_recommendation = {}
    for action in actions:
        if action.recommendation_id:
            open_by_recommendation.setdefault(action.recommendation_id, False)
            if action.status != Action.Status.COMPLETE:
                open_by_recommendation[action.recommendation_id] = True
    old_recommendations = [
        r
        for r in source.recommendations.order_by("position", "pk")
        if open_by_recommendation.get(r.pk, True)  # open: no actions yet, or one not complete
    ]
    new_recommendations = bulk_create_with_history(
        [
            Recommendation(
                assessment=new,
                source=r.source,
                ref=r.ref,
                text=r.text,
                position=r.position,
                carried_from=r,
            )
            for r in old_recommendations
        ],
        Recommendation,
        default_user=user,
    )
    recommendation_map = {
        old.pk: fresh for old, fresh in zip(old_recommendations, new_recommendations, strict=True)
    }
    result.recommendations = len(new_recommendations)

    carried = []
    for action in actions:
        if action.status == Action.Status.COMPLETE:
            result.completed_actions.append(action)
            continue
        entry = entry_map.get(action.entry_id)
        recommendation = recommendation_map.get(action.recommendation_id)
        if entry is None and recommendation is None:
            continue  # its criterion is listed in not_carried
        carried.append(
            Action(
                assessment=new,
                entry=entry,
                recommendation=recommendation,
                position=action.position,
                description=action.description,
                lead_officer=action.lead_officer,
                owner_id=action.owner_id,
                due_date=action.due_date,
                timescale=action.timescale,
                status=action.status,
                report_reference=action.report_reference,
                carried_from=action,
            )
        )
    bulk_create_with_history(carried, Action, default_user=user)
    result.actions = len(carried)
    return result


def origin(assessment):
    """What the overview says about where an assessment came from (empty when not carried)."""
    if assessment.carried_from_id is None:
        return {}
    source = (
        Assessment.objects.select_related("created_by")
        .filter(pk=assessment.carried_from_id)
        .first()
    )
    if source is None:
        return {}
    here = set(assessment.entries.values_list("criterion_id", flat=True))
    return {
        "carried_from": source,
        "carried_by": assessment.created_by,
        "completed_last_year": list(
            source.actions.filter(status=Action.Status.COMPLETE)
            .select_related("entry__criterion", "recommendation")
            .order_by("position", "pk")
        ),
        "not_carried": [
            entry.criterion
            for entry in source.entries.select_related("criterion").order_by("criterion__position")
            if entry.criterion_id not in here
        ],
    }


def action_lineage(action):
    """The earlier actions this one continues, newest first, each with its progress notes."""
    lineage = []
    seen = {action.pk}
    current = action
    while current.carried_from_id and current.carried_from_id not in seen:
        earlier = (
            Action.objects.select_related("assessment", "entry__criterion")
            .prefetch_related("progress_notes__author")
            .filter(pk=current.carried_from_id)
            .first()
        )
        if earlier is None:
            break
        seen.add(earlier.pk)
        lineage.append(earlier)
        current = earlier
    carried_to = list(action.carried_to.select_related("assessment").order_by("pk"))
    return {"carried_lineage": lineage, "carried_to": carried_to}
