"""The date the assessment is shown as it stood on."""

from django import forms

from assessments.forms.common import DATE_WIDGET, not_in_the_future
from assessments.history import end_of_day


class AsOfForm(forms.Form):
    date = forms.DateField(
        label="Show the assessment as it stood at the end of",
        widget=DATE_WIDGET,
        validators=[not_in_the_future],
        help_text="Changes saved later that day or after are left out.",
    )

    def moment(self):
        return end_of_day(self.cleaned_data["date"])
