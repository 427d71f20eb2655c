"""The demo county's list of origin risk levels in February 2020, as read
from the provincial notices: one city and three counties high (one of them
lowered to medium on 1 March), a few cities medium, every province that sends
workers low. The most specific entry in force decides (workforce/risk.py)."""
import datetime as dt

from lianfu.demo.context import DemoContext
from lianfu.demo.workforce_origins import PROVINCES, Place
from lianfu.workforce.enums import RiskLevel
from lianfu.workforce.models import OriginRisk
from lianfu.workforce.risk import chain_of

FEB_10, FEB_18, FEB_29, MAR_1 = dt.date(2020, 2, 10), dt.date(2020, 2, 18), dt.date(2020, 2, 29), dt.date(2020, 3, 1)
# (division, level, effective from, effective until or None)
ENTRIES = (
    ("411500000000", RiskLevel.HIGH, FEB_10, None),        # 信阳市
    ("341226000000", RiskLevel.HIGH, FEB_18, None),        # 颍上县
    ("530628000000", RiskLevel.HIGH, FEB_18, None),        # 彝良县
    ("512021000000", RiskLevel.HIGH, FEB_18, FEB_29),      # 安岳县, then
    ("512021000000", RiskLevel.MEDIUM, MAR_1, None),
    ("341200000000", RiskLevel.MEDIUM, FEB_18, None),      # 阜阳市
    ("520500000000", RiskLevel.MEDIUM, FEB_18, None),      # 毕节市
    ("511700000000", RiskLevel.MEDIUM, FEB_18, None),      # 达州市
    ("361100000000", RiskLevel.MEDIUM, FEB_18, None),      # 上饶市
    *((province.ljust(12, "0"), RiskLevel.LOW, FEB_18, None) for province, *_rest in PROVINCES),
)


def notice(day: dt.date) -> str:
    return f"省防控办通报（{day.year}年{day.month}月{day.day}日）"


def in_force(day: dt.date) -> dict[str, str]:
    """Division -> level on ``day``."""
    return {code: level for code, level, start, end in ENTRIES if start <= day and (end is None or day <= end)}


def level_of(code: str, levels: dict[str, str]) -> str:
    """The most specific entry's level ('' when none)."""
    return next((levels[c] for c in chain_of(code) if c in levels), "")


def mark(places: list[Place], day: dt.date) -> None:
    """Each place's level on ``day`` (the medium and high ones slow its workers' return)."""
    levels = in_force(day)
    for place in places:
        level = level_of(place.code, levels)
        place.risk = level if level in (RiskLevel.MEDIUM, RiskLevel.HIGH) else ""


def high_risk(day: dt.date) -> list[str]:
    return [code for code, level in in_force(day).items() if level == RiskLevel.HIGH]


def write_entries(ctx: DemoContext, actor) -> int:
    OriginRisk.objects.bulk_create([
        OriginRisk(county=ctx.county, division_id=code, level=level, effective_from=start, effective_to=end,
                   source=notice(start), created_by=actor)
        for code, level, start, end in ENTRIES])
    return len(ENTRIES)
