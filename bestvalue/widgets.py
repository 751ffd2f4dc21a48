"""The project's form renderer: Django's standard widgets written in Python.

Every form field on a page goes through Django's per-widget templates: a
``<select>`` renders one template per option, an ``<input>`` three (its own,
``input.html`` and ``attrs.html``). On the pages with many fields or long
choice lists (the entry page's rows, the action tracker's filters) that was
most of the render time. ``FormRenderer`` writes the markup of Django's
standard widget templates (inputs, checkbox, textarea, select) in Python from
the same context Django computes; any other template (radio buttons, file
inputs, forms, errors, crispy-forms' layouts) is rendered by Django as before.
A project or app template that overrides one of the standard widget templates
is honoured: that widget is then rendered from its template.
"""

import html
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"
# Templates whose markup the writers reproduce, including those they include.
INCLUDED = (WIDGETS + "input.html", WIDGETS + "attrs.html", OPTION_TEMPLATE)
DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def _escape(text):
    """``conditional_escape``: a plain string (nearly every value) escaped as Django's
    ``escape`` does, without its check for lazy arguments, which cost more than escaping."""
    return html.escape(text) if type(text) is str else conditional_escape(text)


def _text(value):
    """A value printed through ``stringformat:'s'``: as text, escaped."""
    return _escape(str(value))


def _shown(value):
    """A value printed as ``{{ value }}``: localised like a template does, escaped."""
    if not isinstance(value, str):
        value = localize(template_localtime(value))
    return _escape(value)


def _attrs(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def write_input(widget):
    """django/forms/widgets/input.html (and the templates that only include it)"""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def write_textarea(widget):
    """django/forms/widgets/textarea.html"""
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def write_select(widget):
    """django/forms/widgets/select.html, with select_option.html (and its line end) per option.

    None when an option has a template of its own.
    """
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "datetime",
    "time",
    "search",
    "tel",
    "color",
    "file",
    "checkbox",
)
WRITERS = {
    **{f"{WIDGETS}{name}.html": write_input for name in INPUTS},
    WIDGETS + "textarea.html": write_textarea,
    WIDGETS + "select.html": write_select,
}


class FormRenderer(DjangoTemplates):
    """Django's template renderer, with the standard widgets written in Python."""

    @cached_property
    def writers(self):
        """The writers whose templates, and the templates they include, are Django's own."""
        if any(self._overridden(name) for name in INCLUDED):
            return {}
        return {name: write for name, write in WRITERS.items() if not self._overridden(name)}

    def _overridden(self, template_name):
        origin = Path(self.get_template(template_name).origin.name)
        return not origin.is_relative_to(DJANGO_TEMPLATES)

    def render(self, template_name, context, request=None):
        write = self.writers.get(template_name)
        if write is not None:
            markup = write(context["widget"])
            if markup is not None:
                return markup
        return super().render(template_name, context, request=request)
