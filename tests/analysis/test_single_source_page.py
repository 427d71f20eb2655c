"""Single-source risk page (/chains/single-source/, docs/engine.md §8.1) on a
small world of two counties.

慈溪 (330282): lead X (firm_x, 浒山) buys 铜件 from copper A (浒山) 300 and from
copper O (余姚) 100, 钢板 from steel S (余姚) 50, 塑料件 from plastics P (周巷)
200; P has a county alternative, Q (周巷, plastics, sells elsewhere). A buys
涂料 from paint T (余姚) 80. Lead Y (firm_y, 周巷) buys 钢材 from S 30.
余姚 (330281): lead Z buys 钢坯 from S 40."""
import html
import io
import re

import openpyxl
import pytest
from django.conf import settings
from django.utils import translation

from lianfu.chains.domain import ensure_chain
from lianfu.common.roles import Role
from tests.conftest import TOWN_A, TOWN_B
from tests.factories.accounts import UserFactory
from tests.factories.chains import link
from tests.factories.registry import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = "/chains/single-source/"
YUYAO_TOWN = "330281001000"   # 梨洲街道
X, Y = "慈溪市甬达电器有限公司", "慈溪市周盛汽配有限公司"
STEEL, PAINT = "31 黑色金属冶炼和压延加工业", "26 化学原料和化学制品制造业"
PLASTICS, COPPER = "2922 塑料板、管、型材制造", "3251 铜压延加工"


@pytest.fixture
def world(personas, firm_x, firm_y):
    firm = {
        "A": EnterpriseFactory(name="慈溪市铜材甲厂", industry_id="3251", division_id=TOWN_A),
        "O": EnterpriseFactory(name="余姚市铜材乙厂", industry_id="3251", division_id=YUYAO_TOWN),
        "S": EnterpriseFactory(name="余姚市钢铁厂", industry_id="31", division_id=YUYAO_TOWN),
        "P": EnterpriseFactory(name="慈溪市塑料甲厂", industry_id="2922", division_id=TOWN_B),
        "Q": EnterpriseFactory(name="慈溪市塑料乙厂", industry_id="2922", division_id=TOWN_B),
        "T": EnterpriseFactory(name="余姚市涂料厂", industry_id="26", division_id=YUYAO_TOWN),
        "Z": EnterpriseFactory(name="余姚市整机厂", industry_id="3857", division_id=YUYAO_TOWN),
        "B": EnterpriseFactory(name="慈溪市其他买家", industry_id="3857", division_id=TOWN_A),
        "X": firm_x, "Y": firm_y,
    }
    for supplier, buyer, value, item in [("A", "X", 300, "铜件"), ("O", "X", 100, "铜件"), ("S", "X", 50, "钢板"),
                                         ("P", "X", 200, "塑料件"), ("Q", "B", 60, "塑料件"), ("T", "A", 80, "涂料"),
                                         ("S", "Y", 30, "钢材"), ("S", "Z", 40, "钢坯")]:
        link(firm[supplier], firm[buyer], value, item=item)
    for lead in ("X", "Y", "Z"):
        ensure_chain(actor=None, lead=firm[lead])
    return firm


