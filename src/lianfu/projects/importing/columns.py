"""The columns of a project list as counties keep them (项目名称, 项目编号, 总投资,
年度投资, 所在镇街, 责任领导, 责任人, 当前阶段, 开工日期 …) and the values in
their cells that need no lookup."""
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianfu.common.importing import Column, RowError, Vocabulary, values
from lianfu.projects.enums import NOT_SIGNED, ProjectStage
from lianfu.projects.stages import PLANNED_FIELDS, STAGES, planned_field

COLUMNS = [
    Column("code", gettext_lazy("project code"), (
        "项目编号", "项目代码", "项目编码", "入库编号", "项目库编号", "code", "project code", "project no"),
        required=True, key=True),
    Column("name", gettext_lazy("project name"), (
        "项目名称", "项目", "名称", "建设项目", "项目全称", "name", "project", "project name"), required=True),
    Column("town", gettext_lazy("town"), (
        "所在镇街", "镇街", "所在镇(街道)", "镇(街道)", "所属镇街", "所在乡镇", "乡镇街道", "属地", "镇街道",
        "建设地点", "项目地点", "实施地点", "town"), required=True),
    Column("industry", gettext_lazy("industry"), (
        "行业代码", "所属行业", "行业", "国民经济行业代码", "行业类别", "industry", "industry code")),
    Column("total_investment", gettext_lazy("total investment"), (
        "总投资", "计划总投资", "总投资额", "项目总投资", "投资总额", "total investment", "total"),
        required=True, numeric=True),
    Column("investment_this_year", gettext_lazy("investment this year"), (
        "年度投资", "年度计划投资", "本年计划投资", "年计划投资", "今年计划投资", "本年度投资", "当年计划投资",
        "annual investment", "investment this year", "this year"), numeric=True),
    Column("leader", gettext_lazy("responsible leader"), (
        "责任领导", "联系领导", "牵头领导", "挂钩领导", "分管领导", "包干领导", "leader", "responsible leader")),
    Column("leader_post", gettext_lazy("leader's post"), ("领导职务", "责任领导职务", "职务", "leader post", "post")),
    Column("officer", gettext_lazy("responsible officer"), (
        "责任人", "具体负责人", "项目负责人", "责任干部", "officer", "responsible officer")),
    Column("stage", gettext_lazy("stage"), (
        "当前阶段", "项目阶段", "进展阶段", "项目进度", "当前进度", "形象进度", "进展情况", "stage", "current stage")),
    Column(planned_field(ProjectStage.SIGNED), gettext_lazy("planned signing"), (
        "签约日期", "计划签约日期", "签约时间", "签约", "signing date", "planned signing")),
    Column(planned_field(ProjectStage.LAND), gettext_lazy("planned land supply"), (
        "供地日期", "计划供地日期", "供地时间", "土地摘牌日期", "摘牌日期", "供地", "land date",
        "planned land supply")),
    Column(planned_field(ProjectStage.APPROVALS), gettext_lazy("planned approvals"), (
        "审批日期", "计划审批日期", "审批完成日期", "审批时间", "审批", "approvals date", "planned approvals")),
    Column(planned_field(ProjectStage.STARTED), gettext_lazy("planned start of construction"), (
        "开工日期", "计划开工日期", "开工时间", "计划开工时间", "开工", "start date", "planned start")),
    Column(planned_field(ProjectStage.COMPLETED), gettext_lazy("planned completion"), (
        "竣工日期", "计划竣工日期", "竣工时间", "计划竣工时间", "竣工投产日期", "投产日期", "竣工",
        "completion date", "planned completion")),
    Column("builder", gettext_lazy("builder"), (
        "建设单位", "项目单位", "业主单位", "建设主体", "实施主体", "项目业主", "builder")),
    Column("investor", gettext_lazy("investor"), ("投资方", "投资主体", "投资单位", "投资企业", "投资者", "investor")),
]
LABELS = {col.field: col.label for col in COLUMNS}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(COLUMNS)


# What lists write in the stage column: the last milestone the project reached.
STAGE_WORDS = {
    NOT_SIGNED: ("在谈", "洽谈", "洽谈中", "在谈项目", "未签约", "待签约", "not signed", "negotiating"),
    ProjectStage.SIGNED: ("签约", "已签约", "签约阶段", "signed"),
    ProjectStage.LAND: ("供地", "已供地", "已摘牌", "土地已摘牌", "摘牌", "已拿地", "land", "land supplied"),
    ProjectStage.APPROVALS: ("审批", "已审批", "审批完成", "审批已完成", "已完成审批", "approvals", "approved",
                             "approvals obtained"),
    ProjectStage.STARTED: ("开工", "已开工", "在建", "施工", "施工中", "started", "under construction",
                           "construction started"),
    ProjectStage.COMPLETED: ("竣工", "已竣工", "投产", "已投产", "竣工投产", "completed"),
}
_STAGE_OF_WORD = {word: stage for stage, words in STAGE_WORDS.items() for word in words}
# Words that name a stage under way, not reached: the reason says what to write.
_UNDER_WAY = {"审批中": ProjectStage.LAND, "报批": ProjectStage.LAND, "报批中": ProjectStage.LAND,
              "供地中": ProjectStage.SIGNED, "待供地": ProjectStage.SIGNED, "待开工": ProjectStage.APPROVALS,
              "即将开工": ProjectStage.APPROVALS, "前期": ProjectStage.SIGNED}


