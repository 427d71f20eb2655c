"""Whether a liaison officer looks after a firm now. The assignments live in the
liaison app, above every app whose rules ask (registry, restart, helpdesk); the
liaison app registers its answer here when Django starts (LiaisonConfig.ready),
so the lower layers' rules can ask without importing an app above them. Until
something registers, nobody is assigned anything."""
from collections.abc import Callable

_check: Callable[[object, int], bool] | None = None


def register(check: Callable[[object, int], bool]) -> None:
    global _check
    _check = check


def is_assigned(user, enterprise_id: int) -> bool:
    return bool(_check is not None and enterprise_id is not None and _check(user, enterprise_id))
