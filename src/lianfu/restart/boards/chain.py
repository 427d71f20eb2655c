"""The chain progress board: reads only (the county's list: summaries.py).

A board is read in a fixed number of bulk queries whatever the chain's size
(one more per 5,000 firms): the members (with place and stage), the lead, the
latest survey of every member the viewer may read (a window query), and the
survey history of those still naming blockers.

Capacity is the one definition of restart/capacity.py (a confirmed restart or
the latest survey, whichever is newer), weighted by surveyed headcount.

Who sees what: survey figures (capacity, headcount, blockers, planned date) are
a firm's own; a viewer reads them only for firms inside their reach (officers:
their jurisdiction; a lead firm: itself) and the stage for everyone else.
Every chain-level figure is computed from the rows the viewer may read, so no
total reveals what a row hides."""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.location import county_label
from lianfu.chains.models import ChainMember
from lianfu.common import figures
from lianfu.registry.models import Enterprise
from lianfu.registry.stages import STAGE_ORDER, Stage
from lianfu.restart.capacity import CapacityNow, capacity_on
from lianfu.restart.enums import Blocker
from lianfu.restart.models import Survey

CHUNK = 5000   # ids per IN (…) list: well under SQLite's parameter limit
BLOCKER_ORDER = {b.value: i for i, b in enumerate(Blocker)}


@dataclass(frozen=True)
class Firm:
    """What ``reaches`` needs of an enterprise, without loading it."""

    pk: int
    division_id: str | None


@dataclass
class Latest:
    """The figures of an enterprise's latest survey the board uses."""

    surveyed_on: date
    capacity_pct: int
    headcount: int
    on_duty: int
    blockers: list
    planned_restart: date | None


def latest_surveys(enterprise_ids) -> dict[int, Latest]:
    """enterprise id -> its latest survey: the newest row per enterprise picked
    by a window function, one query per CHUNK enterprises."""
    ids = sorted(set(enterprise_ids))
    found = {}
    for start in range(0, len(ids), CHUNK):
        ranked = (Survey.objects.filter(enterprise_id__in=ids[start:start + CHUNK])
                  .annotate(rank=Window(RowNumber(), partition_by=[F("enterprise_id")],
                                        order_by=[F("surveyed_on").desc(), F("id").desc()]))
                  .filter(rank=1))
        rows = ranked.values_list("enterprise_id", "surveyed_on", "capacity_pct", "headcount_total",
                                  "headcount_on_duty", "blockers", "planned_restart")
        found.update({pk: Latest(*rest) for pk, *rest in rows})
    return found


def surveyed(latest: dict[int, Latest]) -> dict[int, tuple[date, int]]:
    """The capacity evidence of the latest surveys already read (restart/capacity.py)."""
    return {pk: (survey.surveyed_on, survey.capacity_pct) for pk, survey in latest.items()}


def open_since(latest: dict[int, Latest]) -> dict[int, tuple[str, date]]:
    """enterprise id -> (blocker, since) of its oldest open blocker: among the
    blockers its latest survey names, the one reported without a break for
    longest (since = the first survey of that unbroken run)."""
    ids = sorted(pk for pk, s in latest.items() if s.blockers)
    found = {}
    for start in range(0, len(ids), CHUNK):
        since: dict[int, dict[str, date]] = {}      # blocker -> first day of its current run
        still: dict[int, set] = {}                  # blockers whose run has not ended yet
        history = (Survey.objects.filter(enterprise_id__in=ids[start:start + CHUNK])
                   .order_by("enterprise_id", "-surveyed_on", "-id").values_list("enterprise_id", "surveyed_on",
                                                                                  "blockers"))
        for pk, day, blockers in history.iterator(chunk_size=2000):
            if pk not in since:      # the newest row: the blockers still open
                since[pk], still[pk] = {b: day for b in blockers}, set(blockers)
                continue
            for blocker in list(still[pk]):
                if blocker in blockers:
                    since[pk][blocker] = day
                else:
                    still[pk].discard(blocker)    # the run started after this survey
        for pk, run in since.items():
            found[pk] = min(run.items(), key=lambda item: (item[1], BLOCKER_ORDER.get(item[0], 99)))
    return found


def rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class BoardRow:
    enterprise_id: int
    uscc: str
    name: str
    tier: int                # 0 = the lead firm
    place_code: str          # the town in the county, else the outside county's 6 digits
    place: str
    stage: str
    detail: bool             # whether the viewer may read this firm's survey figures
    surveyed_on: date | None = None
    capacity_pct: int | None = None
    headcount: int | None = None
    on_duty: int | None = None
    planned_restart: date | None = None
    blocker: str | None = None
    blocker_since: date | None = None

    @property
    def on_duty_rate(self) -> float | None:
        return rate(self.on_duty, self.headcount) if self.headcount else None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def blocker_label(self) -> str:
        return str(Blocker(self.blocker).label) if self.blocker in BLOCKER_ORDER else (self.blocker or "")


