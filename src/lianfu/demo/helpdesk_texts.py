"""The Chinese the demo's tickets are written in, besides the labelled corpus
the problems are drawn from: how firms dress a problem up, what departments
answer, why they hand a ticket back or ask for more time, what firms say
when they rate the answer."""
from lianfu.helpdesk.enums import Category
from lianfu.restart.enums import Blocker

# A problem as typed: the corpus sentence with a greeting or a push around it.
# The empty strings keep some texts word for word as the corpus has them.
OPENINGS = ("", "", "", "您好，", "你好，", "请问，", "紧急情况：", "麻烦问一下，")
CLOSINGS = ("", "", "", "请尽快协调。", "谢谢！", "望相关部门予以支持。", "急盼回复。", "麻烦帮忙对接一下。",
            "盼复，谢谢。")

# A firm writing again about a problem it already reported.
AGAIN = ("再次反映：", "催办：", "上次反映的问题还没解决：")

# Messages that name no subject a department could own: the classifier is
# unsure of them and they wait for the dispatcher.
VAGUE = ("请帮忙协调一下", "我们企业遇到一些困难，希望政府帮忙", "复工以后问题比较多，能不能派人来厂里看看",
         "请问这个事情应该找哪个部门", "情况比较复杂，电话里说不清楚，希望约个时间当面反映",
         "上次说的事情怎么样了", "有几个问题想请教一下", "我们的诉求前几天已经跟镇里说过了")

# Survey needs (restart/demo history_texts.NEEDS) by the category a dispatcher gives them.
BLOCKER_CATEGORY = {
    Blocker.MATERIAL: Category.SUPPLY, Blocker.LABOUR: Category.LABOR, Blocker.LOGISTICS: Category.LOGISTICS,
    Blocker.PREVENTION_SUPPLIES: Category.PREVENTION, Blocker.FUNDS: Category.FINANCE,
    Blocker.APPROVALS: Category.APPROVAL, Blocker.UTILITIES: Category.UTILITIES, Blocker.ORDERS: Category.TRADE,
}

RESOLUTIONS = {
    Category.SUPPLY: ("已对接本地两家供应商，明日起恢复供货", "已将需求推送至产业链对接群，供应商已与企业联系",
                      "已协调上游企业优先排产，本周内到货"),
    Category.LOGISTICS: ("已办理跨省货车通行证，车辆可于明日出发", "已联系物流园区安排专线运输",
                         "已协调高速卡口，货车凭证件通行"),
    Category.FINANCE: ("已推荐至合作银行，贴息贷款材料已受理", "已说明延期还本付息政策，银行同意展期三个月",
                       "已纳入应急转贷资金支持名单"),
    Category.LABOR: ("已协调包车接回外地员工，周五发车", "已发布招工信息并对接人力资源市场",
                     "已告知稳岗补贴申领方式，材料已受理"),
    Category.PREVENTION: ("已调配口罩两千只，请到镇防疫物资点领取", "已协调额温枪和消毒液，明日配送",
                          "已派员上门指导隔离观察室设置"),
    Category.APPROVAL: ("已安排专人指导备案材料，当日完成审核", "已开通绿色通道，材料齐全即可办理",
                        "已实行告知承诺制，先行办理后补材料"),
    Category.TAX: ("已告知社保费减免政策和申报方式", "已协助办理延期缴纳手续", "已答复增值税减免适用范围"),
    Category.TRADE: ("已协助申请不可抗力事实性证明", "已对接外贸专班协调订单交付", "已告知出口信用保险理赔流程"),
    Category.UTILITIES: ("已协调燃气公司恢复供气", "已通知供水公司检修，今日恢复供水", "已协调电力公司上门增容"),
    Category.PREMISES: ("已协调园区减免两个月租金", "已推荐闲置厂房两处，企业可实地查看", "已协调员工宿舍三十间"),
    Category.OTHER: ("已转交相关科室并电话答复企业", "已当面答复企业咨询", "已登记并纳入镇企业服务清单跟踪"),
}

RETURN_REASONS = ("经核实不属于本部门职责，请重新分派", "该事项属地管理，建议转镇街处理",
                  "涉及多个部门，请县企业服务中心协调分派")
DUPLICATE_REASON = "与企业此前反映的诉求重复，请合并处理"

EXTENSION_REASONS = ("需协调外地供应商，时限内难以办结", "涉及跨部门会商，需延长办理时限", "等待企业补充材料")
GRANT_NOTES = ("同意延期，请按新时限办结", "情况属实，同意延期一次")
REFUSE_NOTES = ("企业需求紧急，不同意延期，请按时办结", "理由不充分，请按原时限办理")

COMMENTS = {
    5: ("办理很快，非常满意", "感谢帮助，问题已解决"),
    4: ("基本解决，谢谢", "效率不错"),
    3: ("解决了一部分", "还可以，希望后续跟进"),
    2: ("问题没有真正解决", "答复太笼统，缺口仍在"),
    1: ("没有任何进展", "答复与问题无关"),
}
REOPEN_REASONS = ("供应商只送了一半货，缺口仍在", "通行证还没拿到", "问题依旧存在，请再协调")
