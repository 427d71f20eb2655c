"""Figures whose one definition lives in an app above the pages that show
them: the on-duty rate is defined by workforce (it reads rosters and surveys),
and restart's chain boards show it. The defining app registers its function
from its AppConfig.ready(); pages call through here, so no layer imports
upwards and no page computes the figure its own way (docs/metrics.md)."""
import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

# firm ids, day -> {firm id: (on duty, headcount)} for the firms that have a figure
OnDutyFn = Callable[[Iterable[int], dt.date], dict[int, tuple[int, int]]]
_on_duty: OnDutyFn | None = None


def provide_on_duty(function: OnDutyFn) -> None:
    global _on_duty
    _on_duty = function


def on_duty(firm_ids: Iterable[int], day: dt.date) -> dict[int, tuple[int, int]]:
    if _on_duty is None:
        raise ImproperlyConfigured("No on-duty definition is registered (the workforce app provides it).")
    return _on_duty(firm_ids, day)
