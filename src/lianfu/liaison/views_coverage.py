"""The coverage page (liaison/coverage.py computes it): a county officer reads
the county, a team leader their teams' towns. Each section shows its count and
its first rows; its Excel download has every row."""
import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.common.exports import xlsx_response
from lianfu.liaison import coverage
from lianfu.liaison.enums import RuleKind
from lianfu.registry.models import Division

SHOWN = 200            # rows a section shows; the export has them all
DEFAULT_DAYS, MIN_DAYS, MAX_DAYS = 14, 1, 365


def days_asked(request) -> int:
    """?days=N, bounded to 1–365; 14 when absent or not a number."""
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        return DEFAULT_DAYS
    return min(MAX_DAYS, max(MIN_DAYS, days))


@login_required
@permission_required("liaison.view_coverage", raise_exception=True)
def coverage_page(request):
    reach = coverage.reach_of(request.user)
    if reach is None:
        raise Http404
    today, days = timezone.localdate(), days_asked(request)
    snap = coverage.snapshot(reach, today)
    loads = coverage.team_loads(reach)
    sections = {"short": coverage.short_of_officers(snap), "load": coverage.over_load(loads),
                "unvisited": coverage.unvisited(snap, days, today), "status": coverage.status_changes(snap)}
    sections["status"]["count"] = len(sections["status"]["lost"]) + len(sections["status"]["gained"])
    labels = dict(RuleKind.choices)
    for row in sections["short"]:
        row["rules"] = [str(labels.get(kind, kind)) for kind in row["reasons"]]
    export = request.GET.get("export")
    if export in SHEETS:
        return SHEETS[export](sections)
    return render(request, "liaison/coverage.html", {
        "reach": reach, "towns": _town_names(reach), "days": days, "since": today - dt.timedelta(days=days - 1),
        "shown": SHOWN, "first": f":{SHOWN}", "short": sections["short"], "over": sections["load"],
        "unvisited": sections["unvisited"], "status": sections["status"]})


def _town_names(reach) -> list[str]:
    """The towns a team leader reads (None for the whole county)."""
    if reach.towns is None:
        return []
    with scopes_disabled():
        return list(Division.objects.filter(code__in=reach.towns).order_by("code").values_list("name", flat=True))


def _short_sheet(sections):
    return xlsx_response("liaison-short-of-officers.xlsx", [
        _("Firm or building"), _("Town"), _("Officers needed"), _("Officers now"), _("Missing"), _("Rules")],
        ([r["unit"].name, r["unit"].town_name, r["needs"], r["has"], r["missing"], "、".join(r["rules"])]
         for r in sections["short"]), sheet_name=_("Short of officers"))


def _load_sheet(sections):
    return xlsx_response("liaison-over-load.xlsx", [
        _("Officer"), _("Team"), _("Load (points)"), _("Limit (points)"), _("Limit set by"),
        _("Firms and buildings")],
        ([r["officer"], r["team"].name, r["load"], round(r["limit"], 1),
          _("the team's maximum") if r["by_max"] else _("1.2 × the team's mean load"), r["units"]]
         for r in sections["load"]), sheet_name=_("Over their load"))


def _unvisited_sheet(sections):
    return xlsx_response("liaison-not-visited.xlsx", [
        _("Firm"), _("Unified social credit code"), _("Town"), _("Officers"), _("Last visit"), _("Days since")],
        ([r["unit"].name, r["unit"].uscc, r["unit"].town_name, "、".join(r["officers"]),
          r["last"].isoformat() if r["last"] else _("never"), r["days"] if r["days"] is not None else ""]
         for r in sections["unvisited"]), sheet_name=_("Not visited"))


def _status_sheet(sections):
    status = sections["status"]
    rows = [(_("Lost above-scale status"), r) for r in status["lost"]]
    rows += [(_("Became above-scale"), r) for r in status["gained"]]
    return xlsx_response("liaison-above-scale-changes.xlsx", [
        _("Change"), _("Firm"), _("Unified social credit code"), _("Town"), _("Changed on")],
        ([label, r["unit"].name, r["unit"].uscc, r["unit"].town_name,
          timezone.localtime(r["on"]).strftime("%Y-%m-%d") if r["on"] else ""] for label, r in rows),
        sheet_name=_("Above-scale changes"))


SHEETS = {"short": _short_sheet, "load": _load_sheet, "unvisited": _unvisited_sheet, "status": _status_sheet}
