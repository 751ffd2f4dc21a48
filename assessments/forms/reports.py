"""The report's options and the committee-paper details on its cover."""

from django import forms
from django.http import QueryDict

from assessments.forms.common import (
    DATE_WIDGET,
    VersionedModelForm,
    not_in_the_future,
    own_query,
)
from assessments.history import end_of_day
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
        validators=[not_in_the_future],
        label="As it stood at the end of",
        help_text="Leave blank for the assessment as it is now.",
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, initial={"sections": ALL_SECTIONS}, **kwargs)
        self.compare_to = None

    @classmethod
    def from_query(cls, query):
        """The options a query string (or QueryDict) asks for; ``compare=<pk>`` picks the year
        to compare with.

        Parameters the report does not know are ignored.
        """
        data = QueryDict(query, mutable=True) if isinstance(query, str) else query.copy()
        compare_to = data.pop("compare", [None])[-1]
        form = cls(own_query(cls, data))
        form.compare_to = compare_to
        return form

    def refusals(self):
        """Why these options cannot be used (empty when they can, or when none were given)."""
        if not self.is_bound or self.is_valid():
            return []
        return [error for errors in self.errors.values() for error in errors]

    def options(self):
        """(sections, moment) for build_report; the defaults when the form is unbound."""
        if not self.is_bound:
            return ALL_SECTIONS, None
        as_of = self.cleaned_data["as_of"]
        return self.cleaned_data["sections"], end_of_day(as_of) if as_of else None

    def is_default(self):
        sections, moment = self.options()
        return moment is None and list(sections) == ALL_SECTIONS


class ReportDetailsForm(VersionedModelForm):
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
