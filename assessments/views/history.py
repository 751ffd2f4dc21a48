"""The audit trail of an assessment or entry, and the assessment as it stood on a date."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from assessments import access
from assessments.history import assessment_snapshot, describe_changes

CHANGES_PER_PAGE = 50


class AsOfForm(forms.Form):
    date = forms.DateField(
        label="Show the assessment as it stood at the end of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Changes saved later that day or after are left out.",
    )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("Choose today or an earlier date.")
        return date

    def moment(self):
        """The last instant of the chosen day, in the site's time zone."""
        end_of_day = datetime.datetime.combine(self.cleaned_data["date"], datetime.time.max)
        return timezone.make_aware(end_of_day)


def _paginated(request, changes):
    return Paginator(changes, CHANGES_PER_PAGE).get_page(request.GET.get("page"))


@require_safe
def assessment_history(request, pk):
    assessment = access.get_assessment_for_user(request, pk)
    page = _paginated(request, describe_changes(assessment))
    return render(
        request,
        "assessments/history.html",
        {"assessment": assessment, "page": page, "entry": None},
    )


@require_safe
def entry_history(request, pk, entry_pk):
    entry = access.get_entry_for_user(request, pk, entry_pk)
    page = _paginated(request, describe_changes(entry.assessment, entry))
    return render(
        request,
        "assessments/history.html",
        {"assessment": entry.assessment, "page": page, "entry": entry},
    )


@require_safe
def assessment_as_of(request, pk):
    assessment = access.get_assessment_for_user(request, pk)
    form = AsOfForm(request.GET or None, initial={"date": timezone.localdate()})
    snapshot = None
    if form.is_bound and form.is_valid():
        snapshot = assessment_snapshot(assessment, form.moment())
        if snapshot is None:
            form.add_error("date", "The assessment had not been created by then.")
    return render(
        request,
        "assessments/assessment_as_of.html",
        {"assessment": assessment, "form": form, "snapshot": snapshot},
    )
