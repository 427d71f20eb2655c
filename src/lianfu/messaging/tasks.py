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
