"""Gap lists and hand-offs of outside suppliers, with exact counts."""
import io

import pytest
from python_calamine import CalamineWorkbook

from lianfu.chains import queries
from lianfu.chains.enums import HandOffStatus
from lianfu.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def sheet(response) -> list[list]:
    assert response.status_code == 200, response.content[:300]
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_gap_list_groups_open_stages_by_town(chain, stages):
    report = queries.gaps(chain)
    assert [(g.stage, g.count, g.towns, [m.name for m in g.members]) for g in report.groups] == [
        ("not_surveyed", 1, [("浒山街道", 1)], ["戊钢材"]),
        ("surveyed", 2, [("周巷镇", 2)], ["乙冲压", "丁电镀"]),
        ("filed", 1, [("宁波市余姚市", 1)], ["丙轴承"]),
    ]
    assert report.done == {"survey": 4, "filing": 1, "prevention": 1, "restart": 1}
    assert (report.total, report.completion, report.percent("survey")) == (5, 20.0, 80.0)


def test_gap_list_page_and_export(personas, chain, stages, login):
    client = login(personas["town_a"])
    page = client.get(f"/chains/{chain.lead.uscc}/gaps/").content.decode()
    assert "戊钢材" in page and "甲铜业" not in page  # restarted firms are not gaps
    rows = sheet(client.get(f"/chains/{chain.lead.uscc}/gaps/?export=xlsx"))
    assert rows[0] == ["阶段", "镇街或县区", "配套企业", "统一社会信用代码", "层级", "县内"]
    assert [r[2] for r in rows[1:]] == ["戊钢材", "乙冲压", "丁电镀", "丙轴承"]


def test_hand_off_groups_name_the_outside_county_from_the_credit_code(chain):
    (group,) = queries.hand_off_groups("330282")
    assert (group.county_code, group.county) == ("330281", "宁波市余姚市")
    (row,) = group.rows
    assert (row.member.name, row.leads, row.items, row.status) == (
        "丙轴承", ["慈溪市甬达电器有限公司"], ["轴承"], HandOffStatus.NOT_SENT)
    assert queries.hand_off_groups("330281") == []  # Yuyao's own chains: none


def test_county_officer_sends_and_confirms_with_version_check(personas, chain, net, login):
    client = login(personas["county"])
    rows = sheet(client.get("/chains/hand-offs/330281.xlsx"))
    assert rows[1][:5] == [net["c"].uscc, "丙轴承", "", "轴承", "慈溪市甬达电器有限公司"]
    assert client.post("/chains/hand-offs/330281/sent/").status_code == 302
    (row,) = queries.hand_off_groups("330282")[0].rows
    assert (row.status, row.version) == (HandOffStatus.SENT, 0)
    url = f"/chains/hand-offs/330281/{net['c'].uscc}/confirm/"
    assert client.post(url, {"version": "0"}).status_code == 302
    assert client.post(url, {"version": "0"}).status_code == 409   # a second, stale confirmation
    (row,) = queries.hand_off_groups("330282")[0].rows
    assert (row.status, row.version) == (HandOffStatus.CONFIRMED, 1)
    actions = list(ActivityLog.objects.filter(action__startswith="hand_off").values_list("action", flat=True))
    assert sorted(actions) == ["hand_off.confirmed", "hand_off.sent"]


def test_hand_off_api_confirm_conflict_is_409(personas, chain, net, login):
    client = login(personas["county"])
    body = client.get("/api/chains/hand-offs").json()
    assert [(g["county_code"], [r["name"] for r in g["rows"]]) for g in body] == [("330281", ["丙轴承"])]
    url = f"/api/chains/hand-offs/{net['c'].uscc}/confirm"
    assert client.post(url, {"version": 0}, content_type="application/json").json() == {
        "status": "confirmed", "version": 1}
    assert client.post(url, {"version": 0}, content_type="application/json").status_code == 409


@pytest.mark.parametrize("persona", ["town_a", "firm_x"])
def test_only_the_county_manages_hand_offs(personas, chain, net, login, persona):
    client = login(personas[persona])
    assert client.get("/chains/hand-offs/").status_code == 403
    assert client.post("/chains/hand-offs/330281/sent/").status_code == 403
    assert client.get("/api/chains/hand-offs").status_code == 403


def test_chain_outside_page_lists_outside_suppliers_for_the_lead_firm(personas, chain, login):
    client = login(personas["firm_x"])
    page = client.get(f"/chains/{chain.lead.uscc}/outside/").content.decode()
    assert "宁波市余姚市" in page and "丙轴承" in page
    rows = sheet(client.get(f"/chains/{chain.lead.uscc}/outside/?export=330281"))
    assert [r[1] for r in rows[1:]] == ["丙轴承"]


def test_tree_export_has_one_row_per_node(personas, chain, net, login):
    rows = sheet(login(personas["county"]).get(f"/chains/{chain.lead.uscc}/tree.xlsx"))
    assert len(rows) == 1 + 11
    assert rows[1][:6] == [1, "丙轴承", net["c"].uscc, "慈溪市甬达电器有限公司", "轴承", 600]
    assert rows[2][1] == "慈溪市甬达电器有限公司" and rows[2][-1] == "已在本路径上（循环）"
