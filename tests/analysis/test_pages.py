"""The engine in the product: computed in the background on today's data,
cached per state, shown as "restart first" and per-chain impact and forecast."""
from datetime import timedelta

import pytest
from django.utils import timezone

from lianfu.analysis.models import EngineRun
from lianfu.analysis.runs import state_key
from lianfu.chains.domain import ensure_chain
from lianfu.common.enums import JobStatus
from lianfu.restart import domain
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, firm_x):
    today = timezone.localdate()
    copper = EnterpriseFactory(name="慈溪市铜业有限公司", industry_id="3251", division_id="330282004000")
    other_copper = EnterpriseFactory(name="慈溪市备用铜业有限公司", industry_id="3251", division_id="330282004000")
    trade = EnterpriseFactory(name="慈溪市贸易有限公司", industry_id="51")
    link(copper, firm_x, 300, item="铜件", stock_days=3)
    link(trade, firm_x, 100, item="代理服务")
    link(other_copper, EnterpriseFactory(name="其他买家", industry_id="3857"), 50, item="铜带")
    domain.record_survey(actor=personas["county"], enterprise=copper, capacity_pct=0, headcount_total=50,
                         headcount_on_duty=0, headcount_away=50, planned_restart=today + timedelta(days=5))
    chain = ensure_chain(actor=None, lead=firm_x)
    return {"lead": firm_x, "copper": copper, "other": other_copper, "chain": chain}


def test_county_officer_computes_and_reads_restart_first(personas, world, login):
    client = login(personas["county"])
    assert "尚未计算" in client.get("/chains/restart-first/").content.decode()
    assert client.post("/chains/restart-first/compute/").status_code == 302
    run = EngineRun.objects.get()
    assert run.status == "done" and run.results["restart_first"][0]["enterprise"] == world["copper"].pk
    page = client.get("/chains/restart-first/").content.decode()
    row = page.split('id="restart-first"')[1].split("</table>")[0]
    # the lead buys 400 万元 a year (its output as the network sees it): all of it comes back
    assert "慈溪市铜业有限公司" in row and ">400<" in row and "+100.0%" in row and "400 万元/年" in row
    assert "向慈溪市甬达电器有限公司供铜件" in row and "慈溪市备用铜业有限公司" in row
    client.post("/chains/restart-first/compute/")
    assert EngineRun.objects.count() == 1           # same state: the cached run is reused
    alternatives = client.get(f"/chains/alternatives/{world['copper'].uscc}/").content.decode()
    assert "慈溪市备用铜业有限公司" in alternatives and "同镇街" in alternatives


def test_a_new_survey_makes_the_cached_run_stale(personas, world, login):
    client = login(personas["county"])
    client.post("/chains/restart-first/compute/")
    domain.record_survey(actor=personas["county"], enterprise=world["copper"], capacity_pct=100,
                         headcount_total=50, headcount_on_duty=50, headcount_away=0)
    assert "数据已变化" in client.get("/chains/restart-first/").content.decode()
    client.post("/chains/restart-first/compute/")
    assert EngineRun.objects.count() == 2 and EngineRun.objects.first().results["restart_first"] == []


def test_chain_impact_and_forecast(personas, world, login):
    login(personas["county"]).post("/chains/restart-first/compute/")
    page = login(personas["firm_x"]).get(f"/chains/{world['lead'].uscc}/impact/").content.decode()
    assert "第 3 天缺铜件" in page
    # the closed supplier to restart first, named with the output its closure costs
    blocker = page.split('id="forecast-blocker"')[1].split("</p>")[0]
    assert blocker == ">请先推动慈溪市铜业有限公司复工（已摸底）：仅它停产就使本链主企业产值损失 100.0%。"
    rows = page.split('id="impact"')[1]
    assert rows.index("慈溪市铜业有限公司") < rows.index("慈溪市贸易有限公司")
    assert ">100.0<" in rows and ">25.0<" in rows


@pytest.mark.parametrize("persona,status", [("town_a", 403), ("firm_x", 403), ("county", 200)])
def test_restart_first_is_the_county_bureaus(personas, world, login, persona, status):
    assert login(personas[persona]).get("/chains/restart-first/").status_code == status


@pytest.mark.parametrize("persona,status", [("town_a", 200), ("town_b", 404), ("firm_y", 404)])
def test_chain_impact_is_isolated(personas, world, login, persona, status):
    assert login(personas[persona]).get(f"/chains/{world['lead'].uscc}/impact/").status_code == status


def test_another_countys_officer_sees_none_of_this_countys_restarts(personas, world, login):
    from lianfu.common.roles import Role
    from tests.factories.accounts import UserFactory
    login(personas["county"]).post("/chains/restart-first/compute/")
    yuyao = UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000")
    page = login(yuyao).get("/chains/restart-first/").content.decode()
    assert "慈溪市铜业有限公司" not in page
    assert "慈溪市铜业有限公司" in login(personas["county"]).get("/chains/restart-first/").content.decode()


def test_the_progress_block_shows_steps_and_time_left_while_the_engine_runs(personas, world, login):
    EngineRun.objects.create(state_key=state_key(), status=JobStatus.RUNNING, done=3, total=10,
                             started_at=timezone.now() - timedelta(seconds=30))
    client = login(personas["county"])
    block = client.get("/chains/restart-first/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="engine-run"' in block and 'value="30"' in block and "已完成 3/10 步" in block and "约剩 70 秒" in block
    EngineRun.objects.update(status=JobStatus.DONE)
    done = client.get("/chains/restart-first/", HTTP_HX_REQUEST="true")
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")


def test_a_lead_below_capacity_is_listed_apart_not_ranked(personas, world, login):
    domain.record_survey(actor=personas["county"], enterprise=world["lead"], capacity_pct=50, headcount_total=320,
                         headcount_on_duty=160, headcount_away=160)
    client = login(personas["county"])
    client.post("/chains/restart-first/compute/")
    page = client.get("/chains/restart-first/").content.decode()
    ranked = page.split('id="restart-first"')[1].split("</table>")[0]
    below = page.split('id="leads-below"')[1].split("</table>")[0]
    assert "慈溪市甬达电器有限公司</td>" not in ranked and ">200<" in ranked
    assert "慈溪市甬达电器有限公司" in below and ">50<" in below and ">400<" in below
