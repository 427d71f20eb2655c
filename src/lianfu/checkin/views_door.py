"""The phone pages behind a place code. /e/<token>/ scans at once when the
phone itself opened the code (door_page.opens_directly), and otherwise asks
for one tap (a POST with its CSRF token: a link elsewhere cannot check anyone
in); the answer is one large colour. A phone not yet identified goes through
/e/<token>/identify/ once. Small pages of their own (no site navigation, no
script, styles inline): well under 20 KB, readable on a 360 px screen.

In production the direct scan is answered before Django by door_fast.py with
the same functions; this view answers it under runserver and the test client."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_scopes import scopes_disabled

from lianfu.checkin import identify, tokens
from lianfu.checkin.door_page import language_of, opens_directly, render_result, result_status
from lianfu.checkin.forms import CodeForm, PhoneForm
from lianfu.checkin.poster import make_qr
from lianfu.checkin.scan import ScanAnswer, open_door


def _result(request, answer: ScanAnswer):
    return HttpResponse(render_result(answer, language_of(request.COOKIES)), status=result_status(answer))


@never_cache
@require_http_methods(["GET", "POST"])
def door(request, token: str):
    if request.method == "POST" or opens_directly(request.META):
        with scopes_disabled():
            answer = open_door(token, request.COOKIES.get(identify.DEVICE_COOKIE))
        return redirect("checkin:identify", token=token) if answer is None else _result(request, answer)
    now = timezone.now()
    checked = tokens.check(token, now)
    if checked.refusal is not None:     # shown, not audited: nobody tried to enter yet
        return _result(request, ScanAnswer(False, checked.place, now, refusal=checked.refusal))
    worker = identify.worker_of(request.COOKIES.get(identify.DEVICE_COOKIE), now)
    if worker is None:
        return redirect("checkin:identify", token=token)
    return render(request, "checkin/door_confirm.html", {"place": checked.place, "token": token,
                                                         "worker": worker})


@require_http_methods(["GET", "POST"])
def identify_device(request, token: str):
    checked = tokens.check(token)
    if checked.refusal is not None:
        return _result(request, ScanAnswer(False, checked.place, timezone.now(), refusal=checked.refusal))
    phone_form, code_form = PhoneForm(), None
    if request.method == "POST" and "code" in request.POST:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                secret = identify.confirm_code(code_form.cleaned_data["phone"], code_form.cleaned_data["code"])
            except ValidationError as error:
                code_form.add_error("code", error)
            else:
                response = redirect("checkin:door", token=token)
                response.set_cookie(identify.DEVICE_COOKIE, secret, max_age=identify.DEVICE_DAYS * 86400,
                                    httponly=True, samesite="Lax", secure=not settings.DEBUG)
                return response
    elif request.method == "POST":
        phone_form = PhoneForm(request.POST)
        if phone_form.is_valid():
            identify.request_code(phone_form.cleaned_data["phone"])
            code_form = CodeForm(initial={"phone": phone_form.cleaned_data["phone"]})
    return render(request, "checkin/identify.html", {"place": checked.place, "phone_form": phone_form,
                                                     "code_form": code_form, "token": token})


# A new page a minute: the code turns at midnight and a revocation takes effect at once.
SCREEN_REFRESH_S = 60


@never_cache
@require_http_methods(["GET"])
def door_screen(request, key: str):
    """A tablet at the door: today's code, large, refreshed every minute (no script)."""
    place = tokens.place_of_screen(key)
    if place is None:
        raise Http404
    door_url = request.build_absolute_uri(reverse("checkin:door", args=[tokens.issue(place)]))
    return render(request, "checkin/door_screen.html", {
        "place": place, "qr_svg": make_qr(door_url).svg_inline(scale=8, border=2, omitsize=True),
        "valid_until": timezone.localtime(tokens.valid_until(place)), "refresh": SCREEN_REFRESH_S})
