"""Import worker lists (social-insurance records, an employer's roster).

Keyed on the ID number's keyed hash: one record per person. Re-running a file
changes nothing; a worker listed under another employer moves there (a state
change at the new employer); a worker listed again after leaving rejoins. With
``full=True`` the file is the whole roster of every employer it names: a worker
of such an employer who is not in it is flagged ``missing_since`` for the
labour officer to decide, never deleted.

Everything lands in one transaction (with the rejects report, before_commit),
so a crash or kill -9 leaves the database as it was; running the file again
then lands it whole."""
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common import bulk, pii
from lianfu.common.importing import (
    ImportResult,
    Progress,
    RowError,
    counted_rows,
    masked_rejection,
    no_progress,
    read_for_import,
)
from lianfu.common.masking import mask_address, mask_id_number, mask_phone
from lianfu.registry.models import Division, Enterprise
from lianfu.workforce import roster_days
from lianfu.workforce.enums import StateSource, WorkerState
from lianfu.workforce.importing.columns import LABELS, vocabulary
from lianfu.workforce.importing.parsing import RowParser, WorkerRow
from lianfu.workforce.models import Worker, WorkerStateChange
from lianfu.workforce.origins import OriginResolver

# The columns a new worker row is written with, in this order (_new_worker).
NEW_WORKER_FIELDS = ("enterprise", "name", "id_hash", "id_masked", "phone_masked", "phone_hash", "sealed",
                     "sealed_digest", "origin", "origin_source", "insured_from", "position", "state", "state_since",
                     "wants_return", "version", "created_at", "updated_at")
CHANGE_FIELDS = ("worker", "enterprise", "day", "state", "source", "created_at")
# What a re-import compares (besides the sealed digest and the employer).
COMPARED = ("name", "insured_from", "position", "wants_return")


@dataclass
class Accepted:
    row: int
    worker: WorkerRow
    id_hash: str
    digest: str


def _digest(row: WorkerRow) -> str:
    return pii.keyed_hash(pii.SEPARATOR.join((row.id_number, row.phone, row.address)))


def employers_within(within: Division | None) -> dict[str, int]:
    with scopes_disabled():
        firms = Enterprise.objects.all()
        if within is not None:
            firms = firms.filter(division__code__startswith=within.prefix)
        return dict(firms.values_list("uscc", "pk"))


# Masked wherever a rejected row is repeated (the rejects report, the job's page).
PERSONAL = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


class Plan:
    """What the import will write, worked out before the transaction opens."""

    def __init__(self):
        self.creates: list = []
        self.updates: list = []
        self.update_fields: set[str] = set()
        self.changes: list = []          # of updated workers: (worker pk, enterprise id, new state)
        self.missing: list[int] = []     # worker pks flagged missing


def parse_rows(table, parser: RowParser, result: ImportResult, progress: Progress
               ) -> tuple[dict[str, Accepted], set[str], set[int]]:
    """Accepted rows by ID hash; every hash and employer the file names (rejected
    rows included: a worker whose phone was mistyped is still on the list)."""
    accepted: dict[str, Accepted] = {}
    first_row: dict[str, int] = {}
    named_hashes: set[str] = set()
    named_employers: set[int] = set()
    for row, cells in counted_rows(table, result, progress):
        values = table.plan.values(cells)
        worker, errors = parser(values)
        id_hash = pii.keyed_hash(worker.id_number) if worker.id_number else ""
        if id_hash:
            named_hashes.add(id_hash)
            if id_hash in first_row:
                errors.insert(0, RowError("id_number", _("the same ID number as row %(row)d") % {
                    "row": first_row[id_hash]}))
            else:
                first_row[id_hash] = row
        if worker.employer_id:
            named_employers.add(worker.employer_id)
        if errors:
            result.rejections.extend(masked_rejection(PERSONAL, table.plan, LABELS, row, e.field,
                                                      values.get(e.field, ""), e.reason, cells) for e in errors)
        else:
            accepted[id_hash] = Accepted(row, worker, id_hash, _digest(worker))
    return accepted, named_hashes, named_employers


