"""Reading joined columns as model instances, each related object built once.

Pages that list many rows read them with ``values_list``; a related object
joined into every row (a theme, a rating level) becomes one model instance per
id rather than one per row.
"""


def columns(relation, model):
    """The lookups of every concrete column of ``model`` reached through ``relation``."""
    return tuple(f"{relation}__{f.attname}" for f in model._meta.concrete_fields)


class SharedInstances:
    """One instance of ``model`` per id, from its columns (in ``columns`` order) in a row."""

    def __init__(self, model, using):
        self.model = model
        self.names = [f.attname for f in model._meta.concrete_fields]
        self.using = using
        self.built = {}

    def get(self, values):
        """The instance whose columns are ``values``; None for a null relation."""
        if values[0] is None:
            return None
        found = self.built.get(values[0])
        if found is None:
            found = self.built[values[0]] = self.model.from_db(self.using, self.names, values)
        return found
