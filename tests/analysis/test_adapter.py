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
from lianfu.restart import domain
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
    state = load_state(TODAY)
    (first,) = restart_first(state, [world["lead"].pk], [world["copper"].pk, world["trade"].pk])
    assert (first.enterprise_id, first.capacity, round(first.gain, 9)) == (world["copper"].pk, 0.0, 1.0)
    assert [(pk, round(gain, 9)) for pk, gain in first.unblocks] == [(world["lead"].pk, 1.0)]


def test_closure_impact_essential_stops_all_linear_costs_its_share(world):
    state = load_state(TODAY)
    impact = closure_impact(state, world["lead"].pk, [world["copper"].pk, world["trade"].pk])
    assert {k: round(v, 9) for k, v in impact.items()} == {world["copper"].pk: 1.0, world["trade"].pk: 0.25}


def test_lead_forecast_is_the_worked_example(world):
    result = lead_forecast(load_state(TODAY), world["lead"].pk, horizon=10)
    assert result.production == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    assert (result.first_short_day, result.short_of) == (3, "铜件")
