"""Workflow plans (history_workflow) as the restart app's rows, with the field
values its domain functions would have left: versions counting transitions,
the latest submission and review times, a return reason kept until approval.

Actors are the demo logins where one fits (the county officer reviews and
grants overrides, the town officers inspect their towns, the liaison officer
fills surveys on behalf of firms of its town, the firm logins act for their
own firms); elsewhere nobody the demo has a login for, so None."""
import random
from dataclasses import dataclass, field

from lianfu.accounts.models import User
from lianfu.common.roles import Role
from lianfu.demo.context import DemoContext
from lianfu.demo.history_plan import Firm, Package, at
from lianfu.demo.history_texts import OVERRIDE_REASONS, remarks_for
from lianfu.demo.history_workflow import APPROVED, RETURNED, SUBMITTED, FilingPlan, Workflow
from lianfu.restart.enums import CheckKind
from lianfu.restart.models import (
    ChainFiling,
    ChecklistItem,
    Filing,
    PreventionCheck,
    RestartConfirmation,
    RestartOverride,
)

SELF_CHECK_GAPS, COMMITS_ALL = 0.3, 0.8


@dataclass
class Actors:
    county: User | None = None
    town_officers: dict[str, User] = field(default_factory=dict)  # division code -> officer
    liaisons: dict[str, User] = field(default_factory=dict)
    firm_users: dict[int, User] = field(default_factory=dict)     # enterprise pk -> login

    @classmethod
    def load(cls, ctx: DemoContext) -> "Actors":
        actors = cls()
        for user in User.objects.filter(role__in=(Role.COUNTY_OFFICER, Role.TOWN_OFFICER, Role.LIAISON_OFFICER,
                                                  Role.ENTERPRISE_USER)).order_by("-pk"):  # the oldest login wins
            if user.role == Role.COUNTY_OFFICER and user.division_id == ctx.county.code:
                actors.county = user
            elif user.role == Role.TOWN_OFFICER:
                actors.town_officers[user.division_id] = user
            elif user.role == Role.LIAISON_OFFICER:
                actors.liaisons[user.division_id] = user
            elif user.role == Role.ENTERPRISE_USER:
                actors.firm_users[user.enterprise_id] = user
        return actors

    def survey_author(self, firm: Firm, on_behalf: bool) -> User | None:
        if on_behalf:
            return self.liaisons.get(firm.town) or self.town_officers.get(firm.town)
        return self.firm_users.get(firm.pk)


class RecordWriter:
    def __init__(self, rng: random.Random, actors: Actors, checklist: list[ChecklistItem]):
        self.rng, self.actors = rng, actors
        self.codes = [item.code for item in checklist]
        self.text_of = {item.code: item.text_zh for item in checklist}

    def package(self, package: Package) -> ChainFiling:
        return ChainFiling(lead_id=package.lead, submitted_by=self.actors.firm_users.get(package.lead),
                           submitted_at=at(package.hour))

    def filing(self, firm: Firm, plan: FilingPlan, package_pk: int | None) -> Filing:
        submitted = [hour for hour, status in plan.steps if status == SUBMITTED]
        reviews = [hour for hour, status in plan.steps if status in (RETURNED, APPROVED)]
        filing = Filing(enterprise_id=firm.pk, package_id=package_pk, status=plan.status,
                        return_reason="" if plan.status == APPROVED else plan.reason,
                        submitted_at=at(submitted[-1]) if submitted else None,
                        reviewed_by=self.actors.county if reviews else None,
                        reviewed_at=at(reviews[-1]) if reviews else None,
                        version=len(plan.steps) - 1, created_at=at(plan.steps[0][0]))
        if submitted:  # the member's own answers, given when it (first) submitted
            filing.headcount_planned = max(1, round(firm.employees * self.rng.uniform(0.5, 1.0)))
            filing.commitments = self._commitments()
        return filing

    def _commitments(self) -> list[str]:
        if self.rng.random() < COMMITS_ALL:
            return list(self.codes)
        left_out = self.rng.choice(self.codes)
        return [code for code in self.codes if code != left_out]

    def checks(self, flow: Workflow) -> list[PreventionCheck]:
        firm, rows = flow.firm, []
        if flow.self_check is not None:
            gaps = [self.rng.choice(self.codes)] if self.rng.random() < SELF_CHECK_GAPS else []
            rows.append(PreventionCheck(enterprise_id=firm.pk, kind=CheckKind.SELF.value, **self._results(gaps),
                                        passed=None, checked_by=self.actors.firm_users.get(firm.pk),
                                        checked_at=at(flow.self_check)))
        for hour, passed in flow.inspections:
            failed = [] if passed else self.rng.sample(self.codes, self.rng.choice((1, 1, 2)))
            rows.append(PreventionCheck(
                enterprise_id=firm.pk, kind=CheckKind.INSPECTION.value, **self._results(failed), passed=passed,
                remarks=remarks_for(failed, self.text_of) if failed else "",
                checked_by=self.actors.town_officers.get(firm.town), checked_at=at(hour)))
        return rows

    def _results(self, not_done: list[str]) -> dict:
        """The results and their counts (written in bulk, so save() does not count them)."""
        results = {code: code not in not_done for code in self.codes}
        return {"results": results, **PreventionCheck.tally(results)}

    def override(self, flow: Workflow) -> RestartOverride:
        return RestartOverride(enterprise_id=flow.firm.pk, reason=self.rng.choice(OVERRIDE_REASONS),
                               granted_by=self.actors.county, granted_at=at(flow.override))

    def confirmation(self, flow: Workflow, capacity: int) -> RestartConfirmation:
        moment = at(flow.restart)
        return RestartConfirmation(enterprise_id=flow.firm.pk, restarted_on=moment.date(), capacity_pct=capacity,
                                   confirmed_by=self.actors.firm_users.get(flow.firm.pk),
                                   overridden=flow.override is not None, created_at=moment)
