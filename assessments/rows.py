"""Reading joined columns as model instances, each related object built once.

Pages that list many rows read them with ``values_list``; a related object
joined into every row (a theme, a rating level) becomes one model instance per
id rather than one per row. The queries a page reads on every request are
``Prepared``: compiled to SQL once per process.
"""

import datetime

from django.db import DEFAULT_DB_ALIAS, connections


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


def _stand_in(number, example):
    """A stand-in for an argument like ``example`` while the query is compiled: an id
    no row holds, or a date no row holds."""
    if isinstance(example, datetime.date):
        return datetime.date(1, 1, 1 + number)
    return -(2**31) + number


class Prepared:
    """A read query the ORM compiles to SQL once per process and database.

    A page that reads the same queries on every request spent more time having
    the ORM build and compile them than the database spent answering them.
    ``build(*args)`` returns the query (a ``values_list``) for its arguments,
    each of them a value compared in a filter (an id, or a date): it is built
    once with stand-ins, and each call runs the kept SQL with the arguments put
    in their place. ``None`` compares equal to nothing, as a filter on a
    missing row finds nothing. Rows are tuples, with the ORM's converters applied.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = {}  # alias -> (sql, params, slots, width, query, converted columns)

    def _compile(self, args, using):
        stand_ins = [_stand_in(number, arg) for number, arg in enumerate(args)]
        query = self.build(*stand_ins).query
        compiler = query.get_compiler(using)
        sql, params = compiler.as_sql()
        # As the database takes them (a date may be sent as text).
        sent = [compiler.connection.ops.adapt_unknown_value(value) for value in stand_ins]
        slots = [
            (position, sent.index(value))
            for position, value in enumerate(params)
            if type(value) in (int, str, datetime.date) and value in sent
        ]
        if {index for _, index in slots} != set(range(len(args))):
            raise ValueError("Each argument of a prepared query must be one of its parameters.")
        width = compiler.col_count if compiler.has_extra_select else None
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        # When the database returns every column as Python needs it (PostgreSQL does, for the
        # queries read so far), no converters are looked up on each call.
        converting = columns if compiler.get_converters(columns) else None
        return sql, tuple(params), slots, width, query, converting

    def __call__(self, *args, using=DEFAULT_DB_ALIAS):
        compiled = self.compiled.get(using)
        if compiled is None:
            compiled = self.compiled[using] = self._compile(args, using)
        sql, params, slots, width, query, converting = compiled
        connection = connections[using]
        params = list(params)
        for position, index in slots:
            params[position] = connection.ops.adapt_unknown_value(args[index])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if width is not None:
            rows = [row[:width] for row in rows]
        if converting:
            # Looked up for this thread's connection: a converter is bound to its connection.
            compiler = query.get_compiler(connection=connection)
            converters = compiler.get_converters(converting)
            rows = [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return rows
