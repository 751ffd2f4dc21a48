"""The original of every imported document, kept with its checksum.

An upload is stored at once as a *pending* document, so the preview and the
confirmation read the same bytes from the database (never from the form);
confirming the import makes it *imported*. The same file (by SHA-256) is
never imported twice into one assessment: the database refuses a second row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


class ImportedDocument(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        IMPORTED = "imported", "Imported"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="imported_documents"
    )
    filename = models.CharField("file name", max_length=255)
    kind = models.CharField(max_length=10, choices=[(kind, kind) for kind in CONTENT_TYPES])
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    content = models.BinaryField()
    sheet = models.CharField(max_length=100, blank=True, help_text="The Excel sheet read.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "sha256"], name="unique_imported_document"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", imported_at__isnull=True)
                | Q(status="imported", imported_at__isnull=False),
                name="imported_document_has_import_time",
            ),
        ]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("imports:download", args=[self.assessment_id, self.pk])

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]
