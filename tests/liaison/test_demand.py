"""Which firms and buildings need liaison officers (docs/liaison.md, rules)."""
import pytest
from django_scopes import scopes_disabled

from lianfu.liaison.demand import building_points, firm_points, needs_of, rules_of
from lianfu.liaison.enums import RuleKind
from lianfu.liaison.models import AssignmentRule
from lianfu.registry.models import Division, Enterprise, OfficeBuilding
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    with scopes_disabled():
        return Division.objects.get(code=COUNTY)


def building(area: int, town: str = TOWN_A) -> OfficeBuilding:
    with scopes_disabled():
        return OfficeBuilding.objects.create(town_id=town, name=f"大厦{area}", floor_area_m2=area)


def needed(county) -> dict[str, tuple]:
    return {n.key: (n.town, n.officers, n.points, n.reasons) for n in needs_of(county)}


def test_buildings_at_4999_5000_and_5001_square_metres(county):
    small, line, large = building(4999), building(5000), building(5001, TOWN_B)
    assert needed(county) == {
        f"building:{small.pk}": (TOWN_A, 1, 12, [RuleKind.SMALL_BUILDING]),
        f"building:{line.pk}": (TOWN_A, 2, 12, [RuleKind.LARGE_BUILDING]),    # 5,000 m² is large
        f"building:{large.pk}": (TOWN_B, 2, 12, [RuleKind.LARGE_BUILDING]),
    }


def test_above_scale_industrial_firms_only_and_a_firm_that_loses_the_status(county):
    factory = EnterpriseFactory(above_scale=True, industry_id="3854", employees=1250)
    power = EnterpriseFactory(above_scale=True, industry_id="44", employees=None, division_id=TOWN_B)
    EnterpriseFactory(above_scale=True, industry_id="51")     # wholesale: above-scale, not industrial
    EnterpriseFactory(above_scale=False, industry_id="3854")  # industrial, below the scale
    assert needed(county) == {f"firm:{factory.pk}": (TOWN_A, 1, 22, [RuleKind.ABOVE_SCALE_INDUSTRY]),
                              f"firm:{power.pk}": (TOWN_B, 1, 10, [RuleKind.ABOVE_SCALE_INDUSTRY])}
    with scopes_disabled():
        Enterprise.objects.filter(pk=factory.pk).update(above_scale=False)
    assert list(needed(county)) == [f"firm:{power.pk}"]


def test_the_standing_rules_are_made_on_first_use_and_the_county_edits_them(county):
    rules = rules_of(county)
    assert {kind: (r.officers, r.threshold, r.active) for kind, r in rules.items()} == {
        RuleKind.ABOVE_SCALE_INDUSTRY: (1, None, True), RuleKind.LARGE_BUILDING: (2, 5000, True),
        RuleKind.SMALL_BUILDING: (1, 5000, True), RuleKind.CHAIN_LEAD: (1, None, False),
        RuleKind.OVERDUE_TICKET: (1, None, False), RuleKind.NOT_SURVEYED: (1, 14, False)}
    small, large = building(6000), building(9000)
    with scopes_disabled():
        AssignmentRule.objects.filter(county=county, kind=RuleKind.LARGE_BUILDING).update(threshold=8000,
                                                                                          officers=3)
        AssignmentRule.objects.filter(county=county, kind=RuleKind.SMALL_BUILDING).update(active=False)
    assert needed(county) == {f"building:{large.pk}": (TOWN_A, 3, 14, [RuleKind.LARGE_BUILDING])}
    assert small.pk   # 6,000 m² is under the new line, and that rule is off


def test_an_optional_rule_raises_a_firms_officers_and_adds_its_reason(county):
    firm = EnterpriseFactory(above_scale=True, industry_id="3854", employees=80)
    quiet = EnterpriseFactory(above_scale=False, industry_id="51")
    with scopes_disabled():
        AssignmentRule.objects.filter(county=rules_of(county)[RuleKind.NOT_SURVEYED].county,
                                      kind=RuleKind.NOT_SURVEYED).update(active=True, officers=2)
    assert needed(county) == {
        f"firm:{firm.pk}": (TOWN_A, 2, 10, [RuleKind.ABOVE_SCALE_INDUSTRY, RuleKind.NOT_SURVEYED]),
        f"firm:{quiet.pk}": (TOWN_A, 2, 10, [RuleKind.NOT_SURVEYED])}


def test_load_points():
    assert [firm_points(e) for e in (None, 0, 99, 100, 2999, 3000, 50_000)] == [10, 10, 10, 11, 39, 40, 40]
    assert [building_points(a) for a in (2600, 5000, 41000, 80000)] == [11, 12, 30, 40]
