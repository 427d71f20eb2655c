"""The overview: the headline figures of the reader's division today with
their change since the day before, the trend from the daily snapshots, the
figures by town and by industry (each table exported as it is shown), and
where to act, in place: the chains not complete with their blocking
suppliers, the engine's restart-first list, the packages waiting for review,
the tickets overdue by department, the workers away and on trips. A county
officer reads the county; a town officer their town; an administrator the
home county (settings.LIANFU_HOME_COUNTY)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.analysis.home import officer_cards as restart_first_cards
from lianfu.common.exports import xlsx_response
from lianfu.common.scoping import code_prefix
from lianfu.dashboard.blocks import chains_behind, overdue_by_owner
from lianfu.dashboard.current import before_today, cached_blocks, cached_figures, division_of
from lianfu.dashboard.groups import industry_rows, town_rows
from lianfu.dashboard.headline import HEADLINE, headline
from lianfu.dashboard.home import trend_rows
from lianfu.dashboard.pdf import pdf_available
from lianfu.dashboard.snapshots import trend
from lianfu.helpdesk.home import officer_cards as ticket_cards
from lianfu.restart.home import officer_cards as review_cards

COUNTS = (("firms", _("Firms")), ("restarted", _("Restarted")))


def _export(kind: str, rows: list[dict]):
    label = _("Town") if kind == "towns" else _("Industry")
    headers = [label, *(str(name) for _key, name in COUNTS), *(str(name) + " (%)" for _key, name, _note in HEADLINE)]
    body = ([row["name"], *(getattr(row["tally"], key) for key, _name in COUNTS),
             *(getattr(row["tally"], key) for key, _name, _note in HEADLINE)] for row in rows)
    return xlsx_response(f"{kind}.xlsx", headers, body, sheet_name=label)


def _export_trend(rows: list[list]):
    """The trend chart's table, day by day from the daily snapshots."""
    headers = [_("Date"), _("Restart rate") + " (%)", _("Capacity recovered") + " (%)", _("On-duty rate") + " (%)"]
    return xlsx_response("trend.xlsx", headers, rows, sheet_name=_("Trend"))


def _export_chains(rows):
    headers = [_("Lead firm"), _("Town"), _("Suppliers"), _("Restarted"), _("Completion %"), _("Blocking suppliers")]
    body = ([row.lead_name, row.town, row.suppliers, row.restarted, row.completion,
             "、".join(name for _uscc, name, _tier in row.blocking.named)] for row in rows)
    return xlsx_response("chains-not-complete.xlsx", headers, body, sheet_name=_("Chains not complete"))


@login_required
@permission_required("dashboard.view_overview", raise_exception=True)
def overview(request):
    division = division_of(request.user)
    today = timezone.localdate()
    county_code = division.code[:6].ljust(12, "0")
    prefix = code_prefix(division.code)
    export = request.GET.get("export")
    if export == "chains":
        return _export_chains(chains_behind(prefix, today, shown=10_000))
    town = None if division.code == county_code else division.code
    points = trend(county_code, town)
    if export == "trend":
        return _export_trend(trend_rows(points))
    now, computed_at = cached_figures(prefix, today)
    before = before_today(division, today)
    towns, industries = town_rows(now), industry_rows(now)
    if export in ("towns", "industries"):
        return _export(export, towns if export == "towns" else industries)
    blocks = cached_blocks(prefix, today)
    return render(request, "dashboard/overview.html", {
        "division": division, "today": today, "computed_at": computed_at, "total": now.total,
        "headline": headline(now.total, before),
        "towns": towns if town is None else [], "industries": industries, "headline_labels": HEADLINE,
        "trend_rows": trend_rows(points), "pdf_available": pdf_available(),
        "chains_not_complete": blocks["chains_behind"],
        "chains_not_complete_total": now.total.chains - now.total.chains_complete,
        "overdue_owners": overdue_by_owner(prefix, timezone.now()), "people": blocks["people"],
        **restart_first_cards(request.user), **review_cards(request.user), **ticket_cards(request.user),
    })
