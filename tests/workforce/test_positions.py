"""Open positions: a firm enters, changes and closes its own (every change
logged), nobody else's; the labour bureau sees the county's by town and by firm
with each firm's on-duty rate (workforce.onduty), and exports them."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.common.models import ActivityLog
from lianfu.workforce.enums import PositionSource, WorkerState
from lianfu.workforce.models import OpenPosition
from lianfu.workforce.positions import close_position, open_position, openings_on
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.registry import EnterpriseFactory
from tests.factories.workforce import id_number, make_worker
from tests.workforce.origins_world import cells, labour, labour_yuyao, xlsx_rows  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def positions_of(firm) -> list[tuple]:
    with scopes_disabled():
        return list(OpenPosition.objects.filter(enterprise=firm).order_by("id").values_list(
            "title", "count", "note", "source", "closed_on"))


def test_a_firm_enters_changes_and_closes_its_positions_and_each_change_is_logged(login, personas, firm_x):
    assert login(personas["firm_y"]).post(reverse("workforce:firm_positions", args=[firm_x.uscc]), {
        "title": "装配工", "count": "30"}).status_code == 404
    client = login(personas["firm_x"])
    mine = client.get(reverse("workforce:my_positions"))
    url = reverse("workforce:firm_positions", args=[firm_x.uscc])
    assert mine.status_code == 302 and mine["Location"] == url
    assert client.post(url, {"title": "装配工", "count": "30", "note": "包吃住"}).status_code == 302
    assert client.post(url, {"title": "质检员", "count": "2"}).status_code == 302
    with scopes_disabled():
        fitter, inspector = OpenPosition.objects.order_by("id")
    page = client.get(url)
    assert page.status_code == 200 and [p.title for p in page.context["open"]] == ["质检员", "装配工"]
    edited = client.post(reverse("workforce:position_edit", args=[fitter.pk]),
                         {"title": "装配工", "count": "25", "note": "包吃住"})
    assert edited.status_code == 302
    assert client.post(reverse("workforce:position_close", args=[inspector.pk])).status_code == 302
    today = timezone.localdate()
    assert positions_of(firm_x) == [("装配工", 25, "包吃住", PositionSource.FIRM, None),
                                    ("质检员", 2, "", PositionSource.FIRM, today)]
    log = list(ActivityLog.objects.order_by("id").values_list("action", "subject_id", "division_code"))
    assert log == [("open_position.opened", str(fitter.pk), TOWN_A),
                   ("open_position.opened", str(inspector.pk), TOWN_A),
                   ("open_position.changed", str(fitter.pk), TOWN_A),
                   ("open_position.closed", str(inspector.pk), TOWN_A)]
    assert ActivityLog.objects.get(action="open_position.changed").data["fields"] == ["count"]
    closed = client.get(url)
    assert [p.title for p in closed.context["open"]] == ["装配工"]
    assert [p.title for p in closed.context["closed"]] == ["质检员"]
    # A closed position stays closed.
    assert client.post(reverse("workforce:position_close", args=[inspector.pk]), follow=True).status_code == 200
    assert ActivityLog.objects.filter(action="open_position.closed").count() == 1


def test_the_form_keeps_what_was_typed_and_says_what_is_wrong(login, personas, firm_x):
    assert login(personas["town_a"]).post(reverse("workforce:firm_positions", args=[firm_x.uscc]), {
        "title": "装配工", "count": "30"}).status_code == 403
    client = login(personas["firm_x"])
    url = reverse("workforce:firm_positions", args=[firm_x.uscc])
    wrong = client.post(url, {"title": "", "count": "0", "note": "夜班"})
    assert wrong.status_code == 400
    assert set(wrong.context["form"].errors) == {"title", "count"}
    assert 'value="夜班"' in wrong.content.decode()
    assert positions_of(firm_x) == []


def test_a_firm_sees_and_changes_only_its_own_positions(login, personas, firm_x, firm_y):
    theirs = open_position(actor=personas["firm_x"], enterprise=firm_x, title="装配工", count=30)
    ours = open_position(actor=personas["firm_y"], enterprise=firm_y, title="焊工", count=3)
    y = login(personas["firm_y"])
    assert y.get(reverse("workforce:firm_positions", args=[firm_x.uscc])).status_code == 404
    assert y.post(reverse("workforce:firm_positions", args=[firm_x.uscc]), {"title": "x", "count": 1}).status_code \
        == 404
    assert y.get(reverse("workforce:position_edit", args=[theirs.pk])).status_code == 404
    assert y.post(reverse("workforce:position_edit", args=[theirs.pk]), {"title": "改", "count": 1}).status_code == 404
    assert y.post(reverse("workforce:position_close", args=[theirs.pk])).status_code == 404
    page = y.get(reverse("workforce:firm_positions", args=[firm_y.uscc]))
    assert [p.pk for p in page.context["open"]] == [ours.pk]
    assert y.get(reverse("workforce:positions")).status_code == 403          # the county's overview is not theirs
    assert positions_of(firm_x) == [("装配工", 30, "", PositionSource.FIRM, None)]


def test_officers_outside_the_labour_bureau_may_not_and_another_county_finds_nothing(
        login, personas, firm_x, labour_yuyao):
    position = open_position(actor=personas["firm_x"], enterprise=firm_x, title="装配工", count=30)
    for name in ("county", "town_a", "town_b", "liaison_a"):
        client = login(personas[name])
        assert client.get(reverse("workforce:positions")).status_code == 403, name
        assert client.get(reverse("workforce:my_positions")).status_code == 403, name
        assert client.get(reverse("workforce:position_edit", args=[position.pk])).status_code in (403, 404), name
        assert client.post(reverse("workforce:position_close", args=[position.pk])).status_code in (403, 404), name
    # Town A reaches firm X, and is still refused: positions are the firm's and the labour bureau's.
    assert login(personas["town_a"]).get(reverse("workforce:firm_positions", args=[firm_x.uscc])).status_code == 403
    yuyao = login(labour_yuyao)
    assert yuyao.get(reverse("workforce:firm_positions", args=[firm_x.uscc])).status_code == 404
    assert yuyao.post(reverse("workforce:position_close", args=[position.pk])).status_code == 404
    assert openings_on_as(yuyao) == 0
    assert positions_of(firm_x)[0][4] is None


def openings_on_as(client) -> int:
    return client.get(reverse("workforce:positions")).context["openings"].openings


def test_the_labour_officer_enters_for_a_firm_of_the_county(login, labour, firm_y):
    client = login(labour)
    found = client.get(reverse("workforce:positions"), {"firm": firm_y.name})
    url = reverse("workforce:firm_positions", args=[firm_y.uscc])
    assert found.status_code == 302 and found["Location"] == url
    assert client.get(reverse("workforce:positions"), {"firm": "没有这家"}).status_code == 302
    assert client.post(url, {"title": "注塑工", "count": "8"}).status_code == 302
    assert positions_of(firm_y) == [("注塑工", 8, "", PositionSource.OFFICER, None)]


@pytest.fixture
def hiring(personas, firm_x, firm_y):
    """Firm X (town A): 3 on its roster, 2 on duty; firm Y (town B): 1, back; firm Z (town A): no figure."""
    today = timezone.localdate()
    for n, state in enumerate([WorkerState.AT_WORK, WorkerState.BACK, WorkerState.AWAY], start=1):
        make_worker(firm_x, f"甲{n}", number=id_number(sequence=n), history=[(today, state)])
    make_worker(firm_y, "乙1", number=id_number(sequence=9), history=[(today, WorkerState.BACK)])
    with scopes_disabled():
        firm_z = EnterpriseFactory(division_id=TOWN_A, name="慈溪市新城塑业有限公司")
        yuyao = EnterpriseFactory(division_id="330281001000", name="余姚市丙轴承有限公司")
    x, y = personas["firm_x"], personas["firm_y"]
    open_position(actor=x, enterprise=firm_x, title="装配工", count=30)
    open_position(actor=x, enterprise=firm_x, title="质检员", count=2)
    open_position(actor=y, enterprise=firm_y, title="焊工", count=5)
    gone = open_position(actor=y, enterprise=firm_y, title="电工", count=4)
    close_position(actor=y, position=gone)
    open_position(actor=personas["admin"], enterprise=firm_z, title="注塑工", count=6)
    open_position(actor=personas["admin"], enterprise=firm_z, title="叉车工", count=1,
                  opened_on=today + dt.timedelta(days=3))
    open_position(actor=personas["admin"], enterprise=yuyao, title="车工", count=50)
    return firm_z


def test_the_county_sees_where_the_jobs_are_by_town_and_by_firm(login, personas, labour, labour_yuyao, firm_x, firm_y,
                                                                hiring):
    assert login(personas["county"]).get(reverse("workforce:positions")).status_code == 403
    theirs = login(labour_yuyao).get(reverse("workforce:positions")).context["openings"]
    assert [(f.name, f.openings) for f in theirs.firms] == [("余姚市丙轴承有限公司", 50)]
    page = login(labour).get(reverse("workforce:positions"))
    openings = page.context["openings"]
    assert openings.openings == 32 + 5 + 6
    assert [(f.name, f.openings, f.titles, f.on_duty.rate if f.on_duty else None) for f in openings.firms] == [
        (firm_x.name, 32, ["装配工 × 30", "质检员 × 2"], 66.7),
        (hiring.name, 6, ["注塑工 × 6"], None),
        (firm_y.name, 5, ["焊工 × 5"], 100.0),
    ]
    assert [(t.code, t.firms, t.openings, t.on_duty.on_duty, t.on_duty.headcount, t.on_duty.rate)
            for t in openings.towns] == [(TOWN_A, 2, 38, 2, 3, 66.7), (TOWN_B, 1, 5, 1, 1, 100.0)]
    # The same figures as the on-duty rate everywhere else (workforce.onduty).
    from lianfu.workforce.onduty import firm_on_duty
    assert firm_on_duty([firm_x.pk], timezone.localdate())[firm_x.pk].rate == 66.7
    with scopes_disabled():                  # unscoped here: every county's firms, the Yuyao firm's 50 included
        later = openings_on(timezone.localdate() + dt.timedelta(days=3))
    assert later.openings == 32 + 5 + 7 + 50    # 叉车工 × 1 opens on the third day
    html = page.content.decode()
    assert "66.7" in html and 'id="openings-total">43<' in html


def test_the_exports_list_the_firms_and_towns_without_phones_or_id_numbers(login, personas, labour, labour_yuyao,
                                                                           firm_x, hiring):
    assert login(personas["firm_x"]).get(reverse("workforce:positions"), {"export": "xlsx"}).status_code == 403
    theirs = xlsx_rows(login(labour_yuyao).get(reverse("workforce:positions"), {"export": "xlsx"}))
    assert [row[0] for row in theirs[1:]] == ["余姚市丙轴承有限公司"]
    client = login(labour)
    firms = xlsx_rows(client.get(reverse("workforce:positions"), {"export": "xlsx"}))
    assert firms[1][:5] == [firm_x.name, firm_x.uscc, firm_x.division.name, "装配工 × 30；质检员 × 2", 32]
    assert firms[1][5:] == [2, 3, 66.7]
    assert [row[0] for row in firms[2:]] == ["慈溪市新城塑业有限公司", "慈溪市周盛汽配有限公司"]
    towns = xlsx_rows(client.get(reverse("workforce:positions"), {"export": "towns"}))
    assert [row[1:] for row in towns[1:]] == [[2, 38, 66.7], [1, 5, 100.0]]
    exported = cells(firms) | cells(towns)
    assert not any("13812345678" in text or id_number(sequence=1) in text for text in exported)


def test_the_navigation_leads_each_role_to_its_page(login, personas, labour):
    firm = login(personas["firm_x"]).get("/").content.decode()
    assert 'id="nav-positions"' in firm and 'id="nav-origin-map"' not in firm
    officer = login(labour).get("/").content.decode()
    assert 'id="nav-origin-map"' in officer and 'id="nav-positions"' not in officer
    county = login(personas["county"]).get("/").content.decode()
    assert 'id="nav-origin-map"' not in county and 'id="nav-positions"' not in county
    origin_map = login(labour).get(reverse("workforce:origin_map")).content.decode()
    assert reverse("workforce:risk_levels") in origin_map and reverse("workforce:positions") in origin_map
