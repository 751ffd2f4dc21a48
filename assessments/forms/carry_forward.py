"""The form that starts next year's assessment from this one."""

from django import forms

from assessments.carry_forward import next_period, next_title


class CarryForwardForm(forms.Form):
    period = forms.CharField(max_length=20, help_text="The new financial year, e.g. 2025/26.")
    title = forms.CharField(
        max_length=200, required=False, help_text="Left blank: last year's, with the new period."
    )

    def __init__(self, *args, source, **kwargs):
        period = next_period(source.period)
        super().__init__(
            *args, initial={"period": period, "title": next_title(source, period)}, **kwargs
        )
