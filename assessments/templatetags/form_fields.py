"""Plain Bootstrap markup for form fields, for pages that render many of them.

A page of formset rows holds a hundred or more widgets: laid out by a crispy
template per field, they were most of the entry page's time. ``control`` adds
Bootstrap's class to the widget and nothing else; the widget's markup itself
comes from the project's form renderer (bestvalue/widgets.py). A formset is laid
out by a Jinja2 template (assessments/jinja2/assessments/_formset.html) and each of
its rows by ``row_html``, written in Python: a template looked each field's label,
id, errors and help text up several times.
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from bestvalue.crispy_fields import crispy_field

register = template.Library()
register.filter("crispy_field", crispy_field)

CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_check(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def control(field, errors=None):
    """The field's widget with Bootstrap's class, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, CHECKS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors if errors is None else errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def widget(field):
    """The field's widget as ``{{ field }}`` renders it (hidden fields of a row)."""
    return str(field)


def management_html(formset):
    """The formset's management form: its hidden counts, as Django's form template prints a
    form of hidden fields without errors (with errors, Django's template shows them)."""
    form = formset.management_form
    if form.errors:
        return str(form)
    return mark_safe("".join(str(field) for field in form.hidden_fields()))


def row_html(row):
    """A formset row (a RowLayout form): its hidden fields, then its lines of fields, each
    with its label, control, errors and help text."""
    parts = [str(field) for field in row.hidden_fields()]
    parts += [
        f'<div class="alert alert-danger">{conditional_escape(error)}</div>'
        for error in row.non_field_errors()
    ]
    parts.append("\n")
    for line in row.lines():
        parts.append('<div class="row">')
        parts += [_cell(field) for field in line]
        parts.append("</div>")
    parts.append("\n")
    return mark_safe("".join(parts))


def _cell(field):
    errors = field.errors
    label = conditional_escape(field.label)
    label_for = conditional_escape(field.id_for_label)
    if is_check(field):
        cell = (
            f'\n<div class="col-md mb-3">\n<div class="form-check">{control(field, errors)} '
            f'<label class="form-check-label" for="{label_for}">{label}</label></div>'
        )
    else:
        required = '<span class="asteriskField">*</span>' if field.field.required else ""
        cell = (
            f'\n<div class="col-md mb-3">\n<label class="form-label" for="{label_for}">'
            f"{label}{required}</label>\n{control(field, errors)}"
        )
    auto_id = conditional_escape(field.auto_id)
    for number, error in enumerate(errors, 1):
        cell += (
            f'\n<div class="invalid-feedback d-block" id="error_{number}_{auto_id}">'
            f"<strong>{conditional_escape(error)}</strong></div>"
        )
    if field.help_text:
        cell += (
            f'\n<div class="form-text" id="{auto_id}_helptext">'
            f"{conditional_escape(field.help_text)}</div>"
        )
    return cell + "\n</div>"


def formset_html(formset, item_label, can_edit):
    """A formset's rows and the blank row the browser copies to add one (static/js/formset.js)."""
    context = {"formset": formset, "item_label": item_label, "can_edit": can_edit}
    # Jinja2 drops a template's last line end, which Django's include keeps.
    return mark_safe(render_to_string("assessments/_formset.html", context, using="jinja2") + "\n")


@register.simple_tag(takes_context=True)
def formset_rows(context, formset, item_label):
    """``formset_html`` in a Django template; the blank row only where ``can_edit`` is set."""
    return formset_html(formset, item_label, context.get("can_edit"))
