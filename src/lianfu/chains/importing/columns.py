"""The columns of a lead firm's supplier list and the parsers of their cells.

The field names are the English headers; the first alias is the Chinese header
the template uses. Each parser takes the cell text (never blank: blank cells
are handled by the caller) and returns the value to store, or raises RowError
naming the field and what was expected."""
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lianfu.chains.enums import Essential
from lianfu.common.importing import Column, RowError
from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.importing.parsing import parse_bool, parse_uscc

COLUMNS = [
    Column("supplier_credit_code", _("supplier credit code"),
           ("配套企业统一社会信用代码", "供应商信用代码", "供应商统一社会信用代码", "统一社会信用代码", "信用代码"), True),
    Column("supplier_name", _("supplier name"), ("配套企业名称", "供应商名称", "企业名称", "名称")),
    Column("item", _("item supplied"), ("供应产品", "配套产品", "产品")),
    Column("annual_value", _("annual value (10k yuan)"),
           ("年供货额（万元）", "年供货额", "年配套额（万元）", "年配套额", "年采购额（万元）", "年采购额"), True),
    Column("essential", _("essential"), ("是否关键", "关键物料", "是否关键物料")),
    Column("stock_days", _("stock (days)"), ("库存天数", "库存(天)", "库存")),
    Column("supplies_to", _("supplies to"), ("供货给", "下游企业信用代码", "供货对象信用代码")),
    Column("address", _("supplier address"), ("地址", "企业地址", "供应商地址")),
    Column("town", _("supplier town"), ("所在镇街", "所在地", "镇街", "所在地区代码")),
]
LABELS = {col.field: col.label for col in COLUMNS}

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

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
MAX_VALUE = Decimal("999999999999.99")   # SupplyLink.annual_value: 14 digits, 2 decimals
MAX_STOCK_DAYS = Decimal("99999.9")      # SupplyLink.stock_days: 6 digits, 1 decimal


def parse_code(text: str, field: str) -> str:
    """A credit code, reported under ``field`` when it is not one."""
    try:
        return parse_uscc(text)
    except RowError as error:
        raise RowError(field, error.reason) from None


def _decimal(text: str, field: str, expected) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise RowError(field, expected) from None
    if not value.is_finite():  # Decimal reads "NaN" and "Infinity"
        raise RowError(field, expected)
    return value


def parse_value(text: str) -> Decimal:
    expected = _("a number of 10k yuan (万元) greater than 0 is expected, such as 1,200.5")
    value = _decimal(text, "annual_value", expected).quantize(_CENT)
    if value <= 0:
        raise RowError("annual_value", expected)
    if value > MAX_VALUE:
        raise RowError("annual_value", _("at most %(n)s") % {"n": f"{MAX_VALUE:,}"})
    return value


def parse_stock_days(text: str) -> Decimal:
    expected = _("a number of days, 0 or more, is expected")
    value = _decimal(text, "stock_days", expected).quantize(_TENTH)
    if value < 0:
        raise RowError("stock_days", expected)
    if value > MAX_STOCK_DAYS:
        raise RowError("stock_days", _("at most %(n)s") % {"n": f"{MAX_STOCK_DAYS:,}"})
    return value


def parse_essential(text: str) -> str:
    try:
        return Essential.YES if parse_bool(text) else Essential.NO
    except RowError as error:
        raise RowError("essential", error.reason) from None


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
            if place is None or place.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWN):
                raise RowError("town", _("no county or town has this code (6, 9 or 12 digits)"))
            return place.code
        place = divisions.by_name(text, within=self.home, level=DivisionLevel.TOWN)
        if place is None:
            raise RowError("town", _("no town of this name in this county; outside it, write the division code"))
        return place.code
