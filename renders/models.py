"""Heavy work done by task workers: report files and approvals.

A ``RenderJob`` is one file (a PDF, Word paper or Excel workbook; one entry
each in ``renders.formats``) rendered from an exact input, kept with the SHA-256 of
that input: a finished file is served again only to a request whose input,
rebuilt then, has the same hash, so a file can never be stale.

An ``ApprovalRequest`` is a committee member's decision waiting for its
committee paper: the worker renders the submitted state and approves it in
one short transaction, or records why it could not.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being produced"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


PENDING = [Status.QUEUED, Status.RUNNING]


class RenderJob(models.Model):
    # What the file is about: an assessment (its report, Word paper, workbook) or an
    # organisation (its action tracker's list).
    assessment = models.ForeignKey(
        "assessments.Assessment",
        on_delete=models.CASCADE,
        related_name="render_jobs",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "assessments.Organisation",
        on_delete=models.CASCADE,
        related_name="render_jobs",
        null=True,
        blank=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="render_jobs"
    )
    format = models.CharField(max_length=20)
    # The download's name in any script, and a meaningful ASCII one for older clients.
    filename = models.CharField(max_length=300)
    filename_ascii = models.CharField(max_length=300, blank=True)
    query = models.TextField(blank=True, help_text="The report options, as a query string.")
    generated_at = models.DateTimeField(help_text="The production time the file prints.")
    input = models.TextField(help_text="The exact input the file is rendered from.")
    input_sha256 = models.CharField("input SHA-256", max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    notice = models.TextField(
        blank=True, help_text="What the user should know about a produced file, if anything."
    )
    result = models.BinaryField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["assessment", "format", "input_sha256"]),
            models.Index(fields=["requested_by", "status"]),
        ]
        constraints = [
            # Identical requests while one is queued or running join it.
            models.UniqueConstraint(
                fields=["assessment", "format", "input_sha256"],
                condition=Q(status__in=PENDING),
                name="one_pending_render_per_input",
            ),
            models.UniqueConstraint(
                fields=["organisation", "format", "input_sha256"],
                condition=Q(status__in=PENDING, assessment__isnull=True),
                name="one_pending_organisation_render_per_input",
            ),
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, organisation__isnull=True)
                | Q(assessment__isnull=True, organisation__isnull=False),
                name="render_job_is_about_one_thing",
            ),
        ]

    def __str__(self):
        about = self.assessment_id or f"organisation {self.organisation_id}"
        return f"{self.format} of {about} ({self.get_status_display()})"

    def get_absolute_url(self):
        if self.assessment_id is None:
            return reverse(
                "renders:organisation-job",
                kwargs={"slug": self.organisation.slug, "job_pk": self.pk},
            )
        return reverse("renders:job", kwargs={"pk": self.assessment_id, "job_pk": self.pk})

    def get_download_url(self):
        if self.assessment_id is None:
            return reverse(
                "renders:organisation-job-download",
                kwargs={"slug": self.organisation.slug, "job_pk": self.pk},
            )
        return reverse("renders:job-download", kwargs={"pk": self.assessment_id, "job_pk": self.pk})

    @property
    def subject(self):
        """The assessment or organisation the file is about."""
        return self.assessment if self.assessment_id else self.organisation

    @property
    def is_pending(self):
        return self.status in PENDING


class ApprovalRequest(models.Model):
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="approval_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="approval_requests"
    )
    submitted_at = models.DateTimeField(
        null=True, help_text="The submission the committee member approved."
    )
    meeting_date = models.DateField()
    committee_name = models.CharField(max_length=200)
    minute_reference = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    stored_report = models.ForeignKey(
        "assessments.StoredReport", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two Approve clicks make one approval.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(status__in=PENDING),
                name="one_pending_approval_per_assessment",
            ),
        ]

    def __str__(self):
        return f"Approval of {self.assessment_id} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("renders:approval", kwargs={"pk": self.assessment_id, "request_pk": self.pk})

    @property
    def is_pending(self):
        return self.status in PENDING


class RequestPace(models.Model):
    """When a user last had a report file's input rebuilt, per kind of request.

    Building the input costs a request some CPU (15–30 ms for 87 criteria); a user
    asking again within RENDER_REQUEST_INTERVAL seconds is held or answered without it
    (renders/pace.py), so one member repeating requests cannot take the web workers
    from everyone else.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    last_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_pace_per_user_and_kind")
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.last_at}"
