"""Reference data: assessment frameworks, their themes and criteria, and rating scales.

Everything here is loaded from fixtures (``fixtures/*.json``) and addressed by
natural keys, so a fixture carries no primary keys and can be re-loaded to
update a framework in any database without touching assessments.
"""

from django.db import models
from django.urls import reverse


class RatingScaleManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class RatingScale(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)

    objects = RatingScaleManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class RatingLevelManager(models.Manager):
    def get_by_natural_key(self, scale_slug, value):
        return self.get(scale__slug=scale_slug, value=value)


class RatingLevel(models.Model):
    """One step of a rating scale; a higher value is a better rating."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, help_text="Background colour as #rrggbb.")

    objects = RatingLevelManager()

    class Meta:
        ordering = ["scale", "value"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="unique_level_value"),
            models.UniqueConstraint(fields=["scale", "label"], name="unique_level_label"),
        ]

    def __str__(self):
        return self.label

    def natural_key(self):
        return (*self.scale.natural_key(), self.value)

    natural_key.dependencies = ["frameworks.ratingscale"]


class FrameworkManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Framework(models.Model):
    """A published framework, pinned as one version: a revised text is a new slug."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100)
    publisher = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    source = models.TextField(blank=True, help_text="Where the text was taken from.")
    description = models.TextField(blank=True)
    default_scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    theme_label = models.CharField(max_length=50, default="Theme")
    criterion_label = models.CharField(max_length=50, default="Criterion")
    criteria_label = models.CharField(
        max_length=50, default="Criteria", help_text="The plural of the criterion label."
    )

    objects = FrameworkManager()

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("frameworks:framework-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["frameworks.ratingscale"]


class ThemeManager(models.Manager):
    def get_by_natural_key(self, framework_slug, number):
        return self.get(framework__slug=framework_slug, number=number)


class Theme(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    cross_cutting = models.BooleanField(default=False)

    objects = ThemeManager()

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="unique_theme_number"),
        ]

    def __str__(self):
        return f"{self.framework.theme_label} {self.number} – {self.title}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.number)

    natural_key.dependencies = ["frameworks.framework"]


class ThemeStatementManager(models.Manager):
    def get_by_natural_key(self, framework_slug, theme_number, position):
        return self.get(
            theme__framework__slug=framework_slug, theme__number=theme_number, position=position
        )


class ThemeStatement(models.Model):
    """A "will be able to demonstrate" statement of a theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="statements")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    objects = ThemeStatementManager()

    class Meta:
        ordering = ["theme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "position"], name="unique_statement_position"),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (*self.theme.natural_key(), self.position)

    natural_key.dependencies = ["frameworks.theme"]


class CriterionManager(models.Manager):
    def get_by_natural_key(self, framework_slug, ref):
        return self.get(framework__slug=framework_slug, ref=ref)


class Criterion(models.Model):
    """A numbered criterion (a proposal, a sub-indicator) as the source states it.

    ``framework`` repeats ``theme.framework`` so that refs can be unique per
    framework in the database itself.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(help_text="Order within the framework.")
    section = models.CharField(max_length=200, blank=True)
    ref = models.CharField(max_length=20)
    text = models.TextField()
    assessable = models.BooleanField(default=True)
    not_assessable_reason = models.CharField(max_length=300, blank=True)
    timescale = models.CharField(max_length=200, blank=True)

    objects = CriterionManager()

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["framework", "ref"], name="unique_criterion_ref"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="unique_criterion_position"
            ),
        ]

    def __str__(self):
        return f"{self.ref} {self.text[:60]}"

    def natural_key(self):
        return (*self.framework.natural_key(), self.ref)

    natural_key.dependencies = ["frameworks.framework", "frameworks.theme"]


class LevelDescriptorManager(models.Manager):
    def get_by_natural_key(self, framework_slug, ref, scale_slug, value):
        return self.get(
            criterion__framework__slug=framework_slug,
            criterion__ref=ref,
            level__scale__slug=scale_slug,
            level__value=value,
        )


class LevelDescriptor(models.Model):
    """What a criterion looks like at one level of the scale (MSG's indicator text)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(RatingLevel, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField()

    objects = LevelDescriptorManager()

    class Meta:
        ordering = ["criterion", "level__value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="unique_descriptor_level"),
        ]

    def __str__(self):
        return f"{self.criterion.ref} – {self.level.label}"

    def natural_key(self):
        return (*self.criterion.natural_key(), *self.level.natural_key())

    natural_key.dependencies = ["frameworks.criterion", "frameworks.ratinglevel"]
