"""Readiness: what a committee would query before approving an assessment.

A list of items, each with a message and the URL of the place to fix it. It
warns and never blocks: a committee may accept gaps. The number of queries is
fixed, whatever the size of the assessment.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format

from assessments.models import Action, Entry, Evidence, ReportDetails

EVIDENCE_MAX_AGE_MONTHS = 18
COVER_FIELDS = [
    ("report_date", "date"),
    ("agenda_item", "agenda item"),
    ("report_to", "report to"),
    ("report_by", "report by"),
]


@dataclass(frozen=True)
class Item:
    kind: str
    message: str
    url: str


# The kinds, in the order the list shows them, with their headings.
KINDS = [
    ("not-started", "Not started"),
    ("not-rated", "Without a rating"),
    ("no-evidence", "Rated but without evidence"),
    ("no-lead", "Actions without a lead officer"),
    ("no-date", "Actions without a due date or timescale"),
    ("old-evidence", f"Evidence older than {EVIDENCE_MAX_AGE_MONTHS} months"),
    ("not-reviewed", "Carried-forward evidence not reviewed"),
    ("cover", "Cover details empty"),
]


def period_end(period):
    """The last day of a period: 2023/24 ends 31 March 2024, 2024 ends 31 December 2024."""
    year = int(period[:4])
    if "/" in period:
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year, 12, 31)


def months_before(date, months):
    month_index = date.year * 12 + date.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def evidence_cutoff(assessment):
    """Evidence dated before this is more than 18 months older than the end of the period."""
    return months_before(period_end(assessment.period), EVIDENCE_MAX_AGE_MONTHS)


def check(assessment):
    """Every item a committee would query, grouped in the order of KINDS."""
    items = []
    rated = assessment.scale_id is not None
    has_evidence = Evidence.objects.filter(entry=OuterRef("pk"))
    entries = (
        Entry.objects.filter(assessment=assessment)
        .select_related("criterion")
        .annotate(has_evidence=Exists(has_evidence))
        .order_by("criterion__position")
        .only(
            "pk", "assessment_id", "progress", "rating_id", "criterion__ref", "criterion__position"
        )
    )
    for entry in entries:
        url = entry.get_absolute_url()
        ref = entry.criterion.ref
        if entry.progress == Entry.Progress.NOT_STARTED:
            items.append(Item("not-started", f"{ref} is not started.", url))
        if rated and entry.rating_id is None:
            items.append(Item("not-rated", f"{ref} has no rating.", url))
        if entry.rating_id is not None and not entry.has_evidence:
            items.append(Item("no-evidence", f"{ref} is rated but has no evidence.", url))

    actions = (
        Action.objects.filter(assessment=assessment)
        .select_related("entry__criterion", "recommendation")
        .order_by("position", "pk")
    )
    for action in actions:
        where, url = _action_place(assessment, action)
        words = " ".join(action.description.split()[:8])
        if not action.lead_officer.strip():
            items.append(Item("no-lead", f"{where}: “{words}” has no lead officer.", url))
        if action.due_date is None and not action.timescale.strip():
            items.append(Item("no-date", f"{where}: “{words}” has no due date or timescale.", url))

    cutoff = evidence_cutoff(assessment)
    evidence = (
        Evidence.objects.filter(entry__assessment=assessment)
        .select_related("entry__criterion")
        .order_by("entry__criterion__position", "position", "pk")
    )
    old, unreviewed = [], []
    for item in evidence:
        url = item.entry.get_absolute_url()
        ref = item.entry.criterion.ref
        words = " ".join(item.text.split()[:8])
        if item.refers_to and item.refers_to < cutoff:
            old.append(
                Item(
                    "old-evidence",
                    f"{ref}: “{words}” is dated {date_format(item.refers_to)}, more than "
                    f"{EVIDENCE_MAX_AGE_MONTHS} months before the end of {assessment.period}.",
                    url,
                )
            )
        if item.needs_review:
            unreviewed.append(
                Item("not-reviewed", f"{ref}: “{words}” was carried forward and not reviewed.", url)
            )
    items += old + unreviewed

    details = ReportDetails.objects.filter(assessment=assessment).first()
    empty = [label for name, label in COVER_FIELDS if not details or not getattr(details, name)]
    if empty:
        items.append(
            Item(
                "cover",
                f"The report cover has no {_join(empty)}.",
                reverse("assessments:report-details", args=[assessment.pk]),
            )
        )
    order = {kind: index for index, (kind, _) in enumerate(KINDS)}
    items.sort(key=lambda item: order[item.kind])
    return items


def approval_context(assessment):
    """What the approval page shows the committee: the readiness list, grouped."""
    items = check(assessment)
    return {"readiness": grouped(items), "readiness_count": len(items)}


def grouped(items):
    """[(heading, items)] for the kinds that have any items."""
    by_kind = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return [(heading, by_kind[kind]) for kind, heading in KINDS if kind in by_kind]


def _action_place(assessment, action):
    if action.entry_id:
        return action.entry.criterion.ref, action.entry.get_absolute_url()
    return (
        str(action.recommendation),
        reverse("assessments:recommendation-edit", args=[assessment.pk, action.recommendation_id]),
    )


def _join(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
