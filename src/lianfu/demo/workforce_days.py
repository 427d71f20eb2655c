"""Who is on duty at each firm on each day from Thursday 20 February to
Friday 6 March 2020 (the end of the restart history), and the dated states
that say so.

The rules, the first one fixed by the restart history:

1. Pins. On every day a firm was surveyed, exactly ``survey_target`` of its
   workers are on duty (at work or back): the survey's headcount_on_duty when
   its headcount_total is the firm's employees, which it is for every survey
   the demo writes (history_surveys) and which is the size of the roster;
   otherwise the survey's rate applied to the roster, rounded half up (the
   rates then agree to rounding). The later survey of a day stands, as in
   workforce/onduty.py. So on every survey day the roster's figure is the
   survey's, and on every day OnDutyBook's figure of a firm is its roster's:
   when the survey is the newer evidence, the roster has not changed since the
   survey it agreed with. (The survey's headcount_away is not matched: a
   worker neither on duty nor away has no state of its own.)
2. Between pins the count is what the firm would have (rule 3), held between
   the previous pin and the next: never below a survey already made, never
   above the next one, so it rises day by day when the surveys do.
3. A firm would have every worker who is ready (locals from the first day,
   migrants on the day they come back) once it is open, and at most its
   skeleton crew (guards, maintenance; its first survey's crew) before.
   Open: from its restart confirmation; a surveyed firm never confirmed stays
   closed through the window; a firm never surveyed opens on a drawn day,
   most of them on the first (small workshops outside every chain).
4. Who: the firm's workers in return order (ready day, then the order they
   were drawn in), locals first. The worker of rank i is on duty on day k
   exactly when i < count[k].

States: the first day is the import (at work, back for a migrant on duty
from the start, away, or returning for one arriving the next day); every later
change is dated the day it happens: at work (a local) or back (a migrant) on
the first day on duty, returning on the day before for some migrants, away
when a count falls (never, for the demo's surveys). Later changes come from
the surveys at a surveyed firm and from the firm's next roster (import)
elsewhere."""
import datetime as dt
import math
import random
from dataclasses import dataclass

from lianfu.demo import history_plan
from lianfu.workforce.enums import StateSource, WorkerState

FIRST_DAY = dt.date(2020, 2, 20)
LAST_DAY = dt.date(*history_plan.FIRST_DAY) + dt.timedelta(days=history_plan.DAYS - 1)
DAYS = [FIRST_DAY + dt.timedelta(days=k) for k in range((LAST_DAY - FIRST_DAY).days + 1)]
AFTER = len(DAYS)  # a day index past the window: ready, or open, only after 6 March
SOON = AFTER + 2   # ready within two days after the window: returning on its last day

# Migrants come back like Yinzhou's workers in 2020: a share by day k of
# RETURN_SHARE * (1 - exp(-k / RETURN_DAYS)), none on the first day.
RETURN_SHARE, RETURN_DAYS = 0.96, 3.5
MEDIUM_DELAY, HIGH_DELAY, HIGH_STUCK = 3, 6, 0.85  # days later / share never back in the window
RETURNING_SHARE = 0.4                              # of migrants coming back: returning the day before
# Firms never surveyed: open on the first day, on a later day of the window, or after it.
OPEN_FIRST_DAY, OPEN_AFTER = 0.75, 0.05
SKELETON = (0.02, 0.08)                            # share of employees kept on when nobody surveyed them


def survey_target(on_duty: int, total: int, employees: int) -> int:
    """The roster's on-duty count on the day of a survey (rule 1)."""
    if total == employees:
        return min(on_duty, employees)
    if total <= 0:
        return 0
    return min(employees, math.floor(on_duty * employees / total + 0.5))


def day_index(day: dt.date) -> int:
    return (day - FIRST_DAY).days


def ready_day(rng: random.Random, local: bool, risk: str) -> int:
    """The day index a worker could be on duty from (rule 3); may lie past the window."""
    if local:
        return 0
    if risk == "high" and rng.random() < HIGH_STUCK:
        return AFTER + 30
    u = rng.random()
    if u >= RETURN_SHARE:
        return AFTER + 10
    day = max(1, math.ceil(-RETURN_DAYS * math.log(1 - u / RETURN_SHARE)))
    return day + {"medium": MEDIUM_DELAY, "high": HIGH_DELAY}.get(risk, 0)


