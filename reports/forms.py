"""Uploading an organisation's Word template."""

from pathlib import PurePath

from django import forms

from reports.word.checks import MAX_UPLOAD_BYTES, check_template
from reports.word.placeholders import TemplateError
from reports.word_templates import save_word_template


class WordTemplateForm(forms.Form):
    file = forms.FileField(
        label="Word template (.docx)",
        help_text="A Word document with your logo, fonts and cover, holding the placeholders below.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix == ".docm":
            raise forms.ValidationError(
                "A .docm holds macros. Save the template as a Word document (.docx) without macros."
            )
        if suffix != ".docx":
            raise forms.ValidationError(
                f"Choose a Word document ending in .docx (this file ends in {suffix or 'nothing'})."
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; a template may be at most "
                f"{MAX_UPLOAD_BYTES / 1024 / 1024:.1f} MB. Compress its pictures and try again."
            )
        self.content = upload.read()
        try:
            check_template(self.content, self.organisation)
        except TemplateError as refusal:
            raise forms.ValidationError(f"This template cannot be used. {refusal}") from None
        return upload

    def save(self, user):
        return save_word_template(
            self.organisation, self.cleaned_data["file"].name, self.content, user
        )
