"""The county's assignment page (figures of the current assignment, the
latest proposals, "Propose an assignment" run in the background with a
progress bar) and a proposal's page: the solver beside the greedy baseline,
the shortfalls named, the difference from the current assignment (paged, and
whole in Excel), and "Apply"."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from lianfu.common.enums import JobStatus
from lianfu.common.errors import Conflict, NotAllowed
from lianfu.common.exports import xlsx_response
from lianfu.liaison import tasks
from lianfu.liaison.coverage import (
    Reach,
    figures,
    officer_names,
    snapshot,
    team_loads,
    units_named,
)
from lianfu.liaison.enums import ProposalState
from lianfu.liaison.models import Proposal, ServiceTeam
from lianfu.liaison.proposals import apply, difference, spread_text
from lianfu.registry.divisions import county_of_user

RECENT_PROPOSALS = 10
ROWS_PER_PAGE = 50
SECTIONS = ("moved", "added", "new", "ended")


def _county(request):
    county = county_of_user(request.user)
    if county is None:
        raise Http404
    return county


@login_required
@permission_required("liaison.manage_assignment", raise_exception=True)
def assignment(request):
    county = _county(request)
    if request.method == "POST":
        if not tasks.start(county, request.user):
            messages.info(request, _("A proposal is already being computed: wait for it to finish."))
        return redirect("liaison:assignment")
    with scopes_disabled():
        reach = Reach(county, list(ServiceTeam.objects.filter(county=county).order_by("name")))
        proposals = list(Proposal.objects.filter(county=county).select_related("created_by")[:RECENT_PROPOSALS])
    for item in proposals:
        item.spread_text = spread_text(item.summary.get("spread"))
    loads = team_loads(reach)
    return render(request, "liaison/assignment.html", {
        "county": county, "figures": figures(snapshot(reach), loads), "loads": loads, "proposals": proposals,
        "job": _job_view(county)})


def _job_view(county) -> dict | None:
    """The county's latest job as the page and the JSON show it."""
    job = tasks.job_of(county.code)
    if job is None:
        return None
    status = job["status"]
    if status in (JobStatus.QUEUED, JobStatus.RUNNING) and not tasks.is_live(job):
        status = JobStatus.FAILED   # its worker died or none runs
    proposal = job.get("proposal")
    with scopes_disabled():   # "ready" while it waits for review, not once applied or replaced
        ready = bool(proposal) and Proposal.objects.filter(pk=proposal, state=ProposalState.PROPOSED).exists()
    return {"status": status, "ready": ready, "teams_done": job.get("teams_done", 0), "teams": job.get("teams", 0),
            "percent": tasks.percent(job), "seconds_left": tasks.seconds_left(job),
            "proposal": proposal, "proposal_url": reverse("liaison:proposal", args=[proposal]) if proposal else ""}


@login_required
@permission_required("liaison.manage_assignment", raise_exception=True)
@require_GET
def proposal_progress(request):
    """JSON for the progress bar; to the page's poll (htmx), the bar itself,
    and the proposal's page once it is ready."""
    county = _county(request)
    job = _job_view(county) or {"status": "none"}
    if not request.htmx:
        return JsonResponse(job)
    if job["status"] == JobStatus.DONE and job["proposal_url"]:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = job["proposal_url"]
        return response
    return render(request, "liaison/_county_progress.html", {"job": job})


def _proposal(request, pk: int) -> Proposal:
    """A proposal of the user's county; another county's is not found."""
    county = _county(request)
    with scopes_disabled():
        return get_object_or_404(Proposal.objects.select_related("county", "created_by", "applied_by"),
                                 pk=pk, county=county)


@login_required
@permission_required("liaison.manage_assignment", raise_exception=True)
def proposal(request, pk: int):
    item = _proposal(request, pk)
    if request.method == "POST":
        return _apply(request, item)
    reviewable = item.state == ProposalState.PROPOSED
    change = difference(item) if reviewable else None
    sections = []
    if change is not None:
        units = units_named([c.unit for name in SECTIONS for c in getattr(change, name)])
        ordered = {name: sorted(getattr(change, name), key=lambda c: _unit_order(c.unit, units)) for name in SECTIONS}
        if request.GET.get("export") == "xlsx":
            return _export(item, ordered, units)
        for name in SECTIONS:
            page = _section_page(request, name, ordered[name])
            sections.append((name, page, _rows(page.object_list, units)))
    summary = item.summary
    with scopes_disabled():
        teams = dict(ServiceTeam.objects.filter(county=item.county).values_list("pk", "name"))
        towns = dict(item.county.children.values_list("code", "name"))
    shortfalls = [{**s, "town_name": towns.get(s["town"], s["town"]), "why": _shortfall_reason(s["reason"]),
                   "team_name": teams.get(int(s["team"].split(":")[1])) if s.get("team") else None}
                  for s in summary.get("shortfalls", [])]
    return render(request, "liaison/assignment_proposal.html", {
        "proposal": item, "summary": summary, "shortfalls": shortfalls, "change": change, "sections": sections,
        "reviewable": reviewable, "columns": [_figures(summary), _figures(summary.get("greedy", {}))]})