def _new_worker(item: Accepted, origins: OriginResolver, today: dt.date, now) -> tuple:
    """The values of NEW_WORKER_FIELDS (no model instance: 500,000 of them cost seconds)."""
    w = item.worker
    origin, source = origins(w.id_number, w.address)
    return (w.employer_id, w.name, item.id_hash, mask_id_number(w.id_number), mask_phone(w.phone),
            pii.phone_key(w.phone), pii.seal(w.id_number, w.phone, w.address), item.digest, origin, source,
            w.insured_from, w.position, w.state or WorkerState.AT_WORK, today, bool(w.wants_return), 1, now, now)


def _updates(current, item: Accepted) -> dict:
    """Field -> the value the row changes it to; empty when the row changes
    nothing. Pure (nothing sealed yet): most rows of a re-run end here. A blank
    cell keeps what is stored (position excepted: blank clears it)."""
    w = item.worker
    out = {}
    if current.sealed_digest != item.digest:
        out["sealed_digest"] = item.digest
    for name in COMPARED:
        value = getattr(w, name)
        if value is not None and value != getattr(current, name) and (value != "" or name == "position"):
            out[name] = value
    # Listed again after leaving: back on the roster (at work unless the file says otherwise).
    state = w.state or (WorkerState.AT_WORK if current.state == WorkerState.LEFT else current.state)
    if current.enterprise_id != w.employer_id or state != current.state:
        out.update(enterprise_id=w.employer_id, state=state)
    if current.missing_since is not None:
        out["missing_since"] = None
    return out


def _apply(current: Worker, updates: dict, item: Accepted, origins: OriginResolver, today: dt.date) -> list[str]:
    """Set ``updates`` on the stored worker, sealing anew when the personal
    fields changed; the names of the fields to write."""
    w = item.worker
    for name, value in updates.items():
        setattr(current, name, value)
    fields = [name.removesuffix("_id") for name in updates]
    if "sealed_digest" in updates:
        current.sealed = pii.seal(w.id_number, w.phone, w.address)
        current.phone_masked = mask_phone(w.phone)
        current.phone_hash = pii.phone_key(w.phone)
        current.origin_id, current.origin_source = origins(w.id_number, w.address)
        fields += ["sealed", "phone_masked", "phone_hash", "origin", "origin_source"]
    if "state" in updates:
        current.state_since = today
        fields.append("state_since")
    return fields


def _existing(hashes: list[str]) -> dict[str, SimpleNamespace]:
    """What is stored of the file's workers, as much as _updates compares:
    not instances, since a re-run of a 500,000-row file finds nearly all of
    them unchanged."""
    found: dict[str, SimpleNamespace] = {}
    for chunk in bulk.chunks(hashes, 2000):
        for row in Worker.objects.filter(id_hash__in=chunk).values(
                "pk", "id_hash", "sealed_digest", "enterprise_id", "state", "missing_since", *COMPARED):
            found[row["id_hash"]] = SimpleNamespace(**row)
    return found


def plan_writes(accepted: dict[str, Accepted], result: ImportResult, *, full: bool, named_hashes: set[str],
                named_employers: set[int], today: dt.date, now) -> Plan:
    plan = Plan()
    origins = OriginResolver()
    with scopes_disabled():
        existing = _existing(list(accepted))
        to_load = []
        for id_hash, item in accepted.items():
            stored = existing.get(id_hash)
            if stored is None:
                plan.creates.append(_new_worker(item, origins, today, now))
            elif not _updates(stored, item):
                result.unchanged += 1
            else:
                to_load.append(stored.pk)
        for chunk in bulk.chunks(to_load, 2000):
            for current in Worker.objects.filter(pk__in=chunk):
                item = accepted[current.id_hash]
                updates = _updates(current, item)
                plan.update_fields.update(_apply(current, updates, item, origins, today))
                current.version += 1
                current.updated_at = now
                plan.updates.append(current)
                if "state" in updates:
                    plan.changes.append((current.pk, current.enterprise_id, current.state))
        if full and named_employers:
            plan.missing = [pk for pk, id_hash in Worker.objects.filter(
                enterprise_id__in=named_employers, missing_since__isnull=True).exclude(
                state=WorkerState.LEFT).values_list("pk", "id_hash") if id_hash not in named_hashes]
    result.created, result.updated = len(plan.creates), len(plan.updates)
    return plan