def said(text: str) -> str:
    """A UI string as the page says it in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def table(page: str, table_id: str) -> list[list[str]]:
    body = page.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def download(client, **query) -> list[list]:
    answer = client.get(URL, {"export": "xlsx", **query})
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_county_list_and_each_leads_inputs(personas, world, login):
    page = login(personas["county"]).get(URL).content.decode()
    # S is Y's and X's sole steel source and 慈溪 has no steel firm; T is A's sole paint, tier 2 of X.
    # Z (余姚) is not this county's lead: S counts 2 chains, not 3.
    assert table(page, "single-source-firms") == [
        ["1", "余姚市钢铁厂", "梨洲街道", STEEL, "2", f"{X} ； {Y}"],
        ["2", "余姚市涂料厂", "梨洲街道", PAINT, "1", X],
    ]
    assert f'href="/enterprises/{world["S"].uscc}/"' in page and f'href="/chains/{world["X"].uscc}/"' in page
    sole, outside = said("sole source"), said("only outside")
    assert table(page, "single-source-inputs") == [
        # 周 sorts before 甬: Y first
        [Y, STEEL, "钢材", "1", "0", "1.000", f"余姚市钢铁厂 {sole}", outside],
        [X, PLASTICS, "塑料件", "1", "1", "1.000", "", ""],
        [X, STEEL, "钢板", "1", "0", "1.000", f"余姚市钢铁厂 {sole}", outside],
        # shares 300/400 and 100/400: 0.5625 + 0.0625; A is 慈溪's only copper firm, O has A
        [X, COPPER, "铜件", "2", "1", "0.625", "慈溪市铜材甲厂", ""],
    ]
    assert "余姚市整机厂" not in page


def test_the_exports(personas, world, login):
    client = login(personas["county"])
    firm_x, firm_y, steel = world["X"], world["Y"], world["S"]
    assert download(client) == [
        [1, "余姚市钢铁厂", steel.uscc, "梨洲街道", STEEL, 2, f"{X}；{Y}"],
        [2, "余姚市涂料厂", world["T"].uscc, "梨洲街道", PAINT, 1, X],
    ]
    yes, no = said("yes"), said("no")
    assert download(client, section="inputs") == [
        [Y, firm_y.uscc, STEEL, "钢材", 1, 0, 1, yes, "余姚市钢铁厂", yes],
        [X, firm_x.uscc, PLASTICS, "塑料件", 1, 1, 1, yes, "", no],
        [X, firm_x.uscc, STEEL, "钢板", 1, 0, 1, yes, "余姚市钢铁厂", yes],
        [X, firm_x.uscc, COPPER, "铜件", 2, 1, 0.625, no, "慈溪市铜材甲厂", no],
    ]


def test_another_countys_officer_sees_only_their_own_lead(personas, world, login):
    yuyao = UserFactory(username="p_yuyao", role=Role.COUNTY_OFFICER, division_id="330281000000")
    page = login(yuyao).get(URL).content.decode()
    # In 余姚, S is in the county, but its only steel firm: Z has no alternative there.
    assert table(page, "single-source-firms") == [
        ["1", "余姚市钢铁厂", "梨洲街道", STEEL, "1", "余姚市整机厂"]]
    assert table(page, "single-source-inputs") == [
        ["余姚市整机厂", STEEL, "钢坯", "1", "1", "1.000", f"余姚市钢铁厂 {said('sole source')}", ""],
    ]
    assert X not in page and Y not in page


def test_an_administrator_sees_every_county_and_a_firm_once(personas, world, login):
    rows = download(login(personas["admin"]))
    assert [row[1] for row in rows] == ["余姚市钢铁厂", "余姚市涂料厂"]
    assert rows[0][5] == 3 and rows[0][6] == f"{X}；{Y}；余姚市整机厂"


@pytest.mark.parametrize("persona,status", [("town_a", 403), ("firm_x", 403), ("county", 200), ("admin", 200)])
def test_the_page_is_the_county_bureaus(personas, world, login, persona, status):
    client = login(personas[persona])
    assert client.get(URL).status_code == status
    assert client.get(URL, {"export": "xlsx"}).status_code == status


def test_a_county_with_no_chains_gets_an_empty_page(personas, login):
    answer = login(personas["county"]).get(URL)
    assert answer.status_code == 200
    assert 'id="single-source-firms"' not in answer.content.decode() and download(login(personas["county"])) == []


def test_the_navigation_links_it_for_a_county_officer_only(personas, login):
    assert 'id="nav-single-source"' in login(personas["county"]).get("/").content.decode()
    assert 'id="nav-single-source"' not in login(personas["town_a"]).get("/").content.decode()
