"""The labour officer's home: where the workers away come from (the origin
map's provinces, coloured by the county's list) and the charter trips not yet
arrived, counted as they depart and arrive; nobody else sees them, and another
county's labour officer sees none of this county's."""
import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from lianfu.common.roles import Role
from lianfu.workforce.enums import RiskLevel, WorkerState
from lianfu.workforce.models import OriginRisk, Trip
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker
from tests.workforce.test_trip_planning import JIESHOU, LINQUAN, PINGCHANG, away, plan

pytestmark = pytest.mark.django_db
YUYAO = "330281000000"


@pytest.fixture
def labour(db):
    return UserFactory(username="h_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)


@pytest.fixture
def county_away(firm_x, firm_y):
    away(firm_x, LINQUAN, 60, 1)                 # 安徽 阜阳: 60 + 30, of whom 5 do not ask for a seat
    away(firm_y, JIESHOU, 30, 100)
    away(firm_x, LINQUAN, 5, 300, wants=False)
    away(firm_y, PINGCHANG, 20, 200)             # 四川 巴中: 20
    with scopes_disabled():
        OriginRisk.objects.create(county_id=COUNTY, division_id="510000000000", level=RiskLevel.MEDIUM,
                                  effective_from=dt.date(2020, 1, 1), source="通报")


def cards(client) -> dict:
    response = client.get("/")
    assert response.status_code == 200
    return response.context.get("workforce") or {}


def trip_rows(workforce) -> list[tuple]:
    return [(row["plan"].name, row["planned"], row["departed"], row["workers"]) for row in workforce["trips"]]


def test_origins_by_province_most_away_first_with_their_risk_level(labour, county_away, login):
    workforce = cards(login(labour))
    assert [(r.name, r.away, r.wants, r.level_key) for r in workforce["origins"].rows] == [
        ("安徽省", 95, 90, "none"), ("四川省", 20, 20, "medium")]
    html = login(labour).get("/").content.decode()
    assert 'id="home-origins"' in html and reverse("workforce:origin_map") in html


def test_trips_in_progress_count_vehicles_as_they_depart_and_arrive(labour, county_away, login):
    client = login(labour)
    assert trip_rows(cards(client)) == []
    p = plan(labour)                             # 阜阳 90 -> 2 coaches, 巴中 20 -> 1
    assert trip_rows(cards(client)) == [("返岗专车", 3, 0, 110)]
    with scopes_disabled():
        first, second, third = Trip.objects.filter(plan=p).order_by("number")
        first_seats = first.seats.count()
    client.post(reverse("trips:action", args=[first.pk]), {"action": "depart", "version": 1})
    assert trip_rows(cards(client)) == [("返岗专车", 2, 1, 110)]
    client.post(reverse("trips:action", args=[first.pk]), {"action": "arrive", "version": 2})
    assert trip_rows(cards(client)) == [("返岗专车", 2, 0, 110 - first_seats)]
    for trip in (second, third):
        client.post(reverse("trips:action", args=[trip.pk]), {"action": "cancel", "version": 1})
    assert trip_rows(cards(client)) == []        # nothing planned or on the road


def test_only_labour_officers_of_the_county_see_them(labour, county_away, login, personas):
    plan(labour)
    for who in ("town_a", "county", "firm_x", "liaison_a"):
        html = login(personas[who]).get("/").content.decode()
        assert 'id="home-origins"' not in html and 'id="home-trips"' not in html, who
    other = UserFactory(username="h_labour_yy", role=Role.LABOUR_OFFICER, division_id=YUYAO)
    workforce = cards(login(other))
    assert workforce["origins"].rows == [] and workforce["trips"] == []


def test_on_duty_by_town_today_and_a_week_before_lowest_first(labour, firm_x, firm_y, login):
    today = dt.date.today()
    long_ago, lately = today - dt.timedelta(days=10), today - dt.timedelta(days=3)
    for n in range(3):
        make_worker(firm_x, f"甲{n}", number=id_number(sequence=500 + n), history=[(long_ago, WorkerState.AT_WORK)])
    make_worker(firm_x, "乙", number=id_number(sequence=510),
                history=[(long_ago, WorkerState.AWAY), (lately, WorkerState.BACK)])
    make_worker(firm_y, "丙", number=id_number(sequence=520), history=[(long_ago, WorkerState.AT_WORK)])
    for n in range(3):
        make_worker(firm_y, f"丁{n}", number=id_number(sequence=530 + n), history=[(long_ago, WorkerState.AWAY)])
    towns = cards(login(labour))["towns"]
    assert [(r["name"], r["today"].on_duty, r["today"].headcount, r["today"].rate, r["before"].rate)
            for r in towns] == [("周巷镇", 1, 4, 25.0, 25.0), ("浒山街道", 4, 4, 100.0, 75.0)]
    other = UserFactory(username="h_labour_yy2", role=Role.LABOUR_OFFICER, division_id=YUYAO)
    assert cards(login(other))["towns"] == []


def test_a_firm_sees_its_own_workers_and_trips_on_its_home(labour, county_away, login, personas):
    plan(labour)
    seen = {}
    for who in ("firm_x", "firm_y"):
        response = login(personas[who]).get("/")
        ours = response.context["our_workers"]
        seen[who] = (ours["counts"]["away"], ours["today"].on_duty, ours["today"].headcount, ours["on_trips"])
        assert 'id="our-workers"' in response.content.decode()
    assert seen == {"firm_x": (65, 0, 65, 60), "firm_y": (50, 0, 50, 50)}
    with scopes_disabled():
        other = EnterpriseFactory(division_id="330282004000")
    user = UserFactory(username="h_firm_new", role=Role.ENTERPRISE_USER, division_id=None, enterprise=other)
    assert login(user).get("/").context["our_workers"] == {"empty": True}
    assert "our_workers" not in login(labour).get("/").context
