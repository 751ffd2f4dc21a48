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


def _stand_in(number, example, variant=0):
    """A stand-in for an argument like ``example`` while the query is compiled: an id,
    a date or a text no row holds. Each ``variant`` gives other values."""
    if isinstance(example, datetime.date):
        return datetime.date(1 + variant, 1, 1 + number)
    if isinstance(example, str):
        return f"(prepared query's argument {number}, {variant})"
    return -(2**31) + 1000 * variant + number


def _shape(args):
    """The lengths of the list arguments: the SQL of ``IN (…)`` depends on them."""
    return tuple(len(arg) if isinstance(arg, list | tuple) else None for arg in args)


class Prepared:
    """A read query the ORM compiles to SQL once per process and database.

    A page that reads the same queries on every request spent more time having
    the ORM build and compile them than the database spent answering them.
    ``build(*args)`` returns the query (a ``values_list``) for its arguments,
    each of them a value compared in a filter (an id, a date or a text) or a
    list of ids (``__in``): it is built once with stand-ins (once per length of the
    lists), and each call runs the kept SQL with the arguments put in their
    place. ``None`` compares equal to nothing, as a filter on a missing row
    finds nothing; an empty list finds nothing without a query, as with the
    ORM. Rows are tuples, with the ORM's converters applied.
    """

    def __init__(self, build):
        self.build = build
        # (alias, shape) -> (sql, params, slots, width, query, converted columns)
        self.compiled = {}

    def _compile(self, args, using):
        compiled = [self._sql(args, using, variant) for variant in (0, 1)]
        (compiler, sql, params, slots), (_, other_sql, other_params, other_slots) = compiled
        # Built again with other stand-ins, only the arguments' own places may differ: a
        # value computed from an argument (a date a month on) would be kept as it was
        # first computed, so such a query is refused.
        places = {position for position, _ in slots}
        if (
            other_sql != sql
            or other_slots != slots
            or any(
                first != second
                for position, (first, second) in enumerate(zip(params, other_params, strict=True))
                if position not in places
            )
        ):
            raise ValueError(
                "A prepared query may use its arguments only as they are, not computed from."
            )
        width = compiler.col_count if compiler.has_extra_select else None
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        # When the database returns every column as Python needs it (PostgreSQL does, for the
        # queries read so far), no converters are looked up on each call.
        converting = columns if compiler.get_converters(columns) else None
        return sql, tuple(params), slots, width, compiler.query, converting

    def _sql(self, args, using, variant):
        """(compiler, sql, params, slots) of the query built with stand-ins ``variant``."""
        flat = []  # (argument number, element number or None) of each stand-in
        built = []
        for index, arg in enumerate(args):
            if isinstance(arg, list | tuple):
                elements = []
                for element_index, element in enumerate(arg):
                    elements.append(_stand_in(len(flat), element, variant))
                    flat.append((index, element_index))
                built.append(elements)
            else:
                built.append(_stand_in(len(flat), arg, variant))
                flat.append((index, None))
        compiler = self.build(*built).query.get_compiler(using)
        sql, params = compiler.as_sql()
        # As the database takes them (a date may be sent as text).
        ops = compiler.connection.ops
        sent = [
            ops.adapt_unknown_value(
                built[index] if element_index is None else built[index][element_index]
            )
            for index, element_index in flat
        ]
        slots = [
            (position, flat[sent.index(value)])
            for position, value in enumerate(params)
            if type(value) in (int, str, datetime.date) and value in sent
        ]
        if {place for _, place in slots} != set(flat):
            raise ValueError("Each argument of a prepared query must be one of its parameters.")
        return compiler, sql, params, slots

    def __call__(self, *args, using=DEFAULT_DB_ALIAS):
        shape = _shape(args)
        if 0 in shape:
            return []
        compiled = self.compiled.get((using, shape))
        if compiled is None:
            compiled = self.compiled[using, shape] = self._compile(args, using)
        sql, params, slots, width, query, converting = compiled
        connection = connections[using]
        params = list(params)
        for position, (index, element_index) in slots:
            value = args[index] if element_index is None else args[index][element_index]
            params[position] = connection.ops.adapt_unknown_value(value)
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
