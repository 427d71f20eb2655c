"""The county's figures, one definition each (docs/metrics.md), for any day and
any division (a county, a town), in total, by town and by industry.

- Restart rate: firms whose restart was confirmed on or before the day, over the
  firms of the division; the same of above-scale firms.
- Capacity: restart/capacity.py's capacity now of each firm, weighted by its
  latest surveyed headcount on or before the day (as the chain boards weigh it).
- On-duty rate: workforce's definition (workforce/onduty.py): on duty over
  headcount, summed over the firms that have a figure.
- Chain completion: over the chains whose lead firm is in the division, the
  suppliers restarted on or before the day over all suppliers (the chain
  boards' completion, summed); and how many chains have every supplier restarted.
- Tickets closed on time: of the tickets of the division's firms resolved on
  or before the day, those resolved within their deadline (a ticket reopened
  and resolved again counts by its latest resolution).

Grouped by the firm's town and by its industry's GB/T 4754 division (the first
two digits; "" unknown); a chain counts in its lead firm's town and industry.
Every figure is rebuilt from dated records, so a past day reads as it was."""
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain, ChainMember
from lianfu.common.bulk import chunks
from lianfu.helpdesk.models import Ticket
from lianfu.registry.models import Enterprise
from lianfu.restart.capacity import capacity_on, latest_surveys_on
from lianfu.restart.models import RestartConfirmation
from lianfu.workforce.onduty import OnDutyBook


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Tally:
    firms: int = 0
    restarted: int = 0
    above_scale: int = 0
    above_scale_restarted: int = 0
    capacity_x_headcount: int = 0
    headcount: int = 0
    on_duty: int = 0
    staffed: int = 0
    chains: int = 0
    chains_complete: int = 0
    chain_suppliers: int = 0
    chain_suppliers_restarted: int = 0
    resolved: int = 0
    resolved_on_time: int = 0

    @property
    def restart_rate(self) -> float | None:
        return share(self.restarted, self.firms)

    @property
    def above_scale_restart_rate(self) -> float | None:
        return share(self.above_scale_restarted, self.above_scale)

    @property
    def capacity(self) -> float | None:
        return round(self.capacity_x_headcount / self.headcount, 1) if self.headcount else None

    @property
    def on_duty_rate(self) -> float | None:
        return share(self.on_duty, self.staffed)

    @property
    def chain_completion(self) -> float | None:
        return share(self.chain_suppliers_restarted, self.chain_suppliers)

    @property
    def on_time_rate(self) -> float | None:
        return share(self.resolved_on_time, self.resolved)

    @classmethod
    def from_json(cls, data: dict) -> "Tally":
        known = {f.name for f in fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in known})


@dataclass
class Figures:
    day: date
    prefix: str
    total: Tally = field(default_factory=Tally)
    by_town: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_industry: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, town: str, industry: str, **counts: int) -> None:
        for tally in (self.total, self.by_town[town], self.by_industry[industry]):
            for name, value in counts.items():
                setattr(tally, name, getattr(tally, name) + value)

    def as_json(self) -> dict:
        return {"total": asdict(self.total), "by_town": {k: asdict(v) for k, v in sorted(self.by_town.items())},
                "by_industry": {k: asdict(v) for k, v in sorted(self.by_industry.items())}}

    @classmethod
    def from_json(cls, day: date, prefix: str, data: dict) -> "Figures":
        return cls(day, prefix, Tally.from_json(data["total"]),
                   {k: Tally.from_json(v) for k, v in data["by_town"].items()},
                   {k: Tally.from_json(v) for k, v in data["by_industry"].items()})


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def firms_of(prefix: str):
    return Enterprise.objects.filter(division__code__startswith=prefix)


def duty_book(prefix: str) -> OnDutyBook:
    """The on-duty evidence of the division's firms, read once: ask it for as many days as needed."""
    with scopes_disabled():
        return OnDutyBook(firms_of(prefix))


