"""One firm's way through the four syncs, as times on the office-hours clock
(history_plan.at), drawn to end at the firm's target stage.

Each step follows the previous one after a drawn delay scaled by the firm's
pace; the longest possible path (package, confirmation, return, resubmission,
approval, self-check, failed and passed inspections, restart) still ends
before hour 120, so nothing spills past 6 March. The steps are then spread
out towards 6 March by a drawn factor (less for big firms), so restarts go on
all through the window instead of bunching in its first days. Paths by target:

    not surveyed  a package member that has not answered (awaiting, no survey);
                  outside every package, nothing at all
    surveyed      awaiting, or returned and not yet resubmitted (outside every
                  package: mostly nothing filed yet)
    filed         submitted (a quarter after a return and a resubmission)
    approved      approved; no inspection yet, or the latest one failed
    prevention    approved and inspected (a fifth failed once first)
    restarted     the same, then the confirmation; or under a county override"""
import random
from dataclasses import dataclass, field

from lianfu.demo.history_plan import ABOVE, END_H, LEAD, MEMBER, SMALL, Firm
from lianfu.registry.stages import STAGE_ORDER, Stage
from lianfu.restart.enums import FilingStatus

AWAITING, SUBMITTED = FilingStatus.AWAITING_MEMBER.value, FilingStatus.SUBMITTED.value
APPROVED, RETURNED = FilingStatus.APPROVED.value, FilingStatus.RETURNED.value
# Delays in office hours (before pace). Their sum stays under 120 hours.
FIRST_SURVEY_BY, SURVEY_GAP = 30, (12, 48)
DELAY = {"confirm": (2, 20), "file": (1, 12), "return": (2, 10), "resubmit": (4, 14), "approve": (2, 10),
         "self_check": (0.5, 6), "inspect": (2, 10), "reinspect": (6, 14), "restart": (1, 12),
         "override": (2, 12)}
MEMBER_RETURNED, ALONE_RETURNED = 0.4, 0.15  # of surveyed firms with a package filing / of the others
RESUBMITTED, RESUBMITTED_DEFAULT = {Stage.FILED: 0.25}, 0.2  # returned once, then resubmitted
FAILED_FIRST_SHARE, SELF_CHECK_SHARE = 0.2, 0.7
SURVEYS = ((1, 35), (2, 40), (3, 25))
SPREAD = {LEAD: 0.3, ABOVE: 0.7, MEMBER: 1.0, SMALL: 1.0}  # at most, of the time left until 6 March


@dataclass
class FilingPlan:
    package: int | None                 # the lead, or None when filed alone
    steps: list[tuple[float, str]]      # (hour, status): creation first, then each transition
    reason: str = ""                    # why it was returned, if it was

    @property
    def status(self) -> str:
        return self.steps[-1][1]


@dataclass
class Workflow:
    firm: Firm
    surveys: list[float] = field(default_factory=list)
    filing: FilingPlan | None = None
    self_check: float | None = None
    inspections: list[tuple[float, bool]] = field(default_factory=list)  # (hour, passed)
    override: float | None = None
    restart: float | None = None

    def last_hour(self) -> float | None:
        hours = [hour for hour, _status in self.filing.steps] if self.filing else []
        hours += [hour for hour, _passed in self.inspections]
        hours += [hour for hour in (self.self_check, self.override, self.restart) if hour is not None]
        return max(hours, default=None)

    def stretch(self, start: float, end: float) -> None:
        """Move every step after ``start`` so that the last one falls at ``end``."""
        last = self.last_hour()
        if last is None or last <= start:
            return
        scale = (end - start) / (last - start)

        def move(hour: float) -> float:
            return round(start + (hour - start) * scale, 2)

        if self.filing:
            self.filing.steps = [(move(hour), status) for hour, status in self.filing.steps]
        self.inspections = [(move(hour), passed) for hour, passed in self.inspections]
        self.self_check, self.override, self.restart = (
            None if hour is None else move(hour) for hour in (self.self_check, self.override, self.restart))


class _Clock:
    def __init__(self, rng: random.Random, start: float, pace: float):
        self.rng, self.now, self.pace = rng, start, pace

    def after(self, delay: str) -> float:
        low, high = DELAY[delay]
        self.now = round(self.now + self.rng.uniform(low, high) * self.pace, 2)
        return self.now