def parse_stage(text: str) -> str:
    word = values.fold(text).lower()
    if word in _STAGE_OF_WORD:
        return str(_STAGE_OF_WORD[word])
    for stage in STAGES:                      # the labels as exported, in either language
        if word == str(stage.label).lower():
            return stage.value
    if word in _UNDER_WAY:
        done = _UNDER_WAY[word]
        raise RowError("stage", _("「%(value)s」 is a stage under way: write the last one reached (%(done)s)")
                       % {"value": text, "done": STAGE_WORDS[done][1]})
    raise RowError("stage", _("「%(value)s」 is not a stage: write the last one reached, 已签约, 已供地, 已审批, "
                              "已开工 or 已竣工 (在谈 when not signed yet)") % {"value": text})


_BRACKETS = re.compile(r"^(?P<name>[^(（]+)[(（](?P<post>[^)）]+)[)）]$")


def parse_leader(text: str, post: str) -> tuple[str, str]:
    """"张伟（副市长）" or "张伟 副市长" → ("张伟", "副市长"); a post column, when given, wins."""
    value = values.fold(text)
    found = _BRACKETS.match(value)
    name, written_post = (found["name"].strip(), found["post"].strip()) if found else (value, "")
    if not found and " " in value:
        name, written_post = value.split(" ", 1)
    post = values.fold(post) or written_post.strip()
    if len(name) > 50:
        raise RowError("leader", _("at most %(n)d characters") % {"n": 50})
    if len(post) > 100:
        raise RowError("leader_post", _("at most %(n)d characters") % {"n": 100})
    return name, post


def parse_money(text: str, field_name: str) -> Decimal:
    amount = values.parse_decimal(text, field_name, places=2)
    if amount < 0:
        raise RowError(field_name, _("cannot be negative"))
    if amount >= Decimal("1e12"):
        raise RowError(field_name, _("「%(value)s」 is too large: give the amount in 10,000 yuan (万元)")
                       % {"value": text})
    return amount


@dataclass
class ProjectRow:
    """One row's values that need no lookup; "" / None = the cell was blank."""
    code: str
    name: str
    town: str
    total_investment: Decimal | None
    investment_this_year: Decimal | None = None
    industry: str = ""
    leader: tuple[str, str] | None = None
    officer: str = ""
    stage: str | None = None
    planned: dict[str, dt.date] = field(default_factory=dict)
    builder: str = ""
    investor: str = ""


def attempter(errors: list[RowError]):
    """``attempt(parse, *args)``: its value, or None with its RowError added to
    ``errors`` (so a row reports every field's error at once)."""
    def attempt(parse, *args):
        try:
            return parse(*args)
        except RowError as error:
            errors.append(error)
            return None

    return attempt


def cell_texts(cells: dict[str, str]) -> dict[str, str]:
    return {key: (cells.get(key) or "").strip() for key in LABELS}


def parse_row(cells: dict[str, str]) -> tuple[ProjectRow | None, list[RowError]]:
    """Cell text → ProjectRow, or every field's error at once."""
    errors: list[RowError] = []
    text = cell_texts(cells)
    attempt = attempter(errors)

    code = values.clean_code(text["code"])
    if not code:
        errors.append(RowError("code", _("the project code is missing: it is how the project is found again")))
    elif len(code) > 40:
        errors.append(RowError("code", _("at most %(n)d characters") % {"n": 40}))
    name = attempt(values.parse_text, text["name"], "name", 200) if text["name"] else ""
    if not text["name"]:
        errors.append(RowError("name", _("the project name is missing")))
    if not text["town"]:
        errors.append(RowError("town", _("the town is missing")))
    total = attempt(parse_money, text["total_investment"], "total_investment") if text["total_investment"] else None
    if not text["total_investment"]:
        errors.append(RowError("total_investment", _("the total investment is missing")))
    year = attempt(parse_money, text["investment_this_year"], "investment_this_year") \
        if text["investment_this_year"] else None
    if total is not None and year is not None and year > total:
        errors.append(RowError("investment_this_year", _("more than the total investment (%(total)s)") % {
            "total": f"{total:,}"}))
    leader = attempt(parse_leader, text["leader"], text["leader_post"]) if text["leader"] or text["leader_post"] \
        else None
    stage = attempt(parse_stage, text["stage"]) if text["stage"] else None
    planned = {name_: attempt(values.parse_date, text[name_], name_) for name_ in PLANNED_FIELDS if text[name_]}
    if errors:
        return None, errors
    return ProjectRow(code=code, name=name, town=text["town"], total_investment=total, investment_this_year=year,
                      industry=text["industry"], leader=leader, officer=values.fold(text["officer"]), stage=stage,
                      planned=planned, builder=text["builder"], investor=text["investor"]), []
