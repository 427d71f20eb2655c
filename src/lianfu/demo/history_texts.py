"""The Chinese the restart history is written in: what firms say they need,
why a filing comes back, what an inspector wants put right, why the county
let a firm restart early. Short and plausible, as typed on a phone in 2020."""
from lianfu.restart.enums import Blocker

# What a survey says a firm needs, by the blocker it names first.
NEEDS = {
    Blocker.MATERIAL: ("上游铜材供应商尚未复工，急需协调原材料", "塑料粒子库存仅够三天，请帮助对接供应商"),
    Blocker.LABOUR: ("外地员工返岗难，希望协调包车接回", "一线工人缺口约三成，请帮助招工"),
    Blocker.LOGISTICS: ("物流停运，成品无法发出", "跨省货车通行证办理困难"),
    Blocker.PREVENTION_SUPPLIES: ("口罩缺口约两千只，请求协调调配", "缺少额温枪和消毒液"),
    Blocker.FUNDS: ("流动资金紧张，希望申请贴息贷款", "希望延期缴纳社保费"),
    Blocker.APPROVALS: ("复工备案材料不清楚，需要指导", "希望加快复工审核"),
    Blocker.UTILITIES: ("天然气供应不足，影响生产", "园区供水尚未恢复"),
    Blocker.ORDERS: ("出口订单推迟，产能暂不饱和", "下游客户未复工，订单减少"),
}

RETURN_REASONS = (
    "防疫物资储备不足，请补充口罩储备数量",
    "员工健康排查表缺失，请补传",
    "返岗人员名单未注明来源地",
    "防疫承诺书未签字盖章",
    "隔离观察室位置未说明",
    "复工人数超过核定规模，请分批复工",
)

# What an inspector writes for an item not done (default checklist codes);
# an item a county added itself falls back on its own text.
REMARKS = {
    "gate_temperature": "门岗测温记录不全",
    "health_code": "未查验健康码",
    "masks": "口罩储备不足三天用量",
    "disinfection": "车间消毒记录缺失",
    "meal_delivery": "仍设集中用餐",
    "isolation_room": "未设隔离观察室",
    "emergency_plan": "应急预案未制定",
    "guide_on_file": "防疫指南未备案",
}

OVERRIDE_REASONS = (
    "保供企业：为防疫物资生产企业供应配件",
    "防疫物资生产：熔喷布生产线",
    "防疫物资生产：消毒液灌装",
    "保供企业：民生必需品生产",
    "出口订单急需交付，经县指挥部同意先行复工",
)


def remarks_for(failed: list[str], text_of: dict[str, str]) -> str:
    items = [REMARKS.get(code) or f"{text_of.get(code, code)}未落实" for code in failed]
    return "；".join(items) + "，限期整改后复查"
