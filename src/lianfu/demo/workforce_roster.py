"""Every county firm's workers as rows ready to insert (no model instances:
158,000 of them), with their dated states (workforce_days), taken in batches
so that the county-size demo's 1.6 million never sit in memory at once.

Each worker is drawn from the origins (workforce_origins); a firm with a
cluster of fellow villagers (老乡) takes part of its migrants from one or two
counties of its own. The few workers with a retired code, an address-only or
an unknown origin are chosen among all workers by index, so their numbers are
exact (workforce_origins.special_counts)."""
import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from lianfu.common import pii
from lianfu.common.masking import mask_id_number, mask_phone
from lianfu.demo import workforce_days as days
from lianfu.demo.workforce_origins import Origins, Place, special_counts
from lianfu.demo.workforce_people import PeopleMaker, Person
from lianfu.demo.workforce_texts import position
from lianfu.workforce.enums import OriginSource, StateSource, WorkerState

# The columns of a worker row, in this order (as workforce/importing/workers.py writes them).
WORKER_FIELDS = ("enterprise", "name", "id_hash", "id_masked", "phone_masked", "phone_hash", "sealed", "sealed_digest",
                 "origin", "origin_source", "insured_from", "position", "state", "state_since", "wants_return",
                 "version", "created_at", "updated_at")
CHANGE_FIELDS = ("worker", "enterprise", "day", "state", "source", "created_at")
CLUSTERED, FELLOW_SHARE = 0.5, 0.35      # firms with fellow villagers; share of their migrants from them
WANTS_RETURN = {"high": 0.8, "": 0.4, "medium": 0.5}   # still away, not coming soon: says they want to return
IMPORTED_AT, CHANGED_AT = dt.time(9), dt.time(18)


@dataclass
class Firm:
    pk: int
    industry: str | None
    employees: int
    surveys: list[tuple[dt.date, int, int]]
    restarted_on: dt.date | None


class Drawn(NamedTuple):
    person: Person
    place: Place             # where they are from (for the unknown ones too: it sets when they come back)
    origin: str | None       # what the records place them in
    source: str              # OriginSource


@dataclass
class Batch:
    """Workers made and not yet written."""
    rows: list[tuple] = field(default_factory=list)
    states: list[list[tuple[int, str]]] = field(default_factory=list)   # per row: (day index, state)
    sources: list[str] = field(default_factory=list)                    # per row: the source of later changes


@dataclass
class Tally:
    """What the summary tells, counted as the workers are made."""
    counts: list[list[int]] = field(default_factory=list)   # per firm: on duty per day
    origins: Counter = field(default_factory=Counter)       # origin source -> workers
    provinces: Counter = field(default_factory=Counter)     # province of origin -> workers
    places: set = field(default_factory=set)                # counties of origin
    final: Counter = field(default_factory=Counter)         # state on the last day -> workers
    wants_return: int = 0
    high_risk: int = 0                                      # workers from a high-risk origin
    high_risk_away: int = 0                                 # of them, not on duty on the last day

    @property
    def workers(self) -> int:
        return sum(self.origins.values())


def moment(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_default_timezone())


def _moments() -> tuple[dt.datetime, list[dt.datetime]]:
    """When the first roster came in, and when each day's changes were recorded."""
    return moment(days.FIRST_DAY, IMPORTED_AT), [moment(day, CHANGED_AT) for day in days.DAYS]


