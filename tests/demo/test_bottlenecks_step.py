"""The demo's concentrated bottlenecks and the one story the engine's pages
tell on them (small demo, seed 2020; demo/bottlenecks_step.py): 宏创电机 runs
short of copper rod (铜棒) on day 6 unless the closed mill 耀骏铜业 restarts; the
mill heads the restart-first list and the lead's closure impacts; drills that
close the plating park, or everything outside the province, name the lead firms
that stop and the day. Exact figures are seed 2020's: a change in them means
the demo changed and its story should be read again."""
import pytest

pytestmark = pytest.mark.django_db
LEAD, MILL = "慈溪市宏创电机有限公司", "慈溪市耀骏铜业有限公司"
MAKER = "合肥市志金压缩机股份有限公司"
FRIDGES_AND_AIR_CONDITIONERS = ["慈溪市亚兴冰箱有限公司", "慈溪市亮尚空调有限公司", "慈溪市星振冰箱有限公司",
                                "慈溪市森华冰箱有限公司"]


@pytest.fixture(scope="module")
def story(small_demo):
    return small_demo.story


def test_the_mill_is_closed_and_feeds_the_motor_lead_and_twenty_metal_parts_makers(story, small_demo):
    assert (story["mill"], story["lead"], story["mill_buyers"]) == (MILL, LEAD, 20)
    mill = next(code for code, e in small_demo.enterprises.items() if e["name"] == MILL)
    lead = next(code for code, e in small_demo.enterprises.items() if e["name"] == LEAD)
    copper = [link for link in small_demo.links if link[1] == lead and link[2] in ("铜棒", "铜材", "铜带", "铜线")]
    main = [link for link in copper if link[0] == mill]
    assert len(main) == 1 and main[0][2:5] == ("铜棒", "2300.00", "yes")
    # 80 % of the lead's copper by value, and three days of it in stock on every copper link
    assert float(main[0][3]) / sum(float(link[3]) for link in copper) == pytest.approx(0.797, abs=1e-3)
    assert {link[5] for link in copper} == {3.0}


def test_a_plating_park_of_nine_firms_serves_62_of_107_assemblers(story):
    assert story["park"] == [f"高新技术产业园区电镀园区{n}号" for n in range(1, 10)]
    assert (story["park_served"], story["assemblers"]) == (62, 107)


def test_one_compressor_maker_in_hefei_alone_supplies_the_fridge_and_air_conditioner_leads(story):
    assert story["compressor_maker"] == (MAKER, "3442", "340111001000")
    assert story["compressor_buyers"] == FRIDGES_AND_AIR_CONDITIONERS
    assert story["maker_chains"] == 4
    assert story["single_source"] == [(MAKER, 4)]


def test_restart_first_puts_the_mill_first_and_names_the_lead_it_unblocks(story):
    mill, second, third = story["restart_first"]
    assert mill == (MILL, 0.0, 214049, [(LEAD, 0.401), ("慈溪市泽通通风电器实业有限公司", 0.032)])
    assert (second[0], second[2]) == ("慈溪市宇骏铜业有限公司", 30104)
    assert (third[0], third[2]) == ("慈溪市立祥电镀实业有限公司", 26410)


def test_the_lead_runs_short_of_copper_rod_on_day_6_unless_the_mill_restarts(story):
    """The lead restarted at 60 %, and the forecast holds it at its confirmed
    capacity: at that pace its copper rod lasts until day 6."""
    assert story["forecast"] == (6, "铜棒", [0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.3257, 0.1322, 0.1322])
    assert story["forecast_mill_restarted"] == (None, "", 0.6)
    assert story["impact"] == [(MILL, 0.797), ("慈溪市恒欣精密轴承有限公司", 0.025)]


def test_closing_the_plating_park_stops_assemblers_for_want_of_plated_parts(story):
    by_lead = {lead: (day, dict(inputs)) for lead, day, inputs in story["drill_park"]}
    assert by_lead["慈溪市江美车业股份有限公司"] == (5, {"电镀件": 4, "车灯总成": 1})
    assert by_lead["慈溪市耀方通风电器科技有限公司"] == (7, {"开关": 8, "电镀件": 6})
    assert by_lead["慈溪市星振冰箱有限公司"] == (4, {"电镀件": 3})
    assert len(by_lead) == 5


def test_closing_everything_outside_the_province_stops_the_fridges_on_day_7_for_want_of_compressors(story):
    by_lead = {lead: (day, dict(inputs)) for lead, day, inputs in story["drill_province"]}
    for lead in FRIDGES_AND_AIR_CONDITIONERS:
        assert by_lead[lead][1]["压缩机"] == 7
    assert [by_lead[lead][0] for lead in FRIDGES_AND_AIR_CONDITIONERS] == [7, 8, 7, 7]
    assert len(by_lead) == 9
