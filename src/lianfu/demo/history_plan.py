"""Who the restart history is about, and where each firm stands by the evening
of Friday 6 March 2020.

Every firm first draws the stage it will have reached (its target), by kind:
lead firms nearly all restarted, above-scale firms mostly, small chain members
lagging, small firms outside every chain mostly never surveyed. The workflow
records are then drawn to lead exactly there (history_workflow), so the
board's shape is chosen here and the records stay consistent with it.

Time runs on a clock of office hours (08:00–18:00, weekends included, as in
February 2020): hour 0 is Monday 24 February 08:00 and hour 120 the end of
6 March, so every record falls in office hours of the window."""
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from lianfu.chains.models import Chain, ChainMember
from lianfu.demo.context import DemoContext
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import Stage

FIRST_DAY, DAYS, HOURS_PER_DAY, OPENS_AT = (2020, 2, 24), 12, 10, 8
END_H = DAYS * HOURS_PER_DAY
PACKAGES_BY_H = 16  # every lead files its package in the first day and a half

LEAD, ABOVE, MEMBER, SMALL = "lead", "above", "member", "small"
# Above-scale firms draw from ABOVE whether or not they supply a chain.
TARGETS = {
    LEAD: ((Stage.RESTARTED, 90), (Stage.PREVENTION_PASSED, 5), (Stage.APPROVED, 5)),
    ABOVE: ((Stage.RESTARTED, 76), (Stage.PREVENTION_PASSED, 7), (Stage.APPROVED, 6), (Stage.FILED, 5),
            (Stage.SURVEYED, 4), (Stage.NOT_SURVEYED, 2)),
    MEMBER: ((Stage.RESTARTED, 59), (Stage.PREVENTION_PASSED, 8), (Stage.APPROVED, 6), (Stage.FILED, 7),
             (Stage.SURVEYED, 9), (Stage.NOT_SURVEYED, 11)),
    SMALL: ((Stage.NOT_SURVEYED, 82), (Stage.SURVEYED, 11), (Stage.FILED, 2), (Stage.APPROVED, 1),
            (Stage.PREVENTION_PASSED, 1), (Stage.RESTARTED, 3)),
}
OVERRIDE_SHARE = 0.02  # of restarted firms other than leads: restarted under a county override
PACE = {LEAD: 0.6, ABOVE: 0.8, MEMBER: 1.0, SMALL: 1.0}  # big firms move faster through the steps


def at(hour: float) -> datetime:
    """The moment ``hour`` office hours into the window."""
    minutes = int(hour * 60)
    day, minute = divmod(minutes, HOURS_PER_DAY * 60)
    start = datetime(*FIRST_DAY, OPENS_AT, tzinfo=timezone.get_default_timezone())
    return start + timedelta(days=day, minutes=minute)


@dataclass
class Firm:
    pk: int
    town: str
    above: bool
    employees: int
    kind: str = SMALL
    package: int | None = None  # the lead whose package holds its filing
    named_until: float = 0.0    # when the last package naming it was filed
    target: Stage = Stage.NOT_SURVEYED
    override: bool = False

    @property
    def pace(self) -> float:
        return PACE[self.kind]


@dataclass
class Package:
    lead: int
    hour: float
    members: list[int]  # in-county members, by tier
    direct: list[int]   # those of tier 1


def load_firms(ctx: DemoContext) -> dict[int, Firm]:
    rows = (Enterprise.objects.filter(division__code__startswith=ctx.county.prefix).order_by("pk")
            .values_list("pk", "division_id", "above_scale", "employees"))
    return {pk: Firm(pk, town, above, employees or 1) for pk, town, above, employees in rows}


def load_packages(ctx: DemoContext, rng: random.Random, firms: dict[int, Firm]) -> list[Package]:
    """One package per lead (every in-county member, as submit_package does by
    default), in the order they were filed."""
    leads = ctx.lead_ids or list(Chain.objects.order_by("pk").values_list("lead_id", flat=True))
    members, direct = defaultdict(list), defaultdict(list)
    for lead, pk, tier in (ChainMember.objects.filter(chain__lead_id__in=leads, in_county=True)
                           .order_by("chain__lead_id", "tier", "enterprise_id")
                           .values_list("chain__lead_id", "enterprise_id", "tier")):
        if pk in firms:
            members[lead].append(pk)
            if tier == 1:
                direct[lead].append(pk)
    packages = [Package(lead, round(rng.uniform(0.5, PACKAGES_BY_H), 2), members[lead], direct[lead])
                for lead in leads if lead in firms]
    return sorted(packages, key=lambda p: p.hour)


def assign(rng: random.Random, firms: dict[int, Firm], packages: list[Package]) -> None:
    """Kinds, packages and targets. A firm's filing sits in the first package
    that named it: later packages leave members already filed alone."""
    for package in packages:
        firms[package.lead].kind = LEAD
        for pk in [package.lead, *package.members]:
            if firms[pk].package is None:
                firms[pk].package = package.lead
            firms[pk].named_until = package.hour  # packages come in time order
    for firm in firms.values():
        if firm.kind != LEAD:
            firm.kind = ABOVE if firm.above else MEMBER if firm.package is not None else SMALL
        stages, weights = zip(*TARGETS[firm.kind])
        firm.target = rng.choices(stages, weights=weights)[0]
        firm.override = (firm.target == Stage.RESTARTED and firm.kind != LEAD and rng.random() < OVERRIDE_SHARE)
