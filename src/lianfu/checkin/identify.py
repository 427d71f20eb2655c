"""A worker identifies once per phone: their phone number, a one-time code sent
to it by SMS, and the phone keeps a cookie whose secret names them from then on.

Nothing here tells a stranger whether a number belongs to a worker: a code is
"sent" either way (only a worker's number gets one). Codes are six digits,
stored as keyed hashes, valid CODE_TTL, at most MAX_ATTEMPTS tries, and one
per number per RESEND_AFTER (an SMS costs money and a flood annoys)."""
import datetime as dt
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.checkin.models import Device, OneTimeCode
from lianfu.common import pii
from lianfu.common.audit import log_activity
from lianfu.common.importing import RowError
from lianfu.common.sms import send_sms
from lianfu.workforce.enums import WorkerState
from lianfu.workforce.identity import parse_phone
from lianfu.workforce.models import Worker

CODE_TTL = dt.timedelta(minutes=5)
RESEND_AFTER = dt.timedelta(seconds=60)
MAX_ATTEMPTS = 5
DEVICE_COOKIE = "lianfu_device"
DEVICE_DAYS = 180
SEEN_EVERY = dt.timedelta(hours=12)   # last_seen_at is refreshed at most this often (one write less per scan)


def normal_phone(text: str) -> str:
    try:
        return parse_phone(text)
    except RowError as error:
        raise ValidationError(error.reason) from None


def _code_hash(phone_key: str, code: str) -> str:
    return pii.keyed_hash(f"otp:{phone_key}:{code}")


def _workers_with(phone_key: str):
    return Worker.objects.filter(phone_hash=phone_key).exclude(state=WorkerState.LEFT)


def request_code(phone_text: str, now: dt.datetime | None = None) -> None:
    """Send a code to ``phone_text`` if it is a worker's number (and none went out just now)."""
    phone = normal_phone(phone_text)
    key, now = pii.phone_key(phone), now or timezone.now()
    with scopes_disabled():
        if OneTimeCode.objects.filter(phone_hash=key, created_at__gte=now - RESEND_AFTER).exists():
            return
        if not _workers_with(key).exists():
            return
        code = f"{secrets.randbelow(10 ** 6):06d}"
        OneTimeCode.objects.create(phone_hash=key, code_hash=_code_hash(key, code), expires_at=now + CODE_TTL)
    send_sms(phone, _("[lianfu] Your workplace entry code is %(code)s, valid for 5 minutes. "
                      "Never give it to anyone.") % {"code": code})


def confirm_code(phone_text: str, code: str, now: dt.datetime | None = None) -> str:
    """The new device's secret (for its cookie), or ValidationError."""
    phone = normal_phone(phone_text)
    key, now = pii.phone_key(phone), now or timezone.now()
    wrong = ValidationError(_("This code is wrong or has expired. Ask for a new one."))
    with scopes_disabled(), transaction.atomic():
        found = (OneTimeCode.objects.select_for_update()
                 .filter(phone_hash=key, used_at__isnull=True, expires_at__gt=now).order_by("-created_at").first())
        if found is None or found.attempts >= MAX_ATTEMPTS:
            raise wrong
        matches = hmac.compare_digest(found.code_hash, _code_hash(key, (code or "").strip()))
        # A wrong try is counted and kept (the block ends normally before the refusal).
        OneTimeCode.objects.filter(pk=found.pk).update(attempts=F("attempts") + 1,
                                                       used_at=now if matches else None)
        worker = _workers_with(key).select_related("enterprise").order_by("-updated_at", "-pk").first() \
            if matches else None
        if worker is not None:
            secret = secrets.token_urlsafe(24)
            Device.objects.create(secret_hash=device_hash(secret), worker=worker, last_seen_at=now)
            log_activity(actor=None, action="checkin.device_identified", subject=worker,
                         division_code=worker.enterprise.division_id or "", worker=worker.pk)
    if worker is None:
        raise wrong
    return secret


def device_hash(secret: str) -> str:
    return pii.keyed_hash(f"device:{secret}")


def worker_of(secret: str | None, now: dt.datetime | None = None) -> Worker | None:
    """The worker this device identified as, or None."""
    if not secret or len(secret) > 64:
        return None
    with scopes_disabled():
        device = Device.objects.select_related("worker").filter(secret_hash=device_hash(secret)).first()
        if device is None or device.worker.state == WorkerState.LEFT:
            return None
        now = now or timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
            Device.objects.filter(pk=device.pk).update(last_seen_at=now)
    return device.worker
