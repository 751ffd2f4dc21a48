"""The Jinja2 environment for the committee report's template tree.

The report is the largest page (hundreds of rows) and the source of the PDF;
Django's template engine spent most of its render time resolving variables.
The same template renders the browser view and the PDF. Autoescaping is on;
filters reuse the project's own rules (dates from its formats); the report's
structure carries values computed once per row, such as each action's due
date as the action plan prints it.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.template import defaultfilters
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from jinja2 import Environment
from markupsafe import Markup

from assessments.templatetags.form_fields import formset_html, management_html, row_html
from assessments.templatetags.people import person
from bestvalue.crispy_fields import crispy_form
from bestvalue.dates import format_date, iso_format


def pluralize(count, suffix="s"):
    return "" if count == 1 else suffix


def truncatewords(text, count):
    """The first ``count`` words and " …" if there were more: Django's ``truncatewords``.

    Written out (whitespace collapsed as Django does) because Truncator, a lazy
    object, costs more to build than the words cost to cut; the summary matrix cuts one
    criterion's text per row.
    """
    words = str(text).split()
    if len(words) <= count:
        return " ".join(words)
    cut = " ".join(words[:count])
    return cut if cut.endswith(" …") else f"{cut} …"


def floatformat(value, places):
    """``value`` with ``places`` decimals rounded half up, as Django's ``floatformat`` prints it."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:f}"


def shown(value):
    """A value as ``{{ value }}`` prints it in a Django template: a date or number localised."""
    return value if isinstance(value, str) else localize(template_localtime(value))


def time(value, time_format):
    """Django's ``time`` filter: a date-time in the current time zone."""
    return defaultfilters.time(template_localtime(value), time_format)


def url(name, *args):
    """``{% url name arg ... %}``"""
    return reverse(name, args=args)


def django_template(template_name, **context):
    """A Django template's output, for partials shared with Django-rendered pages."""
    return Markup(render_to_string(template_name, context))


def environment(**options):
    env = Environment(**{**options, "autoescape": True})
    env.globals.update(
        static=static,
        url=url,
        django_template=django_template,
        crispy_form=crispy_form,
        formset_html=formset_html,
        management_html=management_html,
        row_html=row_html,
    )
    env.filters.update(
        date=format_date,
        isoformat=iso_format,
        pluralize=pluralize,
        truncatewords=truncatewords,
        floatformat=floatformat,
        person=person,
        capfirst=defaultfilters.capfirst,
        shown=shown,
        time=time,
    )
    return env
