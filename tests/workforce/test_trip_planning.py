"""Charter trips from the database: who waits, hand-solved plans with exact
vehicle counts, high-risk origins never picked up, manifests masked,
departures and arrivals moving workers (and the on-duty rate)."""
import datetime as dt
import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.errors import NotAllowed
from lianfu.common.roles import Role
from lianfu.registry.models import Division
from lianfu.workforce import roster_days, trip_planning
from lianfu.workforce.enums import RiskLevel, TripStatus, WorkerState
from lianfu.workforce.models import OriginRisk, Trip, TripPlan, TripSeat, Worker
from lianfu.workforce.onduty import OnDutyBook
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory
from tests.factories.workforce import id_number, make_worker

pytestmark = pytest.mark.django_db
DAY = dt.date(2020, 2, 20)
LINQUAN, JIESHOU, PINGCHANG = "341221", "341282", "511923"   # 阜阳 临泉县, 阜阳 界首市, 巴中 平昌县


@pytest.fixture
def labour(db):
    return UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)


def away(firm, region: str, n: int, start: int, *, wants: bool = True):
    workers = []
    for i in range(n):
        w = make_worker(firm, f"工{start + i}", number=id_number(region, "19900101", start + i),
                        history=[(DAY, WorkerState.AWAY)])
        workers.append(w)
    with scopes_disabled():
        Worker.objects.filter(pk__in=[w.pk for w in workers]).update(wants_return=wants)
    return workers


def plan(labour, *, capacity=53, km=0, dropoffs=None):
    county = Division.objects.get(code=COUNTY)
    p = trip_planning.start_plan(actor=labour, county=county, name="返岗专车", vehicle="bus", capacity=capacity,
                                 max_distance_km=km, max_dropoffs=dropoffs, time_limit_s=5, departs_on=DAY)
    return trip_planning.pack(p, trip_planning.high_risk_on(county, DAY))


def loads(p: TripPlan) -> list[dict]:
    with scopes_disabled():
        out = []
        for trip in p.trips.order_by("number"):
            counts: dict = {}
            for origin, town in trip.seats.values_list("origin_id", "destination_id"):
                counts[(origin[:6], town)] = counts.get((origin[:6], town), 0) + 1
            out.append(counts)
    return out


def test_a_hand_solved_plan_has_exactly_the_fewest_vehicles(labour, firm_x, firm_y):
    away(firm_x, LINQUAN, 60, 1)         # 60 from 临泉 to town A
    away(firm_y, JIESHOU, 30, 100)       # 30 from 界首 (same city, 阜阳) to town B
    away(firm_y, PINGCHANG, 20, 200)     # 20 from 平昌 (四川巴中) to town B
    away(firm_x, LINQUAN, 5, 300, wants=False)   # away but not asking for a seat
    p = plan(labour, capacity=53)
    # 110 workers; same-city pick-ups only: 阜阳 90 -> 2 vehicles, 巴中 20 -> 1: bound 3, plan 3.
    assert (p.state, p.vehicles, p.lower_bound, p.workers_planned, p.workers_excluded) == ("ready", 3, 3, 110, 0)
    assert p.solver_status == "optimal"
    assert sorted(sum(v.values()) for v in loads(p)) == [20, 37, 53]
    with scopes_disabled():
        assert TripSeat.objects.count() == 110
        assert TripSeat.objects.values("worker").distinct().count() == 110
    # Planned workers are not offered again to the next plan.
    assert plan(labour).vehicles == 0


def test_high_risk_origins_are_never_picked_up(labour, firm_x):
    away(firm_x, LINQUAN, 10, 1)
    away(firm_x, PINGCHANG, 7, 100)
    with scopes_disabled():
        OriginRisk.objects.create(county_id=COUNTY, division_id="511900000000", level=RiskLevel.HIGH,   # 巴中市
                                  effective_from=DAY - dt.timedelta(days=3), source="通报")
        OriginRisk.objects.create(county_id=COUNTY, division_id="341200000000", level=RiskLevel.HIGH,
                                  effective_from=DAY - dt.timedelta(days=10), effective_to=DAY - dt.timedelta(days=1))
    p = plan(labour)
    assert (p.vehicles, p.workers_planned, p.workers_excluded) == (1, 10, 7)
    with scopes_disabled():
        assert not TripSeat.objects.filter(origin__code__startswith="5119").exists()


