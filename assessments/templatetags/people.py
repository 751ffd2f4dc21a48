"""How people are named on pages: full name, else user name."""

from django import template

register = template.Library()


@register.filter
def person(user, missing="—"):
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()
