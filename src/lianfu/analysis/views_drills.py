"""Scenario drills (docs/engine.md §7.1): the county's saved drills, a new drill
(computed on save), a drill's page with its exports, and a comparison of a few.
A drill belongs to a county: another county's answers 404 (the scoped manager)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from lianfu.analysis import drills
from lianfu.analysis.drill_brief import briefing_pdf, headline
from lianfu.analysis.forms_drills import DrillForm
from lianfu.analysis.models import Drill
from lianfu.common.exports import xlsx_response
from lianfu.registry.divisions import county_of_user
from lianfu.registry.models import Division

COMPARE_MOST = 3
EXPORTS = {"days": drills.lost_sheet, "leads": drills.leads_sheet, "protect": drills.protect_sheet}


def _county(user) -> Division:
    """Where a new drill goes: a county officer's county, an administrator's home county."""
    with scopes_disabled():
        county = county_of_user(user)
    if county is None:
        raise Http404
    return county


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def drill_list(request):
    items = list(Drill.objects.select_related("county", "created_by"))
    for item in items:
        item.hit = len(item.results.get("leads_hit", []))
    return render(request, "analysis/drills.html", {"drills": items})


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def drill_new(request):
    county = _county(request.user)
    form = DrillForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        drill = drills.create_drill(actor=request.user, county=county, name=form.cleaned_data["name"],
                                    spec=form.spec())
        messages.success(request, _("Drill computed: %(name)s.") % {"name": drill.name})
        return redirect("analysis:drill", pk=drill.pk)
    return render(request, "analysis/drills_new.html", {"form": form, "county": county},
                  status=400 if form.errors else 200)


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def drill_detail(request, pk: int):
    drill = get_object_or_404(Drill.objects.select_related("county", "created_by"), pk=pk)
    v = drills.view(drill)
    export = request.GET.get("export")
    if export == "xlsx":
        section = request.GET.get("section", "days")
        if section not in EXPORTS:
            raise Http404
        return xlsx_response(f"drill-{drill.pk}-{section}.xlsx", *EXPORTS[section](v), sheet_name=section,
                             title=drill.name)
    if export == "pdf":
        response = HttpResponse(briefing_pdf(v), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="drill-{drill.pk}.pdf"'
        return response
    return render(request, "analysis/drills_detail.html", {**v, "headline": headline(v)})


@login_required
@permission_required("chains.run_engine", raise_exception=True)
@require_POST
def drill_delete(request, pk: int):
    drill = get_object_or_404(Drill, pk=pk)
    drills.delete_drill(actor=request.user, drill=drill)
    messages.success(request, _("Drill deleted: %(name)s.") % {"name": drill.name})
    return redirect("analysis:drills")


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def drill_compare(request):
    try:
        ids = [int(x) for x in request.GET.getlist("ids")][:COMPARE_MOST]
    except ValueError:
        raise Http404 from None
    found = {d.pk: d for d in Drill.objects.filter(pk__in=ids)}
    if len(found) != len(set(ids)):
        raise Http404
    views = [drills.view(found[pk]) for pk in dict.fromkeys(ids)]
    columns = [{"view": v, "headline": headline(v)} for v in views]
    # one row per lead hit in any of them: the first day below 50 % in each drill
    leads: dict[str, dict] = {}
    for col, v in enumerate(views):
        for lead in v["leads"]:
            row = leads.setdefault(lead["firm"]["name"], {"firm": lead["firm"], "days": [None] * len(views)})
            row["days"][col] = lead["first_below"]
    rows = sorted(leads.values(), key=lambda r: (min((d for d in r["days"] if d is not None), default=10**6),
                                                 r["firm"]["name"]))
    labels = [row[0] for row in columns[0]["headline"]] if columns else []
    return render(request, "analysis/drills_compare.html", {
        "columns": columns, "rows": rows, "labels": labels,
        "headline_rows": [[label, [c["headline"][i][1:] for c in columns]] for i, label in enumerate(labels)],
        "choices": list(Drill.objects.only("pk", "name", "created_at")), "chosen": ids})
