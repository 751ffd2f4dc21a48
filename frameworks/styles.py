"""Rating level colours as CSS classes, so pages need no inline styles (strict CSP)."""

import re

from frameworks.models import RatingLevel

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def level_css(levels):
    """``.level-<pk>`` rules for the given levels; a malformed colour is left out."""
    rules = [
        f".level-{level.pk} {{ background-color: {level.colour}; color: #000; }}"
        for level in levels
        if HEX_COLOUR.match(level.colour)
    ]
    return "\n".join(rules) + "\n"


def all_level_css():
    return level_css(RatingLevel.objects.only("pk", "colour"))
