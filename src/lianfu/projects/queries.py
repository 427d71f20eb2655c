"""Reads of the library shared by the pages and their exports. Every query goes
through the scoped manager (a town officer's rows are the town's); overdue is
stages.py's rule."""
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from lianfu.projects.enums import NOT_SIGNED
from lianfu.projects.models import Project, ProjectFirm
from lianfu.projects.stages import STAGES, first_overdue, label, overdue_condition, rank

ZERO = Decimal("0.00")


def _stage_rank() -> Case:
    return Case(*(When(stage=s.value, then=Value(rank(s))) for s in STAGES), default=Value(0),
                output_field=IntegerField())


SORTS = {
    "code": ("code",), "name": ("name", "code"),
    "-total_investment": ("-total_investment", "code"), "-investment_this_year": ("-investment_this_year", "code"),
    "town": ("town_id", "code"), "stage": ("stage_rank", "code"), "-stage": ("-stage_rank", "code"),
}


def visible_projects(user) -> QuerySet:
    """The projects a user's list shows: the whole reach of a county or town
    officer (or an administrator), else the projects they are responsible for."""
    qs = Project.objects.select_related("town", "industry", "officer")
    if user.has_perm("projects.view_leaders"):
        return qs
    return qs.filter(officer=user)


@dataclass(frozen=True)
class ProjectFilter:
    q: str = ""
    town: str = ""              # a town's 12-digit code
    industry: str = ""          # a GB/T 4754 code (2 digits: its division, with its groups and classes)
    stage: str | None = None    # None: any; "": not signed yet
    overdue: bool = False
    sort: str = "code"

    def apply(self, qs: QuerySet, today: dt.date) -> QuerySet:
        if self.q:
            qs = qs.filter(Q(name__contains=self.q) | Q(code__icontains=self.q) | Q(leader_name__contains=self.q))
        if self.town:
            qs = qs.filter(town_id=self.town)
        if self.industry:
            qs = qs.filter(industry__code__startswith=self.industry)
        if self.stage is not None:
            qs = qs.filter(stage=self.stage)
        if self.overdue:
            qs = qs.filter(overdue_condition(today))
        return qs.annotate(stage_rank=_stage_rank()).order_by(*SORTS.get(self.sort, SORTS["code"]), "pk")


def firms_of(projects) -> dict[int, dict[str, list]]:
    """{project id: {role: [enterprise, …]}} in one query. The firm is read
    through the project (a builder may be registered outside the viewer's town)."""
    out: dict[int, dict[str, list]] = {}
    ids = [p.pk for p in projects]
    if not ids:
        return out
    links = ProjectFirm._base_manager.filter(project_id__in=ids).select_related("enterprise").order_by("id")
    for link in links:
        out.setdefault(link.project_id, {}).setdefault(link.role, []).append(link.enterprise)
    return out


@dataclass
class StageFigures:
    stage: str
    label: str
    projects: int
    total_investment: Decimal
    investment_this_year: Decimal


def by_stage(qs: QuerySet) -> list[StageFigures]:
    """Projects, total investment and this year's investment per stage, in stage
    order (every stage listed, not-signed only when some are), then the total."""
    rows = {row["stage"]: row for row in qs.order_by().values("stage").annotate(
        n=Count("id"), total=Sum("total_investment"), year=Sum("investment_this_year"))}
    stages = ([NOT_SIGNED] if NOT_SIGNED in rows else []) + [s.value for s in STAGES]
    out = []
    for stage in stages:
        row = rows.get(stage, {})
        out.append(StageFigures(stage, label(stage), row.get("n", 0), row.get("total") or ZERO,
                                row.get("year") or ZERO))
    out.append(StageFigures("total", "", sum(r.projects for r in out), sum((r.total_investment for r in out), ZERO),
                            sum((r.investment_this_year for r in out), ZERO)))
    return out


def overdue_projects(qs: QuerySet, today: dt.date) -> list[tuple[Project, object]]:
    """(project, its first overdue stage row), the longest late first."""
    found = [(p, first_overdue(p, today)) for p in qs.filter(overdue_condition(today))]
    return sorted(found, key=lambda item: (-item[1].days_late, item[0].code))
