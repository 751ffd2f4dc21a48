"""The entry page's rows: the widgets carry Bootstrap's classes and the markup Django's
widget templates give."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from assessments.forms.entries import EntryEditor
from assessments.models import Action, Evidence
from assessments.templatetags.form_fields import control, widget

AWKWARD = 'Tom & Jerry\'s "plan" <script>alert(1)</script>\n  second line  '


@pytest.fixture
def entry(assessment, officer):
    entry = assessment.entries.get(criterion__ref="1.2")
    Evidence.objects.create(
        entry=entry, text=AWKWARD, link="https://example.org/?a=1&b=2", position=0
    )
    Action.objects.create(
        assessment=assessment,
        entry=entry,
        description=AWKWARD,
        lead_officer="D Robertson / J Craig",
        owner=officer,
        due_date=datetime.date(2024, 9, 30),
        status=Action.Status.IN_PROGRESS,
    )
    return entry


def every_field(editor):
    for form in [*editor.evidence.forms, editor.evidence.empty_form]:
        yield from form
    for form in [*editor.actions.forms, editor.actions.empty_form]:
        yield from form


def django_renders(field, attrs=None):
    """The field as Django's own template renderer writes it."""
    form = field.form
    own = form.renderer
    form.renderer = DjangoTemplates()
    try:
        return str(field) if attrs is None else field.as_widget(attrs=attrs)
    finally:
        form.renderer = own


def bootstrap_class(field):
    if isinstance(field.field.widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(field.field.widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    return css + (" is-invalid" if field.errors else "")


def test_saved_rows_render_as_django_renders_them(entry):
    fields = list(every_field(EntryEditor(entry)))
    assert {type(field.field.widget).__name__ for field in fields} >= {
        "Textarea",
        "URLInput",
        "DateInput",
        "Select",
        "TextInput",
        "CheckboxInput",
        "HiddenInput",
    }
    for field in fields:
        assert control(field) == django_renders(field, {"class": bootstrap_class(field)})
        assert widget(field) == django_renders(field)


def test_typed_rows_with_errors_render_as_django_renders_them(entry, officer):
    editor = EntryEditor(
        entry,
        {
            "version": entry.version,
            "progress": "in_progress",
            "summary": AWKWARD,
            "evidence-TOTAL_FORMS": 2,
            "evidence-INITIAL_FORMS": 1,
            "evidence-MIN_NUM_FORMS": 0,
            "evidence-MAX_NUM_FORMS": 1000,
            "evidence-0-id": entry.evidence_items.get().pk,
            "evidence-0-text": "",
            "evidence-0-link": "not a link & <b>",
            "evidence-0-refers_to": "31/02/2024",
            "evidence-0-DELETE": "on",
            "evidence-1-text": AWKWARD,
            "evidence-1-refers_to": "2024-03-31",
            "actions-TOTAL_FORMS": 1,
            "actions-INITIAL_FORMS": 1,
            "actions-MIN_NUM_FORMS": 0,
            "actions-MAX_NUM_FORMS": 1000,
            "actions-0-id": entry.actions.get().pk,
            "actions-0-description": AWKWARD,
            "actions-0-owner": str(officer.pk),
            "actions-0-status": "no such status",
            "actions-0-due_date": "",
            "actions-0-timescale": "",
        },
    )
    assert not editor.is_valid()
    fields = list(every_field(editor))
    assert any(field.errors for field in fields)
    for field in fields:
        assert control(field) == django_renders(field, {"class": bootstrap_class(field)})
        assert widget(field) == django_renders(field)
