"""The phone pages behind a place code: /e/<token>/ asks for one tap to enter
(a POST with its CSRF token: a link elsewhere cannot check anyone in), the
answer is one large colour; a phone not yet identified goes through
/e/<token>/identify/ once. Small pages of their own (no site navigation, no
script, styles inline): well under 20 KB, readable on a 360 px screen."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_scopes import scopes_disabled

from lianfu.checkin import identify, tokens
from lianfu.checkin.enums import Refusal
from lianfu.checkin.forms import CodeForm, PhoneForm
from lianfu.checkin.scan import ScanAnswer, refuse_code, scan

NEXT_STEP = {
    Refusal.NOT_GREEN: "not_green", Refusal.UNKNOWN: "unknown", Refusal.TOO_MANY: "too_many",
    Refusal.FORGED: "bad_code", Refusal.EXPIRED: "old_code", Refusal.REVOKED: "old_code", Refusal.NOT_YET: "old_code",
}


def _result(request, answer: ScanAnswer, status: int = 200):
    return render(request, "checkin/door_result.html", {
        "answer": answer, "next_step": NEXT_STEP.get(answer.refusal, ""), "place": answer.place,
        "at": timezone.localtime(answer.at)}, status=status)


@require_http_methods(["GET", "POST"])
def door(request, token: str):
    now = timezone.now()
    checked = tokens.check(token, now)
    if checked.refusal is not None:
        if request.method == "POST":          # audited only when someone tried to enter with it
            return _result(request, refuse_code(checked.place, checked.refusal, now), status=403)
        return _result(request, ScanAnswer(False, checked.place, now, refusal=checked.refusal), status=403)
    worker = identify.worker_of(request.COOKIES.get(identify.DEVICE_COOKIE), now)
    if worker is None:
        return redirect("checkin:identify", token=token)
    if request.method == "GET":
        return render(request, "checkin/door_confirm.html", {"place": checked.place, "token": token,
                                                             "worker": worker})
    with scopes_disabled():
        answer = scan(checked.place, worker, now)
    return _result(request, answer, status=200 if answer.admitted else 403)


@require_http_methods(["GET", "POST"])
def identify_device(request, token: str):
    checked = tokens.check(token)
    if checked.refusal is not None:
        return _result(request, ScanAnswer(False, checked.place, timezone.now(), refusal=checked.refusal), 403)
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
