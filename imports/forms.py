"""The upload form and the preview's choices, one select per row."""

from django import forms

from imports.importing import APPEND, REPLACE, SKIP
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
    """Per row: ``row-N-target``, ``row-N-also`` and ``row-N-mode``; and the source."""

    source = forms.CharField(
        label="Source of the recommendations",
        max_length=200,
        required=False,
        help_text='Shown with each recommendation made, for example "Best Value Audit 2019".',
    )

    def __init__(self, preview, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        self.fields["source"].initial = preview.source
        targets = preview.options
        criteria = [(value, label) for value, label in targets if value != SKIP][1:]
        for row in preview.rows:
            prefix = f"row-{row.number}"
            self.fields[f"{prefix}-target"] = forms.ChoiceField(
                label=f"Row {row.number} goes to", choices=targets, initial=row.target
            )
            self.fields[f"{prefix}-also"] = forms.ChoiceField(
                label=f"Row {row.number} also goes to",
                choices=[("", "No other criterion"), *criteria],
                initial=row.also,
                required=False,
            )
            self.fields[f"{prefix}-mode"] = forms.ChoiceField(
                label=f"Row {row.number}: existing content",
                choices=[(APPEND, "Add to it"), (REPLACE, "Replace it")],
                initial=row.mode,
                required=False,
            )

    def row_fields(self, row):
        prefix = f"row-{row.number}"
        return self[f"{prefix}-target"], self[f"{prefix}-also"], self[f"{prefix}-mode"]

    def decisions(self):
        data = self.cleaned_data
        return {
            row.number: {
                "target": data[f"row-{row.number}-target"],
                "also": data.get(f"row-{row.number}-also") or "",
                "mode": data.get(f"row-{row.number}-mode") or APPEND,
            }
            for row in self.preview.rows
        }
