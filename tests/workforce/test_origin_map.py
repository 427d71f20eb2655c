"""The origin map: workers still away by origin at each level (hand-counted),
unknown origins counted apart, regions coloured by the risk on the chosen day,
who may see it (and whose workers), the table without JavaScript, the export,
the JSON figures and the boundary files."""
import datetime as dt
import json

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from lianfu.registry.models import Division
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.models import Worker
from lianfu.workforce.origin_map import origin_figures
from lianfu.workforce.positions import open_position
from tests.conftest import COUNTY
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker
from tests.workforce.origins_world import (  # noqa: F401  (labour, labour_yuyao: fixtures)
    ANHUI,
    BAZHONG,
    FEIDONG,
    FUYANG,
    HEFEI,
    JIESHOU,
    LINQUAN,
    PINGCHANG,
    SICHUAN,
    YUYAO_COUNTY,
    cells,
    labour,
    labour_yuyao,
    risk,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db
AWAY, RETURNING, AT_WORK, BACK, LEFT = (WorkerState.AWAY, WorkerState.RETURNING, WorkerState.AT_WORK,
                                        WorkerState.BACK, WorkerState.LEFT)
DAY = dt.date(2020, 2, 16)
PHONE = "13912345678"
# (origin county, state, wants to return, how many) of Cixi's workers
CIXI = [
    ("341221", AWAY, True, 2), ("341221", AWAY, False, 1), ("341221", RETURNING, True, 1),
    ("341221", AT_WORK, True, 1), ("341221", BACK, False, 1), ("341221", LEFT, True, 1),
    ("341282", AWAY, False, 2),
    ("340122", RETURNING, True, 1),
    ("511923", AWAY, True, 1), ("511923", AWAY, False, 1),
    (None, AWAY, True, 1), (None, AWAY, False, 1), (None, AT_WORK, False, 1),
]
NUMBERS = []


@pytest.fixture
def workers(personas, firm_x, firm_y):
    """Cixi's workers as CIXI says (split over firm X and firm Y), and five of
    Yuyao's away from 临泉县."""
    with scopes_disabled():
        yuyao_firm = EnterpriseFactory(division_id="330281001000", name="余姚市丙轴承有限公司")
    sequence = 0
    for origin, state, wants, n in CIXI:
        for _ in range(n):
            sequence += 1
            firm = firm_x if sequence % 2 else firm_y
            make_one(firm, origin, state, wants, sequence)
    for _ in range(5):
        sequence += 1
        make_one(yuyao_firm, "341221", AWAY, True, sequence)
    return yuyao_firm


def make_one(firm, origin, state, wants, sequence):
    number = id_number(origin or "330282", "19900101", sequence)       # unknown: placed, then taken off below
    NUMBERS.append(number)
    worker = make_worker(firm, f"工人{sequence}", number=number, phone=PHONE, history=[(DAY, state)])
    with scopes_disabled():
        Worker.objects.filter(pk=worker.pk).update(
            wants_return=wants, **({"origin": None, "origin_source": "unknown"} if origin is None else {}))


@pytest.fixture
def risks():
    risk(ANHUI, RiskLevel.LOW, "2020-02-01")
    risk(FUYANG, RiskLevel.HIGH, "2020-02-10")
    risk(LINQUAN, RiskLevel.MEDIUM, "2020-02-15", "2020-02-20")
    risk(PINGCHANG, RiskLevel.HIGH, "2020-02-01", county=YUYAO_COUNTY)      # Yuyao's list: not ours


def figures_for(prefix: str, at: str | None, day=DAY, county=COUNTY):
    with scope(division=prefix, enterprise=None):
        place = Division.objects.select_related("parent").get(code=at) if at else None
        return origin_figures(Worker.objects.all(), at=place, day=day, county=county)


def table(figures) -> list[tuple]:
    return [(r.code, r.away, r.wants, r.high, r.level) for r in figures.rows]


def test_workers_away_are_counted_by_province_city_and_county(workers, risks):
    china = figures_for("330282", None)
    assert table(china) == [(ANHUI, 7, 4, 2, RiskLevel.LOW), (SICHUAN, 2, 1, 0, None)]
    assert (china.away, china.wants, china.high, china.unknown, china.unknown_wants) == (9, 5, 2, 2, 1)
    assert len(china.regions) == 31 and china.trail == []
    anhui = figures_for("330282", ANHUI)
    assert table(anhui)[:2] == [(FUYANG, 6, 3, 2, RiskLevel.HIGH), (HEFEI, 1, 1, 0, RiskLevel.LOW)]
    # Every city of 安徽 is on the list (the province's low level): all 16 shown, those with workers first.
    assert len(anhui.rows) == 16
    assert {(r.away, r.level) for r in anhui.rows[2:]} == {(0, RiskLevel.LOW)}
    assert (anhui.away, anhui.wants, anhui.unknown) == (7, 4, 2)
    assert [d.code for d in anhui.trail] == [ANHUI]
    fuyang = figures_for("330282", FUYANG)
    assert table(fuyang)[:2] == [(LINQUAN, 4, 3, 0, RiskLevel.MEDIUM), (JIESHOU, 2, 0, 2, RiskLevel.HIGH)]
    # Its 10 county-level units (two of them development zones) take the city's high level.
    assert len(fuyang.rows) == 10 and {(r.away, r.level) for r in fuyang.rows[2:]} == {(0, RiskLevel.HIGH)}
    assert [d.code for d in fuyang.trail] == [ANHUI, FUYANG]
    assert not any(r.drillable for r in fuyang.regions)
    sichuan = figures_for("330282", SICHUAN)
    assert table(sichuan) == [(BAZHONG, 2, 1, 0, None)]


def test_the_colours_follow_the_chosen_day(workers, risks):
    later = figures_for("330282", FUYANG, day=dt.date(2020, 2, 21))       # 临泉县's own entry ended on the 20th
    assert table(later)[:2] == [(LINQUAN, 4, 3, 4, RiskLevel.HIGH), (JIESHOU, 2, 0, 2, RiskLevel.HIGH)]
    assert figures_for("330282", None, day=dt.date(2020, 2, 21)).high == 6
    before = figures_for("330282", None, day=dt.date(2020, 1, 31))
    assert table(before) == [(ANHUI, 7, 4, 0, None), (SICHUAN, 2, 1, 0, None)]


def test_each_county_counts_its_own_workers_against_its_own_list(workers, risks):
    yuyao = figures_for("330281", None, county=YUYAO_COUNTY)
    assert table(yuyao) == [(ANHUI, 5, 5, 0, None)]              # Yuyao's list names only 平昌县
    assert yuyao.unknown == 0
    assert table(figures_for("330281", SICHUAN, county=YUYAO_COUNTY)) == []
    assert [(r.code, r.level) for r in figures_for("330281", BAZHONG, county=YUYAO_COUNTY).rows] == [
        (PINGCHANG, RiskLevel.HIGH)]


def test_the_page_shows_the_table_without_javascript_and_goes_down_and_up(login, personas, labour, labour_yuyao,
                                                                        workers, risks):
    assert login(personas["town_a"]).get(reverse("workforce:origin_map")).status_code == 403
    yuyao = login(labour_yuyao).get(reverse("workforce:origin_map"), {"day": "2020-02-16"})
    assert [(r.code, r.away) for r in yuyao.context["figures"].rows] == [(ANHUI, 5)]
    client = login(labour)
    url = reverse("workforce:origin_map")
    page = client.get(url, {"day": "2020-02-16"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="?at={ANHUI}&amp;day=2020-02-16"' in html          # the region opens its cities
    assert 'id="origin-map"' in html and "js/origin_map.js" in html and 'id="origin-map-config"' in html
    assert [r.code for r in page.context["figures"].rows] == [ANHUI, SICHUAN]
    down = client.get(url, {"at": FUYANG, "day": "2020-02-16"})
    html = down.content.decode()
    assert f'<a href="?at={ANHUI}&amp;day=2020-02-16" data-at="{ANHUI}">安徽省</a>' in html    # back up
    assert 'href="?at=&amp;day=2020-02-16" data-at=""' in html
    assert '<b aria-current="page" id="origin-here">阜阳市</b>' in html
    partial = client.get(url, {"at": FUYANG, "day": "2020-02-16"}, headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section class="card" id="origin-panel"')
    for bad in ("999999999999", LINQUAN, "abc"):              # not a province or city
        assert client.get(url, {"at": bad}).status_code == 404


def test_the_figures_as_json_carry_every_region_with_its_colour_and_place(login, personas, labour, labour_yuyao,
                                                                          workers, risks):
    assert login(personas["county"]).get(reverse("workforce:origin_figures")).status_code == 403
    theirs = login(labour_yuyao).get(reverse("workforce:origin_figures"), {"at": ANHUI, "day": "2020-02-16"}).json()
    assert [(r["code"], r["away"], r["level"]) for r in theirs["regions"] if r["away"]] == [(FUYANG, 5, "none")]
    client = login(labour)
    data = client.get(reverse("workforce:origin_figures"), {"at": ANHUI, "day": "2020-02-16"}).json()
    assert (data["at"], data["map"], data["day"]) == (ANHUI, ANHUI, "2020-02-16")
    assert [t["code"] for t in data["trail"]] == ["", ANHUI]
    fuyang = next(r for r in data["regions"] if r["code"] == FUYANG)
    assert (fuyang["away"], fuyang["wants"], fuyang["high"], fuyang["level"], fuyang["drillable"]) == (
        6, 3, 2, "high", True)
    assert len(fuyang["centre"]) == 2 and 114 < fuyang["centre"][0] < 117
    assert data["totals"] == {"away": 7, "wants": 4, "high": 2} and data["unknown"] == {"away": 2, "wants": 1}
    china = client.get(reverse("workforce:origin_figures"), {"day": "2020-02-16"}).json()
    assert china["map"] == "china" and len(china["regions"]) == 31
    assert {r["level"] for r in china["regions"] if r["code"] != ANHUI} == {"none"}
    dongguan = client.get(reverse("workforce:origin_figures"), {"at": "441900000000"}).json()
    assert dongguan["map"] is None                           # no county map: the page shows the table only


def test_the_export_is_the_table_at_the_level_with_no_id_numbers_or_phones(login, personas, labour, labour_yuyao,
                                                                          workers, risks):
    asked = {"at": ANHUI, "day": "2020-02-16", "export": "xlsx"}
    assert login(personas["firm_x"]).get(reverse("workforce:origin_map"), asked).status_code == 403
    theirs = xlsx_rows(login(labour_yuyao).get(reverse("workforce:origin_map"), asked))
    assert [row[:3] for row in theirs[2:]] == [["阜阳市", FUYANG, 5], [theirs[3][0], "", 5], [theirs[4][0], "", 0]]
    rows = xlsx_rows(login(labour).get(reverse("workforce:origin_map"),
                                       {"at": ANHUI, "day": "2020-02-16", "export": "xlsx"}))
    assert "2020-02-16" in rows[0][0]
    body = rows[2:]
    assert [row[:5] for row in body[:2]] == [["阜阳市", FUYANG, 6, 3, 2], ["合肥市", HEFEI, 1, 1, 0]]
    assert body[-2][2:4] == [7, 4] and body[-1][2:4] == [2, 1]        # the total, then the unknown origins
    assert len(body) == 16 + 2
    exported = cells(rows)
    assert not any(number in text or number[-4:] in text for number in NUMBERS for text in exported)
    assert not any(PHONE in text or "5678" in text for text in exported)


def test_only_labour_officers_and_administrators_see_it_and_each_only_their_workers(
        login, personas, labour, labour_yuyao, workers, risks):
    urls = [reverse("workforce:origin_map"), reverse("workforce:origin_figures"),
            reverse("workforce:origin_geojson", args=["china"])]
    for name in ("county", "town_a", "town_b", "liaison_a", "firm_x", "firm_y"):
        client = login(personas[name])
        assert [client.get(url).status_code for url in urls] == [403, 403, 403], name
    yuyao = login(labour_yuyao).get(urls[1], {"day": "2020-02-16"}).json()
    assert yuyao["totals"] == {"away": 5, "wants": 5, "high": 0} and yuyao["unknown"]["away"] == 0
    admin = login(personas["admin"]).get(urls[1], {"day": "2020-02-16"}).json()
    assert admin["totals"]["away"] == 9 + 5                   # every county's workers, the home county's list
    assert next(r for r in admin["regions"] if r["code"] == ANHUI)["level"] == "low"


def test_the_boundary_files_are_served_offline_and_cached(login, personas, labour, labour_yuyao):
    assert login(personas["town_b"]).get(reverse("workforce:origin_geojson", args=["china"])).status_code == 403
    # The shapes are public data: any labour officer gets them.
    assert login(labour_yuyao).get(reverse("workforce:origin_geojson", args=[FUYANG])).status_code == 200
    client = login(labour)
    china = client.get(reverse("workforce:origin_geojson", args=["china"]))
    assert china.status_code == 200 and china["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in china["Cache-Control"] and china["ETag"]
    features = json.loads(b"".join(china.streaming_content))["features"]
    assert {f["properties"]["code"] for f in features} >= {ANHUI, SICHUAN}
    again = client.get(reverse("workforce:origin_geojson", args=["china"]), headers={"If-None-Match": china["ETag"]})
    assert again.status_code == 304
    fuyang = client.get(reverse("workforce:origin_geojson", args=[FUYANG]))
    assert {f["properties"]["code"] for f in json.loads(b"".join(fuyang.streaming_content))["features"]} >= {
        LINQUAN, JIESHOU}
    for missing in (LINQUAN, "../settings", "xyz"):
        assert client.get(f"/workers/origins/maps/{missing}.json").status_code == 404


def test_the_jobs_are_shown_beside_the_workers(login, labour, labour_yuyao, personas, firm_x, workers):
    open_position(actor=personas["firm_x"], enterprise=firm_x, title="装配工", count=12, opened_on=DAY)
    assert login(labour_yuyao).get(reverse("workforce:origin_map"), {"day": "2020-02-16"}).context[
        "openings"].openings == 0
    page = login(labour).get(reverse("workforce:origin_map"), {"day": "2020-02-16"})
    assert page.context["openings"].openings == 12
    assert [(t.name, t.openings) for t in page.context["top_towns"]] == [(firm_x.division.name, 12)]
    assert 'id="openings-total">12<' in page.content.decode()