def figures_on(day: date, prefix: str, book: OnDutyBook | None = None) -> Figures:
    """Every figure of the firms whose division code starts with ``prefix`` on
    ``day``; ``book``: duty_book(prefix), when the caller asks for several days."""
    out = Figures(day, prefix)
    with scopes_disabled():
        division_firms = firms_of(prefix)
        book = book or OnDutyBook(division_firms, day=day)
        firms = {pk: (town or "", (industry or "")[:2], above)
                 for pk, town, industry, above in division_firms
                 .values_list("pk", "division_id", "industry_id", "above_scale")}
        restarted = set(RestartConfirmation.objects.filter(enterprise__division__code__startswith=prefix,
                                                           restarted_on__lte=day)
                        .values_list("enterprise_id", flat=True))
        surveys = latest_surveys_on(division_firms, day, ("capacity_pct", "headcount_total"))
        capacity = capacity_on(division_firms, day, {pk: (on, pct) for pk, (on, pct, _head) in surveys.items()})
        duty = book.firms_on(day, firms)
        _tickets(out, prefix, day, firms)
        _chains(out, prefix, day, firms)
    # Summed per (town, industry) first: 30,000 firms, a few hundred groups.
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * len(FIRM_COUNTS))
    for pk, (town, industry, above) in firms.items():
        sums = groups[(town, industry)]
        started = pk in restarted
        sums[0] += 1
        sums[1] += started
        sums[2] += above
        sums[3] += above and started
        if pk in capacity and pk in surveys:
            headcount = surveys[pk][2]
            sums[4] += capacity[pk].pct * headcount
            sums[5] += headcount
        figure = duty.get(pk)
        if figure is not None:
            sums[6] += figure.on_duty
            sums[7] += figure.headcount
    for (town, industry), sums in groups.items():
        out.add(town, industry, **{name: int(value) for name, value in zip(FIRM_COUNTS, sums, strict=True)})
    return out


# The counts figures_on sums over firms, in the order of its running sums.
FIRM_COUNTS = ("firms", "restarted", "above_scale", "above_scale_restarted", "capacity_x_headcount", "headcount",
               "on_duty", "staffed")


def _tickets(out: Figures, prefix: str, day: date, firms: dict) -> None:
    resolved = (Ticket.objects.filter(town__code__startswith=prefix, resolved_at__lt=end_of(day))
                .values_list("enterprise_id", "resolved_on_time"))
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for firm, on_time in resolved:
        town, industry, _above = firms.get(firm, ("", "", False))
        sums = groups[(town, industry)]
        sums[0] += 1
        sums[1] += bool(on_time)
    for (town, industry), (count, on_time) in groups.items():
        out.add(town, industry, resolved=count, resolved_on_time=on_time)


def chain_progress(prefix: str, day: date) -> tuple[dict[int, int], dict[int, list[int]], set[int]]:
    """The chains whose lead firm is in the division: chain -> lead, chain ->
    its suppliers, and which of those suppliers restarted on or before ``day``."""
    chains = dict(Chain.objects.filter(lead__division__code__startswith=prefix).values_list("pk", "lead_id"))
    members = defaultdict(list)
    for chain, supplier in ChainMember.objects.filter(chain_id__in=list(chains)).values_list("chain_id",
                                                                                               "enterprise_id"):
        members[chain].append(supplier)
    suppliers = {pk for listed in members.values() for pk in listed}
    restarted = set()
    for chunk in chunks(sorted(suppliers), 5000):
        restarted.update(RestartConfirmation.objects.filter(enterprise_id__in=chunk, restarted_on__lte=day)
                         .values_list("enterprise_id", flat=True))
    return chains, members, restarted


def _chains(out: Figures, prefix: str, day: date, firms: dict) -> None:
    chains, members, restarted = chain_progress(prefix, day)
    for chain, lead in chains.items():
        town, industry, _above = firms.get(lead, ("", "", False))
        listed = members.get(chain, [])
        done = sum(pk in restarted for pk in listed)
        out.add(town, industry, chains=1, chains_complete=int(done == len(listed)), chain_suppliers=len(listed),
                chain_suppliers_restarted=done)
