"""One figure, one value, on every page that shows it (docs/metrics.md): on the
hand-built county of test_metrics, today, the county's and each town's restart
rate, capacity and on-duty rate and the chain's completion read the same on
the overview (headline, tables, exports), the officers' home (headline, town
table, chain card), the county's list of chain boards, the labour officer's
on-duty by town, and the daily report."""
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from lianfu.common.roles import Role
from lianfu.dashboard.metrics import figures_on
from tests.conftest import COUNTY, TOWN_A, TOWN_B
from tests.dashboard.test_first_screens import block, rows
from tests.dashboard.test_metrics import CIXI, county  # noqa: F401 (the hand-built county)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
KEYS = ("restart_rate", "above_scale_restart_rate", "capacity", "on_duty_rate", "chain_completion", "on_time_rate")


@pytest.fixture(autouse=True)
def no_cache(settings):
    settings.LIANFU_OVERVIEW_CACHE_SECONDS = 0


def shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def kpis(page: str, prefix: str) -> dict[str, str]:
    return {key: re.search(rf'id="{prefix}{key}".*?class="value">([^<%]*)', page, re.S).group(1) for key in KEYS}


def xlsx_rows(answer) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(answer.streaming_content)))
    return workbook.get_sheet_by_index(0).to_python()


def test_every_page_shows_the_same_figures(county, personas, login):
    today = figures_on(timezone.localdate(), CIXI)
    expected = {key: shown(getattr(today.total, key)) for key in KEYS}
    by_town = {code: [shown(getattr(today.by_town[code], key)) for key in KEYS] for code in (TOWN_A, TOWN_B)}
    assert expected == {"restart_rate": "50.0", "above_scale_restart_rate": "100.0", "capacity": "72.6",
                        "on_duty_rate": "38.9", "chain_completion": "40.0", "on_time_rate": "66.7"}
    officer = login(personas["county"])

    overview = officer.get(reverse("dashboard:overview")).content.decode()
    home = officer.get("/").content.decode()
    assert kpis(overview, "kpi-") == expected
    assert kpis(home, "home-kpi-") == expected
    for page in (overview, home):
        towns = {r[0]: r[3:] for r in rows(block(page, "towns"))}
        assert towns == {"浒山街道": by_town[TOWN_A], "周巷镇": by_town[TOWN_B]}
    exported = {r[0]: [shown(v if v != "" else None) for v in r[3:]] for r in xlsx_rows(
        officer.get(reverse("dashboard:overview"), {"export": "towns"}))[1:]}
    assert exported == {"浒山街道": by_town[TOWN_A], "周巷镇": by_town[TOWN_B]}

    # The chain's completion: the overview's chains not complete, the home's chain card, the list of boards.
    assert rows(block(overview, "chains-not-complete"))[0][4] == expected["chain_completion"]
    assert rows(block(home, "chains-behind"))[0][3] == expected["chain_completion"]
    boards = officer.get(reverse("restart:board")).content.decode()
    assert rows(block(boards, "boards"))[0][4] == expected["chain_completion"]

    # The on-duty rate by town: the labour officer's home.
    labour = UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)
    duty = {r[0]: r[3] for r in rows(block(login(labour).get("/").content.decode(), "on-duty-by-town"))}
    assert duty == {"浒山街道": by_town[TOWN_A][3], "周巷镇": by_town[TOWN_B][3]}
