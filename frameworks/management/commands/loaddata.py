"""``loaddata`` with two clearer refusals.

- A fixture repeating an object's natural key: Django resolves natural keys to
  existing rows, so a criterion ref listed twice would silently overwrite the
  first with the second. Loading the same fixture again in a later run is
  still an update in place: duplicates are counted within one fixture label.
- A reference to an object that does not exist: Django defers it as a possible
  forward reference and the save then fails on a NULL column without naming
  what was missing.

``loaddata`` runs in one transaction, so after either nothing of it is kept.
"""

from django.core.management.base import CommandError
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def load_label(self, fixture_label):
        self.natural_keys_seen = set()
        self.current_label = fixture_label
        super().load_label(fixture_label)

    def save_obj(self, obj):
        instance = obj.object
        for field, reference in obj.deferred_fields.items():
            if not field.null:
                raise CommandError(
                    f"Problem installing fixture '{self.current_label}': "
                    f"{instance._meta.label} {field.name} refers to "
                    f"{field.related_model._meta.label} {reference!r}, which does not exist."
                )
        if hasattr(instance, "natural_key"):
            key = (instance._meta.label, instance.natural_key())
            if key in self.natural_keys_seen:
                raise CommandError(
                    f"Problem installing fixture '{self.current_label}': "
                    f"{instance._meta.label} {instance.natural_key()!r} appears more than once."
                )
            self.natural_keys_seen.add(key)
        return super().save_obj(obj)
