"""The upload form and the preview's choices, one select per row."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from imports.importing import APPEND, RECOMMENDATION, REPLACE, SKIP
from imports.readers.files import MAX_UPLOAD_BYTES, megabytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text=(
            f"A Word (.docx), Excel (.xlsx) or CSV file of at most {megabytes(MAX_UPLOAD_BYTES)}: "
            "last year's self-assessment or an action plan."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.csv"}),
    )
    sheet = forms.CharField(
        label="Excel sheet",
        required=False,
        max_length=100,
        help_text="Leave blank to read the first sheet.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {megabytes(upload.size)}; at most {megabytes(MAX_UPLOAD_BYTES)} "
                "can be imported."
            )
        return upload


class PreviewForm(forms.Form):
    """The source of the recommendations, and per row ``row-N-target``, ``row-N-also``
    and ``row-N-mode``.

    The row choices are checked here rather than made into 3 × rows ChoiceFields:
    87 rows × 90 criteria would cost more to build and render than the import itself.
    """

    source = forms.CharField(
        label="Source of the recommendations",
        max_length=200,
        required=False,
        help_text='Shown with each recommendation made, for example "Best Value Audit 2019".',
    )
    MODES = [(APPEND, "Add to it"), (REPLACE, "Replace it")]

    def __init__(self, preview, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        self.fields["source"].initial = preview.source
        self.targets = list(preview.options)
        self.alsos = [("", "No other criterion")] + [
            (value, label) for value, label in self.targets if value not in (SKIP, RECOMMENDATION)
        ]
        self._escaped = {
            id(choices): [
                (str(value), escape(str(value)), escape(str(label))) for value, label in choices
            ]
            for choices in (self.targets, self.alsos, self.MODES)
        }

    def _value(self, name, default):
        return self.data.get(name, default) if self.is_bound else default

    def _options(self, choices, selected):
        return mark_safe(
            "".join(
                f'<option value="{value}"{" selected" if raw == selected else ""}>{label}</option>'
                for raw, value, label in self._escaped[id(choices)]
            )
        )

    def rows(self):
        """(row, [(name, label, options html), ...] for target, also, mode) for the template."""
        for row in self.preview.rows:
            prefix = f"row-{row.number}"
            yield (
                row,
                [
                    (
                        f"{prefix}-{part}",
                        label,
                        self._options(choices, self._value(f"{prefix}-{part}", default)),
                    )
                    for part, label, choices, default in (
                        ("target", f"Row {row.number} goes to", self.targets, row.target),
                        ("also", f"Row {row.number} also goes to", self.alsos, row.also),
                        ("mode", f"Row {row.number}: content already there", self.MODES, row.mode),
                    )
                ],
            )

    def clean(self):
        cleaned = super().clean()
        valid = {
            "target": {value for value, _ in self.targets},
            "also": {value for value, _ in self.alsos},
            "mode": {value for value, _ in self.MODES},
        }
        decisions = {}
        for row in self.preview.rows:
            prefix = f"row-{row.number}"
            chosen = {
                "target": self.data.get(f"{prefix}-target", row.target),
                "also": self.data.get(f"{prefix}-also", ""),
                "mode": self.data.get(f"{prefix}-mode", APPEND),
            }
            for part, value in chosen.items():
                if value not in valid[part]:
                    self.add_error(None, f"Row {row.number}: “{value}” is not one of the choices.")
            decisions[row.number] = chosen
        cleaned["decisions"] = decisions
        return cleaned

    def decisions(self):
        return self.cleaned_data["decisions"]
