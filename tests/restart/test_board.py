"""Chain progress boards on the hand-built chain, with exact figures per viewer.

    lead 甬达 (town A): 02-20 cap 50, 150/300 on duty, [material]; 02-27 cap 60, 200/300, [material, labour]
    甲 (A, tier 1):     02-18 [funds]; 02-22 []; 02-26 cap 40, 60/100, [funds], planned 03-02; restarted
    乙 (B, tier 1):     02-15 cap 10, 5/50, [logistics]; 02-25 cap 30, 25/50, [logistics, material]
    丁 (B, tier 2):     02-28 cap 80, 18/20, no blockers
    丙 (余姚, tier 1):   02-21 cap 100, 40/40, [orders] (outside the county: only the administrator reads it)
    戊 (A, tier 3):     never surveyed
"""
import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope
from python_calamine import CalamineWorkbook

from lianfu.chains.domain import ensure_chain
from lianfu.chains.membership import refresh_chain
from lianfu.chains.models import Chain
from lianfu.common.roles import Role
from lianfu.common.scoping import reach_checker, scope_for
from lianfu.restart import domain
from lianfu.restart.boards import chain as board
from lianfu.restart.boards.summaries import LIST_SORTS, chain_summaries
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def survey(actor, enterprise, day, capacity, headcount, on_duty, blockers=(), planned=None):
    domain.record_survey(actor=actor, enterprise=enterprise, surveyed_on=day, capacity_pct=capacity,
                         headcount_total=headcount, headcount_on_duty=on_duty, headcount_away=headcount - on_duty,
                         blockers=list(blockers), planned_restart=planned)


@pytest.fixture
def surveyed(personas, net, chain, members):
    lead, admin = personas["firm_x"], personas["admin"]
    survey(lead, net["lead"], D(2020, 2, 20), 50, 300, 150, ["material"])
    survey(lead, net["lead"], D(2020, 2, 27), 60, 300, 200, ["material", "labour"], D(2020, 3, 9))
    survey(members["a"], net["a"], D(2020, 2, 18), 0, 100, 10, ["funds"])
    survey(members["a"], net["a"], D(2020, 2, 22), 20, 100, 40)
    survey(members["a"], net["a"], D(2020, 2, 26), 40, 100, 60, ["funds"], D(2020, 3, 2))
    survey(members["b"], net["b"], D(2020, 2, 15), 10, 50, 5, ["logistics"])
    survey(personas["town_b"], net["b"], D(2020, 2, 25), 30, 50, 25, ["logistics", "material"])
    survey(members["s"], net["s"], D(2020, 2, 28), 80, 20, 18)
    survey(admin, net["c"], D(2020, 2, 21), 100, 40, 40, ["orders"])
    domain.grant_override(actor=personas["county"], enterprise=net["a"], reason="保供")
    domain.confirm_restart(actor=members["a"], enterprise=net["a"], capacity_pct=40)
    return net


def board_for(user, chain):
    return board.chain_board(chain, reach_checker(user))


def figures(b) -> tuple:
    t = b.totals
    oldest = (b.oldest.name, b.oldest.blocker, b.oldest.blocker_since) if b.oldest else None
    return t.suppliers, t.restarted, t.completion, t.surveyed, t.capacity, t.on_duty_rate, oldest


def test_county_officer_reads_every_firm_of_the_county(personas, chain, surveyed):
    b = board_for(personas["county"], chain)
    assert [(r.name, r.tier, r.place, r.stage, r.capacity_pct, r.on_duty_rate, r.blocker, r.blocker_since,
             r.planned_restart) for r in b.rows] == [
        ("慈溪市甬达电器有限公司", 0, "浒山街道", "surveyed", 60, 66.7, "material", D(2020, 2, 20), D(2020, 3, 9)),
        ("丙轴承", 1, "宁波市余姚市", "surveyed", None, None, None, None, None),    # outside: stage only
        ("乙冲压", 1, "周巷镇", "surveyed", 30, 50.0, "logistics", D(2020, 2, 15), None),
        ("甲铜业", 1, "浒山街道", "restarted", 40, 60.0, "funds", D(2020, 2, 26), D(2020, 3, 2)),  # run broken 02-22
        ("丁电镀", 2, "周巷镇", "surveyed", 80, 90.0, None, None, None),
        ("戊钢材", 3, "浒山街道", "not_surveyed", None, None, None, None, None),
    ]
    # (60·300 + 40·100 + 30·50 + 80·20) / 470 = 53.4; (200 + 60 + 25 + 18) / 470 = 64.5
    assert figures(b) == (5, 1, 20.0, 4, 53.4, 64.5, ("乙冲压", "logistics", D(2020, 2, 15)))


