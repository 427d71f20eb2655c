"""Whether a liaison officer looks after a firm now, and which towns beyond
their own they read (their service team's). Teams and assignments live in the
liaison app, above every app whose rules ask (registry, restart, helpdesk); the
liaison app registers its answers here when Django starts (LiaisonConfig.ready),
so the lower layers' rules and scopes (common.scoping) can ask without
importing an app above them. Until something registers, nobody is assigned
anything and nobody reads beyond their own division."""
from collections.abc import Callable

_check: Callable[[object, int], bool] | None = None
_towns: Callable[[object], list[str]] | None = None


def register(check: Callable[[object, int], bool], towns: Callable[[object], list[str]]) -> None:
    global _check, _towns
    _check, _towns = check, towns


def is_assigned(user, enterprise_id: int) -> bool:
    return bool(_check is not None and enterprise_id is not None and _check(user, enterprise_id))


def reading_towns(user) -> list[str]:
    """Town codes a liaison officer reads beside their own division."""
    return list(_towns(user)) if _towns is not None else []
