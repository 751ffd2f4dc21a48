"""Organisations, their members, and the self-assessments they make.

An assessment points at framework criteria (it copies nothing); each criterion
in scope gets an entry holding the officer's progress, the rating (the
judgement) and the narrative (summary and evidence items). Actions come from
entries or from recommendations made by auditors and inspectors.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.limits import (
    MAX_ACTIONS_PER_ENTRY,
    MAX_EVIDENCE_PER_ENTRY,
    TextLimit,
    rows_too_many_message,
)
from bestvalue.links import id_url
from frameworks.models import Criterion, Framework, RatingLevel, RatingScale
from reports.filenames import download_name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        IJB = "ijb", "Integration Joint Board"
        COUNCIL = "council", "Council"
        HEALTH_BOARD = "health_board", "Health board"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IJB)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessments:organisation-detail", args=[self.slug])


class Membership(models.Model):
    class Role(models.TextChoices):
        OFFICER = "officer", "Officer"
        COMMITTEE = "committee", "Committee member"
        ADMIN = "admin", "Administrator"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.organisation}"


def minute_text(reference):
    """ "minute 23/41" for a bare reference; a reference that already says "minute" as it is."""
    reference = (reference or "").strip()
    if not reference or "minute" in reference.lower():
        return reference
    return f"minute {reference}"


class AssessmentQuerySet(models.QuerySet):
    def with_related(self):
        """With what every assessment page prints beside it: organisation, framework,
        scale, approver and submitter."""
        return self.select_related(
            "organisation", "framework", "scale", "approved_by", "submitted_by"
        )


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    period = models.CharField(max_length=20, help_text="For example 2023/24.")
    scale = models.ForeignKey(
        RatingScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rating scale",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # An approver's account is deactivated, never deleted: the record names them.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting_date = models.DateField(null=True, blank=True)
    committee_name = models.CharField(max_length=200, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)
    reopen_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name="started from",
        help_text="The earlier assessment this one was started from.",
    )

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "-period", "title"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            # An approval is always recorded with when and by whom.
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_at__isnull=False, approved_by__isnull=False),
                name="approved_has_approval_details",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"

    def get_absolute_url(self):
        return id_url("assessments:assessment-detail", self.pk)

    @property
    def display_title(self):
        """The title with the period, unless the title already names the period."""
        if self.period and self.period in self.title:
            return self.title
        return f"{self.title} {self.period}".strip()

    @property
    def minute_text(self):
        return minute_text(self.minute_reference)

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    def levels(self):
        return list(self.scale.levels.all()) if self.scale_id else []

    def clean(self):
        super().clean()
        if self.status == self.Status.APPROVED and (
            not self.pk or not self.stored_reports.exists()
        ):
            raise ValidationError(
                "An approved assessment has a stored committee paper: approve it through "
                "the approval step, which stores one."
            )


class Entry(models.Model):
    """One criterion of an assessment: progress, rating and narrative kept apart.

    ``version`` rises with every save of the entry or its evidence and actions;
    a form carries the version it was read at, so a stale form is refused.
    """

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    progress = models.CharField(
        max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    rating = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(blank=True, validators=[TextLimit()])
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["version", "updated_at", "updated_by"])

    class Meta:
        # In framework order; ordered explicitly by ``criterion__position`` where it shows.
        ordering = ["assessment_id", "pk"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_entry"),
        ]

    def __str__(self):
        return f"{self.criterion.ref} of {self.assessment}"

    def get_absolute_url(self):
        return id_url("assessments:entry-edit", self.assessment_id, self.pk)

    def clean_fields(self, exclude=None):
        """Each field's own checks, and a rating that is a level of the assessment's scale.

        Checked with the fields, so that a form without a rating field (an assessment that
        is not rated) leaves the rating it does not change alone rather than failing on it.
        """
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if (
            "rating" not in (exclude or ())
            and "rating" not in errors
            and not self.rating_in_scale()
        ):
            errors["rating"] = ["Choose a level of this assessment's rating scale."]
        if errors:
            raise ValidationError(errors)

    def rating_in_scale(self):
        """Whether the rating (if any) is a level of the assessment's rating scale."""
        if self.rating_id is None:
            return True
        scale_id = self.assessment.scale_id
        return scale_id is not None and self.rating.scale_id == scale_id


