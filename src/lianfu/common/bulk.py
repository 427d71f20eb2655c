"""Bulk writes for imports of 10⁵–10⁶ rows, with their simple-history rows.

Django's bulk_create/bulk_update compile SQL per batch and prepare every value
through its field (~70× slower than the database itself on SQLite, measured in
benchmarks/import_enterprises.py). Here one parameterised statement goes to
``executemany`` and only the types the driver cannot bind as they are (dates,
decimals, JSON, UUIDs) pass through the field's own preparation. Callers stay
inside a transaction; no model signals are sent (simple-history rows are written
explicitly by ``record_history``; ``create_with_history`` and
``update_with_history`` pair each write with its history rows)."""
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
from django_scopes import scopes_disabled

_NEEDS_PREP = {"DateTimeField", "DateField", "TimeField", "DecimalField", "JSONField", "UUIDField", "DurationField"}
_BATCH = 5000
# SQLite's page cache while a large write runs: the indexes of 10^5-10^6 new
# rows stay in memory (a quarter less time for the workers' five indexes).
ROOMY_CACHE_KIB = 256 * 1024


@contextmanager
def roomy_sqlite_cache(kib: int = ROOMY_CACHE_KIB):
    """SQLite: a larger page cache for this connection while rows go in, then the
    old size back. Other databases: nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _preparer(field: models.Field):
    """The field's own db preparation, remembered per value: an import stamps
    every row with the same time, so each distinct value is prepared once."""
    if field.get_internal_type() not in _NEEDS_PREP:
        return None
    memo: dict = {}

    def prepare(value):
        if value is None:
            return None
        try:
            return memo[value]
        except KeyError:
            prepared = memo[value] = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # unhashable (JSON): prepare every time
            return field.get_db_prep_save(value, connection)

    return prepare


def _rows(fields: Sequence[models.Field], objs: Iterable) -> list[list]:
    """One list of prepared values per object."""
    attnames = [f.attname for f in fields]
    preps = [(i, p) for i, p in enumerate(map(_preparer, fields)) if p is not None]
    rows = []
    for obj in objs:
        row = [getattr(obj, name) for name in attnames]
        for i, prepare in preps:
            row[i] = prepare(row[i])
        rows.append(row)
    return rows


def _execute(sql: str, rows: list[list]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start:start + _BATCH])


def _insert(model: type[models.Model], fields: Sequence[models.Field], rows: list[list]) -> None:
    """INSERT the rows: on PostgreSQL through COPY (three times the rows a second
    of executemany, measured in benchmarks/import_workers.py), elsewhere with
    one executemany per batch."""
    insert_rows(model._meta.db_table, [f.column for f in fields], rows)


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT rows of values ready for the database into ``table``'s ``columns``:
    COPY on PostgreSQL, executemany per batch elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    _execute(f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def insert(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """INSERT the given fields of ``objs`` (primary keys come from the database)."""
    fields = [model._meta.get_field(name) for name in names]
    _insert(model, fields, _rows(fields, objs))


def insert_values(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT rows given as value lists in the order of ``names`` (attnames or
    names): for imports that build their rows without model instances."""
    fields = [model._meta.get_field(name) for name in names]
    preps = [(i, p) for i, p in enumerate(map(_preparer, fields)) if p is not None]
    prepared = []
    for row in rows:
        row = list(row)
        for i, prepare in preps:
            row[i] = prepare(row[i])
        prepared.append(row)
    _insert(model, fields, prepared)


def update(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str]) -> None:
    """UPDATE the given fields of ``objs`` by primary key."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column))
    _execute(sql, _rows([*fields, model._meta.pk], objs))


def record_history(model: type[models.Model], objs: Sequence[models.Model], *, history_type: str, user=None,
                   reason: str = "") -> None:
    """Write one simple-history row per object ('+' created, '~' changed), as
    the history signal would have, all stamped with the same time and user."""
    history = model.history.model
    model_attnames = {f.attname for f in model._meta.concrete_fields}
    tracked = [f for f in history._meta.concrete_fields if f.attname in model_attnames]
    stamp_fields = [history._meta.get_field(name) for name in
                    ("history_date", "history_type", "history_user", "history_change_reason")]
    stamp = [stamp_fields[0].get_db_prep_save(timezone.now(), connection), history_type,
             getattr(user, "pk", None), reason or None]
    rows = [row + stamp for row in _rows(tracked, objs)]
    _insert(history, [*tracked, *stamp_fields], rows)


def chunks(items: Sequence, size: int = 500) -> Iterable[Sequence]:
    """Slices of ``items``, so that IN (...) lists stay inside every database's limit."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def create_with_history(model: type[models.Model], objs: Sequence[models.Model], *, key: Sequence[str], user,
                        now) -> None:
    """INSERT new rows stamped ``now``, learn their primary keys by the unique
    ``key`` (field attnames) and write their '+' history rows. The key lookup
    sees every jurisdiction: uniqueness does not stop at a scope."""
    for obj in objs:
        obj.created_at = obj.updated_at = now
    insert(model, objs, [f.name for f in model._meta.concrete_fields if not f.primary_key])
    by_key = {tuple(getattr(obj, name) for name in key): obj for obj in objs}
    with scopes_disabled():
        for chunk in chunks(sorted({getattr(obj, key[0]) for obj in objs})):
            for pk, *values in model.objects.filter(**{f"{key[0]}__in": chunk}).values_list("pk", *key):
                obj = by_key.get(tuple(values))
                if obj is not None:
                    obj.pk = pk
    if any(obj.pk is None for obj in objs):  # a key that is not unique: never write history without an id
        raise RuntimeError(f"{model.__name__}: inserted rows not found again by {tuple(key)}")
    record_history(model, objs, history_type="+", user=user)


def update_with_history(model: type[models.Model], objs: Sequence[models.Model], names: Sequence[str], *, user,
                        now) -> None:
    """UPDATE the changed fields (and updated_at = ``now``) and write '~' history rows."""
    for obj in objs:
        obj.updated_at = now
    update(model, objs, [*names, "updated_at"])
    record_history(model, objs, history_type="~", user=user)
