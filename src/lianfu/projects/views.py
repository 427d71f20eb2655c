"""The library's pages: the list (filter, sort, page, export), a project's page
(its stages planned against reached, its updates, the form to record one), and
the county's add and edit forms. A project outside the user's reach is not
found (404: the managers are scoped); a step the user may not take is 403."""
import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from lianfu.common.errors import WorkflowError
from lianfu.common.exports import xlsx_response
from lianfu.common.pagination import page_of, query_without_page
from lianfu.common.workflow import require
from lianfu.projects import domain, queries
from lianfu.projects.enums import FirmRole
from lianfu.projects.forms import ProjectFilterForm, ProjectForm, UpdateForm
from lianfu.projects.models import Project
from lianfu.projects.stages import STAGES, StageRow, first_overdue, next_stage, stage_rows
from lianfu.registry.divisions import county_of_user
from lianfu.registry.models import Division


@dataclass
class ListRow:
    project: Project
    overdue: StageRow | None       # the first overdue stage
    next: StageRow | None          # the stage it works towards
    firms: dict

    @property
    def builders(self) -> str:
        return "、".join(e.name for e in self.firms.get(FirmRole.BUILDER, []))

    @property
    def investors(self) -> str:
        return "、".join(e.name for e in self.firms.get(FirmRole.INVESTOR, []))


def list_rows(projects, today: dt.date) -> list[ListRow]:
    projects = list(projects)
    firms = queries.firms_of(projects)
    rows = []
    for project in projects:
        upcoming = next_stage(project)
        rows.append(ListRow(project, first_overdue(project, today),
                            next((r for r in stage_rows(project, today) if r.stage == upcoming), None),
                            firms.get(project.pk, {})))
    return rows


def overdue_text(row: StageRow | None) -> str:
    if row is None:
        return ""
    return _("%(stage)s overdue by %(days)s days (planned %(day)s)") % {
        "stage": row.label, "days": row.days_late, "day": row.planned.isoformat()}


@login_required
def project_list(request):
    require(request.user, "projects.view_library")
    form = ProjectFilterForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    qs = form.to_filter().apply(queries.visible_projects(request.user), today)
    if request.GET.get("export") == "xlsx":
        return _export(qs, today)
    page = page_of(request, qs)
    return render(request, "projects/project_list.html", {
        "form": form, "page": page, "rows": list_rows(page.object_list, today), "query": query_without_page(request),
        "today": today, "can_manage": request.user.has_perm("projects.manage_projects"),
        "total": page.paginator.count,
    })


def export_headers() -> list[str]:
    planned = [_("Planned: %(stage)s") % {"stage": s.label} for s in STAGES]
    reached = [_("Reached: %(stage)s") % {"stage": s.label} for s in STAGES]
    return [_("Project code"), _("Project name"), _("Town"), _("Industry"), _("Total investment (10,000 yuan)"),
            _("Investment this year (10,000 yuan)"), _("Stage"), pgettext("projects", "Overdue"),
            _("Responsible leader"), _("Leader's post"), _("Responsible officer"), _("Builder"), _("Investor"),
            *planned, *reached]


def export_row(row: ListRow) -> list:
    p = row.project
    return [p.code, p.name, p.town.name, f"{p.industry.code} {p.industry.name}" if p.industry else "",
            p.total_investment, p.investment_this_year, p.stage_label, overdue_text(row.overdue), p.leader_name,
            p.leader_post, p.officer.display_name if p.officer else "", row.builders, row.investors,
            *(p.planned(s) for s in STAGES), *(p.reached_on(s) for s in STAGES)]


def _export(qs, today: dt.date):
    def rows():
        for start in range(0, qs.count(), 1000):
            yield from (export_row(r) for r in list_rows(qs[start:start + 1000], today))
    return xlsx_response("major-projects.xlsx", export_headers(), rows(), sheet_name=_("Major projects"),
                         title=_("Major projects on %(day)s") % {"day": today.isoformat()})


