"""The three-colour origin map (labour officers, administrators): workers still
away by where they come from, province → city → county, each region coloured by
its risk level on the chosen day, the table beside it (also without JavaScript),
its Excel export, the figures as JSON and the offline boundary files."""
import hashlib
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lianfu.common.exports import xlsx_response
from lianfu.workforce import maps
from lianfu.workforce.forms_origins import MapDayForm
from lianfu.workforce.models import Worker
from lianfu.workforce.origin_map import COLOURS, OriginFigures, origin_figures, place, risk_label
from lianfu.workforce.positions import openings_on
from lianfu.workforce.risk import keeping_county

PERMISSION = "workforce.view_origin_map"
# The boundary files change only with a release: a day in the browser, then revalidated by ETag.
MAP_MAX_AGE = 86400
TOP_TOWNS = 5


def _figures(request) -> tuple[OriginFigures, MapDayForm]:
    form = MapDayForm(request.GET or None)
    try:
        at = place(request.GET.get("at", "").strip())
    except ValueError:
        raise Http404 from None
    # Worker.objects is scoped: a labour officer counts the county's workers only.
    figures = origin_figures(Worker.objects.all(), at=at, day=form.day_or_today(), county=keeping_county(request.user))
    return figures, form


def _trail(figures: OriginFigures) -> list[dict]:
    """The breadcrumb: China, then each place down to the one shown."""
    return [{"code": "", "name": _("China")}] + [{"code": d.code, "name": d.name} for d in figures.trail]


@login_required
@permission_required(PERMISSION, raise_exception=True)
def origin_map(request):
    figures, form = _figures(request)
    if request.GET.get("export") == "xlsx":
        return _export(figures)
    context = {"figures": figures, "form": form, "trail": _trail(figures), "day": figures.day.isoformat(),
               "legend": [(key or "none", risk_label(key), colour) for key, colour in COLOURS.items()]}
    if request.htmx:
        return render(request, "workforce/_origin_panel.html", context)
    openings = openings_on(figures.day)
    context.update(openings=openings, top_towns=openings.towns[:TOP_TOWNS], config={
        "figures": reverse("workforce:origin_figures"), "page": reverse("workforce:origin_map"),
        "maps": reverse("workforce:origin_geojson", args=["CODE"]), "at": figures.at.code if figures.at else "",
        "day": figures.day.isoformat(), "colours": {key or "none": colour for key, colour in COLOURS.items()},
        "words": {"away": _("Workers away"), "wants": _("Want to return"), "high": _("From high-risk areas"),
                  "level": _("Risk level"), "no_map": _("No boundary map for this area: see the table.")},
    })
    return render(request, "workforce/origin_map.html", context)


def figures_json(figures: OriginFigures) -> dict:
    centroids = maps.centroids()
    return {
        "at": figures.at.code if figures.at else None,
        "name": figures.at.name if figures.at else _("China"),
        "day": figures.day.isoformat(),
        "map": figures.map_code if maps.map_path(figures.at.code if figures.at else None) else None,
        "trail": _trail(figures),
        "regions": [{"code": r.code, "name": r.name, "away": r.away, "wants": r.wants, "high": r.high,
                     "level": r.level_key, "level_label": r.level_label, "drillable": r.drillable,
                     "centre": centroids.get(r.code)} for r in figures.regions],
        "totals": {"away": figures.away, "wants": figures.wants, "high": figures.high},
        "unknown": {"away": figures.unknown, "wants": figures.unknown_wants},
    }


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def origin_figures_view(request):
    """The figures of one level as JSON: ?at=<province or city code>&day=YYYY-MM-DD."""
    figures, _form = _figures(request)
    return JsonResponse(figures_json(figures), json_dumps_params={"ensure_ascii": False})


@cache
def _etag(path: Path, mtime_ns: int, size: int) -> str:
    return '"%s"' % hashlib.sha256(path.read_bytes()).hexdigest()[:32]


@login_required
@permission_required(PERMISSION, raise_exception=True)
@require_GET
def origin_geojson(request, code: str):
    """A boundary file (workforce/data/maps): 'china', a province's cities or a city's counties."""
    path = maps.map_path(None if code == "china" else code)
    if path is None:
        raise Http404
    stat = path.stat()
    etag = _etag(path, stat.st_mtime_ns, stat.st_size)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(path.open("rb"), content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = f"private, max-age={MAP_MAX_AGE}"
    return response


def _export(figures: OriginFigures):
    headers = [_("Region"), _("Division code"), _("Workers away"), _("Of which want to return"),
               _("From high-risk areas"), _("Risk level")]
    rows = [[r.name, r.code, r.away, r.wants, r.high, r.level_label] for r in figures.rows]
    rows.append([_("Total"), "", figures.away, figures.wants, figures.high, ""])
    rows.append([_("Unknown origin (not on the map)"), "", figures.unknown, figures.unknown_wants, "", ""])
    place_name = " ".join(t["name"] for t in _trail(figures))
    title = _("Workers away by origin: %(place)s, risk levels on %(day)s") % {
        "place": place_name, "day": figures.day.isoformat()}
    name = f"origins-{figures.at.code if figures.at else 'china'}-{figures.day.isoformat()}.xlsx"
    return xlsx_response(name, headers, rows, sheet_name=_("Origins"), title=title)
