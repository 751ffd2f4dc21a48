"""Plain Bootstrap markup for form fields, for pages that render many of them.

A page of formset rows holds a hundred or more widgets: laid out by a crispy
template per field, they were most of the entry page's time. ``control`` adds
Bootstrap's class to the widget and nothing else; the widget's markup itself
comes from the project's form renderer (bestvalue/widgets.py). The rows are laid
out by a Jinja2 template (assessments/jinja2/assessments/_formset.html), which
spends less per field than Django's template engine.
"""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bestvalue.crispy_fields import crispy_field

register = template.Library()
register.filter("crispy_field", crispy_field)

CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_check(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def control(field):
    """The field's widget with Bootstrap's class, marked invalid when it has errors."""
    widget = field.field.widget
    if isinstance(widget, CHECKS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def widget(field):
    """The field's widget as ``{{ field }}`` renders it (hidden fields of a row)."""
    return str(field)


def formset_html(formset, item_label, can_edit):
    """A formset's rows and the blank row the browser copies to add one (static/js/formset.js)."""
    context = {"formset": formset, "item_label": item_label, "can_edit": can_edit}
    # Jinja2 drops a template's last line end, which Django's include keeps.
    return mark_safe(render_to_string("assessments/_formset.html", context, using="jinja2") + "\n")


@register.simple_tag(takes_context=True)
def formset_rows(context, formset, item_label):
    """``formset_html`` in a Django template; the blank row only where ``can_edit`` is set."""
    return formset_html(formset, item_label, context.get("can_edit"))
