from dataclasses import asdict

from django_tasks import task


@task()
def sweep_task() -> dict[str, int]:
    """The deadline clock's side effects (helpdesk/domain/sweep.py), for a
    deployment whose scheduler enqueues tasks instead of running the command."""
    from lianfu.helpdesk.domain import sweep
    return asdict(sweep())
