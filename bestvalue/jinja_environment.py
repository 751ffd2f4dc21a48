"""The Jinja2 environment for the committee report's template tree.

The report is the largest page (hundreds of rows) and the source of the PDF;
Django's template engine spent most of its render time resolving variables.
The same template renders the browser view and the PDF. Autoescaping is on;
filters reuse the project's own rules (dates from its formats, due dates as
the action plan prints them).
"""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from jinja2 import Environment
from markupsafe import Markup

from assessments.templatetags.actions import when
from assessments.templatetags.people import person
from bestvalue.dates import format_date, iso_format


def pluralize(count, suffix="s"):
    return "" if count == 1 else suffix


def truncatewords(text, count):
    return Truncator(text).words(count, truncate=" …")


def url(name, *args):
    """``{% url name arg ... %}``"""
    return reverse(name, args=args)


def django_template(template_name, **context):
    """A Django template's output, for partials the report shares with Django-rendered pages."""
    return Markup(render_to_string(template_name, context))


def environment(**options):
    env = Environment(**{**options, "autoescape": True})
    env.globals.update(static=static, url=url, django_template=django_template)
    env.filters.update(
        date=format_date,
        isoformat=iso_format,
        when=when,
        pluralize=pluralize,
        truncatewords=truncatewords,
        person=person,
    )
    return env