def test_town_officer_reads_figures_of_its_own_town_only(personas, chain, surveyed):
    b = board_for(personas["town_a"], chain)
    assert {r.name: r.capacity_pct for r in b.rows} == {
        "慈溪市甬达电器有限公司": 60, "丙轴承": None, "乙冲压": None, "甲铜业": 40, "丁电镀": None, "戊钢材": None}
    assert figures(b) == (5, 1, 20.0, 2, 55.0, 65.0, ("慈溪市甬达电器有限公司", "material", D(2020, 2, 20)))


def test_lead_firm_reads_its_own_survey_and_only_stages_of_its_suppliers(personas, chain, surveyed):
    b = board_for(personas["firm_x"], chain)
    others = [r for r in b.rows if r.tier]
    assert all((r.detail, r.capacity_pct, r.on_duty_rate, r.blocker, r.planned_restart, r.headcount) ==
               (False, None, None, None, None, None) for r in others)
    assert [r.stage for r in others] == ["surveyed", "surveyed", "restarted", "surveyed", "not_surveyed"]
    assert figures(b) == (5, 1, 20.0, 1, 60.0, 66.7, ("慈溪市甬达电器有限公司", "material", D(2020, 2, 20)))


def test_administrator_reads_the_outside_supplier_too(personas, chain, surveyed):
    b = board_for(personas["admin"], chain)
    assert figures(b) == (5, 1, 20.0, 5, 57.1, 67.3, ("乙冲压", "logistics", D(2020, 2, 15)))


def test_a_board_costs_the_same_few_queries_whatever_the_chain_size(personas, net, chain, surveyed):
    with CaptureQueriesContext(connection) as small:
        board_for(personas["county"], chain)
    for n in range(20):
        firm = EnterpriseFactory(name=f"新增{n}", division_id=net["a"].division_id)
        link(firm, net["a"])
        survey(personas["county"], firm, D(2020, 2, 20), 10, 10, 1, ["material"])
    refresh_chain(chain)
    with CaptureQueriesContext(connection) as large:
        rows = board_for(personas["county"], chain).rows
    assert len(rows) == 26
    # members, lead, latest surveys, blockers, restart confirmations (capacity now, docs/metrics.md);
    # the on-duty figure (docs/metrics.md): state changes, surveys
    assert len(small.captured_queries) == len(large.captured_queries) == 7


def test_filter_and_sort_never_order_by_a_hidden_figure(personas, chain, surveyed):
    rows = board_for(personas["town_a"], chain).rows
    by_capacity = board.sort_rows(rows, "-capacity", board.BOARD_SORTS)
    assert [r.name for r in by_capacity][:2] == ["慈溪市甬达电器有限公司", "甲铜业"]
    assert [r.name for r in by_capacity][2:] == [r.name for r in rows if r.capacity_pct is None]  # first order kept
    assert [r.name for r in board.filter_rows(rows, place="330282121000")] == ["乙冲压", "丁电镀"]
    assert [r.name for r in board.filter_rows(rows, stage="restarted")] == ["甲铜业"]


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_board_page_and_export_with_filters_and_sort(personas, chain, surveyed, login):
    client = english(login(personas["county"]))
    url = f"/restart/board/{chain.lead.uscc}/"
    page = client.get(url).content.decode()
    assert "Logistics" in page and "since 2020-02-15" in page and "53.4%" in page and "64.5%" in page
    assert 'id="board-privacy"' in page          # 丙轴承 is out of the county officer's reach
    filtered = client.get(url, {"town": "330282121000", "sort": "-capacity"}).content.decode().split('id="board"')[1]
    assert filtered.index("丁电镀") < filtered.index("乙冲压") and "甲铜业" not in filtered
    rows = sheet(client.get(url, {"stage": "surveyed", "export": "xlsx"}))
    assert rows[0][0] == f"慈溪市甬达电器有限公司 supply chain restart progress, {timezone.localdate():%Y-%m-%d}"
    assert rows[1] == ["No.", "Enterprise", "Credit code", "Tier", "Town or county", "Stage", "Capacity %",
                       "On-duty rate %", "Oldest open problem", "Planned restart date"]
    assert rows[2] == [1, "慈溪市甬达电器有限公司", chain.lead.uscc, "Lead firm", "浒山街道", "Surveyed", 60,
                       66.7, "Material since 2020-02-20", D(2020, 3, 9)]
    assert [(r[0], r[1], r[6], r[8]) for r in rows[3:]] == [
        (2, "丙轴承", "", ""), (3, "乙冲压", 30, "Logistics since 2020-02-15"), (4, "丁电镀", 80, "")]


