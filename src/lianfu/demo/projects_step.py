"""Demo step: the county's major-project library (重大项目库), as the seed
articles describe it: 25 projects in the library, each with a responsible
leader (a county leader and post) and a responsible officer, moving through
signed → land → approvals → started → completed against planned dates.

Dates are drawn relative to the day the demo is loaded (ctx.now), so the
library is live whenever it is loaded: exactly OVERDUE projects have a planned
date passed without the stage reached (one of them in the home town, which the
`town` login reads), every other planned date still ahead is at least a day
away. Projects of the home town are the `town` login's, those of the second
town the `town2` login's, one each the `liaison` and `dept` logins', the rest
the county officer's. Builders are above-scale firms of the project's town.
Deterministic per seed; written in bulk (a few queries)."""
import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.accounts.models import User
from lianfu.demo.accounts_step import HOME_TOWN, SECOND_TOWN
from lianfu.demo.context import DemoContext
from lianfu.projects.enums import FirmRole
from lianfu.projects.models import Project, ProjectFirm, ProjectUpdate
from lianfu.projects.stages import STAGES, planned_field, reached_field
from lianfu.registry.models import Enterprise, Industry

# (name, GB/T 4754 code, total investment in 万元); the first five are the seed articles' own.
PROJECTS = (
    ("年产5万个冲浪板、8万艘皮划艇项目", "24", 8050),
    ("铝基复合新材料项目", "32", 53000),
    ("年产8000万套医疗设备用连接器及年产3000万套指令开关生产线建设项目", "39", 26000),
    ("年产1250万套健身体育用品项目", "24", 12500),
    ("年产200万套汽车行李架项目", "3670", 9800),
    ("小家电智造产业园一期", "3854", 45000),
    ("年产500万台智能厨房电器项目", "3854", 32000),
    ("新能源汽车电机关键零部件项目", "3670", 28000),
    ("智能照明器具生产基地项目", "3874", 15600),
    ("光伏组件及储能设备项目", "3825", 61000),
    ("高端轴承扩产项目", "34", 18000),
    ("精密模具及冲压件项目", "33", 11200),
    ("印制电路板技术改造项目", "3982", 22500),
    ("医用防护用品生产线项目", "27", 6800),
    ("功能性纺织面料印染提升项目", "1713", 9600),
    ("日用塑料制品智能工厂项目", "2927", 7400),
    ("生命健康产业园标准厂房项目", "47", 36000),
    ("小微企业创业园二期项目", "47", 24000),
    ("现代物流中心项目", "54", 19800),
    ("工业互联网平台建设项目", "65", 5200),
    ("热电联产技术改造项目", "44", 27000),
    ("城市快速路工程", "48", 82000),
    ("职业教育实训基地项目", "83", 16500),
    ("中医院迁建工程", "84", 68000),
    ("农产品冷链物流项目", "54", 8800),
)
LEADERS = (("沈建国", "市长"), ("胡立新", "常务副市长"), ("孙海涛", "副市长"), ("钱卫东", "副市长"),
           ("冯志刚", "市委常委、开发区党工委书记"), ("陈晓燕", "副市长"), ("杨宏伟", "市人大常委会副主任"))
# How many projects stand at each stage (rank 0 = not signed yet … 5 = completed): 25 in all.
STAGE_COUNTS = (2, 4, 4, 4, 8, 3)
OVERDUE = 4
HOME_TOWN_PROJECTS, SECOND_TOWN_PROJECTS = 6, 3
NOTES = ("现场推进会已召开，要素保障到位", "施工单位已进场，正在场地平整", "已完成设计方案评审",
         "土地出让合同已签订", "施工许可证已核发", "主体结构已封顶", "设备已进场安装调试")


def projects_step(ctx: DemoContext) -> None:
    rng = ctx.rng("projects")
    today = timezone.localtime(ctx.now).date()
    with scopes_disabled(), transaction.atomic():
        towns = ctx.towns()
        if not towns:
            return
        home = next((t for t in towns if t.name == HOME_TOWN), towns[0])
        second = next((t for t in towns if t.name == SECOND_TOWN), towns[-1])
        others = [t for t in towns if t not in (home, second)] or towns
        places = [home] * HOME_TOWN_PROJECTS + [second] * SECOND_TOWN_PROJECTS
        places += [rng.choice(others) for _ in range(len(PROJECTS) - len(places))]
        ranks = [r for r, n in enumerate(STAGE_COUNTS) for _ in range(n)]
        rng.shuffle(ranks)
        late = _overdue_picks(rng, ranks, places, home)
        logins = {u.username: u for u in User.objects.filter(username__in=("county", "town", "town2", "liaison",
                                                                             "dept"))}
        known = set(Industry.objects.filter(code__in={code for _n, code, _t in PROJECTS}).values_list("code",
                                                                                                    flat=True))
        projects = []
        for n, ((name, industry, total), town, rank) in enumerate(zip(PROJECTS, places, ranks), 1):
            leader = LEADERS[(n - 1) % len(LEADERS)]
            project = Project(
                county=ctx.county, town=town, code=f"ZD{today.year}{n:03d}", name=name,
                industry_id=industry if industry in known else None, total_investment=Decimal(total),
                investment_this_year=Decimal(round(total * rng.uniform(0.15, 0.6))), leader_name=leader[0],
                leader_post=leader[1], officer=_officer(logins, town, home, second, n),
                stage=STAGES[rank - 1].value if rank else "", created_by=logins.get("county"))
            _plan(rng, project, rank, today, overdue=n - 1 in late)
            projects.append(project)
        Project.objects.bulk_create(projects)
        firms = _firms(rng, ctx, projects)
        updates = _updates(rng, projects, logins.get("county"))
    ctx.summary.append(f"projects: {len(projects)} major projects, "
                       f"{sum(p.total_investment for p in projects):,.0f} (10,000 yuan) in all, {len(late)} overdue, "
                       f"{firms} firms linked, {updates} updates")
    ctx.progress("projects", len(projects), len(projects))


