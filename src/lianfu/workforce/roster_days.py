"""RosterDay, kept with WorkerStateChange (docs/metrics.md, on-duty rate).

A worker's state changes, in order of (day, id), are stays: each change
starts one at its firm, and the worker's next change ends it. A stay adds
one to its firm's headcount (unless the state is "left") and one to its on
duty (at work or back) from its first day to the day it ends. So a firm's
roster on day D is the sum of its RosterDay rows on or before D, and its
roster is "dated" by the latest such row: every change starting or ending
a stay there touches that day, even one that moves no count.

The rows of a set of workers' stays are computed by one SQL statement
(``_EVENTS``), the same for a full rebuild and for the few workers a write
touches: every writer of WorkerStateChange reads its workers' rows before
and after it writes and adds the difference (``kept``), inside its own
transaction, after it has locked or created the workers' rows."""
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django_scopes import scopes_disabled

from lianfu.common.bulk import chunks
from lianfu.workforce.enums import ON_DUTY_STATES, WorkerState
from lianfu.workforce.models import RosterDay, WorkerStateChange

CHUNK = 5000   # workers per read: two lists of ids per statement stay far below either database's limit

# (firm, day) -> [headcount change, on-duty change, changes]
Events = dict[tuple[int, dt.date | str], list[int]]


def _events_sql(where: str) -> str:
    q = connection.ops.quote_name
    change = q(WorkerStateChange._meta.db_table)
    firm, day, state, worker, pk = (q(c) for c in ("enterprise_id", "day", "state", "worker_id", "id"))
    return (
        f"SELECT firm, day, SUM(dh), SUM(dd), COUNT(*) FROM ("
        f"SELECT c.{firm} AS firm, c.{day} AS day, CASE WHEN c.{state} = %s THEN 0 ELSE 1 END AS dh, "
        f"CASE WHEN c.{state} IN (%s, %s) THEN 1 ELSE 0 END AS dd FROM {change} c WHERE {where} "
        f"UNION ALL "
        f"SELECT prev_firm, day, CASE WHEN prev_state = %s THEN 0 ELSE -1 END, "
        f"CASE WHEN prev_state IN (%s, %s) THEN -1 ELSE 0 END FROM ("
        f"SELECT c.{day} AS day, LAG(c.{firm}) OVER w AS prev_firm, LAG(c.{state}) OVER w AS prev_state "
        f"FROM {change} c WHERE {where} WINDOW w AS (PARTITION BY c.{worker} ORDER BY c.{day}, c.{pk})) stays "
        f"WHERE prev_firm IS NOT NULL"
        f") e GROUP BY firm, day")


def _state_params() -> list[str]:
    return [WorkerState.LEFT, *ON_DUTY_STATES]


def _where(ids: list[int], above: int | None) -> tuple[str, list]:
    q = connection.ops.quote_name
    parts, params = [], []
    if ids:
        parts.append(f"c.{q('worker_id')} IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if above is not None:
        parts.append(f"c.{q('worker_id')} > %s")
        params.append(above)
    return " OR ".join(parts) or "1 = 0", params


def events_of(worker_ids: Iterable[int] = (), *, above: int | None = None) -> Events:
    """The RosterDay rows the stays of these workers make (and of every worker
    whose id is above ``above``)."""
    found: Events = {}
    batches = list(chunks(sorted(set(worker_ids)), CHUNK)) or [[]]
    for n, batch in enumerate(batches):
        where, params = _where(batch, above if n == 0 else None)
        if where == "1 = 0":
            continue
        with connection.cursor() as cursor:
            cursor.execute(_events_sql(where), [*_state_params(), *params, *_state_params(), *params])
            for firm, day, dh, dd, n_changes in cursor.fetchall():
                row = found.setdefault((firm, day), [0, 0, 0])
                row[0], row[1], row[2] = row[0] + int(dh), row[1] + int(dd), row[2] + int(n_changes)
    return found


def _difference(before: Events, after: Events) -> list[tuple]:
    rows = []
    for key in before.keys() | after.keys():
        old, new = before.get(key, (0, 0, 0)), after.get(key, (0, 0, 0))
        delta = tuple(b - a for a, b in zip(old, new, strict=True))
        if any(delta):
            rows.append((*key, *delta))
    return rows


def _add(rows: list[tuple]) -> None:
    """Add each (firm, day, headcount, on duty, changes) to its row, creating it;
    rows no change touches any more go."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(RosterDay._meta.db_table)
    counts = ("headcount_change", "on_duty_change", "changes")
    columns = ", ".join(q(c) for c in ("enterprise_id", "day", *counts))
    sums = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in counts)
    sql = (f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s) "
           f"ON CONFLICT ({q('enterprise_id')}, {q('day')}) DO UPDATE SET {sums}")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(firm, connection.ops.adapt_datefield_value(_date(day)), *delta)
                                 for firm, day, *delta in rows])
    firms = sorted({row[0] for row in rows})
    with scopes_disabled():
        for batch in chunks(firms, CHUNK):
            RosterDay.objects.filter(enterprise_id__in=batch, changes__lte=0).delete()


def _date(day: dt.date | str) -> dt.date:
    return day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))


@contextmanager
def kept(worker_ids: Iterable[int] = (), *, above: int | None = None) -> Iterator[None]:
    """Around a write of these workers' state changes (and of workers created
    with ids above ``above``): their RosterDay rows before it, then after it,
    and the difference added. Call it inside the write's transaction, once the
    workers' rows are locked (or new), so no other write of theirs interleaves."""
    ids = list(worker_ids)
    with transaction.atomic():
        before = events_of(ids, above=above)
        yield
        _add(_difference(before, events_of(ids, above=above)))


def rebuild() -> int:
    """Every RosterDay row again from the state changes (a migration, the demo
    after its bulk load, a repair); the number of rows."""
    q = connection.ops.quote_name
    table = q(RosterDay._meta.db_table)
    columns = ", ".join(q(c) for c in ("enterprise_id", "day", "headcount_change", "on_duty_change", "changes"))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({columns}) {_events_sql('1 = 1')}",
                       [*_state_params(), *_state_params()])
    with scopes_disabled():
        return RosterDay.objects.count()


def differences(limit: int = 20) -> tuple[int, list[tuple]]:
    """How many (firm, day) rows the table has wrong against a rebuild from
    the changes, and the first ``limit`` of them as (firm, day, kept, rebuilt)."""
    with connection.cursor() as cursor:
        cursor.execute(_events_sql("1 = 1"), [*_state_params(), *_state_params()])
        rebuilt = {(firm, _date(day)): (int(dh), int(dd), int(n)) for firm, day, dh, dd, n in cursor.fetchall()}
    with scopes_disabled():
        held = {(firm, day): (dh, dd, n) for firm, day, dh, dd, n in RosterDay.objects.values_list(
            "enterprise_id", "day", "headcount_change", "on_duty_change", "changes").iterator(chunk_size=5000)}
    wrong = sorted((key for key in rebuilt.keys() | held.keys() if rebuilt.get(key) != held.get(key)),
                   key=lambda key: (key[0], key[1]))
    return len(wrong), [(*key, held.get(key), rebuilt.get(key)) for key in wrong[:limit]]