def test_lead_firm_page_and_export_hold_no_supplier_survey_data(personas, chain, surveyed, login):
    client = english(login(personas["firm_x"]))
    url = f"/restart/board/{chain.lead.uscc}/"
    page = client.get(url).content.decode()
    for private in ("Logistics", "Funds", "Orders", "2020-03-02", "2020-02-15", "53.4"):
        assert private not in page
    assert "甲铜业" in page and "Restarted" in page
    rows = sheet(client.get(url, {"export": "xlsx"}))
    assert [r[6:] for r in rows[3:]] == [["", "", "", ""]] * 5


@pytest.mark.parametrize("persona,status", [("county", 200), ("town_a", 200), ("liaison_a", 200), ("firm_x", 200),
                                            ("admin", 200), ("town_b", 404), ("firm_y", 404), ("member_b", 404),
                                            ("dept", 403)])
def test_board_access_and_isolation(personas, chain, surveyed, members, login, persona, status):
    from lianfu.registry.models import Department
    department = Department.objects.create(county_id="330282000000", code="economy", name_zh="经信局",
                                           name_en="Economy")
    users = {**personas, "member_b": members["b"],
             "dept": UserFactory(username="p_dept", role=Role.DEPARTMENT_STAFF, division_id=None,
                                 department=department)}
    client = login(users[persona])
    assert client.get(f"/restart/board/{chain.lead.uscc}/").status_code == status
    assert client.get(f"/restart/board/{chain.lead.uscc}/?export=xlsx").status_code == status


@pytest.mark.parametrize("persona, shown", [("county", True), ("town_a", True), ("liaison_a", True),
                                             ("firm_x", False)])
def test_the_boards_are_in_the_navigation_of_whoever_lists_chains(personas, login, persona, shown):
    home = login(personas[persona]).get("/").content.decode()
    assert ('id="nav-board"' in home) == shown
    if shown:
        assert '<a href="/restart/board/" id="nav-board">' in home


def test_chain_pages_have_a_board_tab(personas, chain, login):
    page = login(personas["town_a"]).get(f"/chains/{chain.lead.uscc}/").content.decode()
    assert f'href="/restart/board/{chain.lead.uscc}/"' in page


@pytest.fixture
def other_chain(personas, firm_y):
    """firm_y (town B) leads a chain of one supplier in town B, surveyed."""
    supplier = EnterpriseFactory(name="己配件", division_id="330282121000")
    link(supplier, firm_y)
    survey(personas["town_b"], supplier, D(2020, 2, 24), 20, 10, 4)
    return ensure_chain(actor=None, lead=firm_y)


def test_county_list_sorted_by_completion_with_weighted_capacity(personas, chain, surveyed, other_chain, login):
    got = [(s.lead.name, s.totals.suppliers, s.totals.restarted, s.totals.completion, s.totals.capacity,
            s.totals.on_duty_rate)
           for s in board.sort_rows(summaries_for(personas["county"]), "completion", LIST_SORTS)]
    assert got == [("慈溪市周盛汽配有限公司", 1, 0, 0.0, 20.0, 40.0),
                   ("慈溪市甬达电器有限公司", 5, 1, 20.0, 53.4, 64.5)]   # the same figures as its board
    client = english(login(personas["county"]))
    rows = sheet(client.get("/restart/board/", {"export": "xlsx"}))
    assert rows[1] == ["No.", "Lead firm", "Credit code", "Town", "Suppliers", "Restarted", "Completion %",
                       "Capacity % (weighted by headcount)", "On-duty rate %"]
    assert [r[1] for r in rows[2:]] == ["慈溪市周盛汽配有限公司", "慈溪市甬达电器有限公司"]
    assert rows[3][4:] == [5, 1, 20.0, 53.4, 64.5]
    page = client.get("/restart/board/", {"town": "330282004000"}).content.decode()
    assert "慈溪市甬达电器有限公司" in page and "慈溪市周盛汽配有限公司" not in page


def summaries_for(user):
    with scope(**scope_for(user)):
        return chain_summaries(Chain.objects.all(), reach_checker(user))


def test_county_list_is_limited_to_the_jurisdiction_and_sends_firms_to_their_own(personas, chain, surveyed,
                                                                                  other_chain, members, login):
    town_b = login(personas["town_b"]).get("/restart/board/").content.decode()
    assert "慈溪市周盛汽配有限公司" in town_b and "慈溪市甬达电器有限公司" not in town_b
    assert login(personas["firm_x"]).get("/restart/board/")["Location"] == f"/restart/board/{chain.lead.uscc}/"
    assert login(members["b"]).get("/restart/board/")["Location"] == "/chains/mine/"
    # Town A reads only the lead's own survey of 甬达's chain: 60% of 300 on the list as on the board.
    assert {s.lead.name: s.totals.capacity for s in summaries_for(personas["town_a"])} == {
        "慈溪市甬达电器有限公司": 55.0}