def _overdue_picks(rng, ranks: list[int], places: list, home) -> set[int]:
    """The indexes of the projects left late: not completed, one in the home town."""
    open_ = [i for i, r in enumerate(ranks) if r < len(STAGES)]
    at_home = [i for i in open_ if places[i] == home]
    picks = {rng.choice(at_home)} if at_home else set()
    picks.update(rng.sample([i for i in open_ if i not in picks], OVERDUE - len(picks)))
    return picks


def _officer(logins: dict, town, home, second, n: int):
    if n == 2:
        return logins.get("liaison") if town == home else logins.get("county")
    if n == 3:
        return logins.get("dept")
    if town == home:
        return logins.get("town")
    if town == second:
        return logins.get("town2")
    return logins.get("county")


def _plan(rng, project: Project, rank: int, today: dt.date, *, overdue: bool) -> None:
    """Planned dates around the next stage; the stages reached get their day."""
    if rank < len(STAGES):
        upcoming = today - dt.timedelta(days=rng.randint(3, 45)) if overdue else \
            today + dt.timedelta(days=rng.randint(1, 150))
        anchor = rank                                  # index of the next stage in STAGES
    else:
        upcoming, anchor = today - dt.timedelta(days=rng.randint(10, 90)), rank - 1
    planned = {anchor: upcoming}
    for k in range(anchor - 1, -1, -1):
        planned[k] = planned[k + 1] - dt.timedelta(days=rng.randint(20, 110))
    for k in range(anchor + 1, len(STAGES)):
        planned[k] = planned[k - 1] + dt.timedelta(days=rng.randint(30, 300 if k == len(STAGES) - 1 else 90))
    previous = None
    for k, stage in enumerate(STAGES):
        setattr(project, planned_field(stage), planned[k])
        if k >= rank:
            continue
        # Reached around the plan (a few days early or a few weeks late), never after today,
        # in order; now and then a stage passed without its own record.
        day = min(planned[k] + dt.timedelta(days=rng.randint(-10, 25)), today - dt.timedelta(days=1))
        day = max(day, previous) if previous else day
        previous = day
        if k == rank - 1 or rng.random() > 0.15:
            setattr(project, reached_field(stage), day)


def _firms(rng, ctx: DemoContext, projects: list[Project]) -> int:
    firms: dict[str, list[int]] = {}
    for pk, town in (Enterprise.objects.filter(division__code__startswith=ctx.county.prefix, above_scale=True)
                     .order_by("uscc").values_list("pk", "division_id")):
        firms.setdefault(town, []).append(pk)
    everyone = [pk for found in firms.values() for pk in found]
    links = []
    for project in projects:
        builders = firms.get(project.town_id) or []
        if builders and rng.random() < 0.7:
            builder = rng.choice(builders)
            links.append(ProjectFirm(project=project, enterprise_id=builder, role=FirmRole.BUILDER))
            investors = [pk for pk in everyone if pk != builder]
            if investors and rng.random() < 0.3:
                links.append(ProjectFirm(project=project, enterprise_id=rng.choice(investors),
                                         role=FirmRole.INVESTOR))
    ProjectFirm.objects.bulk_create(links)
    return len(links)


def _updates(rng, projects: list[Project], county_user) -> int:
    """One update per stage recorded with its day, by the responsible officer (or the county)."""
    rows = []
    for project in projects:
        before = ""
        for stage in STAGES:
            day = project.reached_on(stage)
            if day is None:
                if project.stage and STAGES.index(stage) < STAGES.index(project.stage):
                    before = stage.value
                continue
            rows.append(ProjectUpdate(project=project, on=day, stage_before=before, stage=stage.value,
                                      note=rng.choice(NOTES) if rng.random() < 0.6 else "",
                                      recorded_by=project.officer or county_user))
            before = stage.value
    ProjectUpdate.objects.bulk_create(rows)
    return len(rows)
