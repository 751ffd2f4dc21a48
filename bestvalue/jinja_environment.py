"""The Jinja2 environment for the committee report's template tree.

The report is the largest page (hundreds of rows) and the source of the PDF;
Django's template engine spent most of its render time resolving variables.
The same template renders the browser view and the PDF. Autoescaping is on;
filters reuse the project's own rules (dates from its formats, due dates as
the action plan prints them).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.templatetags.static import static
from django.utils.text import Truncator
from jinja2 import Environment

from assessments.templatetags.actions import when
from bestvalue.dates import format_date


def pluralize(count, suffix="s"):
    return "" if count == 1 else suffix


def truncatewords(text, count):
    return Truncator(text).words(count, truncate=" …")


def floatformat(value, places):
    """``value`` with ``places`` decimals rounded half up, as Django's ``floatformat`` prints it."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:f}"


def environment(**options):
    env = Environment(**{**options, "autoescape": True})
    env.globals.update(static=static)
    env.filters.update(
        date=format_date,
        when=when,
        pluralize=pluralize,
        truncatewords=truncatewords,
        floatformat=floatformat,
    )
    return env
