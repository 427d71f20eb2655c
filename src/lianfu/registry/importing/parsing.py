"""Turning one row of an enterprise registry file into clean field values.

Each parser takes the cell text and returns the value to store, or raises
RowError naming the field and the reason in the user's words."""
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from lianfu.common.importing import Column, RowError
from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

COLUMNS = [
    Column("uscc", _("credit code"), ("统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "unified_social_credit_code"), True),
    Column("name", _("name"), ("企业名称", "名称", "单位名称", "enterprise_name", "company")),
    Column("short_name", _("short name"), ("企业简称", "简称", "short")),
    Column("town", _("town"), ("所属镇街", "镇街", "所属镇(街道)", "镇(街道)", "乡镇街道", "town_code")),
    Column("address", _("address"), ("地址", "注册地址", "经营地址")),
    Column("industry", _("industry"), ("行业代码", "所属行业代码", "国民经济行业代码", "industry_code")),
    Column("above_scale", _("above-scale"), ("是否规上", "规上企业", "是否规模以上", "above")),
    Column("employees", _("employees"), ("从业人数", "职工人数", "员工人数", "employee_count", "headcount")),
    Column("contact_name", _("contact person"), ("联系人", "contact")),
    Column("contact_phone", _("contact phone"), ("联系电话", "电话", "手机", "phone", "mobile")),
    Column("latitude", _("latitude"), ("纬度", "lat")),
    Column("longitude", _("longitude"), ("经度", "lng", "lon")),
]
LABELS = {col.field: col.label for col in COLUMNS}

_TRUE = {"是", "y", "yes", "true", "1", "规上", "√", "t"}
_FALSE = {"否", "n", "no", "false", "0", "规下", "×", "f"}
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def parse_uscc(text: str) -> str:
    code = stdnum_uscc.compact(text)
    try:
        return stdnum_uscc.validate(code)
    except InvalidLength:
        raise RowError("uscc", _("a credit code has 18 characters; this one has %(n)d") % {"n": len(code)}) from None
    except InvalidFormat:
        raise RowError("uscc", _("a credit code has 8 digits then letters/digits without I, O, S, V, Z")) from None
    except InvalidChecksum:
        raise RowError("uscc", _("the check character (last one) does not match: a typing error?")) from None


def parse_name(text: str, field: str = "name", max_length: int = 200) -> str:
    if len(text) > max_length:
        raise RowError(field, _("at most %(n)d characters") % {"n": max_length})
    return text


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise RowError("above_scale", _("write 是 or 否 (yes/no)"))


def parse_count(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("，", ""))
    except ValueError:
        raise RowError("employees", _("a whole number is expected")) from None
    if value < 0:
        raise RowError("employees", _("cannot be negative"))
    return value


def parse_phone(text: str) -> str:
    value = re.sub(r"[\s()（）]", "", text)
    if not _PHONE.match(value):
        raise RowError("contact_phone", _("a mobile (11 digits) or landline such as 0574-63012345"))
    return value


def parse_coordinate(text: str, field: str, low: int, high: int) -> Decimal:
    try:
        value = Decimal(text).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise RowError(field, _("a decimal number is expected")) from None
    if not low <= value <= high:
        raise RowError(field, _("must lie between %(low)s and %(high)s") % {"low": low, "high": high})
    return value


def parse_industry(text: str, known: set[str]) -> str:
    code = text.strip().upper()
    if len(code) >= 3 and code[0].isalpha() and code[1:].isdigit():
        code = code[1:]  # "C3857" -> "3857"
    if code not in known:
        raise RowError("industry", _("not a GB/T 4754-2017 industry code"))
    return code


class TownResolver:
    """Town cells may hold a code (9 or 12 digits) or a name; both must lie inside
    the importer's jurisdiction. Names are looked up there, or in the home county
    when the importer has no limit (town names repeat across China).
    Results are cached: files repeat towns a lot."""

    def __init__(self, within: Division | None):
        self.within = within
        if within is None:
            self.name_area = divisions.by_code(settings.LIANFU_HOME_COUNTY)
        else:  # a town officer names towns of their county; the reach check follows
            self.name_area = within.parent if within.level == DivisionLevel.TOWN else within
        self.cache: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text not in self.cache:
            self.cache[text] = self._resolve(text)
        return self.cache[text]

    def _resolve(self, text: str) -> str:
        value = text.strip()
        if value.isdigit():
            town = divisions.by_code(value)
            if town is None or town.level != DivisionLevel.TOWN:
                raise RowError("town", _("no town has this code"))
        else:
            town = divisions.by_name(value, within=self.name_area, level=DivisionLevel.TOWN)
            if town is None:
                raise RowError("town", _("no town of this name in your jurisdiction"))
        if self.within is not None and not self.within.contains(town.code):
            raise RowError("town", _("this town lies outside your jurisdiction"))
        return town.code
