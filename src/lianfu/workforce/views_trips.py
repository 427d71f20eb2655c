"""Charter-trip pages: the plans, a new plan (packed in the background), a
plan's vehicles beside its lower bound with their manifests, the trips'
departures and arrivals, and an enterprise's own workers' trips."""
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.common.errors import WorkflowError
from lianfu.common.exports import xlsx_response
from lianfu.registry.enums import DivisionLevel
from lianfu.registry.models import Division
from lianfu.workforce import trip_planning
from lianfu.workforce.enums import PlanState
from lianfu.workforce.models import Trip, TripPlan, TripSeat
from lianfu.workforce.tasks import pack_trip_plan_task
from lianfu.workforce.trip_forms import TripPlanForm

ACTIONS = {"depart": trip_planning.depart, "arrive": trip_planning.arrive, "cancel": trip_planning.cancel}


def _county(user) -> Division:
    """The county a labour officer plans for (an administrator: the home county)."""
    if user.division is not None:
        return user.division if user.division.level == DivisionLevel.COUNTY else user.division.parent
    return Division.objects.get(code=settings.LIANFU_HOME_COUNTY.ljust(12, "0"))


@login_required
@permission_required("workforce.manage_trips", raise_exception=True)
def plans(request):
    county = _county(request.user)
    form = TripPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = trip_planning.start_plan(actor=request.user, county=county, **form.cleaned_data)
        pack_trip_plan_task.enqueue(plan.pk)
        return redirect("trips:plan", pk=plan.pk)
    day = form.cleaned_data["departs_on"] if form.is_bound and form.is_valid() else timezone.localdate()
    found = trip_planning.waiting(county, trip_planning.high_risk_on(county, day))
    by_province = Counter()
    excluded = 0
    for group in found.groups:
        by_province[group.origin[:2].ljust(12, "0")] += group.workers
        excluded += group.workers if group.high_risk else 0
    return render(request, "workforce/trip_plans.html", {
        "form": form, "plans": TripPlan.objects.filter(county=county)[:30],
        "waiting": sum(by_province.values()), "excluded": excluded, "unknown_origin": found.unknown_origin,
        "by_province": _named(by_province),
    })


def _named(counts: Counter) -> list[tuple[str, int]]:
    names = dict(Division.objects.filter(code__in=counts).values_list("code", "name"))
    return sorted(((names.get(code, code), n) for code, n in counts.items()), key=lambda x: -x[1])


def _require_planner(user) -> None:
    # Before any query: an enterprise's scope reaches plans and trips through
    # their seats (a join), which only the seat pages read.
    if not user.has_perm("workforce.manage_trips"):
        raise PermissionDenied


def _plan(request, pk: int) -> TripPlan:
    _require_planner(request.user)
    return get_object_or_404(TripPlan.objects.select_related("county"), pk=pk)


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    trips = list(plan.trips.all())
    seats = TripSeat.objects.filter(trip__plan=plan).select_related("origin__parent", "destination")
    by_trip: dict[int, dict] = {t.pk: {"pickups": Counter(), "dropoffs": Counter(), "seats": 0} for t in trips}
    for seat in seats:
        row = by_trip[seat.trip_id]
        row["pickups"][_place(seat.origin)] += 1
        row["dropoffs"][seat.destination.name] += 1
        row["seats"] += 1
    template = "workforce/_trip_plan_body.html" if request.htmx else "workforce/trip_plan.html"
    return render(request, template, {
        "plan": plan, "computing": plan.state == PlanState.COMPUTING,
        # Lists, not Counters: a template's "counter.items" would look up the key "items".
        "trips": [(t, {"pickups": sorted(by_trip[t.pk]["pickups"].items()),
                       "dropoffs": sorted(by_trip[t.pk]["dropoffs"].items()), "seats": by_trip[t.pk]["seats"]})
                  for t in trips],
        "ratio": plan.vehicles / plan.lower_bound if plan.lower_bound else None,
        "pickups_per_vehicle": plan.pickups / plan.vehicles if plan.vehicles else None,
    })


def _place(division) -> str:
    parent = division.parent
    if parent is not None and division.level == DivisionLevel.COUNTY:
        return f"{parent.name}{division.name}"     # 阜阳市临泉县: a county name alone may repeat
    return division.name


@login_required
@require_POST
def trip_action(request, pk: int):
    _require_planner(request.user)
    trip = get_object_or_404(Trip.objects.select_related("plan"), pk=pk)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        raise Http404
    try:
        action(actor=request.user, trip=trip, version=int(request.POST.get("version", "0") or 0))
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("trips:plan", pk=trip.plan_id)


@login_required
def manifest(request, pk: int):
    """Who boards where: masked ID numbers and phones, as every export."""
    _require_planner(request.user)
    trip = get_object_or_404(Trip.objects.select_related("plan"), pk=pk)
    seats = (TripSeat.objects.filter(trip=trip).select_related("worker__enterprise", "origin__parent", "destination")
             .order_by("origin_id", "destination_id", "worker__name", "id"))
    rows = ([n, s.worker.name, s.worker.id_masked, s.worker.phone_masked, _place(s.origin), s.destination.name,
             s.worker.enterprise.name] for n, s in enumerate(seats, start=1))
    title = _("%(plan)s · vehicle %(number)s · departs %(day)s") % {
        "plan": trip.plan.name, "number": trip.number, "day": trip.plan.departs_on.isoformat()}
    return xlsx_response(f"manifest-{trip.plan_id}-{trip.number}.xlsx",
                         [_("No."), _("Name"), _("ID number"), _("Phone"), _("Picked up at"), _("Drop-off town"),
                          _("Employer")], rows, sheet_name=_("Manifest"), title=title)


@login_required
@permission_required("workforce.view_workers", raise_exception=True)
def our_trips(request):
    """An enterprise's (or a labour officer's) workers on trips, newest first."""
    seats = (TripSeat.objects.select_related("trip__plan", "worker", "origin__parent", "destination")
             .order_by("-trip__plan__departs_on", "trip__number", "worker__name")[:500])
    return render(request, "workforce/our_trips.html", {"seats": seats})
