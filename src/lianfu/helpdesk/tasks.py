from dataclasses import asdict

from django_tasks import task


@task()
def sweep_task() -> dict[str, int]:
    """The deadline clock's side effects (helpdesk/domain/sweep.py), for a
    deployment whose scheduler enqueues tasks instead of running the command."""
    from lianfu.helpdesk.domain import sweep
    return asdict(sweep())


@task()
def retrain_classifier_task() -> dict[str, int | bool]:
    """Train the classifier on corpus + corrections and swap it in; the previous
    model serves until the swap (classifier/default.py). Enqueued after a
    correction once enough have accumulated; a duplicate queued meanwhile finds
    the corrections learnt and returns without training."""
    from lianfu.helpdesk.classifier import default

    pending = default.corrections_pending()
    if pending < default.RETRAIN_AFTER:
        return {"trained": False, "pending": pending}
    classifier = default.retrain()
    return {"trained": True, "pending": pending, "examples": classifier.size}