class RosterMaker:
    def __init__(self, origins: Origins, people: random.Random, timeline: random.Random, workers: int):
        self.origins, self.rng, self.timeline = origins, people, timeline
        self.maker = PeopleMaker(people)
        counts = special_counts(workers)
        picked = people.sample(range(workers), sum(counts.values()))
        self.special: dict[int, str] = {}
        for kind, count in counts.items():
            self.special.update((index, kind) for index in picked[:count])
            picked = picked[count:]
        self.index = 0
        self.batch, self.tally = Batch(), Tally()
        self.imported_at, self.changed_at = _moments()

    def add(self, firm: Firm) -> None:
        rng = self.rng
        fellows = [self.origins.draw_migrant(rng) for _ in range(2)] if rng.random() < CLUSTERED else []
        drawn = [self._worker(fellows) for _ in range(firm.employees)]
        ready = [days.ready_day(self.timeline, d.place.local, d.place.risk) for d in drawn]
        plan = days.firm_days(self.timeline, firm.employees, firm.surveys, firm.restarted_on)
        counts = days.on_duty_counts(plan, ready)
        flips = days.changes_by_rank(counts, firm.employees)
        states = [[]] * firm.employees
        for rank, i in enumerate(days.return_order(ready)):
            states[i] = days.states(self.timeline, flips[rank], drawn[i].place.local, ready[i])
        for worker, worker_states, worker_ready in zip(drawn, states, ready):
            self._row(firm, worker, worker_states, worker_ready)
            self.batch.sources.append(plan.source)
        self.tally.counts.append(counts)

    def take(self) -> Batch:
        """The workers made since the last call."""
        batch, self.batch = self.batch, Batch()
        return batch

    def _worker(self, fellows: list[Place]) -> Drawn:
        rng, origins, make, kind = self.rng, self.origins, self.maker.person, self.special.get(self.index)
        self.index += 1
        if kind == "old_code":
            code = origins.draw_retired(rng)
            return Drawn(make(code.place, region=code.old_code, born_in=code.born), code.place, code.place.code,
                         OriginSource.OLD_CODE)
        if kind == "address":
            place = origins.draw_by_address(rng)
            return Drawn(make(place, region=place.unplaceable), place, place.code, OriginSource.ADDRESS)
        if kind == "unknown":
            place = origins.draw_by_address(rng)
            return Drawn(make(place, region=place.unplaceable, address=""), place, None, OriginSource.UNKNOWN)
        place = origins.draw(rng)
        if fellows and not place.local and rng.random() < FELLOW_SHARE:
            place = rng.choice(fellows)
        return Drawn(make(place), place, place.code, OriginSource.ID_NUMBER)

    def _row(self, firm: Firm, worker: Drawn, states: list[tuple[int, str]], ready: int) -> None:
        person, place, origin, source = worker
        last_day, state = states[-1]
        away = state in (WorkerState.AWAY, WorkerState.RETURNING)
        wants = away and not place.local and (
            state == WorkerState.RETURNING or ready <= days.SOON or self.rng.random() < WANTS_RETURN[place.risk])
        self.batch.rows.append((
            firm.pk, person.name, pii.keyed_hash(person.id_number), mask_id_number(person.id_number),
            mask_phone(person.phone), pii.phone_key(person.phone),
            pii.seal(person.id_number, person.phone, person.address),
            pii.keyed_hash(pii.SEPARATOR.join((person.id_number, person.phone, person.address))),
            origin, source, person.insured_from, position(self.rng, firm.industry), state, days.DAYS[last_day],
            wants, 1, self.imported_at, self.changed_at[last_day]))
        self.batch.states.append(states)
        self._count(place, origin, source, state, wants)

    def _count(self, place: Place, origin: str | None, source: str, state: str, wants: bool) -> None:
        tally = self.tally
        tally.origins[source] += 1
        tally.provinces[origin[:2] if origin else ""] += 1
        tally.places.add(origin)
        tally.final[state] += 1
        tally.wants_return += wants
        if origin and place.risk == "high":
            tally.high_risk += 1
            tally.high_risk_away += state not in (WorkerState.AT_WORK, WorkerState.BACK)


def change_rows(batch: Batch, pks: list[int]):
    """The WorkerStateChange rows of a batch's workers (``pks``: in the order of its rows)."""
    imported_at, changed_at = _moments()
    for pk, row, states, later in zip(pks, batch.rows, batch.states, batch.sources):
        for k, state in states:
            if k == 0:
                yield pk, row[0], days.DAYS[0], state, StateSource.IMPORT, imported_at
            else:
                yield pk, row[0], days.DAYS[k], state, later, changed_at[k]
