"""crispy-forms' field markup (``|as_crispy_field``), rendered by Jinja2.

A crispy field goes through a Django template of some eighty nodes, filters
and includes; on the action tracker its eight filters took longer than the
fifty rows of the table. ``crispy_field`` renders the same markup from a line
for line Jinja2 port of crispy-bootstrap5's ``bootstrap5/field.html``
(bestvalue/jinja2/bootstrap5/field.html, with radio_checkbox_select.html), for
inputs, text areas, selects, checkboxes and lists of radio buttons or
checkboxes of a form without a crispy helper. Any other field is left to
crispy-forms. ``crispy_form`` lays out a whole form (``|crispy``) so.
"""

from crispy_forms.templatetags.crispy_forms_filters import (
    as_crispy_field,
    as_crispy_form,
    optgroups,
)
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.conf import settings
from django.template.defaultfilters import unordered_list
from django.template.loader import render_to_string
from django.templatetags.l10n import unlocalize
from django.utils.safestring import mark_safe

# Laid out by templates of their own, which the port leaves to crispy-forms.
OWN_LAYOUT = (forms.FileInput, forms.MultiWidget)


def crispy_field(field):
    """``field|as_crispy_field``, the same markup."""
    widget = field.field.widget
    if (
        settings.CRISPY_TEMPLATE_PACK != "bootstrap5"
        or getattr(field.form, "helper", None) is not None
        or field.is_hidden
        or isinstance(widget, OWN_LAYOUT)
    ):
        return as_crispy_field(field)
    context = {
        "field": field,
        "form_show_errors": True,
        "form_show_labels": True,
        "label_class": "",
        "field_class": "",
        "is_checkbox": isinstance(widget, forms.CheckboxInput),
        "is_select": isinstance(widget, forms.Select),
        "is_file": False,
        "is_radioselect": isinstance(widget, forms.RadioSelect)
        and not isinstance(widget, forms.CheckboxSelectMultiple),
        "is_checkboxselectmultiple": isinstance(widget, forms.CheckboxSelectMultiple),
        "crispy_widget": crispy_widget,
        "optgroups": optgroups,
        "unlocalize": unlocalize,
    }
    # Jinja2 drops a template's last line end, which Django's template keeps.
    return mark_safe(render_to_string("bootstrap5/field.html", context, using="jinja2") + "\n")


def crispy_widget(field, css_class):
    """``{% crispy_field field 'class' css_class %}``: the widget with crispy's classes (its
    own name, then ``css_class``), which crispy-forms leaves on the widget as this does."""
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    widget = field.field.widget
    widget = getattr(widget, "widget", widget)  # a wrapper's inner widget, as crispy-forms does
    name = widget.__class__.__name__.lower()
    name = converters.get(name, name)
    classes = widget.attrs.get("class", "")
    if not classes:
        classes = name
    elif classes.find(name) == -1:
        classes += f" {name}"
    for extra in css_class.split():
        if extra not in classes.split():
            classes += f" {extra}"
    widget.attrs["class"] = classes
    return str(field)


def crispy_form(form):
    """``form|crispy``, the same markup: crispy-bootstrap5's ``uni_form.html`` and
    ``errors.html`` written out here, each field by ``crispy_field``."""
    if settings.CRISPY_TEMPLATE_PACK != "bootstrap5" or getattr(form, "helper", None) is not None:
        return as_crispy_form(form)
    errors = form.non_field_errors()
    if errors:
        errors = (
            '\n    <div class="alert alert-block alert-danger">\n        \n        <ul class="m-0">'
            f"\n            {unordered_list(errors, autoescape=True)}\n        </ul>\n    </div>\n"
        )
    fields = "".join(f"\n        {crispy_field(field)}\n    " for field in form)
    # {% specialspaceless %} around the errors and the fields, as uni_form.html has it.
    inner = f"\n    \n    \n        {errors}\n\n    \n    {fields}\n"
    return mark_safe(f"\n\n{remove_spaces(inner.strip())}\n")
