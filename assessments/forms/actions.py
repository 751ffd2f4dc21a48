"""Filtering the action tracker, and adding progress notes to an action."""

from django import forms
from django.db.models import F

from assessments.forms.common import DATE_WIDGET
from assessments.models import Action, ProgressNote

FROM_RECOMMENDATIONS = "rec"

SORTS = {
    "due": [F("due_date").asc(nulls_last=True), "pk"],
    "status": ["status", F("due_date").asc(nulls_last=True), "pk"],
    "lead": ["lead_officer", "pk"],
    "ref": ["assessment__period", "entry__criterion__position", "recommendation__position", "pk"],
    "assessment": ["-assessment__period", "assessment__title", "position", "pk"],
}


class ActionFilterForm(forms.Form):
    """The tracker's filters, bound to the query string (pretix's filter_qs pattern)."""

    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Action.Status.choices])
    lead = forms.CharField(required=False, label="Lead officer contains")
    due_from = forms.DateField(required=False, label="Due from", widget=DATE_WIDGET)
    due_to = forms.DateField(required=False, label="Due by", widget=DATE_WIDGET)
    theme = forms.ChoiceField(required=False, label="Theme")
    assessment = forms.ChoiceField(required=False, label="Assessment")
    overdue = forms.BooleanField(required=False, label="Overdue only")
    sort = forms.ChoiceField(
        required=False,
        label="Sort by",
        choices=[
            ("due", "Due date"),
            ("status", "Status"),
            ("lead", "Lead officer"),
            ("ref", "Reference"),
            ("assessment", "Assessment"),
        ],
    )

    def __init__(self, data, *, assessments, themes):
        super().__init__(data)
        self.fields["assessment"].choices = [("", "All assessments")] + [
            (str(a.pk), f"{a.title} {a.period}") for a in assessments
        ]
        self.fields["theme"].choices = (
            [("", "All themes")]
            + [(str(theme.pk), f"{theme.framework.short_title}: {theme}") for theme in themes]
            + [(FROM_RECOMMENDATIONS, "From recommendations")]
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", "The end of the range is before its start.")
        return cleaned

    def filter_qs(self, actions, today):
        """The actions that match the valid filters, in the chosen order."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("lead"):
            actions = actions.filter(lead_officer__icontains=data["lead"])
        if data.get("due_from"):
            actions = actions.filter(due_date__gte=data["due_from"])
        if data.get("due_to"):
            actions = actions.filter(due_date__lte=data["due_to"])
        if data.get("theme") == FROM_RECOMMENDATIONS:
            actions = actions.filter(recommendation__isnull=False)
        elif data.get("theme"):
            actions = actions.filter(entry__criterion__theme_id=int(data["theme"]))
        if data.get("assessment"):
            actions = actions.filter(assessment_id=int(data["assessment"]))
        if data.get("overdue"):
            actions = actions.overdue(today)
        return actions.order_by(*SORTS[data.get("sort") or "due"])


class ProgressNoteForm(forms.ModelForm):
    """A dated note on an action, optionally moving its status on."""

    new_status = forms.ChoiceField(
        required=False,
        label="Change the status to",
        choices=[("", "Leave the status as it is"), *Action.Status.choices],
    )
    # The action's version when the page was opened: a status change needs it unchanged.
    action_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ProgressNote
        fields = ["date", "text"]
        labels = {"text": "Progress note", "date": "Date of the progress"}
        widgets = {"date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 3})}
