"""The columns of a lead firm's supplier list and the parsers of their cells.

The field names are the English headers; the first alias is the Chinese header
the template uses. Each parser takes the cell text (never blank: blank cells
are handled by the caller) and returns the value to store, or raises RowError
naming the field and what was expected."""
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lianfu.chains.enums import Essential
from lianfu.common.importing import Column, RowError, Vocabulary, values
from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.importing.parsing import parse_uscc

COLUMNS = [
    Column("supplier_credit_code", _("supplier credit code"), (
        "配套企业统一社会信用代码", "供应商信用代码", "供应商统一社会信用代码", "统一社会信用代码", "信用代码",
        "配套企业信用代码", "供应商代码", "供应商社会信用代码", "供方信用代码", "企业信用代码", "uscc"),
        required=True, key=True),
    Column("supplier_name", _("supplier name"), ("配套企业名称", "供应商名称", "企业名称", "名称", "供应商", "配套企业",
                                                  "供方名称", "单位名称")),
    Column("item", _("item supplied"), ("供应产品", "配套产品", "产品", "供货产品", "供应物料", "物料名称", "原材料",
                                        "配套产品名称", "主要配套产品", "供应内容")),
    Column("annual_value", _("annual value (10k yuan)"), (
        "年供货额（万元）", "年供货额", "年配套额（万元）", "年配套额", "年采购额（万元）", "年采购额", "年供货金额",
        "年采购金额", "年配套金额", "供货金额", "采购金额", "配套金额", "年供货量金额"), required=True, numeric=True),
    Column("essential", _("essential"), (
        "是否关键", "关键物料", "是否关键物料", "关键原料", "是否关键原料", "关键原材料",
        "关键零部件", "是否关键零部件", "是否核心", "核心物料", "关键")),
    Column("stock_days", _("stock (days)"), (
        "库存天数", "库存(天)", "库存", "库存可用天数", "可用天数", "库存可维持天数",
        "现有库存天数", "备货天数", "库存可用"), numeric=True),
    Column("supplies_to", _("supplies to"), (
        "供货给", "下游企业信用代码", "供货对象信用代码", "供货对象", "供应给", "上级企业代码", "上级企业信用代码",
        "上级企业", "下游企业", "所供企业信用代码", "配套对象", "配套给", "采购方信用代码", "客户信用代码")),
    Column("address", _("supplier address"), ("地址", "企业地址", "供应商地址", "详细地址", "所在地址")),
    Column("town", _("supplier town"), (
        "所在镇街", "所在地", "镇街", "所在地区代码", "所属镇街", "所在镇(街道)", "所在区县")),
]
LABELS = {col.field: col.label for col in COLUMNS}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(COLUMNS)

# Shown on the upload page, one per column: an example cell and when it is needed.
EXAMPLES = {
    "supplier_credit_code": "91330282631706691K",
    "supplier_name": "慈溪市甬达电器有限公司",
    "item": "铜件",
    "annual_value": "1,200.5",
    "essential": "是",
    "stock_days": "7",
    "supplies_to": "",
    "address": "浙江省慈溪市浒山街道北三环东路1号",
    "town": "浒山街道",
}
NOTES = {
    "supplier_credit_code": _("18 characters"),
    "supplier_name": _("needed when the supplier is not registered yet"),
    "annual_value": _("10k yuan, greater than 0"),
    "essential": _("是 or 否; blank: unknown"),
    "stock_days": _("days of this input the buyer holds, 0 or more"),
    "supplies_to": _("blank: supplies the lead firm; otherwise the credit code of a supplier in this list"),
    "address": _("used to place a supplier not registered yet"),
    "town": _("a town of this county, or a division code (6, 9 or 12 digits)"),
}

MAX_VALUE = Decimal("999999999999.99")   # SupplyLink.annual_value: 14 digits, 2 decimals
MAX_STOCK_DAYS = Decimal("99999.9")      # SupplyLink.stock_days: 6 digits, 1 decimal


def parse_code(text: str, field: str) -> str:
    """A credit code, reported under ``field`` when it is not one."""
    return parse_uscc(text, field)


def parse_value(text: str) -> Decimal:
    value = values.parse_decimal(text, "annual_value", places=2)
    if value <= 0:
        raise RowError("annual_value", _("a number of 10k yuan (万元) greater than 0 is expected, such as 1,200.5"))
    if value > MAX_VALUE:
        raise RowError("annual_value", _("at most %(n)s") % {"n": f"{MAX_VALUE:,}"})
    return value


def parse_stock_days(text: str) -> Decimal:
    value = values.parse_decimal(text, "stock_days", places=1)
    if value < 0:
        raise RowError("stock_days", _("a number of days, 0 or more, is expected"))
    if value > MAX_STOCK_DAYS:
        raise RowError("stock_days", _("at most %(n)s") % {"n": f"{MAX_STOCK_DAYS:,}"})
    return value


def parse_essential(text: str) -> str:
    return Essential.YES if values.parse_bool(text, "essential") else Essential.NO


class PlaceResolver:
    """A declared place: a town name of the home county, or a county or town
    code anywhere in China. Returns the 12-digit code; cached per text, as
    lists repeat their towns."""

    def __init__(self):
        self.home = divisions.by_code(settings.LIANFU_HOME_COUNTY)
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text not in self.cache:
            self.cache[text] = self._resolve(text.strip())
        return self.cache[text]

    def _resolve(self, text: str) -> str:
        if text.isdigit():
            place = divisions.by_code(text) if len(text) in (6, 9, 12) else None
            if place is not None and place.level in (DivisionLevel.COUNTY, DivisionLevel.TOWN):
                return place.code
            # Not a current county or town: perhaps an old town code the county recorded.
            place = divisions.resolve_town(text, area=self.home) if len(text) in (9, 12) else None
            if place is None:
                raise RowError("town", _("no county or town has this code (6, 9 or 12 digits)"))
            return place.code
        # Current names first, then the county's old town names (TownAlias).
        place = divisions.resolve_town(text, area=self.home)
        if place is None:
            raise RowError("town", self._unknown_name(text))
        return place.code

    def _unknown_name(self, name: str) -> str:
        closest = divisions.closest_towns(name, area=self.home)
        if closest:
            return _("no town of this name in this county; closest: %(closest)s; "
                     "outside the county, write the division code") % {"closest": ", ".join(closest)}
        return _("no town of this name or like it in this county; if it is an old name, the county can add it "
                 "under Old town names; outside the county, write the division code")