def _first_changes(after_pk: int, today: dt.date, now) -> None:
    """Each worker just created gets its first state change, written by the database
    from the rows themselves (no read-back of 10^5 primary keys): the rows of this
    import are those above ``after_pk`` stamped with its own ``now``."""
    quote, change, worker = connection.ops.quote_name, WorkerStateChange._meta, Worker._meta
    prep = {name: change.get_field(name).get_db_prep_save(value, connection)
            for name, value in (("day", today), ("created_at", now))}
    columns = ", ".join(quote(change.get_field(name).column) for name in CHANGE_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(change.db_table)} ({columns}) "
            f"SELECT {quote(worker.pk.column)}, {quote(worker.get_field('enterprise').column)}, %s, "
            f"{quote(worker.get_field('state').column)}, %s, %s FROM {quote(worker.db_table)} "
            f"WHERE {quote(worker.pk.column)} > %s AND {quote(worker.get_field('created_at').column)} = %s",
            [prep["day"], StateSource.IMPORT, prep["created_at"], after_pk,
             worker.get_field("created_at").get_db_prep_save(now, connection)])


def write(plan: Plan, *, today: dt.date, now, progress: Progress, before_commit=None, result=None) -> None:
    total = len(plan.creates) + len(plan.updates)
    with transaction.atomic(), scopes_disabled(), bulk.roomy_sqlite_cache():
        after_pk = Worker.objects.aggregate(last=Max("pk"))["last"] or 0
        with roster_days.kept([pk for pk, _firm, _state in plan.changes], above=after_pk):
            if plan.creates:
                bulk.insert_values(Worker, NEW_WORKER_FIELDS, plan.creates)
                _first_changes(after_pk, today, now)
                progress("saving", len(plan.creates), total)
            if plan.updates:
                names = sorted(plan.update_fields | {"version", "updated_at"})
                bulk.update(Worker, plan.updates, names)
            bulk.insert_values(WorkerStateChange, CHANGE_FIELDS, (
                (pk, firm, today, state, StateSource.IMPORT, now) for pk, firm, state in plan.changes))
        for chunk in bulk.chunks(plan.missing, 2000):
            Worker.objects.filter(pk__in=chunk).update(missing_since=today, updated_at=now)
        progress("saving", total, total)
        if before_commit:
            before_commit(result)


def import_workers(path: Path, *, within: Division | None, max_bytes: int, full: bool = False,
                   progress: Progress | None = None, user=None, choices: dict | None = None,
                   saved: dict | None = None, before_commit=None) -> ImportResult:
    """Read, validate and upsert a worker list. ``within``: the importer's
    jurisdiction (employers outside it are refused); ``full``: the file is the
    whole roster of the employers it names. Raises TabularError when the file as
    a whole cannot be read."""
    progress = progress or no_progress
    table = read_for_import(path, vocabulary(), max_bytes=max_bytes, choices=choices, saved=saved)
    table.plan.check()
    today, now = timezone.localdate(), timezone.now()
    result = ImportResult()
    accepted, named_hashes, named_employers = parse_rows(table, RowParser(employers_within(within), today), result,
                                                         progress)
    plan = plan_writes(accepted, result, full=full, named_hashes=named_hashes, named_employers=named_employers,
                       today=today, now=now)
    if full:
        result.notes["missing_flagged"] = len(plan.missing)
    result.rejections.sort(key=lambda r: r.row)
    write(plan, today=today, now=now, progress=progress, before_commit=before_commit, result=result)
    return result

