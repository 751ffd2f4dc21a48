"""How an action's due date or timescale is printed in the committee report."""

from django import template

from bestvalue.dates import format_date

register = template.Library()


@register.filter
def when(action, date_format="j M Y"):
    """``Action.when`` as the action plan prints it: "31 Mar 2020", "Ongoing", or "—"."""
    value = action.when
    if not value:
        return "—"
    return value if isinstance(value, str) else format_date(value, date_format)
