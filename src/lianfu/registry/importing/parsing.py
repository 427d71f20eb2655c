"""Turning one row of an enterprise registry file into clean field values.

Each parser takes the cell text and returns the value to store, or raises
RowError naming the field and the reason in the user's words."""
import re
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from lianfu.common.importing import Column, RowError, Vocabulary, values
from lianfu.registry import divisions
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division

COLUMNS = [
    Column("uscc", _("credit code"), (
        "统一社会信用代码", "信用代码", "社会信用代码", "统一信用代码", "企业信用代码", "统一代码",
        "credit_code", "unified_social_credit_code", "uscc"), required=True, key=True),
    Column("name", _("name"), (
        "企业名称", "名称", "单位名称", "单位详细名称", "企业全称", "公司名称", "enterprise_name",
        "company", "company name")),
    Column("short_name", _("short name"), ("企业简称", "简称", "short")),
    Column("town", _("town"), (
        "所属镇街", "镇街", "所属镇(街道)", "镇(街道)", "乡镇街道", "镇街道", "所在镇街", "所属乡镇",
        "乡镇", "镇乡街道", "所属街道", "属地", "town_code")),
    Column("address", _("address"), ("地址", "注册地址", "经营地址", "详细地址", "生产经营地址", "企业地址")),
    Column("industry", _("industry"), ("行业代码", "所属行业代码", "国民经济行业代码", "国标行业代码", "行业类别代码",
                                       "industry_code")),
    Column("above_scale", _("above-scale"), ("是否规上", "规上企业", "是否规模以上", "规模以上", "规上", "above")),
    Column("employees", _("employees"), ("从业人数", "从业人员数", "从业人员人数", "从业人员", "职工人数", "员工人数",
                                         "用工人数", "在岗职工数", "employee_count", "headcount"), numeric=True),
    Column("contact_name", _("contact person"), ("联系人", "联系人姓名", "企业联系人", "contact")),
    Column("contact_phone", _("contact phone"), ("联系电话", "电话", "手机", "联系方式", "联系人电话", "联系人手机",
                                                 "手机号码", "phone", "mobile")),
    Column("latitude", _("latitude"), ("纬度", "lat")),
    Column("longitude", _("longitude"), ("经度", "lng", "lon")),
]
LABELS = {col.field: col.label for col in COLUMNS}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(COLUMNS)

_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+\d+$")
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{7,8})$")


def parse_uscc(text: str, field: str = "uscc") -> str:
    """A credit code as typed (lower case, spaces, full-width, a leading
    apostrophe are fine); each way it can be wrong is said in its own words."""
    code = values.clean_code(text)
    if not code:
        raise RowError(field, _("the unified social credit code is missing"))
    if _SCIENTIFIC.match(code):
        raise RowError(field, _("Excel stored this code as a number (「%(code)s」) and lost its last digits: format "
                                "the column as text and type the code again") % {"code": code})
    try:
        return stdnum_uscc.validate(code)
    except InvalidLength:
        raise RowError(field, _("a credit code has 18 characters; 「%(code)s」 has %(n)d") % {
            "code": code, "n": len(code)}) from None
    except InvalidFormat:
        raise RowError(field, _("「%(code)s」: a credit code has 8 digits then letters/digits without I, O, S, V, Z")
                       % {"code": code}) from None
    except InvalidChecksum:
        expected = stdnum_uscc.calc_check_digit(code[:-1])
        raise RowError(field, _("the check character (the last one) should be %(expected)s, not %(given)s: "
                                "a typing error?") % {"expected": expected, "given": code[-1]}) from None


def parse_name(text: str, field: str = "name", max_length: int = 200) -> str:
    return values.parse_text(text, field, max_length)


def parse_bool(text: str, field: str = "above_scale") -> bool:
    return values.parse_bool(text, field)


def parse_count(text: str, field: str = "employees") -> int:
    return values.parse_count(text, field)


def parse_phone(text: str) -> str:
    value = re.sub(r"[\s()]", "", values.fold(text))
    if not _PHONE.match(value):
        raise RowError("contact_phone", _("a mobile (11 digits) or landline such as 0574-63012345"))
    return value


def parse_coordinate(text: str, field: str, low: int, high: int) -> Decimal:
    value = values.parse_decimal(text, field, places=6)
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
        # Current codes and names first, then the county's old town names (TownAlias);
        # an old name stands for the current town, whose reach is checked below.
        town = divisions.resolve_town(value, area=self.name_area)
        if town is None and value.isdigit():
            raise RowError("town", _("no town has this code"))
        if town is None:
            raise RowError("town", self._unknown_name(value))
        if self.within is not None and not self.within.contains(town.code):
            raise RowError("town", _("this town lies outside your jurisdiction"))
        return town.code

    def _unknown_name(self, name: str) -> str:
        """Why ``name`` was refused, with the nearest current names (a typo, or an
        old name the county has not recorded yet)."""
        closest = divisions.closest_towns(name, area=self.name_area)
        if closest:
            return _("no town of this name in your jurisdiction; closest: %(closest)s") % {
                "closest": ", ".join(closest),
            }
        return _("no town of this name or like it in your jurisdiction; if it is an old name, "
                 "a county officer can add it under Old town names")
