"""Proposing a county's assignment in the background (django-tasks, as the
engine runs: analysis/tasks.py), and the progress its page's bar reads: teams
solved of all teams, and the time left.

The progress lives in the database, one row per county (ProposalJob): the
worker (`lianfu db_worker`) writes it and every web process reads it. A job
that stops giving news is over: a new proposal may be started."""
import logging
import math
import time

from django.db import transaction
from django_scopes import scopes_disabled
from django_tasks import task

from lianfu.accounts.models import User
from lianfu.common.audit import log_activity
from lianfu.common.enums import JobStatus
from lianfu.liaison.models import ProposalJob
from lianfu.liaison.proposals import SOLVE_SECONDS, propose
from lianfu.registry.models import Division

logger = logging.getLogger(__name__)
# A queued or running job with no news for this long died with its worker (or none runs).
STALE_SECONDS = 10 * 60


def job_of(county_code: str) -> dict | None:
    """The county's latest proposal job: status, teams done of teams, when it
    started solving, the proposal it made."""
    with scopes_disabled():
        row = ProposalJob.objects.filter(county_id=county_code).first()
    return row.job if row else None


def _put(county_code: str, job: dict) -> None:
    with scopes_disabled():
        ProposalJob.objects.update_or_create(county_id=county_code, defaults={"job": job})


def _update(county_code: str, **changes) -> dict:
    job = {**(job_of(county_code) or {}), **changes, "news_at": time.time()}
    _put(county_code, job)
    return job


def is_live(job: dict | None, now: float | None = None) -> bool:
    """Queued or running, and heard from lately."""
    now = time.time() if now is None else now
    return (job is not None and job.get("status") in (JobStatus.QUEUED, JobStatus.RUNNING)
            and now - job.get("news_at", 0) < STALE_SECONDS)


def seconds_left(job: dict, now: float | None = None) -> int | None:
    """What the solving still takes, at most: the solver's time limit bounds
    it, and the pace of the teams solved so far often says less. None before
    solving starts (reading the records comes first)."""
    if job.get("status") != JobStatus.RUNNING or not job.get("solving_since"):
        return None
    now = time.time() if now is None else now
    elapsed = max(0.0, now - job["solving_since"])
    left = max(0.0, job.get("seconds", SOLVE_SECONDS) - elapsed)
    done, total = job.get("teams_done", 0), job.get("teams", 0)
    if done:
        left = min(left, elapsed / done * (total - done))
    return math.ceil(left)


def percent(job: dict, now: float | None = None) -> int:
    """The teams solved, or the share of the solver's time limit used when
    that says more (a large team can take most of the time); 99 at
    most until it is done."""
    if job.get("status") == JobStatus.DONE:
        return 100
    teams = job["teams_done"] / job["teams"] if job.get("teams") else 0.0
    used = 0.0
    if job.get("status") == JobStatus.RUNNING and job.get("solving_since"):
        now = time.time() if now is None else now
        used = max(0.0, now - job["solving_since"]) / (job.get("seconds") or SOLVE_SECONDS)
    return min(99, int(100 * max(teams, used)))


def start(county: Division, user) -> bool:
    """Queue a proposal for ``county``; False when one is already on its way."""
    with transaction.atomic(), scopes_disabled():
        # The county's row locked: two officers pressing at once start one job.
        row, _ = ProposalJob.objects.select_for_update().get_or_create(county_id=county.code)
        if is_live(row.job):
            return False
        row.job = {"status": JobStatus.QUEUED, "by": user.pk, "teams_done": 0, "teams": 0,
                   "queued_at": time.time(), "news_at": time.time(), "seconds": SOLVE_SECONDS}
        row.save()
    propose_task.enqueue(county.code, user.pk)
    return True


@task()
def propose_task(county_code: str, user_id: int | None) -> int | None:
    return run_proposal(county_code, user_id)


def run_proposal(county_code: str, user_id: int | None, seconds: float = SOLVE_SECONDS) -> int | None:
    """Propose, recording each team solved; the proposal's id, None when it failed."""
    county = Division.objects.get(code=county_code)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    _update(county_code, status=JobStatus.RUNNING, seconds=seconds)

    def progress(done: int, total: int) -> None:
        changes = {"teams_done": done, "teams": total}
        if done == 0:
            changes["solving_since"] = time.time()
        _update(county_code, **changes)

    try:
        proposal = propose(county, actor=user, seconds=seconds, progress=progress)
    except Exception:
        # The page must stop waiting and say so; the cause goes to the log.
        logger.exception("liaison proposal for %s failed", county_code)
        _update(county_code, status=JobStatus.FAILED)
        log_activity(actor=user, action="liaison.proposal_failed", subject=county, division_code=county_code)
        return None
    _update(county_code, status=JobStatus.DONE, proposal=proposal.pk)
    return proposal.pk
