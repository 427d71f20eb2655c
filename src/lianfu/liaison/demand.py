"""Which firms and buildings of a county need liaison officers, how many each,
and how heavy each is to look after (docs/liaison.md).

The standing rules (Yinzhou, 2020): one officer per above-scale industrial
firm, two per office building of 5,000 m² or more, one per smaller building.
Optional rules a county switches on: every lead firm of a chain, every firm
with an overdue ticket, every firm not surveyed for N days. A firm several
rules name needs the most officers any of them asks for.

Load points (the solver balances them): a firm 10 + 1 per 100 employees, a
building 10 + 1 per 2,000 m², each at most 40: a large firm is more work than
a small one, but not unboundedly more."""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.models import Chain
from lianfu.common.scoping import code_prefix
from lianfu.helpdesk.models import Ticket
from lianfu.helpdesk.queries import overdue_filter
from lianfu.liaison.enums import RuleKind
from lianfu.liaison.models import AssignmentRule
from lianfu.registry.models import Division, Enterprise, OfficeBuilding
from lianfu.restart.models import Survey

# The standing rules: (officers each, threshold).
DEFAULT_RULES = {
    RuleKind.ABOVE_SCALE_INDUSTRY: (1, None, True),
    RuleKind.LARGE_BUILDING: (2, 5000, True),
    RuleKind.SMALL_BUILDING: (1, 5000, True),
    RuleKind.CHAIN_LEAD: (1, None, False),
    RuleKind.OVERDUE_TICKET: (1, None, False),
    RuleKind.NOT_SURVEYED: (1, 14, False),
}
# GB/T 4754 industry divisions that make a firm industrial (工业): mining 06–12,
# manufacturing 13–43, electricity, gas and water 44–46.
INDUSTRIAL_DIVISIONS = tuple(f"{n:02d}" for n in range(6, 47))
MIN_POINTS, MAX_POINTS = 10, 40


@dataclass
class Need:
    key: str                   # "firm:ID" | "building:ID"
    town: str                  # 12-digit town code
    officers: int
    points: int
    reasons: list[str] = field(default_factory=list)   # the rule kinds that name it


def firm_points(employees: int | None) -> int:
    return min(MAX_POINTS, MIN_POINTS + (employees or 0) // 100)


def building_points(area_m2: int) -> int:
    return min(MAX_POINTS, MIN_POINTS + area_m2 // 2000)


def rules_of(county: Division) -> dict[str, AssignmentRule]:
    """The county's rules, the standing ones created on first use."""
    with scopes_disabled():
        found = {rule.kind: rule for rule in AssignmentRule.objects.filter(county=county)}
        for kind, (officers, threshold, active) in DEFAULT_RULES.items():
            if kind not in found:
                found[kind] = AssignmentRule.objects.create(county=county, kind=kind, officers=officers,
                                                            threshold=threshold, active=active)
    return found


def _add(needs: dict[str, Need], key: str, town: str, officers: int, points: int, reason: str) -> None:
    need = needs.get(key)
    if need is None:
        needs[key] = Need(key, town, officers, points, [reason])
    else:
        need.officers = max(need.officers, officers)
        need.reasons.append(reason)


def needs_of(county: Division, today: dt.date | None = None) -> list[Need]:
    """Every firm and building of the county the rules in force name, by key."""
    today = today or timezone.localdate()
    rules = {kind: rule for kind, rule in rules_of(county).items() if rule.active}
    prefix = code_prefix(county.code)
    needs: dict[str, Need] = {}
    with scopes_disabled():
        firms = Enterprise.objects.filter(division__code__startswith=prefix)
        _firm_rules(needs, rules, firms, today)
        _building_rules(needs, rules, prefix)
    return sorted(needs.values(), key=lambda n: n.key)


def _firm_rules(needs: dict[str, Need], rules: dict, firms, today: dt.date) -> None:
    def named(queryset, kind: str) -> None:
        for pk, town, employees in queryset.values_list("pk", "division_id", "employees"):
            _add(needs, f"firm:{pk}", town, rules[kind].officers, firm_points(employees), kind)

    if RuleKind.ABOVE_SCALE_INDUSTRY in rules:
        industrial = Q()
        for code in INDUSTRIAL_DIVISIONS:
            industrial |= Q(industry__code__startswith=code)
        named(firms.filter(industrial, above_scale=True), RuleKind.ABOVE_SCALE_INDUSTRY)
    if RuleKind.CHAIN_LEAD in rules:
        named(firms.filter(pk__in=Chain.objects.values("lead_id")), RuleKind.CHAIN_LEAD)
    if RuleKind.OVERDUE_TICKET in rules:
        late = Ticket.objects.filter(overdue_filter(timezone.now()))
        named(firms.filter(pk__in=late.values("enterprise_id")), RuleKind.OVERDUE_TICKET)
    if RuleKind.NOT_SURVEYED in rules:
        since = today - dt.timedelta(days=rules[RuleKind.NOT_SURVEYED].threshold or 0)
        recent = Survey.objects.values("enterprise_id").annotate(last=Max("surveyed_on")).filter(last__gt=since)
        named(firms.exclude(pk__in=recent.values("enterprise_id")), RuleKind.NOT_SURVEYED)


def _building_rules(needs: dict[str, Need], rules: dict, prefix: str) -> None:
    large, small = rules.get(RuleKind.LARGE_BUILDING), rules.get(RuleKind.SMALL_BUILDING)
    # One floor area divides the two rules: the large rule's, else the small one's.
    threshold = (large.threshold if large else None) or (small.threshold if small else None) or 5000
    for pk, town, area in OfficeBuilding.objects.filter(town__code__startswith=prefix).values_list(
            "pk", "town_id", "floor_area_m2"):
        rule = large if area >= threshold else small
        if rule is not None:
            _add(needs, f"building:{pk}", town, rule.officers, building_points(area), rule.kind)
