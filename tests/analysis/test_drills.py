"""Scenario drills (/chains/drills/, docs/engine.md §7.1) on a small world.

慈溪 (330282): lead X (firm_x, 浒山, 3857) buys 铜件 from copper A (周巷, 3251) for
365 万元 a year holding 2 days of stock, and 塑料件 from plastics C (浒山, 2922) for
73 (no stock given: 7 days). A buys 涂料 from paint B (余姚, 26) for 730, holding 1 day.
Every input is manufacturing into manufacturing: essential. Each firm is alone in its
industry. Output a day (the larger of sales and purchases, / 365): X 438/365 = 1.2,
A 730/365 = 2, B 2, C 0.2 万元.

Drill 1, 周巷 closed 3 days: A 0 0 0 1 …; X's copper a = 2+0, 1+0, 0+0, 0+0, 0+1 →
X 1 1 0 0 1 …: below 50 % and 铜件 out on day 2. Lost: 2, 2, 2+1.2, 1.2, then 0:
peak 3.20 on day 2, total 8.40 over 17 days. Protect first: A, whose staying open
keeps A and X: 3.20 a day.

Drill 2, everything outside the county at 50 % for 5 days: B 0.5 on days 0-4; A's
paint a = 1+0.5, 0.5+0.5, then 0.5 until B's day-5 output arrives on day 6 → A 1 1
0.5 0.5 0.5 0.5 1; X's copper stock of 2 covers it (a never below 1). Lost: 1, 1, 2,
2, 2, 1, then 0: total 9.00 over 19 days. Protect first: B saves B, A and X's half:
1 + 1 + 0.6 = 2.60 a day."""
import html
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.conf import settings
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from lianfu.analysis.models import Drill
from lianfu.chains.domain import ensure_chain
from lianfu.common.models import ActivityLog
from lianfu.common.roles import Role
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/chains/drills/"
YUYAO_TOWN = "330281001000"
X = "慈溪市甬达电器有限公司"


@pytest.fixture
def world(personas, firm_x):
    firm = {
        "A": EnterpriseFactory(name="慈溪市铜材厂", industry_id="3251", division_id=TOWN_B),
        "B": EnterpriseFactory(name="余姚市涂料厂", industry_id="26", division_id=YUYAO_TOWN),
        "C": EnterpriseFactory(name="慈溪市塑料厂", industry_id="2922", division_id=TOWN_A),
        "X": firm_x,
    }
    link(firm["A"], firm["X"], 365, item="铜件", stock_days=2)
    link(firm["C"], firm["X"], 73, item="塑料件")
    link(firm["B"], firm["A"], 730, item="涂料", stock_days=1)
    ensure_chain(actor=None, lead=firm_x)
    return firm


