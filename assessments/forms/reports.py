"""The report's options and the committee-paper details on its cover."""

import datetime

from django import forms
from django.utils import timezone

from assessments.forms.common import DATE_WIDGET
from assessments.models import ReportDetails
from assessments.reports import ALL_SECTIONS, SECTIONS


class ReportOptionsForm(forms.Form):
    sections = forms.MultipleChoiceField(
        choices=SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        label="Sections to include",
        error_messages={"required": "Choose at least one section."},
    )
    as_of = forms.DateField(
        required=False,
        widget=DATE_WIDGET,
        label="As it stood at the end of",
        help_text="Leave blank for the assessment as it is now.",
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, initial={"sections": ALL_SECTIONS}, **kwargs)

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError("Choose today or an earlier date.")
        return as_of

    def options(self):
        """(sections, moment) for build_report; the defaults when the form is unbound."""
        if not self.is_bound:
            return ALL_SECTIONS, None
        as_of = self.cleaned_data["as_of"]
        moment = None
        if as_of:
            moment = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
        return self.cleaned_data["sections"], moment

    def is_default(self):
        sections, moment = self.options()
        return moment is None and list(sections) == ALL_SECTIONS


class ReportDetailsForm(forms.ModelForm):
    class Meta:
        model = ReportDetails
        fields = [
            "report_date",
            "agenda_item",
            "report_to",
            "report_title",
            "report_by",
            *(name for name, _ in ReportDetails.PURPOSES),
            "summary",
            "recommendations",
            *(name for name, _ in ReportDetails.IMPLICATIONS),
        ]
        widgets = {
            "report_date": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            **{name: forms.Textarea(attrs={"rows": 2}) for name, _ in ReportDetails.IMPLICATIONS},
        }
