"""The engine in the product: the county's "restart first" list (with the
chains each restart unblocks, why, and alternatives) and, per chain, what each
supplier's closure would cost the lead and when the lead runs short."""
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from lianfu.analysis import queries as engine_queries
from lianfu.analysis.runs import current_run, start_run
from lianfu.analysis.tasks import run_engine_task
from lianfu.chains.access import get_chain
from lianfu.common.exports import xlsx_response
from lianfu.registry.models import Enterprise


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def restart_first(request):
    run, fresh = current_run()
    done = run is not None and run.status == "done"
    rows = engine_queries.restart_first_rows(run, request.user) if done else []
    if request.GET.get("export") == "xlsx":
        return xlsx_response("restart-first.xlsx", *engine_queries.restart_first_sheet(rows),
                             sheet_name="restart-first")
    if request.htmx:
        return _poll(request, run, fresh)
    return render(request, "analysis/restart_first.html", {
        "run": run, "fresh": fresh, "rows": rows, "can_run": True,
        "leads_below": engine_queries.leads_below_rows(run, request.user) if done else []})


def _poll(request, run, fresh: bool) -> HttpResponse:
    """The page polls while the engine runs: the progress block comes back with
    the steps done and the time left; once the run is over the page reloads."""
    if run is None or run.finished:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "analysis/_engine_run.html", {"run": run, "fresh": fresh, "can_run": False})


@login_required
@permission_required("chains.run_engine", raise_exception=True)
@require_POST
def start_engine(request):
    run, created = start_run(request.user)
    if created:
        run_engine_task.enqueue(run.pk)
    return redirect("analysis:restart_first")


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def alternatives(request, uscc: str):
    with scopes_disabled():
        firm = get_object_or_404(Enterprise, uscc=uscc)
    return render(request, "analysis/_alternatives.html",
                  {"firm": firm, "groups": engine_queries.alternatives_for(firm)})


@login_required
def chain_impact(request, uscc: str):
    chain = get_chain(request.user, uscc)
    run, fresh = current_run()
    if request.htmx:
        return _poll(request, run, fresh)
    data = engine_queries.chain_results(run, chain) if run and run.status == "done" else None
    rows = engine_queries.impact_rows(chain, data) if data else []
    if request.GET.get("export") == "xlsx":
        return xlsx_response(f"impact-{uscc}.xlsx", *engine_queries.impact_sheet(rows), sheet_name="impact")
    return render(request, "analysis/chain_impact.html", {
        "chain": chain, "run": run, "fresh": fresh, "data": data, "rows": rows, "tab": "impact",
        "can_run": request.user.has_perm("chains.run_engine"),
        "forecast_rows": engine_queries.forecast_rows(run, data), "blocker": engine_queries.main_blocker(rows, data)})


