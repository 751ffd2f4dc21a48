"""Forms for creating an assessment and for its workflow steps."""

import re

from django import forms
from django.utils.dateparse import parse_datetime

from assessments.forms.common import DATE_WIDGET
from frameworks.models import Criterion, RatingScale

PERIOD_PATTERN = re.compile(r"^\d{4}(/\d{2})?$")


class AssessmentCreateForm(forms.Form):
    """A new assessment of one framework: all assessable criteria, or a chosen scope."""

    SCOPE_ALL = "all"
    SCOPE_CHOSEN = "chosen"

    title = forms.CharField(max_length=200, initial="Best Value self-assessment")
    period = forms.CharField(
        max_length=20, help_text="The financial year, e.g. 2023/24, or a year."
    )
    scale = forms.ModelChoiceField(
        queryset=RatingScale.objects.all(), label="Rating scale", required=False
    )
    scope = forms.ChoiceField(
        choices=[
            (SCOPE_ALL, "All criteria that can be assessed locally"),
            (SCOPE_CHOSEN, "Only the themes and criteria I choose below"),
        ],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Whole themes"
    )
    criteria = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Single criteria"
    )

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.assessable = list(
            Criterion.objects.filter(framework=framework, assessable=True).select_related("theme")
        )
        self.fields["scale"].initial = framework.default_scale_id
        self.fields["scale"].empty_label = "No ratings"
        self.fields["themes"].choices = [
            (str(theme.number), f"{framework.theme_label} {theme.number} – {theme.title}")
            for theme in framework.themes.all()
        ]
        self.fields["criteria"].choices = [
            (criterion.ref, f"{criterion.ref} {criterion.text}") for criterion in self.assessable
        ]

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        if not PERIOD_PATTERN.match(period):
            raise forms.ValidationError("Write the period as a financial year (2023/24) or a year.")
        return period

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        ticked = cleaned.get("themes") or cleaned.get("criteria")
        # Errors go on the scope choice, which is always in view (the criteria list folds away).
        if scope == self.SCOPE_CHOSEN and not self.chosen_criteria():
            self.add_error("scope", "Choose at least one theme or criterion. None is ticked below.")
        elif scope == self.SCOPE_ALL and ticked:
            self.add_error(
                "scope",
                "You ticked themes or criteria but chose all criteria. Choose "
                '"Only the themes and criteria I choose below" to assess just those, '
                "or untick them.",
            )
        return cleaned

    def chosen_criteria(self):
        if self.cleaned_data.get("scope") == self.SCOPE_ALL:
            return self.assessable
        themes = {int(number) for number in self.cleaned_data.get("themes", [])}
        refs = set(self.cleaned_data.get("criteria", []))
        return [c for c in self.assessable if c.theme.number in themes or c.ref in refs]


class ApprovalForm(forms.Form):
    meeting_date = forms.DateField(widget=DATE_WIDGET, label="Date of the committee meeting")
    committee_name = forms.CharField(
        max_length=200, initial="Audit and Risk Committee", label="Committee"
    )
    minute_reference = forms.CharField(
        max_length=100, label="Minute reference", help_text="For example Item 7, minute 23/41."
    )
    # The submission the committee member is looking at: a resubmission since refuses.
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_submission(self):
        value = self.cleaned_data["submission"]
        return parse_datetime(value) if value else None


class ReopenForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for reopening",
        help_text="Recorded in the history for the committee and the auditors.",
    )
