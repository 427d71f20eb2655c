"""A firm's surveys, consistent with its workflow: before its restart a firm
runs with a skeleton crew and names what holds it back; after it, capacity
and the crew on duty rise survey by survey. Headcount is the registry's
employees, so the figures add up: on duty + still away ≤ headcount."""
import random
from datetime import timedelta
from decimal import Decimal

from lianfu.demo.history_plan import ABOVE, END_H, LEAD, MEMBER, SMALL, at
from lianfu.demo.history_texts import NEEDS
from lianfu.demo.history_workflow import Workflow
from lianfu.registry.stages import Stage
from lianfu.restart.enums import Blocker
from lianfu.restart.models import Survey

BLOCKER_WEIGHTS = ((Blocker.MATERIAL, 30), (Blocker.LABOUR, 30), (Blocker.LOGISTICS, 20),
                   (Blocker.PREVENTION_SUPPLIES, 20), (Blocker.FUNDS, 8), (Blocker.ORDERS, 6),
                   (Blocker.APPROVALS, 6), (Blocker.UTILITIES, 3))
# Chance that a survey names a blocker: laggards (never restarting in the window)
# nearly always, firms on their way sometimes, restarted firms rarely.
BLOCKED = {"laggard": 0.9, "on_the_way": 0.4, "restarted": 0.15}
NEEDS_SHARE, STOCK_KNOWN = 0.45, 0.75
CAPACITY = {LEAD: (60, 90), ABOVE: (50, 85), MEMBER: (30, 80), SMALL: (30, 80)}  # % at restart
PLANNED_AFTER = (1, 14)  # days after 6 March, for firms not restarting in the window


def restart_capacity(rng: random.Random, kind: str) -> int:
    return 5 * round(rng.uniform(*CAPACITY[kind]) / 5)


class SurveyWriter:
    """Survey rows; ``submitted_by(firm, on_behalf)`` names the user, if any."""

    def __init__(self, rng: random.Random, submitted_by):
        self.rng, self.submitted_by = rng, submitted_by

    def rows(self, flow: Workflow, capacity: int | None) -> list[Survey]:
        rng, firm = self.rng, flow.firm
        rows, cap, on_duty = [], 0, 0
        for hour in flow.surveys:
            restarted = flow.restart is not None and hour >= flow.restart
            cap, on_duty = self._crew(firm.employees, restarted, capacity, cap, on_duty)
            blockers = self._blockers(flow, restarted)
            on_behalf = rng.random() < 0.35
            moment = at(hour)
            rows.append(Survey(
                enterprise_id=firm.pk, surveyed_on=moment.date(), capacity_pct=cap, headcount_total=firm.employees,
                headcount_on_duty=on_duty, headcount_away=round((firm.employees - on_duty) * rng.uniform(0.2, 0.9)),
                stock_days=self._stock(restarted), blockers=[b.value for b in blockers],
                planned_restart=self._planned(flow, hour, moment),
                needs=rng.choice(NEEDS[blockers[0]]) if blockers and rng.random() < NEEDS_SHARE else "",
                submitted_by=self.submitted_by(firm, on_behalf), on_behalf=on_behalf, created_at=moment))
        return rows

    def _crew(self, employees: int, restarted: bool, capacity: int | None, cap: int, on_duty: int):
        """Capacity and crew on duty, never below the previous survey's: a
        skeleton crew (guards, maintenance) before the restart."""
        rng = self.rng
        if restarted:
            cap = min(100, max(cap, capacity) + 5 * rng.randint(0, 3))
            duty = round(employees * cap / 100 * rng.uniform(0.9, 1.05))
        else:
            cap = max(cap, rng.choice((0, 0, 0, 5, 10)))
            duty = round(employees * cap / 100 * rng.uniform(0.5, 1.0))
        return cap, min(employees, max(on_duty, duty, 1 if restarted else 0))

    def _blockers(self, flow: Workflow, restarted: bool) -> list[Blocker]:
        rng = self.rng
        state = "restarted" if restarted else "on_the_way" if flow.firm.target == Stage.RESTARTED else "laggard"
        if rng.random() >= BLOCKED[state]:
            return []
        count = 1 if state != "laggard" else rng.choice((1, 1, 2, 3))
        blockers, weights = zip(*BLOCKER_WEIGHTS)
        return list(dict.fromkeys(rng.choices(blockers, weights=weights, k=count)))

    def _stock(self, restarted: bool) -> Decimal | None:
        if self.rng.random() >= STOCK_KNOWN:
            return None
        days = self.rng.uniform(3, 20) if restarted else self.rng.uniform(0.5, 10)
        return Decimal(f"{days:.1f}")

    def _planned(self, flow: Workflow, hour: float, moment):
        """Restarted firms plan nothing; the others give a date, close to the
        real one for firms that do restart in the window."""
        if flow.restart is not None and hour >= flow.restart:
            return None
        if flow.restart is not None:
            return max(moment.date(), at(flow.restart).date() + timedelta(days=self.rng.randint(-1, 2)))
        return at(END_H - 0.01).date() + timedelta(days=self.rng.randint(*PLANNED_AFTER))
