"""The overview: the headline figures of the reader's division today with
their change since the day before, the trend from the daily snapshots, and the
figures by town and by industry (each table exported as it is shown). A
county officer reads the county; a town officer their town; an administrator
the home county (settings.LIANFU_HOME_COUNTY)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.common.exports import xlsx_response
from lianfu.common.scoping import code_prefix
from lianfu.dashboard.current import before_today, cached_figures, division_of
from lianfu.dashboard.headline import HEADLINE, headline
from lianfu.dashboard.metrics import Tally
from lianfu.dashboard.snapshots import trend
from lianfu.registry.models import Division, Industry

COUNTS = (("firms", _("Firms")), ("restarted", _("Restarted")))


def rows_of(groups: dict[str, Tally], names: dict[str, str]) -> list[dict]:
    rows = [{"code": code, "name": names.get(code) or "—", "tally": tally} for code, tally in groups.items()]
    return sorted(rows, key=lambda r: (-r["tally"].firms, r["code"]))


def _export(kind: str, rows: list[dict]):
    label = _("Town") if kind == "towns" else _("Industry")
    headers = [label, *(str(name) for _key, name in COUNTS), *(str(name) + " (%)" for _key, name, _note in HEADLINE)]
    body = ([row["name"], *(getattr(row["tally"], key) for key, _name in COUNTS),
             *(getattr(row["tally"], key) for key, _name, _note in HEADLINE)] for row in rows)
    return xlsx_response(f"{kind}.xlsx", headers, body, sheet_name=label)


@login_required
@permission_required("dashboard.view_overview", raise_exception=True)
def overview(request):
    division = division_of(request.user)
    today = timezone.localdate()
    county_code = division.code[:6].ljust(12, "0")
    now, computed_at = cached_figures(code_prefix(division.code), today)
    before = before_today(division, today)
    towns = rows_of(now.by_town, dict(Division.objects.filter(code__in=list(now.by_town)).values_list("code", "name")))
    industries = rows_of(now.by_industry,
                         {i.code: i.name for i in Industry.objects.filter(code__in=list(now.by_industry))})
    export = request.GET.get("export")
    if export in ("towns", "industries"):
        return _export(export, towns if export == "towns" else industries)
    town = None if division.code == county_code else division.code
    points = trend(county_code, town)
    return render(request, "dashboard/overview.html", {
        "division": division, "today": today, "computed_at": computed_at, "total": now.total,
        "headline": headline(now.total, before),
        "towns": towns if town is None else [], "industries": industries, "headline_labels": HEADLINE,
        "trend": points, "trend_rows": [[day.isoformat(), tally.restart_rate, tally.capacity, tally.on_duty_rate]
                                        for day, tally in points],
    })
