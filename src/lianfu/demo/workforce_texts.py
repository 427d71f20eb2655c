"""Positions by industry (GB/T 4754 division, the first two digits of the
firm's industry class), and what firms wrote beside the jobs they opened."""
import random

from lianfu.demo.workforce_draws import pick

POSITIONS = {
    "38": ("装配工", "注塑工", "质检员", "电工", "包装工", "调试员", "焊工", "冲压工", "仓管员", "叉车工"),
    "36": ("数控车工", "CNC操作工", "冲压工", "焊工", "装配工", "质检员", "模具工", "仓管员", "叉车工"),
    "32": ("拉丝工", "熔炼工", "退火工", "质检员", "行车工", "仓管员"),
    "33": ("电镀工", "抛光工", "焊工", "钣金工", "喷涂工", "质检员"),
    "34": ("车工", "磨工", "热处理工", "装配工", "质检员", "数控车工"),
    "29": ("注塑工", "吹塑工", "挤出工", "模具工", "质检员", "包装工"),
    "17": ("挡车工", "织布工", "整经工", "络筒工", "保全工", "验布工"),
    "18": ("缝纫工", "裁剪工", "整烫工", "锁边工", "验货员", "包装工"),
    "51": ("业务员", "跟单员", "报关员", "仓管员", "单证员", "司机"),
}
OTHER_POSITIONS = ("普工", "普工", "操作工", "机修工", "电工", "保安", "厨师", "司机", "行政文员", "会计")
INDUSTRY_SHARE = 0.85
OPENING_NOTES = ("", "", "包吃住", "熟练工优先", "月薪5000–7000元，包住", "计件工资，多劳多得", "可安排返岗包车",
                 "需持健康码绿码", "两班倒，夜班补贴", "有相关经验优先", "年龄18–45周岁")


def positions_of(industry: str | None) -> tuple[str, ...]:
    return POSITIONS.get((industry or "")[:2], OTHER_POSITIONS)


def position(rng: random.Random, industry: str | None) -> str:
    pool = positions_of(industry)
    if pool is OTHER_POSITIONS or rng.random() >= INDUSTRY_SHARE:
        return pick(rng, OTHER_POSITIONS)
    return pool[min(len(pool) - 1, int(rng.expovariate(0.5)))]   # the industry's main trades first
