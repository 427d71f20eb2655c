"""The sending tasks, run by `lianfu db_worker` (django-tasks' database backend,
queue "default") like every other task of lianfu."""
from django_tasks import task


@task()
def send_delivery_task(delivery_id: int) -> str:
    """Send one delivery when it is due; a retry asks for this task again at its
    next_attempt_at. Idempotent: a delivery sent, or taken by another worker,
    is left alone."""
    from lianfu.messaging.sending import send_one

    return send_one(delivery_id)


@task()
def send_due_task() -> dict[str, int]:
    """Drain every due delivery, for a deployment whose scheduler enqueues tasks
    instead of running `lianfu messaging send --once`."""
    from lianfu.messaging.sending import send_due

    return dict(send_due())


@task()
def send_digests_task(day: str = "") -> dict[str, int]:
    """Queue the daily digest of ``day`` (YYYY-MM-DD; empty: today) for the
    users who chose it; run by the scheduler once a day. Running it twice for a
    day queues nothing the second time."""
    from datetime import date

    from lianfu.messaging.digest import send_digests

    run = send_digests(date.fromisoformat(day) if day else None)
    return {"users": run.users, "queued": run.queued}
