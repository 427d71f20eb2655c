"""Demo: the liaison officers' week of visits (走访), written at the end of the
liaison step (demo/liaison_step.py).

Over the seven days that end on the day the demo is loaded (fewer at the
weekend, half a day today), every active officer of a team visits a share of
the firms and buildings assigned to them now: about three in five once, some
of those twice; the rest go unvisited, and so do the units of officers who
left, which gives the coverage page its firms nobody has visited for 14 days.
A need an officer filed for a firm on a day of the week (a helpdesk ticket
submitted as the liaison officer, by nobody else) is that day's visit, linked
to the ticket; so is a survey of the firm on that day, when the demo has one.
Purposes are drawn as a town's officers spend their week; findings are short
notes. Deterministic per seed; written in one bulk insert."""
import datetime as dt
from collections import defaultdict

from django.utils import timezone

from lianfu.common import bulk
from lianfu.common.roles import Role
from lianfu.demo.context import DemoContext
from lianfu.helpdesk.enums import Submitter
from lianfu.helpdesk.models import Ticket
from lianfu.liaison.enums import VisitPurpose
from lianfu.liaison.models import Assignment, Visit
from lianfu.restart.models import Survey

WEEK_DAYS = 7
VISIT_SHARE, SECOND_VISIT_SHARE = 0.6, 0.15
# A working day counts 1; officers go out less at the weekend, and today is half over.
DAY_WEIGHTS = {5: 0.3, 6: 0.15}
TODAY_WEIGHT = 0.5
FIRM_PURPOSES = ((VisitPurpose.ROUTINE, 40), (VisitPurpose.RESTART, 22), (VisitPurpose.PREVENTION, 18),
                 (VisitPurpose.NEED, 12), (VisitPurpose.OTHER, 8))
BUILDING_PURPOSES = ((VisitPurpose.ROUTINE, 55), (VisitPurpose.PREVENTION, 35), (VisitPurpose.OTHER, 10))
FIRM_FINDINGS = {
    VisitPurpose.ROUTINE: ("走访了解生产经营情况，企业运转正常。", "与企业负责人座谈，订单较上月有所回升。",
                           "查看车间，开工率约八成，暂无新增困难。", "企业反映物流已基本恢复，暂无诉求。",
                           "了解用工情况，返岗人员基本到位。", "宣传惠企政策，企业表示将申报稳岗补贴。"),
    VisitPurpose.RESTART: ("指导企业完善复工方案，计划下周全面复产。", "核实复工人数，与申报情况一致。",
                           "帮助企业对接上游供应商，原料预计下周到货。", "产能恢复至七成，仍缺部分熟练工。",
                           "协调防疫物资，企业已领到口罩和测温枪。"),
    VisitPurpose.PREVENTION: ("检查防疫措施：测温、登记、消毒落实到位。", "抽查员工健康码，未发现异常。",
                              "食堂分餐、错峰就餐已落实。", "提醒企业补充消毒用品库存。",
                              "宿舍管理需加强，已当场提出整改要求。"),
    VisitPurpose.NEED: ("跟进企业此前反映的用工问题，已协调人社部门。", "跟进原材料短缺问题，供应商已恢复发货。",
                        "跟进融资需求，银行已上门对接。", "跟进审批事项，材料已补齐待批。"),
    VisitPurpose.OTHER: ("送达惠企政策汇编。", "了解企业安全生产情况。", "陪同镇领导调研企业。"),
}
BUILDING_FINDINGS = {
    VisitPurpose.ROUTINE: ("走访楼宇物业，了解入驻企业复工情况。", "楼宇入驻率稳定，物业运转正常。",
                           "与物业座谈，了解租户减租诉求。"),
    VisitPurpose.PREVENTION: ("检查楼宇出入口测温登记。", "督促物业做好电梯和公共区域消毒。"),
    VisitPurpose.OTHER: ("送达楼宇防控工作指引。",),
}
NEED_RECORDED = ("现场登记企业诉求，已转办。", "企业当面反映困难，已代为提交诉求。")
SURVEY_RECORDED = ("协助企业完成摸底，核对在岗人数。", "现场摸底：了解产能、库存和复工计划。")
FIELDS = ("officer", "enterprise", "building", "town", "visited_on", "purpose", "findings", "ticket", "survey",
          "created_at")