def said(text: str) -> str:
    """A UI string as the page says it in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def form(**fields) -> dict:
    return {"name": "演练", "outside": "", "firms": "", "days": 3, "capacity_pct": 0, **fields}


def table(page: str, table_id: str) -> list[list[str]]:
    body = page.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def kpis(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'<span class="value" id="kpi-\d">([^<]*)</span>', page)]


def created(client, **fields) -> Drill:
    answer = client.post(URL + "new/", form(**fields))
    assert answer.status_code == 302, answer.content.decode()
    with scopes_disabled():
        drill = Drill.objects.get(name=fields.get("name", "演练"))
    assert answer["Location"] == f"{URL}{drill.pk}/"
    return drill


def on(day: int) -> str:
    return (timezone.localdate() + timedelta(days=day)).isoformat()


def test_a_town_closed_for_three_days(personas, world, login):
    client = login(personas["county"])
    drill = created(client, towns=[TOWN_B])
    page = client.get(f"{URL}{drill.pk}/").content.decode()
    assert kpis(page) == ["1 / 4", "1 / 1", "3.20", "8.40"]
    days = table(page, "drill-days")
    assert [row[2] for row in days] == ["2.00", "2.00", "3.20", "1.20"] + ["0.00"] * 13
    assert days[2][1] == on(2)
    [lead] = table(page, "drill-leads")
    # "day 2 (date)" in the page's language: the day, the date and the item that ran out
    assert lead[0] == X and "2" in lead[1] and on(2) in lead[1]
    assert lead[2].startswith("铜件") and on(2) in lead[2] and "塑料件" not in lead[2]
    assert table(page, "drill-protect") == [["1", "慈溪市铜材厂", "周巷镇", "3.20"]]
    assert page.count("<rect ") == 17


def test_the_stored_figures_are_exact(personas, world, login):
    drill = created(login(personas["county"]), towns=[TOWN_B])
    r = drill.results
    assert (r["shocked"], r["firms"], r["leads"], r["horizon"], r["peak_day"]) == (1, 4, 1, 17, 2)
    assert r["lost_per_day"][:5] == pytest.approx([2, 2, 3.2, 1.2, 0], abs=1e-12)
    assert r["total_lost"] == pytest.approx(8.4, abs=1e-12)
    assert r["leads_hit"] == [{"enterprise": world["X"].pk, "first_below": 2, "inputs": [
        {"sector": 2922, "item": "塑料件", "run_out": None}, {"sector": 3251, "item": "铜件", "run_out": 2}],
        "closed": False}]
    assert r["protect"] == [{"enterprise": world["A"].pk, "saved": pytest.approx(3.2, abs=1e-9)}]


def test_outside_the_county_at_half_capacity(personas, world, login):
    client = login(personas["county"])
    drill = created(client, name="外地减半", outside="county", days=5, capacity_pct=50)
    r = drill.results
    assert r["shocked"] == 1 and r["horizon"] == 19 and r["leads_hit"] == []
    assert r["lost_per_day"][:8] == pytest.approx([1, 1, 2, 2, 2, 1, 0, 0], abs=1e-12)
    assert r["total_lost"] == pytest.approx(9.0, abs=1e-12)
    page = client.get(f"{URL}{drill.pk}/").content.decode()
    assert table(page, "drill-protect") == [["1", "余姚市涂料厂", "梨洲街道", "2.60"]]
    assert 'id="drill-leads"' not in page


def test_industries_and_firms_by_name_or_credit_code(personas, world, login):
    client = login(personas["county"])
    by_industry = created(client, name="铜", industries=["32"])
    by_firm = created(client, name="名单", firms=f"慈溪市铜材厂\n{world['A'].uscc}\n")
    for drill in (by_industry, by_firm):
        assert drill.results["total_lost"] == pytest.approx(8.4, abs=1e-12)
    assert by_firm.spec["firms"] == [world["A"].pk]
    # the lead's own industry: X is closed itself (days 0-2, 1.2 a day); the forecast passes losses
    # downstream only, so its suppliers lose nothing
    lead_closed = created(client, name="整机", industries=["38"])
    assert lead_closed.results["total_lost"] == pytest.approx(3.6, abs=1e-12)
    assert lead_closed.results["leads_hit"] == [{"enterprise": world["X"].pk, "first_below": 0, "closed": True,
                                                 "inputs": [{"sector": 2922, "item": "塑料件", "run_out": None},
                                                            {"sector": 3251, "item": "铜件", "run_out": None}]}]
    page = client.get(f"{URL}{lead_closed.pk}/").content.decode()
    assert said("closed in the drill") in table(page, "drill-leads")[0][2]


def test_the_form_offers_the_classes_of_the_countys_own_firms_under_their_divisions(personas, world, login):
    EnterpriseFactory(name="余姚市铝材厂", industry_id="3252", division_id=YUYAO_TOWN)  # another county's class
    client = login(personas["county"])
    page = html.unescape(client.get(URL + "new/").content.decode())
    offered = re.findall(r'<option value="(\d+)"', page.split('name="industries"')[1].split("</select>")[0])
    assert [code for code in offered if len(code) == 4] == ["2922", "3251", "3670", "3857"]  # 3670: firm Y
    assert offered.index("3251") == offered.index("32") + 1 and len(offered) == 97 + 4
    # a class closes its own firms only: here the same firm as its division "32"
    assert created(client, name="铜压延", industries=["3251"]).results["total_lost"] == pytest.approx(8.4, abs=1e-12)


def test_unknown_firms_are_reported_and_nothing_is_lost(personas, world, login):
    client = login(personas["county"])
    typed = f"慈溪市不存在的公司\n{world['A'].uscc}\n91330282XXXXXXXXXX"
    answer = client.post(URL + "new/", form(firms=typed, name="要保留的名字"))
    page = html.unescape(answer.content.decode())
    assert answer.status_code == 400
    assert "慈溪市不存在的公司" in page.split('id="errors-firms"')[1] and "91330282XXXXXXXXXX" in page
    assert typed in page and "要保留的名字" in page
    with scopes_disabled():
        assert not Drill.objects.exists()
    assert client.post(URL + "new/", form()).status_code == 400   # nothing chosen to close


def test_compare(personas, world, login):
    client = login(personas["county"])
    one = created(client, name="周巷", towns=[TOWN_B])
    two = created(client, name="外地减半", outside="county", days=5, capacity_pct=50)
    page = client.get(URL + "compare/", {"ids": [one.pk, two.pk]}).content.decode()
    figures = table(page, "compare-figures")
    # each figure is followed by its note (the day of the peak, the span of the total)
    assert [[re.match(r"[\d.]+(?: / \d+)?", cell).group() for cell in row[1:]] for row in figures] == [
        ["1 / 4", "1 / 4"], ["1 / 1", "0 / 1"], ["3.20", "2.00"], ["8.40", "9.00"]]
    assert table(page, "compare-leads") == [[X, "2", "—"]]
    assert client.get(URL + "compare/", {"ids": [one.pk, 99999]}).status_code == 404


def test_the_list(personas, world, login):
    client = login(personas["county"])
    drill = created(client, towns=[TOWN_B])
    rows = table(client.get(URL).content.decode(), "drills")
    assert [row[1:2] + row[5:] for row in rows] == [["演练", "1", "3", "1", "3.20", "8.40"]]
    assert drill.pk


def test_the_exports(personas, world, login):
    client = login(personas["county"])
    drill = created(client, towns=[TOWN_B])

    def sheet(**query):
        answer = client.get(f"{URL}{drill.pk}/", {"export": "xlsx", **query})
        assert answer.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
        return [list(row) for row in book.iter_rows(min_row=3, values_only=True)]   # title, headers

    days = sheet()
    assert [row[2] for row in days[:5]] == [2, 2, 3.2, 1.2, 0] and days[2][:2] == [2, on(2)] and len(days) == 17
    assert sheet(section="leads") == [[X, world["X"].uscc, 2, on(2), "塑料件", "2922 塑料板、管、型材制造", None, None],
                                      [X, world["X"].uscc, 2, on(2), "铜件", "3251 铜压延加工", 2, on(2)]]
    assert sheet(section="protect") == [[1, "慈溪市铜材厂", world["A"].uscc, "周巷镇", 3.2]]
    pdf = client.get(f"{URL}{drill.pk}/", {"export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf.content)) == 1


def test_creating_and_deleting_are_logged(personas, world, login):
    client = login(personas["county"])
    drill = created(client, towns=[TOWN_B])
    assert client.post(f"{URL}{drill.pk}/delete/").status_code == 302
    with scopes_disabled():
        logged = list(ActivityLog.objects.filter(subject_type="analysis.drill", subject_id=str(drill.pk))
                      .order_by("id").values_list("action", "actor__username", "division_code", "data"))
        assert not Drill.objects.exists()
    assert [row[:3] for row in logged] == [("analysis.drill_created", "p_county", "330282000000"),
                                          ("analysis.drill_deleted", "p_county", "330282000000")]
    assert logged[0][3] == {"name": "演练", "shocked": 1, "total_lost": 8.4}


def test_another_countys_officer_gets_404_and_a_town_officer_403(personas, world, login):
    drill = created(login(personas["county"]), towns=[TOWN_B])
    yuyao = login(UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000"))
    for url in (f"{URL}{drill.pk}/", f"{URL}{drill.pk}/?export=pdf", f"{URL}{drill.pk}/?export=xlsx"):
        assert yuyao.get(url).status_code == 404
    assert yuyao.post(f"{URL}{drill.pk}/delete/").status_code == 404
    assert yuyao.get(URL + "compare/", {"ids": [drill.pk]}).status_code == 404
    assert 'id="drills"' not in yuyao.get(URL).content.decode()
    town = login(personas["town_a"])
    for url in (URL, URL + "new/", f"{URL}{drill.pk}/", URL + "compare/"):
        assert town.get(url).status_code == 403
    assert login(personas["admin"]).get(f"{URL}{drill.pk}/").status_code == 200


def test_the_navigation_links_it_for_a_county_officer_only(personas, login):
    assert 'id="nav-drills"' in login(personas["county"]).get("/").content.decode()
    assert 'id="nav-drills"' not in login(personas["town_a"]).get("/").content.decode()