@dataclass
class FirmDays:
    employees: int
    surveyed: bool
    pins: dict[int, int]   # day index -> on duty (rule 1)
    open_day: int          # day index; AFTER: closed through the window
    skeleton: int

    @property
    def source(self) -> str:
        return StateSource.SURVEY if self.surveyed else StateSource.IMPORT


def firm_days(rng: random.Random, employees: int, surveys: list[tuple[dt.date, int, int]],
              restarted_on: dt.date | None) -> FirmDays:
    """``surveys``: (day, on duty, headcount) in the order they were made."""
    pins = {}
    for day, on_duty, total in surveys:
        if FIRST_DAY <= day <= LAST_DAY:
            pins[day_index(day)] = survey_target(on_duty, total, employees)   # the later survey of a day stands
    if restarted_on is not None:
        open_day = max(0, day_index(restarted_on))
    elif surveys:
        open_day = AFTER
    else:
        u = rng.random()
        open_day = 0 if u < OPEN_FIRST_DAY else AFTER if u > 1 - OPEN_AFTER else rng.randint(1, AFTER - 1)
    first_pin = pins[min(pins)] if pins else None
    skeleton = first_pin if first_pin is not None else round(employees * rng.uniform(*SKELETON))
    return FirmDays(employees, bool(surveys), pins, open_day, skeleton)


def on_duty_counts(firm: FirmDays, ready: list[int]) -> list[int]:
    """The firm's on-duty count on each day (rules 1–3); ``ready``: its workers' ready days."""
    ready_by = [0] * len(DAYS)
    for day in ready:
        if day < AFTER:
            ready_by[day] += 1
    for k in range(1, len(DAYS)):
        ready_by[k] += ready_by[k - 1]
    pinned = sorted(firm.pins)
    counts, previous = [], 0
    for k in range(len(DAYS)):
        if k in firm.pins:
            previous = firm.pins[k]
            counts.append(previous)
            continue
        wanted = ready_by[k] if k >= firm.open_day else min(ready_by[k], firm.skeleton)
        following = next((firm.pins[p] for p in pinned if p > k), firm.employees)
        counts.append(min(max(wanted, previous), following))
    return counts


def return_order(ready: list[int]) -> list[int]:
    """Worker indexes by rank (rule 4)."""
    return sorted(range(len(ready)), key=lambda i: (ready[i], i))


def changes_by_rank(counts: list[int], employees: int) -> list[list[tuple[int, bool]]]:
    """(day index, on duty) each time the worker of each rank starts or stops being on duty, the first day included."""
    flips: list[list[tuple[int, bool]]] = [[(0, rank < counts[0])] for rank in range(employees)]
    for k in range(1, len(counts)):
        low, high = sorted((counts[k - 1], counts[k]))
        for rank in range(low, high):
            flips[rank].append((k, counts[k] > counts[k - 1]))
    return flips


def states(rng: random.Random, flips: list[tuple[int, bool]], local: bool, ready: int) -> list[tuple[int, str]]:
    """The worker's dated states (day index, state), from their on-duty flips."""
    on_state = WorkerState.AT_WORK if local else WorkerState.BACK
    out = []
    for k, on in flips:
        if on and not local and k >= 1 and rng.random() < RETURNING_SHARE:
            if k - 1 == 0:
                out[-1] = (0, WorkerState.RETURNING)
            elif out[-1][0] < k - 1:
                out.append((k - 1, WorkerState.RETURNING))
        out.append((k, on_state if on else WorkerState.AWAY))
    last_day = AFTER - 1
    if out[-1][1] == WorkerState.AWAY and not local and AFTER <= ready <= SOON and out[-1][0] < last_day:
        out.append((last_day, WorkerState.RETURNING))   # on the road as the window closes
    return out


def county_curve(counts_by_firm: list[list[int]], employees: int) -> list[tuple[dt.date, int, int]]:
    """(day, on duty, headcount) over every firm with workers: OnDutyBook's figure (rule 1)."""
    return [(day, sum(counts[k] for counts in counts_by_firm), employees) for k, day in enumerate(DAYS)]