@dataclass
class Totals:
    """Chain-level figures over the rows the viewer may read (see module doc)."""

    suppliers: int = 0
    restarted: int = 0
    surveyed: int = 0
    capacity_x_headcount: int = 0
    headcount: int = 0       # surveyed headcount: weighs capacity
    staffed: int = 0         # headcount of the on-duty figure (common.figures, docs/metrics.md)
    on_duty: int = 0

    @property
    def completion(self) -> float:
        """Restarted suppliers / suppliers: the figure of every chain page."""
        return round(100 * self.restarted / self.suppliers, 1) if self.suppliers else 100.0

    @property
    def capacity(self) -> float | None:
        """Capacity weighted by headcount: a firm of 500 weighs more than one of 5."""
        return round(self.capacity_x_headcount / self.headcount, 1) if self.headcount else None

    @property
    def on_duty_rate(self) -> float | None:
        return rate(self.on_duty, self.staffed)

    def add(self, latest: Latest | None, capacity: CapacityNow | None = None,
            duty: tuple[int, int] | None = None) -> None:
        """One firm: its capacity now (restart/capacity.py) weighted by its surveyed headcount."""
        if latest is not None:
            self.surveyed += 1
            if capacity is not None:
                self.capacity_x_headcount += capacity.pct * latest.headcount
                self.headcount += latest.headcount
        if duty is not None:
            self.on_duty += duty[0]
            self.staffed += duty[1]


@dataclass
class Board:
    rows: list[BoardRow]
    totals: Totals
    oldest: BoardRow | None = None
    places: list[tuple[str, str]] = field(default_factory=list)


def _member_rows(chain) -> list[tuple]:
    members = (ChainMember.objects.filter(chain=chain)
               .values_list("enterprise_id", "enterprise__uscc", "enterprise__name", "tier", "in_county",
                            "county_code", "enterprise__division_id", "enterprise__division__name",
                            "enterprise__stage_record__stage"))
    lead = (Enterprise.objects.filter(pk=chain.lead_id)
            .values_list("id", "uscc", "name", "division_id", "division__name", "stage_record__stage"))
    rows = [(pk, uscc, name, 0, True, (division or "")[:6], division, town, stage)
            for pk, uscc, name, division, town, stage in lead]
    return rows + list(members)


def chain_board(chain, reaches) -> Board:
    """Every member of the chain and its lead; ``reaches(enterprise)`` says
    whether the viewer may read a firm's survey figures."""
    with scopes_disabled():
        members = _member_rows(chain)
        visible = {pk for pk, *_, division, _town, _stage in members
                   if reaches(Firm(pk, division))}
        latest = latest_surveys(visible)      # the others' surveys are not even read
        blockers = open_since(latest)
        today = timezone.localdate()
        capacity = capacity_on(visible, today, surveyed(latest))
        duty = figures.on_duty(visible, today)
    rows, totals = [], Totals()
    for pk, uscc, name, tier, inside, county, division, town, stage in members:
        row = BoardRow(pk, uscc, name, tier, division if inside else county,
                       (town or "") if inside else county_label(county), stage or Stage.NOT_SURVEYED, pk in visible)
        survey = latest.get(pk)
        if survey is not None:
            row.surveyed_on, row.planned_restart = survey.surveyed_on, survey.planned_restart
            row.blocker, row.blocker_since = blockers.get(pk, (None, None))
        if pk in capacity:
            row.capacity_pct = capacity[pk].pct
        if pk in duty:
            row.on_duty, row.headcount = duty[pk]
        if tier:
            totals.suppliers += 1
            totals.restarted += row.stage == Stage.RESTARTED
        totals.add(survey, capacity.get(pk), duty.get(pk))
        rows.append(row)
    rows.sort(key=lambda r: (r.tier, r.name))
    blocked = [r for r in rows if r.blocker_since]
    oldest = min(blocked, key=lambda r: (r.blocker_since, r.name)) if blocked else None
    places = sorted({(r.place_code or "", r.place) for r in rows}, key=lambda p: (p[1] == "", p[1]))
    return Board(rows, totals, oldest, places)


# Filtering and sorting the rows (pages and exports alike)

BOARD_SORTS = {
    "seq": lambda r: (r.tier, r.name), "name": lambda r: r.name, "tier": lambda r: r.tier,
    "place": lambda r: r.place, "stage": lambda r: STAGE_ORDER[Stage(r.stage)],
    "capacity": lambda r: r.capacity_pct, "on_duty": lambda r: r.on_duty_rate,
    "blocker": lambda r: r.blocker_since, "planned": lambda r: r.planned_restart,
}


def sort_rows(rows: list, sort: str, keys: dict) -> list:
    """Sort by ``keys[sort]`` ('-' for descending); a blank value (hidden or
    unknown) goes last either way, so a hidden figure never orders the rows."""
    name = sort.lstrip("-")
    key = keys.get(name) or next(iter(keys.values()))
    known = [r for r in rows if key(r) is not None]
    blank = [r for r in rows if key(r) is None]
    return sorted(known, key=key, reverse=sort.startswith("-") and name in keys) + blank


def filter_rows(rows: list[BoardRow], *, stage: str = "", place: str = "") -> list[BoardRow]:
    return [r for r in rows if (not stage or r.stage == stage) and (not place or r.place_code == place)]
