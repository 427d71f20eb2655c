"""The engine on the database's state: arrays built right, answers in firms.

L (appliances, 3857) buys copper parts from B (3251, essential by sector: both
manufacturing) and trading services from C (51 wholesale, linear). B is closed and plans
to restart in 5 days; L holds 3 days of copper parts. This is docs/engine.md's worked
example, reached through surveys and links."""
from datetime import date, timedelta

import numpy as np
import pytest

from lianfu.analysis.answers import closure_impact, lead_forecast, restart_first
from lianfu.analysis.state import load_state
from lianfu.common.roles import Role
from lianfu.restart import domain
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = date(2020, 2, 24)


@pytest.fixture
def world(personas, firm_x):
    lead = firm_x
    copper = EnterpriseFactory(name="铜业", industry_id="3251")
    trade = EnterpriseFactory(name="贸易", industry_id="51")
    link(copper, lead, 300, item="铜件", stock_days=3)
    link(trade, lead, 100, item="代理服务")
    domain.record_survey(actor=personas["county"], enterprise=copper, surveyed_on=TODAY, capacity_pct=0,
                         headcount_total=50, headcount_on_duty=0, headcount_away=50,
                         planned_restart=TODAY + timedelta(days=5))
    return {"lead": lead, "copper": copper, "trade": trade}


def test_state_reads_capacity_plans_and_stock(world):
    state = load_state(TODAY)
    at = {key: state.position(firm.pk) for key, firm in world.items()}
    assert state.capacity[[at["lead"], at["copper"], at["trade"]]].tolist() == [1.0, 0.0, 1.0]
    assert state.planned_day[at["copper"]] == 5
    copper_sector = state.net.sector[at["copper"]]
    assert state.stock_days[at["lead"], copper_sector] == 3.0
    assert np.isnan(state.stock_days[at["lead"], state.net.sector[at["trade"]]])
    assert sorted(state.net.sector_ids.tolist()) == [51, 3251, 3857]


def test_restart_first_names_the_closed_supplier_and_the_chain_it_unblocks(world):
    """The lead's output is the 400 万元 a year it buys (it sells outside the
    network); the copper supplier's restart gives all of it back."""
    state = load_state(TODAY)
    ranked = restart_first(state, [world["lead"].pk], [world["lead"].pk, world["copper"].pk, world["trade"].pk])
    (first,) = ranked.suppliers
    assert (first.enterprise_id, first.capacity, round(first.gain_wan, 6)) == (world["copper"].pk, 0.0, 400.0)
    assert [(pk, round(share, 9), round(wan, 6)) for pk, share, wan in first.unblocks] == [
        (world["lead"].pk, 1.0, 400.0)]
    assert first.alternatives == [] and ranked.leads == []


def test_restart_first_never_lists_a_lead_firm_as_its_own_beneficiary(world, personas):
    """A lead at half capacity is listed apart with the output it loses; the
    copper supplier gives back only what the half-open lead can make."""
    domain.record_survey(actor=personas["county"], enterprise=world["lead"], surveyed_on=TODAY, capacity_pct=50,
                         headcount_total=320, headcount_on_duty=160, headcount_away=160)
    ranked = restart_first(load_state(TODAY), [world["lead"].pk],
                           [world["lead"].pk, world["copper"].pk, world["trade"].pk])
    assert [c.enterprise_id for c in ranked.suppliers] == [world["copper"].pk]
    assert [(pk, round(share, 9), round(wan, 6)) for pk, share, wan in ranked.suppliers[0].unblocks] == [
        (world["lead"].pk, 0.5, 200.0)]
    (lead,) = ranked.leads
    assert (lead.enterprise_id, lead.capacity, lead.output, round(lead.lost_wan, 6)) == (
        world["lead"].pk, 0.5, 0.0, 400.0)


def test_a_county_firm_of_the_same_trade_is_an_alternative_and_a_closed_one_is_not(world, personas):
    spare = EnterpriseFactory(name="备用铜业", industry_id="3251", division_id=world["lead"].division_id)
    shut = EnterpriseFactory(name="停产铜业", industry_id="3251", division_id=world["lead"].division_id)
    link(spare, EnterpriseFactory(name="别家", industry_id="3857"), 50, item="铜带")
    link(shut, EnterpriseFactory(name="又一家", industry_id="3857"), 80, item="铜带")
    domain.record_survey(actor=personas["county"], enterprise=shut, surveyed_on=TODAY, capacity_pct=0,
                         headcount_total=10, headcount_on_duty=0, headcount_away=10)
    ranked = restart_first(load_state(TODAY), [world["lead"].pk], [world["copper"].pk])
    assert ranked.suppliers[0].alternatives == [spare.pk]


def test_closure_impact_essential_stops_all_linear_costs_its_share(world):
    state = load_state(TODAY)
    impact = closure_impact(state, world["lead"].pk, [world["copper"].pk, world["trade"].pk])
    assert {k: round(v, 9) for k, v in impact.items()} == {world["copper"].pk: 1.0, world["trade"].pk: 0.25}


def test_lead_forecast_is_the_worked_example(world):
    result = lead_forecast(load_state(TODAY), world["lead"].pk, horizon=10)
    assert result.production == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    assert (result.first_short_day, result.short_of) == (3, "铜件")


def test_a_restart_plan_whose_day_has_passed_is_no_plan(world):
    """Ten days on, the copper supplier has not restarted: the forecast keeps it
    closed instead of restarting it today, and the lead stays short of copper."""
    later = TODAY + timedelta(days=10)
    state = load_state(later)
    assert state.planned_day[state.position(world["copper"].pk)] == np.inf
    result = lead_forecast(state, world["lead"].pk, horizon=6)
    assert result.production == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0]
    assert (result.first_short_day, result.short_of) == (3, "铜件")


def test_a_restart_confirmed_below_full_capacity_runs_at_that_capacity_in_the_forecast(world, personas):
    """The copper supplier restarts today at 40 %: nobody has said when it reaches
    full, so the forecast keeps it at 40 % (as restart first does). The lead's 3
    days of stock and 0.4 a day delivered last until day 4; from day 5 it makes 40 %."""
    domain.grant_override(actor=personas["county"], enterprise=world["copper"], reason="保供")
    own_user = UserFactory(role=Role.ENTERPRISE_USER, division_id=None, enterprise=world["copper"])
    domain.confirm_restart(actor=own_user, enterprise=world["copper"], restarted_on=TODAY, capacity_pct=40)
    state = load_state(TODAY)
    at = state.position(world["copper"].pk)
    assert (state.capacity[at], state.planned_day[at]) == (0.4, np.inf)
    result = lead_forecast(state, world["lead"].pk, horizon=8)
    assert [round(h, 9) for h in result.production] == [1.0, 1.0, 1.0, 1.0, 1.0, 0.4, 0.4, 0.4]
    assert (result.first_short_day, result.short_of) == (5, "铜件")