def project_for(request, pk: int, perm: str = "projects.view_project") -> Project:
    require(request.user, "projects.view_library")          # a firm (or anyone else): 403 before any lookup
    project = get_object_or_404(Project.objects.select_related("county", "town", "industry", "officer"), pk=pk)
    require(request.user, perm, project)
    return project


def _page(request, project: Project, *, form=None, refusal: str = "", status: int = 200):
    today = timezone.localdate()
    can_record = request.user.has_perm("projects.record_update", project)
    return render(request, "projects/project_detail.html", {
        "project": project, "stages": stage_rows(project, today), "today": today,
        "overdue": first_overdue(project, today), "firms": queries.firms_of([project]).get(project.pk, {}),
        "updates": project.updates.select_related("recorded_by"),
        "form": (form or UpdateForm(project=project)) if can_record else None, "refusal": refusal,
        "can_edit": request.user.has_perm("projects.change_project", project),
    }, status=status)


@login_required
def project_detail(request, pk: int):
    return _page(request, project_for(request, pk))


@login_required
@require_POST
def record_update(request, pk: int):
    project = project_for(request, pk, "projects.record_update")
    form = UpdateForm(request.POST, project=project)
    if not form.is_valid():
        return _page(request, project, form=form, status=400)
    data = form.cleaned_data
    try:
        update = domain.record_update(actor=request.user, project=project, on=data["on"], stage=data["stage"],
                                      note=data["note"], reason=data["reason"], version=data["version"])
    except ValidationError as error:
        _field_errors(form, error)
        return _page(request, project, form=form, status=400)
    except WorkflowError as error:
        # After a 409 the form carries the current version: a second submit is deliberate.
        project.refresh_from_db()
        form = UpdateForm({**request.POST.dict(), "version": project.version}, project=project)
        form.is_valid()
        return _page(request, project, form=form, refusal=error.message, status=error.status)
    if update.stage:
        messages.success(request, _("Recorded: %(stage)s on %(day)s.") % {
            "stage": project.stage_label, "day": update.on.isoformat()})
    else:
        messages.success(request, _("Note recorded."))
    return redirect("projects:project", pk=project.pk)


def _field_errors(form, error: ValidationError) -> None:
    """The domain's refusals next to the fields they are about."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def county_for_new(user) -> Division:
    """Where a new project goes: a county officer's county; the home county for an administrator."""
    county = county_of_user(user)
    if county is None:
        raise Http404
    return county


@login_required
def project_add(request):
    require(request.user, "projects.manage_projects")
    county = county_for_new(request.user)
    form = ProjectForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            project = domain.add_project(actor=request.user, county=county, stage=form.initial_stage(),
                                         firms=form.firms(), **form.project_fields())
        except ValidationError as error:
            _field_errors(form, error)
        else:
            messages.success(request, _("Added: %(name)s.") % {"name": project.name})
            return redirect("projects:project", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "county": county, "project": None},
                  status=400 if form.errors else 200)


@login_required
def project_edit(request, pk: int):
    project = project_for(request, pk, "projects.change_project")
    firms = queries.firms_of([project]).get(project.pk, {})
    form = ProjectForm(request.POST or None, county=project.county, project=project, firms=firms)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            changed = domain.change_project(actor=request.user, project=project, version=form.cleaned_data["version"],
                                            firms=form.firms(), **form.project_fields())
        except ValidationError as error:
            _field_errors(form, error)
        except WorkflowError as error:
            # The form now carries the current version: saving again, after reading the page, is deliberate.
            project.refresh_from_db()
            form = ProjectForm({**request.POST.dict(), "version": project.version}, county=project.county,
                               project=project, firms=firms)
            form.is_valid()
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
            return redirect("projects:project", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "county": project.county,
                                                          "project": project},
                  status=400 if status == 200 and form.errors else status)
