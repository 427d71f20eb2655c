"""The leaders' page: the projects by stage (count, total investment and this
year's investment per stage, a bar chart with the table beside it) and the
overdue ones, with their responsible leaders. A county officer reads the
county, a town officer the town (the scoped manager)."""
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianfu.common.exports import xlsx_response
from lianfu.common.workflow import require
from lianfu.projects import queries
from lianfu.projects.enums import ProjectStage
from lianfu.projects.stages import at_or_after

TEN_THOUSAND = Decimal(10_000)      # 万元 per 亿元


@login_required
def leaders(request):
    require(request.user, "projects.view_leaders")
    today = timezone.localdate()
    projects = queries.visible_projects(request.user)
    figures = queries.by_stage(projects)
    overdue = queries.overdue_projects(projects, today)
    export = request.GET.get("export")
    if export == "xlsx":
        return _export_stages(figures, today)
    if export == "overdue":
        return _export_overdue(overdue, today)
    stages, total = figures[:-1], figures[-1]
    started = [f for f in stages if f.stage in at_or_after(ProjectStage.STARTED)]
    return render(request, "projects/leaders.html", {
        "today": today, "stages": stages, "total": total, "overdue": overdue,
        "started_count": sum(f.projects for f in started),
        "started_investment": sum((f.total_investment for f in started), Decimal(0)),
        "chart": {"labels": [f.label for f in stages], "projects": [f.projects for f in stages],
                  "investment": [float((f.total_investment / TEN_THOUSAND).quantize(Decimal("0.01")))
                                 for f in stages]},
    })


def _export_stages(figures, today):
    headers = [_("Stage"), _("Projects"), _("Total investment (10,000 yuan)"), _("Investment this year (10,000 yuan)")]
    rows = ([f.label or _("Total"), f.projects, f.total_investment, f.investment_this_year] for f in figures)
    return xlsx_response("projects-by-stage.xlsx", headers, rows, sheet_name=_("By stage"),
                         title=_("Major projects by stage on %(day)s") % {"day": today.isoformat()})


def _export_overdue(overdue, today):
    headers = [_("Project code"), _("Project name"), _("Town"), _("Overdue stage"), _("Planned date"), _("Days late"),
               _("Responsible leader"), _("Leader's post"), _("Responsible officer")]
    rows = ([p.code, p.name, p.town.name, row.label, row.planned, row.days_late, p.leader_name, p.leader_post,
             p.officer.display_name if p.officer else ""] for p, row in overdue)
    return xlsx_response("overdue-projects.xlsx", headers, rows, sheet_name=pgettext("projects", "Overdue"),
                         title=_("Overdue major projects on %(day)s") % {"day": today.isoformat()})