def week_of_visits(ctx: DemoContext) -> int:
    """Write the week's visits; how many."""
    rng = ctx.rng("liaison_visits")
    now = timezone.localtime(ctx.now)
    days = [now.date() - dt.timedelta(days=n) for n in range(WEEK_DAYS - 1, -1, -1)]
    weights = [TODAY_WEIGHT if day == now.date() else DAY_WEIGHTS.get(day.weekday(), 1.0) for day in days]
    needs, surveys = _needs_filed(ctx, days), _surveys(ctx, days)
    linked: set = set()
    rows = []
    for officer, firm, building, town in _units(ctx):
        for at, ticket, author in needs.get(firm, ()):
            if author in (None, officer) and ("ticket", ticket) not in linked:
                linked.add(("ticket", ticket))
                rows.append(_row(rng, at, officer, firm, None, town, at.date(), VisitPurpose.NEED,
                                 rng.choice(NEED_RECORDED), ticket=ticket))
        for day, survey in surveys.get(firm, ()):
            if ("survey", survey) not in linked:
                linked.add(("survey", survey))
                rows.append(_row(rng, now, officer, firm, None, town, day, VisitPurpose.SURVEY,
                                 rng.choice(SURVEY_RECORDED), survey=survey))
        if rng.random() >= VISIT_SHARE:
            continue    # not this week
        purposes, findings = (FIRM_PURPOSES, FIRM_FINDINGS) if firm else (BUILDING_PURPOSES, BUILDING_FINDINGS)
        first = rng.choices(days, weights=weights)[0]
        visit_days = [first]
        if rng.random() < SECOND_VISIT_SHARE:
            second = rng.choices(days, weights=weights)[0]
            visit_days += [second] if second != first else []
        for day in visit_days:
            purpose = _pick(rng, purposes)
            rows.append(_row(rng, now, officer, firm, building, town, day, purpose, rng.choice(findings[purpose])))
    bulk.insert_values(Visit, FIELDS, rows)
    return len(rows)


def _units(ctx: DemoContext) -> list[tuple]:
    """(officer, firm, building, town) of every unit assigned now to an active
    officer of a team, sorted in Python: databases order NULLs differently."""
    rows = (Assignment.objects.filter(until__isnull=True, officer__is_active=True,
                                      officer__role=Role.LIAISON_OFFICER, officer__liaison_membership__isnull=False,
                                      officer__division__code__startswith=ctx.county.prefix)
            .values_list("officer_id", "enterprise_id", "building_id", "enterprise__division_id",
                         "building__town_id"))
    units = [(officer, firm, building, firm_town if firm else building_town)
             for officer, firm, building, firm_town, building_town in rows]
    return sorted(units, key=lambda u: (u[0], 0 if u[1] else 1, u[1] or u[2]))


def _needs_filed(ctx: DemoContext, days: list[dt.date]) -> dict[int, list[tuple]]:
    """firm -> (when, ticket, author) of the needs filed for it as its liaison officer during the week."""
    out: dict[int, list[tuple]] = defaultdict(list)
    start = timezone.make_aware(dt.datetime.combine(days[0], dt.time()))
    for pk, firm, author, at in (Ticket.objects.filter(submitter=Submitter.LIAISON, created_at__gte=start,
                                                       created_at__lte=ctx.now,
                                                       town__code__startswith=ctx.county.prefix)
                                 .order_by("created_at", "pk").values_list("pk", "enterprise_id", "submitted_by_id",
                                                                           "created_at")):
        out[firm].append((timezone.localtime(at), pk, author))
    return out


def _surveys(ctx: DemoContext, days: list[dt.date]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = defaultdict(list)
    for pk, firm, day in (Survey.objects.filter(surveyed_on__gte=days[0], surveyed_on__lte=days[-1],
                                                enterprise__division__code__startswith=ctx.county.prefix)
                          .order_by("surveyed_on", "pk").values_list("pk", "enterprise_id", "surveyed_on")):
        out[firm].append((day, pk))
    return out


def _pick(rng, weighted):
    values, weights = zip(*weighted)
    return rng.choices(values, weights=weights)[0]


def _row(rng, latest: dt.datetime, officer, firm, building, town, day: dt.date, purpose: str, findings: str, *,
         ticket=None, survey=None) -> list:
    """A visit recorded in the working day it was made, at ``latest`` at the
    latest (the demo's now; the need's own time for a visit that filed one)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randrange(60))))
    return [officer, firm, building, town, day, purpose, findings, ticket, survey, min(at, latest)]
