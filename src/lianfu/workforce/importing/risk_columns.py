"""The columns of a risk list (a notice's table of 低/中/高风险地区), and its values."""
import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.common.importing import Column, RowError, Vocabulary, values
from lianfu.registry.models import Division
from lianfu.workforce import areas
from lianfu.workforce.enums import RiskLevel

COLUMNS = [
    Column("area", gettext_lazy("area"), (
        "地区", "省市县", "地区名称", "区域", "风险地区", "风险区域", "行政区划", "行政区划名称", "所在地区", "省市区",
        "省份/城市/区县", "area", "region", "area name"), key=True),
    Column("code", gettext_lazy("division code"), (
        "行政区划代码", "区划代码", "地区代码", "行政代码", "代码", "division_code", "code", "adcode")),
    Column("level", gettext_lazy("risk level"), (
        "风险等级", "等级", "风险级别", "风险", "风险程度", "level", "risk", "risk_level"), required=True),
    Column("effective_from", gettext_lazy("effective from"), (
        "生效日期", "开始日期", "起始日期", "生效时间", "实施日期", "调整日期", "发布日期", "from", "effective_from",
        "start"), required=True),
    Column("effective_to", gettext_lazy("effective until"), (
        "截止日期", "结束日期", "终止日期", "失效日期", "截至日期", "to", "until", "effective_to", "end")),
    Column("source", gettext_lazy("source"), ("来源", "依据", "发布单位", "文件", "文号", "source", "notice")),
]
LABELS = {col.field: col.label for col in COLUMNS}

# What lists write in the level column, folded to lower case (also the labels we export).
LEVEL_WORDS = {
    RiskLevel.LOW: ("低", "低风险", "低风险地区", "低风险区", "低风险等级", "绿", "绿色", "low", "low risk"),
    RiskLevel.MEDIUM: ("中", "中风险", "中风险地区", "中风险区", "中风险等级", "黄", "黄色", "橙", "橙色", "medium",
                       "medium risk"),
    RiskLevel.HIGH: ("高", "高风险", "高风险地区", "高风险区", "高风险等级", "红", "红色", "high", "high risk"),
}
_LEVEL_OF_WORD = {word: level for level, words in LEVEL_WORDS.items() for word in words}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(COLUMNS)


def parse_level(text: str) -> RiskLevel:
    word = values.fold(text).strip().lower()
    if word not in _LEVEL_OF_WORD:
        for level in RiskLevel:                      # the labels as exported, in either language
            if word == str(level.label).lower():
                return level
        raise RowError("level", _("「%(value)s」 is not a risk level: write 低, 中 or 高 (also 低风险/中风险/高风险, "
                                  "low/medium/high)") % {"value": text})
    return _LEVEL_OF_WORD[word]


def parse_area(name: str, code: str) -> Division:
    """The division a row names by its code, its name, or both (which must agree)."""
    name, code = name.strip(), values.clean_code(code)
    if not name and not code:
        raise RowError("area", _("the area is missing: give its name (安徽省阜阳市) or its division code"))
    by_code = None
    if code:
        by_code = areas.by_code(code)
        if by_code is None:
            raise RowError("code", _("「%(value)s」 is not the code of a province, city or county") % {"value": code})
    if not name:
        return by_code
    by_name = areas.named(name)
    if by_name is None and by_code is None:
        raise RowError("area", _("「%(value)s」 is not a province, city or county we know, or more than one has "
                                 "that name: write it whole (安徽省阜阳市临泉县) or add its division code")
                       % {"value": name})
    if by_code is not None and by_name is not None and by_name.code != by_code.code:
        raise RowError("code", _("the code %(code)s is %(coded)s, but the area says %(named)s") % {
            "code": code, "coded": areas.path_name(by_code), "named": areas.path_name(by_name)})
    return by_code or by_name


@dataclass
class RiskRow:
    division: Division
    level: RiskLevel
    effective_from: dt.date
    effective_to: dt.date | None        # None: the cell was blank
    source: str


def parse_row(cells: dict[str, str]) -> tuple[RiskRow | None, list[RowError]]:
    """Cell text -> RiskRow, or every field's error."""
    errors: list[RowError] = []

    def attempt(parse, *args):
        try:
            return parse(*args)
        except RowError as error:
            errors.append(error)
            return None

    text = {key: cells.get(key, "").strip() for key in LABELS}
    division = attempt(parse_area, text["area"], text["code"])
    level = attempt(parse_level, text["level"]) if text["level"] else None
    if not text["level"]:
        errors.append(RowError("level", _("the risk level is missing")))
    start = attempt(values.parse_date, text["effective_from"], "effective_from") if text["effective_from"] else None
    if not text["effective_from"]:
        errors.append(RowError("effective_from", _("the first day in force is missing")))
    end = attempt(values.parse_date, text["effective_to"], "effective_to") if text["effective_to"] else None
    if start and end and end < start:
        errors.append(RowError("effective_to", _("the last day cannot be before the first day (%(day)s)") % {
            "day": start.isoformat()}))
    source = attempt(values.parse_text, text["source"], "source", 200) if text["source"] else ""
    if errors:
        return None, errors
    return RiskRow(division, level, start, end, source), []
