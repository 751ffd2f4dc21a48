"""An organisation's own Word template for the committee paper."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Organisation


class WordTemplate(models.Model):
    """The house-style .docx every Word export of the organisation is made in.

    Checked at upload (reports/word/checks.py) by rendering a sample paper;
    without one, the default template in reports/word/ is used.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="word_template"
    )
    name = models.CharField(max_length=255, help_text="The uploaded file's name.")
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="word_template_not_empty"),
        ]

    def __str__(self):
        return f"Word template of {self.organisation}: {self.name}"