def survey_hours(rng: random.Random, firm: Firm) -> list[float]:
    """1–3 surveys, the first in the county's first days of 摸底."""
    if firm.target == Stage.NOT_SURVEYED:
        return []
    count = rng.choices(*zip(*SURVEYS))[0]
    hours = [round(rng.uniform(0, FIRST_SURVEY_BY), 2)]
    while len(hours) < count and hours[-1] + SURVEY_GAP[0] < END_H:
        hour = round(hours[-1] + rng.uniform(*SURVEY_GAP), 2)
        if hour >= END_H:
            break
        hours.append(hour)
    return hours


def plan_workflow(rng: random.Random, firm: Firm, package_hour: float | None, reasons: tuple[str, ...]) -> Workflow:
    flow = Workflow(firm, surveys=survey_hours(rng, firm))
    start = package_hour if firm.package is not None else (flow.surveys or [0.0])[0]
    _walk(rng, flow, _Clock(rng, start, firm.pace), reasons)
    last = flow.last_hour()
    if last is not None:
        flow.stretch(start, last + (END_H - 0.5 - last) * rng.random() * SPREAD[firm.kind])
    return flow


def _walk(rng: random.Random, flow: Workflow, clock: _Clock, reasons: tuple[str, ...]) -> None:
    firm = flow.firm
    flow.filing = _first_filing(rng, firm, clock)
    if firm.override:
        flow.override = clock.after("override")
        flow.restart = clock.after("restart")
    elif flow.filing is not None and flow.filing.status != AWAITING:
        _review(rng, flow.filing, firm, clock, reasons)
        if STAGE_ORDER[firm.target] >= STAGE_ORDER[Stage.APPROVED]:
            _prevention(rng, flow, clock)
        if firm.target == Stage.RESTARTED:
            flow.restart = clock.after("restart")


def _first_filing(rng: random.Random, firm: Firm, clock: _Clock) -> FilingPlan | None:
    """The filing as first submitted, or left waiting for the member; None
    when the firm has not filed. Half the firms restarting under an override
    never got as far as a submitted filing."""
    target = firm.target
    if firm.package is None:
        stays_out = (target == Stage.NOT_SURVEYED or (target == Stage.SURVEYED and rng.random() > ALONE_RETURNED)
                     or (firm.override and rng.random() < 0.5))
        return None if stays_out else FilingPlan(None, [(clock.after("file"), SUBMITTED)])
    if firm.package == firm.pk:
        return FilingPlan(firm.pk, [(clock.now, SUBMITTED)])
    filing = FilingPlan(firm.package, [(clock.now, AWAITING)])
    unanswered = (target == Stage.NOT_SURVEYED or (target == Stage.SURVEYED and rng.random() > MEMBER_RETURNED)
                  or (firm.override and rng.random() < 0.5))
    if not unanswered:
        filing.steps.append((clock.after("confirm"), SUBMITTED))
    return filing


def _review(rng: random.Random, filing: FilingPlan, firm: Firm, clock: _Clock, reasons: tuple[str, ...]) -> None:
    """Surveyed firms with a filing had it returned; the others may have had it
    returned once, resubmitted; all but the filed ones are approved. A return
    comes after every package naming the firm was filed: a returned filing is
    no longer active, so a later package would have filed the firm again."""
    target = firm.target
    if target == Stage.SURVEYED or rng.random() < RESUBMITTED.get(target, RESUBMITTED_DEFAULT):
        clock.now = max(clock.now, firm.named_until)
        filing.steps.append((clock.after("return"), RETURNED))
        filing.reason = rng.choice(reasons)
        if target == Stage.SURVEYED:
            return
        filing.steps.append((clock.after("resubmit"), SUBMITTED))
    if target != Stage.FILED:
        filing.steps.append((clock.after("approve"), APPROVED))


def _prevention(rng: random.Random, flow: Workflow, clock: _Clock) -> None:
    """A self-check (usually), then the town's inspection: approved firms have
    none yet or failed their latest; the others passed, some at a second visit."""
    if rng.random() < SELF_CHECK_SHARE:
        flow.self_check = clock.after("self_check")
    if flow.firm.target == Stage.APPROVED:
        if rng.random() < 0.5:
            flow.inspections.append((clock.after("inspect"), False))
        return
    if rng.random() < FAILED_FIRST_SHARE:
        flow.inspections.append((clock.after("inspect"), False))
        flow.inspections.append((clock.after("reinspect"), True))
    else:
        flow.inspections.append((clock.after("inspect"), True))
