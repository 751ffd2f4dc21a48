"""Plain Bootstrap markup for form fields, for pages that render many of them.

A page of formset rows holds a hundred or more widgets; rendering each through
Django's per-widget templates was most of the entry page's time. ``control``
and ``widget`` take the widget's own context (its name, value, attributes and
options, exactly as Django computes them) and write the markup of Django's
standard widget templates in Python. A widget with a template of its own
falls back to Django's rendering.
"""

from django import forms, template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "url",
        "email",
        "number",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
    )
}
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


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
    return render_widget(field, {"class": css})


@register.filter
def widget(field):
    """The field's widget as ``{{ field }}`` renders it (hidden fields of a row)."""
    if field.field.show_hidden_initial:
        return str(field)
    return render_widget(field, {})


def render_widget(field, attrs):
    """``field.as_widget(attrs=attrs)``, written in Python for Django's standard widgets."""
    widget = field.field.widget
    write = _writer(widget)
    if write is None or field.field.localize:
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)
    return mark_safe(write(context["widget"]))


def _writer(widget):
    name = widget.template_name
    if name in INPUT_TEMPLATES:
        return _input
    if name == TEXTAREA_TEMPLATE:
        return _textarea
    if name == SELECT_TEMPLATE and widget.option_template_name == OPTION_TEMPLATE:
        return _select
    return None


def _text(value):
    return conditional_escape(str(value))


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    """django/forms/widgets/textarea.html"""
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget):
    """django/forms/widgets/select.html, with select_option.html (and its line end) per option."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)
