"""What the origin-map, risk-list and open-position tests share: the labour
officers of Cixi and of Yuyao (the sibling county), risk entries, and reading
the .xlsx files the pages export."""
import datetime as dt
import io

import pytest
import xlsxwriter
from django_scopes import scopes_disabled
from python_calamine import CalamineWorkbook

from lianfu.common.roles import Role
from lianfu.workforce.models import OriginRisk
from tests.conftest import COUNTY
from tests.factories.accounts import UserFactory

YUYAO_COUNTY = "330281000000"
ANHUI, FUYANG, LINQUAN, JIESHOU = "340000000000", "341200000000", "341221000000", "341282000000"
HEFEI, FEIDONG = "340100000000", "340122000000"
SICHUAN, BAZHONG, PINGCHANG = "510000000000", "511900000000", "511923000000"
HUBEI = "420000000000"


@pytest.fixture
def labour(personas):
    return UserFactory(username="p_labour", role=Role.LABOUR_OFFICER, division_id=COUNTY)


@pytest.fixture
def labour_yuyao(db):
    return UserFactory(username="p_labour_yy", role=Role.LABOUR_OFFICER, division_id=YUYAO_COUNTY)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def risk(division: str, level: str, start: str, end: str | None = None, *, county: str = COUNTY,
         source: str = "") -> OriginRisk:
    with scopes_disabled():
        return OriginRisk.objects.create(county_id=county, division_id=division, level=level,
                                         effective_from=day(start), effective_to=day(end) if end else None,
                                         source=source)


def write_sheet(path, rows, *, title: str = "", merge_title: bool = True):
    """An .xlsx as offices send them: an optional title row (merged across), then the rows."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    first = 0
    if title:
        width = max(len(r) for r in rows)
        if merge_title:
            sheet.merge_range(0, 0, 0, width - 1, title)
        else:
            sheet.write_string(0, 0, title)
        first = 1
    for r, row in enumerate(rows, start=first):
        for c, value in enumerate(row):
            sheet.write_string(r, c, str(value))
    book.close()
    return path


def xlsx_rows(response) -> list[list]:
    """The first sheet of an exported .xlsx, as values."""
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def cells(rows) -> set[str]:
    return {str(c) for row in rows for c in row}