class HttpURLValidator(URLValidator):
    schemes = ["http", "https"]


class HttpURLField(models.URLField):
    """A link that can only be http or https; typed without a scheme it means https."""

    default_validators = [HttpURLValidator()]

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Evidence(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence_items")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(validators=[TextLimit()])
    link = HttpURLField(max_length=500, blank=True, help_text="http or https only.")
    refers_to = models.DateField(
        null=True, blank=True, help_text="The date the evidence refers to, if it has one."
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    # Set on an item carried forward from last year; cleared once an officer reviews it.
    needs_review = models.BooleanField("carried forward, not yet reviewed", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_id", "position", "pk"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        # Carried items are created in bulk; a later save is an officer's edit, which
        # counts as reviewing the item.
        if self.pk is not None and self.needs_review and not getattr(self, "_keep_review", False):
            self.needs_review = False
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self._state.adding and self.entry_id:
            count = Evidence.objects.filter(entry_id=self.entry_id).count() + 1
            if count > MAX_EVIDENCE_PER_ENTRY:
                raise ValidationError(
                    rows_too_many_message(count, MAX_EVIDENCE_PER_ENTRY, "evidence items")
                )


class Recommendation(models.Model):
    """An improvement area from an external audit or inspection, with its own actions."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommendations"
    )
    source = models.CharField(max_length=200, help_text='For example "Best Value Audit 2019".')
    ref = models.CharField(max_length=50, blank=True, verbose_name="reference")
    text = models.TextField(validators=[TextLimit()])
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment_id", "position", "pk"]

    def __str__(self):
        return f"{self.source} {self.ref}".strip()


def overdue_condition(today=None):
    """Past its due date and not complete: the rule for an overdue action, as a filter."""
    today = today or timezone.localdate()
    return Q(due_date__lt=today) & ~Q(status=Action.Status.COMPLETE)


def due_within_condition(days, today=None):
    """Due in the next ``days`` days (today included) and not complete, as a filter."""
    return due_between_condition(*due_window(days, today))


def due_window(days, today=None):
    """(first day, last day) of "due in the next ``days`` days", today included."""
    today = today or timezone.localdate()
    return today, today + timedelta(days=days)


def due_between_condition(first, last):
    """Due from ``first`` to ``last`` (both included) and not complete, as a filter."""
    return Q(due_date__gte=first, due_date__lte=last) & ~Q(status=Action.Status.COMPLETE)


class ActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(overdue_condition(today))

    def due_within(self, days, today=None):
        return self.filter(due_within_condition(days, today))


class Action(models.Model):
    """An improvement action, from an entry or from a recommendation.

    The due date is optional: many real actions are "Ongoing", "TBC" or
    "Annually", which the timescale text carries.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        DEFERRED = "deferred", "Deferred"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="actions")
    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(validators=[TextLimit()])
    lead_officer = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    timescale = models.CharField(
        max_length=100, blank=True, help_text='When there is no date: "Ongoing", "TBC", "Annually".'
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    report_reference = models.CharField(max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text="Last year's action this one continues.",
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment_id", "position", "pk"]
        constraints = [
            # Exactly one source: an entry or a recommendation, never both.
            models.CheckConstraint(
                condition=Q(entry__isnull=False, recommendation__isnull=True)
                | Q(entry__isnull=True, recommendation__isnull=False),
                name="action_has_one_source",
            ),
        ]
        indexes = [models.Index(fields=["assessment", "status", "due_date"])]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return id_url("assessments:action-detail", self.pk)

    def clean(self):
        super().clean()
        if self._state.adding and self.entry_id:
            count = Action.objects.filter(entry_id=self.entry_id).count() + 1
            if count > MAX_ACTIONS_PER_ENTRY:
                raise ValidationError(
                    rows_too_many_message(count, MAX_ACTIONS_PER_ENTRY, "actions")
                )

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status != self.Status.COMPLETE)

    @property
    def when(self):
        """The due date or the timescale text, as an action plan prints it."""
        return self.due_date or self.timescale


class ProgressNote(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField(default=timezone.localdate)
    text = models.TextField(validators=[TextLimit()])
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action_id", "-date", "-pk"]

    def __str__(self):
        return f"{self.date}: {self.text[:60]}"


class ReportDetails(models.Model):
    """The cover of the committee paper, in the format IJB committees use."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="report_details"
    )
    report_date = models.DateField("date", null=True, blank=True)
    agenda_item = models.CharField(max_length=50, blank=True)
    report_to = models.CharField(
        max_length=300,
        blank=True,
        help_text="For example: West Lothian Integration Joint Board Audit, Risk and Governance Committee.",
    )
    report_title = models.CharField(
        max_length=300, blank=True, help_text="Left blank, the assessment's title is used."
    )
    report_by = models.CharField(
        max_length=200, blank=True, help_text="For example: Chief Finance Officer."
    )
    seeks_decision = models.BooleanField("seeks a decision", default=False)
    provides_assurance = models.BooleanField("is to provide assurance", default=False)
    for_information = models.BooleanField("is for information", default=False)
    for_discussion = models.BooleanField("is for discussion", default=False)
    summary = models.TextField("summary of report", blank=True, validators=[TextLimit()])
    recommendations = models.TextField(
        blank=True,
        validators=[TextLimit()],
        help_text="One recommendation per line; they are numbered on the cover.",
    )
    directions = models.TextField(
        "directions",
        blank=True,
        help_text="Directions to the council and/or health board, for example: A direction is not required.",
    )
    resource_implications = models.TextField("resource / finance / staffing", blank=True)
    policy_legal = models.TextField("policy / legal", blank=True)
    risk = models.TextField(blank=True)
    equality = models.TextField(
        "equality, health inequalities, environmental and sustainability issues", blank=True
    )
    strategic_planning = models.TextField("strategic planning and commissioning", blank=True)
    locality_planning = models.TextField(blank=True)
    engagement = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "report details"

    def __str__(self):
        return f"Report details of {self.assessment}"

    @classmethod
    def for_assessment(cls, assessment):
        """The saved details, or blank ones (not saved) for a report not yet given any.

        Taken from ``assessment`` when it was read with ``select_related("report_details")``.
        """
        relation = Assessment.report_details.related
        if relation.is_cached(assessment):
            details = relation.get_cached_value(assessment)
        else:
            details = cls.objects.filter(assessment=assessment).first()
        return details or cls(assessment=assessment)

    PURPOSES = [
        ("seeks_decision", "seeks a decision"),
        ("provides_assurance", "is to provide assurance"),
        ("for_information", "is for information"),
        ("for_discussion", "is for discussion"),
    ]
    IMPLICATIONS = [
        ("directions", "Directions"),
        ("resource_implications", "Resource/ Finance/ Staffing"),
        ("policy_legal", "Policy/Legal"),
        ("risk", "Risk"),
        ("equality", "Equality, Health Inequalities, Environmental and Sustainability Issues"),
        ("strategic_planning", "Strategic Planning and Commissioning"),
        ("locality_planning", "Locality Planning"),
        ("engagement", "Engagement"),
    ]

    def purposes(self):
        """(label, ticked) for each purpose, in the order the cover prints them."""
        return [(label, getattr(self, name)) for name, label in self.PURPOSES]

    def implications(self):
        return [(label, getattr(self, name)) for name, label in self.IMPLICATIONS]

    def recommendation_lines(self):
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]


class StoredReport(models.Model):
    """The PDF of an approved assessment, rendered once at approval and kept.

    Each approval stores a new version; earlier versions stay downloadable.
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="stored_reports"
    )
    version = models.PositiveIntegerField()
    pdf = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField()
    meeting_date = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["assessment_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"], name="unique_stored_report_version"
            ),
        ]

    def __str__(self):
        return f"{self.assessment} – approved version {self.version}"

    def get_absolute_url(self):
        return reverse("assessments:stored-report", args=[self.assessment_id, self.version])

    def filename(self):
        """(name, ASCII fallback) for the download: reports.filenames.attachment_header."""
        return download_name(self.assessment, "pdf", version=self.version)

    @property
    def minute_text(self):
        return minute_text(self.minute_reference)
