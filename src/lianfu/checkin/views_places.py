"""Workplace codes for the people who run them: a firm's doors (posters to
print, today's entries, revoking a leaked code), a town's places with their
scans and refusals today; the county reads them all."""
import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianfu.checkin import places as domain
from lianfu.checkin import tokens
from lianfu.checkin.forms import PlaceForm
from lianfu.checkin.models import Entry, Place
from lianfu.checkin.poster import PosterText, poster_pdf, poster_png

ENTRIES_SHOWN = 200


def _today_bounds():
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    return start, start + dt.timedelta(days=1)


@login_required
@permission_required("checkin.view_places", raise_exception=True)
def place_list(request):
    form = PlaceForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("checkin.add_place"):
            raise PermissionDenied
        if form.is_valid():
            try:
                place = domain.add_place(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("entry:place", pk=place.pk)
    rows = list(Place.objects.select_related("division", "enterprise"))       # scoped to the user's reach
    counts = domain.counts_on(rows, *_today_bounds())
    return render(request, "checkin/places.html", {
        "rows": [(place, *counts.get(place.pk, (0, 0))) for place in rows], "form": form,
        "can_add": request.user.has_perm("checkin.add_place"),
        "totals": tuple(sum(c[i] for c in counts.values()) for i in (0, 1)),
    })


def _place(request, pk: int) -> Place:
    return get_object_or_404(Place.objects.select_related("division", "enterprise"), pk=pk)   # scoped: 404


@login_required
@permission_required("checkin.view_places", raise_exception=True)
def place_detail(request, pk: int):
    place = _place(request, pk)
    start, end = _today_bounds()
    entries = (Entry.objects.filter(place=place, scanned_at__gte=start, scanned_at__lt=end)
               .select_related("worker").order_by("-scanned_at", "-id")[:ENTRIES_SHOWN])
    today = timezone.localdate()
    return render(request, "checkin/place_detail.html", {
        "place": place, "entries": entries, "today": today, "tomorrow": today + dt.timedelta(days=1),
        "counts": domain.counts_on([place], start, end).get(place.pk, (0, 0)),
        "can_manage": request.user.has_perm("checkin.manage_place", place),
        "door_url": request.build_absolute_uri(reverse("checkin:door", args=[tokens.issue(place)])),
        "screen_url": request.build_absolute_uri(reverse("checkin:screen", args=[tokens.screen_key(place)])),
    })


@login_required
@permission_required("checkin.view_places", raise_exception=True)
def poster(request, pk: int, fmt: str):
    place = _place(request, pk)
    if not request.user.has_perm("checkin.manage_place", place):
        raise PermissionDenied
    try:
        day = dt.date.fromisoformat(request.GET.get("day") or timezone.localdate().isoformat())
    except ValueError:
        raise Http404 from None
    if not 0 <= (day - timezone.localdate()).days <= 7:
        raise Http404                                         # today's, or printed up to a week ahead
    url = request.build_absolute_uri(reverse("checkin:door", args=[tokens.issue(place, day)]))
    until = timezone.localtime(tokens.valid_until(place, day))
    text = PosterText(
        place_name=place.name, subtitle=place.enterprise.name if place.enterprise else place.division.name,
        valid_label=_("Valid until %(until)s") % {"until": until.strftime("%Y-%m-%d %H:%M")},
        instructions=[_("Scan with your phone's camera"), _("Only a green health status may pass"),
                      _("Questions: ask the staff at the entrance")])
    if fmt == "pdf":
        body, kind = poster_pdf(text, url), "application/pdf"
    elif fmt == "png":
        body, kind = poster_png(text, url), "image/png"
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="place-{place.pk}-{day.isoformat()}.{fmt}"'
    return response


@login_required
@require_POST
def revoke(request, pk: int):
    place = _place(request, pk)
    domain.revoke_codes(actor=request.user, place=place)
    return redirect("entry:place", pk=place.pk)