def test_departure_and_arrival_move_the_workers_and_the_on_duty_rate(labour, firm_x, login):
    workers = away(firm_x, LINQUAN, 3, 1)
    make_worker(firm_x, "在岗", number=id_number(sequence=900), history=[(DAY, WorkerState.AT_WORK)])
    p = plan(labour)
    with scopes_disabled():
        trip = Trip.objects.get(plan=p)
    client = login(labour)
    today = dt.date.today()
    assert OnDutyBook([firm_x.pk]).firm(firm_x.pk, today).on_duty == 1
    client.post(reverse("trips:action", args=[trip.pk]), {"action": "depart", "version": 1})
    with scopes_disabled():
        assert set(Worker.objects.filter(pk__in=[w.pk for w in workers]).values_list("state", flat=True)) == {
            WorkerState.RETURNING}
    client.post(reverse("trips:action", args=[trip.pk]), {"action": "arrive", "version": 2})
    with scopes_disabled():
        trip.refresh_from_db()
        assert trip.status == TripStatus.ARRIVED
        assert set(Worker.objects.filter(pk__in=[w.pk for w in workers]).values_list("state", flat=True)) == {
            WorkerState.BACK}
    figure = OnDutyBook([firm_x.pk]).firm(firm_x.pk, today)
    assert (figure.on_duty, figure.headcount) == (4, 4)
    assert roster_days.differences() == (0, [])     # the roster by day kept with both moves
    with pytest.raises(NotAllowed):
        trip_planning.cancel(actor=labour, trip=trip, version=trip.version)


def test_the_manifest_is_masked_and_only_the_labour_bureau_opens_a_plan(labour, firm_x, personas, login):
    workers = away(firm_x, LINQUAN, 2, 1)
    p = plan(labour)
    with scopes_disabled():
        trip = Trip.objects.get(plan=p)
    response = login(labour).get(reverse("trips:manifest", args=[trip.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(
        0).to_python()
    cells = [str(c) for row in rows for c in row]
    numbers = [id_number(LINQUAN, "19900101", i) for i in (1, 2)]
    assert all(n not in cells for n in numbers)
    assert {n[:6] + "********" + n[-4:] for n in numbers} <= set(cells)
    assert "138****0000" in cells
    for name in ("county", "town_a", "firm_x"):
        assert login(personas[name]).get(reverse("trips:plan", args=[p.pk])).status_code == 403
        assert login(personas[name]).get(reverse("trips:manifest", args=[trip.pk])).status_code in (403, 404)
    other = UserFactory(username="p_labour_yy", role=Role.LABOUR_OFFICER, division_id="330281000000")
    assert login(other).get(reverse("trips:plan", args=[p.pk])).status_code == 404
    # The employer sees its own workers' trips, masked.
    ours = login(personas["firm_x"]).get(reverse("trips:ours"))
    assert [s.worker_id for s in ours.context["seats"]] == sorted(w.pk for w in workers)
    assert login(personas["firm_y"]).get(reverse("trips:ours")).context["seats"].__len__() == 0


def test_the_plan_page_is_made_from_the_web(labour, firm_x, login):
    away(firm_x, LINQUAN, 3, 1)
    client = login(labour)
    assert client.get(reverse("trips:plans")).context["waiting"] == 3
    response = client.post(reverse("trips:plans"), {"name": "二月专车", "vehicle": "train", "max_distance_km": 300,
                                                     "time_limit_s": 3, "departs_on": "2020-02-21"})
    with scopes_disabled():
        p = TripPlan.objects.get(name="二月专车")
    assert response.status_code == 302
    assert (p.capacity, p.state, p.vehicles, p.lower_bound) == (118, "ready", 1, 1)
    page = client.get(reverse("trips:plan", args=[p.pk]))
    assert page.status_code == 200 and page.context["ratio"] == 1.0

