"""Limits that fit a committee paper: one place for every size rule.

Forms, imports and models all check against these numbers, and each refusal
says how much was typed. A long Word paragraph is under 3,000 characters.
"""

MAX_TEXT = 10_000  # evidence item, summary, action and recommendation text
MAX_EVIDENCE_PER_ENTRY = 50
MAX_ACTIONS_PER_ENTRY = 30


def text_too_long_message(length, limit=MAX_TEXT):
    return (
        f"This text is {length:,} characters long; at most {limit:,} are allowed. "
        "Shorten it or split it into separate items."
    )
