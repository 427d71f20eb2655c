"""Every change of a worker record is one function here (imports write in bulk:
workforce/importing/workers.py). A stale page gets common.errors.Conflict."""
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lianfu.common import pii
from lianfu.common.audit import log_activity
from lianfu.common.workflow import update_versioned
from lianfu.workforce import roster_days
from lianfu.workforce.enums import ON_DUTY_STATES, StateSource, WorkerState
from lianfu.workforce.models import Worker, WorkerStateChange

SEALED_FIELDS = ("id_number", "phone", "address")


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


def reveal_worker(*, actor, worker: Worker) -> dict[str, str]:
    """The worker's ID number, phone and household address in clear, for an
    official allowed to see them; every reveal is an ActivityLog row."""
    _require(actor, "workforce.reveal_worker")
    log_activity(actor=actor, action="workforce.reveal", subject=worker,
                 division_code=worker.enterprise.division_id or "", worker=worker.id_masked)
    return dict(zip(SEALED_FIELDS, pii.unseal(worker.sealed), strict=False))


def set_state(*, actor, worker: Worker, version: int, state: WorkerState, source: StateSource,
              day: dt.date | None = None) -> None:
    """The worker is in ``state`` from ``day`` (default today); a worker kept
    on the roster this way is no longer flagged missing."""
    _require(actor, "workforce.change_worker")
    day = day or timezone.localdate()
    with transaction.atomic():
        update_versioned(worker, version, state=state, state_since=day, missing_since=None)
        with roster_days.kept([worker.pk]):
            WorkerStateChange.objects.create(worker=worker, enterprise_id=worker.enterprise_id, day=day, state=state,
                                             source=source)
        log_activity(actor=actor, action="workforce.state", subject=worker,
                     division_code=worker.enterprise.division_id or "", state=str(state), source=str(source))


def present_at_work(worker: Worker, day: dt.date) -> bool:
    """A system step (no actor): the worker was admitted at a door of their own
    employer on ``day`` (checkin), so they are at work from that day: back, for
    a worker whose origin is elsewhere, at work for the others. Nothing is
    written for a worker already on duty (the usual case, on the scan path)."""
    if worker.state in ON_DUTY_STATES:
        return False
    state = WorkerState.BACK if worker.state in (WorkerState.AWAY, WorkerState.RETURNING) else WorkerState.AT_WORK
    with transaction.atomic():
        Worker.objects.filter(pk=worker.pk).update(state=state, state_since=day, missing_since=None,
                                                   version=F("version") + 1, updated_at=timezone.now())
        with roster_days.kept([worker.pk]):
            WorkerStateChange.objects.create(worker=worker, enterprise_id=worker.enterprise_id, day=day, state=state,
                                             source=StateSource.SCAN)
    worker.state = state
    return True


def keep_on_roster(*, actor, worker: Worker, version: int) -> None:
    """The officer checked: a worker a full roster no longer listed still works there."""
    _require(actor, "workforce.change_worker")
    with transaction.atomic():
        update_versioned(worker, version, missing_since=None)
        log_activity(actor=actor, action="workforce.kept", subject=worker,
                     division_code=worker.enterprise.division_id or "")
