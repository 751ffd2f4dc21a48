"""Limits that fit a committee paper: one place for every size rule.

Forms, imports and models all check against these numbers, and each refusal
says how much was typed. A long Word paragraph is under 3,000 characters.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MAX_TEXT = 10_000  # evidence item, summary, action and recommendation text
MAX_EVIDENCE_PER_ENTRY = 50
MAX_ACTIONS_PER_ENTRY = 30


def text_too_long_message(length, limit=MAX_TEXT):
    return (
        f"This text is {length:,} characters long; at most {limit:,} are allowed. "
        "Shorten it or split it into separate items."
    )


def rows_too_many_message(count, limit, noun):
    return (
        f"This entry has {count:,} {noun}; at most {limit:,} are allowed. "
        f"Remove {count - limit:,} or combine some of them."
    )


@deconstructible
class TextLimit:
    """Model and form validator: at most ``limit`` characters, saying how many were typed."""

    def __init__(self, limit=MAX_TEXT):
        self.limit = limit

    def __call__(self, value):
        if value is not None and len(value) > self.limit:
            raise ValidationError(text_too_long_message(len(value), self.limit), code="max_length")

    def __eq__(self, other):
        return isinstance(other, TextLimit) and other.limit == self.limit
