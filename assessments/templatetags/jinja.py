"""Partials written for the report's Jinja2 engine, included in Django-rendered pages.

The trend chart is drawn by one template for both the trend page (Django) and
the committee report (Jinja2, see bestvalue/jinja_environment.py).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def jinja(template_name, **context):
    """``template_name`` rendered by the Jinja2 engine with ``context`` (autoescaped there)."""
    return mark_safe(render_to_string(template_name, context, using="jinja2"))