def _figures(figures: dict) -> dict:
    statuses = {"optimal": _("best possible"), "feasible": _("spread met (time limit reached)"),
                "relaxed": _("spread not met: the best balance found"), "greedy": _("greedy")}
    return {**figures, "spread_text": spread_text(figures.get("spread")),
            "status_text": statuses.get(figures.get("status"), figures.get("status", "—"))}


def _shortfall_reason(reason: str) -> str:
    return {"no_team": _("No service team serves this town."),
            "too_few_officers": _("Firms or buildings here need more officers than the team has."),
            "over_capacity": _("The team's officers cannot carry its load within their maximum.")}.get(reason, reason)


def _section_page(request, name: str, items: list):
    """Each section pages on its own: ?moved_page=2 leaves the others where they are."""
    page = Paginator(items, ROWS_PER_PAGE).get_page(request.GET.get(f"{name}_page"))
    params = request.GET.copy()
    params.pop(f"{name}_page", None)
    params.pop("export", None)
    page.query = params.urlencode()
    return page


def _unit_order(key: str, units: dict) -> tuple:
    unit = units.get(key)
    return (unit.town, unit.name, key) if unit else ("", "", key)


def _rows(changes, units: dict) -> list[dict]:
    """Names for a page of changes: the firm or building, its town, the officers."""
    names = officer_names(pk for c in changes for pk in (*c.before, *c.after))

    def who(pks) -> list[str]:
        return [names[pk][0] if names.get(pk, ("", True))[1] else _("%(name)s (left)") % {"name": names[pk][0]}
                for pk in pks if pk in names]

    rows = []
    for c in changes:
        unit = units.get(c.unit)
        rows.append({"key": c.unit, "unit": unit, "kind": _("Firm") if c.unit.startswith("firm:") else _("Building"),
                     "before": who(c.before), "after": who(c.after), "leaving": who(c.leaving),
                     "joining": who(c.joining), "staying": who(sorted(set(c.before) & set(c.after)))})
    return rows


def _export(item: Proposal, ordered: dict, units: dict) -> HttpResponse:
    labels = {"moved": _("Officers change"), "added": _("Gains an officer"), "new": _("Nobody looked after it"),
              "ended": _("No rule names it any more")}
    headers = [_("Change"), _("Kind"), _("Firm or building"), _("Town"), _("Officers now"), _("Officers proposed"),
               _("Leaving"), _("Joining")]

    def lines():
        for name in SECTIONS:
            for row in _rows(ordered[name], units):
                unit = row["unit"]
                yield [labels[name], row["kind"], unit.name if unit else row["key"], unit.town_name if unit else "",
                       "、".join(row["before"]), "、".join(row["after"]), "、".join(row["leaving"]),
                       "、".join(row["joining"])]

    return xlsx_response(f"liaison-proposal-{item.pk}.xlsx", headers, lines(), sheet_name=_("Proposal"))


def _apply(request, item: Proposal):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you reviewed the changes, then apply."))
        return redirect("liaison:proposal", pk=item.pk)
    try:
        change = apply(item, actor=request.user)
    except Conflict:
        messages.error(request, _("The assignment changed since this proposal was made: propose again."))
        return redirect("liaison:proposal", pk=item.pk)
    except NotAllowed:
        messages.error(request, _("This proposal can no longer be applied: it was applied already or a newer "
                                  "proposal replaced it."))
        return redirect("liaison:proposal", pk=item.pk)
    messages.success(request, _("Applied: %(moved)s changed officer, %(added)s gained one, %(new)s newly looked "
                                "after, %(ended)s ended, %(kept)s kept.") % {
        "moved": len(change.moved), "added": len(change.added), "new": len(change.new),
        "ended": len(change.ended), "kept": change.kept})
    return redirect("liaison:assignment")
