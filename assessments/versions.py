"""No silent overwrite: every edit form carries the version it was opened on.

An entry, recommendation, action or cover rises one version with every save.
A save re-reads the record under a row lock and is refused with ``Stale``
when its version moved on since the form was opened; the view then shows
the conflict screen (what is saved now beside what was typed, nothing lost).
"""

from django.db.models import F
from django.utils import timezone


class Stale(Exception):
    """Someone saved the record after the form was read; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("The record was saved by someone else since this form was opened.")
        self.current = current


def lock_unchanged(queryset, pk, opened_version):
    """The record under a row lock, or ``Stale`` if it moved on; call inside a transaction."""
    current = queryset.select_for_update().get(pk=pk)
    if current.version != opened_version:
        raise Stale(current)
    return current


def bump(model, pk, **fields):
    """Move a record to its next version without writing history (nothing it shows changed)."""
    model.objects.filter(pk=pk).update(version=F("version") + 1, **fields)


def bump_source(action, user):
    """An action changed outside its source's form: open forms of the source become stale."""
    from assessments.models import Entry, Recommendation

    if action.entry_id:
        bump(Entry, action.entry_id, updated_by=user, updated_at=timezone.now())
    else:
        bump(Recommendation, action.recommendation_id)


def saved_values(instance, field_names):
    """(label, value as shown) of each field of the saved record, for the conflict screen."""
    values = []
    for name in field_names:
        field = instance._meta.get_field(name)
        if field.choices:
            value = getattr(instance, f"get_{name}_display")()
        elif isinstance(getattr(instance, name), bool):
            value = "Yes" if getattr(instance, name) else "No"
        else:
            value = getattr(instance, name)
        values.append((str(field.verbose_name).capitalize(), value))
    return values


def resumed_data(data, current):
    """The typed form data, moved onto the current version: saving again is a choice."""
    data = data.copy()
    data["version"] = current.version
    return data


STALE_MESSAGE = (
    "Not saved: someone else saved this {thing} since you opened it. What is saved now is "
    "shown in the panel; what you typed is still in the form. Review it and save again to "
    "replace their version."
)
