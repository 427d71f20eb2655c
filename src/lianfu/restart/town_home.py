"""A town officer's first screen (what needs me today in my town): the town's
firms by four-sync stage, the firms nobody has surveyed yet, and the firms that
went backwards — whose capacity now (restart/capacity.py, the one rule) is
lower than a week before, the largest drop first."""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from lianfu.common.roles import Role
from lianfu.registry.models import Enterprise
from lianfu.registry.queries import stage_q
from lianfu.registry.stages import STAGE_COLOURS, Stage
from lianfu.restart.capacity import capacity_on

SHOWN = 10
BACKWARDS_DAYS = 7


@dataclass(frozen=True)
class StageCount:
    stage: Stage
    count: int

    @property
    def label(self) -> str:
        return str(self.stage.label)

    @property
    def colour(self) -> str:
        return STAGE_COLOURS[self.stage]


@dataclass(frozen=True)
class WentBackwards:
    enterprise: Enterprise
    before: int
    now: int

    @property
    def drop(self) -> int:
        return self.before - self.now


def stage_counts(firms) -> list[StageCount]:
    """Every stage in order, with how many of ``firms`` are at it (0 included)."""
    counts = dict(firms.annotate(at=Coalesce("stage_record__stage", Value(Stage.NOT_SURVEYED.value)))
                  .order_by().values("at").annotate(n=Count("id")).values_list("at", "n"))
    return [StageCount(stage, counts.get(stage.value, 0)) for stage in Stage]


def went_backwards(firms, today, days: int = BACKWARDS_DAYS) -> list[WentBackwards]:
    ids = list(firms.values_list("pk", flat=True))
    now, before = capacity_on(ids, today), capacity_on(ids, today - timedelta(days=days))
    dropped = {pk: (before[pk].pct, now[pk].pct) for pk in now if pk in before and now[pk].pct < before[pk].pct}
    named = firms.filter(pk__in=list(dropped)).select_related("division").in_bulk()
    rows = [WentBackwards(named[pk], *pair) for pk, pair in dropped.items()]
    return sorted(rows, key=lambda r: (-r.drop, r.enterprise.name))


def town_cards(user) -> dict:
    if user.role != Role.TOWN_OFFICER:
        return {}
    firms = Enterprise.objects.all()      # scoped to the officer's town
    not_surveyed = firms.filter(stage_q(Stage.NOT_SURVEYED))
    backwards = went_backwards(firms, timezone.localdate())
    return {"town": {
        "stages": stage_counts(firms),
        "not_surveyed": list(not_surveyed.select_related("division").order_by("-above_scale", "-employees", "name")
                             [:SHOWN]),
        "not_surveyed_total": not_surveyed.count(),
        "backwards": backwards[:SHOWN], "backwards_total": len(backwards), "backwards_days": BACKWARDS_DAYS,
    }}
