"""Plain Bootstrap markup for form fields, for pages that render many of them.

A page of formset rows holds a hundred or more widgets: laid out by a crispy
template per field, they were most of the entry page's time. ``control`` adds
Bootstrap's class to the widget and nothing else; the widget's markup itself
comes from the project's form renderer (bestvalue/widgets.py).
"""

from django import forms, template

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
