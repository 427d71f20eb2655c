"""The code at the door: a token the server signs, naming a place, the period it
is valid for and the place's key version.

    <place id>.<period>.<key version>.<signature>

The period counts the place's rotation (a day by default) from 1 January 2020,
local time. A token is accepted during its period and for GRACE after it (a
night shift scanning a poster printed before midnight); a photo of yesterday's
code fails in the morning. Raising the place's key version revokes every token
issued before at once. The signature is an HMAC-SHA256 (Django's salted_hmac
under SECRET_KEY, salted for this use alone), cut to 96 bits: enough that
forging one by guessing is out of reach, short enough for a QR code a phone
reads from across a doorway. The separator is "." (never in url-safe base64)."""
import base64
import datetime as dt
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_scopes import scopes_disabled

from lianfu.checkin.enums import Refusal
from lianfu.checkin.models import Place

EPOCH = dt.date(2020, 1, 1)
GRACE = dt.timedelta(hours=2)
SALT = "lianfu.checkin.place-token"
SIGNATURE_BYTES = 12


@dataclass(frozen=True)
class Checked:
    place: Place | None
    refusal: Refusal | None      # None: the token is good


def period_of(day: dt.date, rotation_days: int) -> int:
    return (day - EPOCH).days // rotation_days


def period_start(period: int, rotation_days: int) -> dt.datetime:
    """Local midnight at which the period begins."""
    day = EPOCH + dt.timedelta(days=period * rotation_days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _sign(payload: str, salt: str = SALT) -> str:
    digest = salted_hmac(salt, payload, algorithm="sha256").digest()[:SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def issue(place: Place, day: dt.date | None = None) -> str:
    """The token for ``place`` valid on ``day`` (today by default)."""
    period = period_of(day or timezone.localdate(), place.rotation_days)
    payload = f"{place.pk}.{period}.{place.key_version}"
    return f"{payload}.{_sign(payload)}"


def valid_until(place: Place, day: dt.date | None = None) -> dt.datetime:
    """When the token issued for ``day`` stops being accepted (grace included)."""
    period = period_of(day or timezone.localdate(), place.rotation_days)
    return period_start(period + 1, place.rotation_days) + GRACE


@dataclass(frozen=True)
class Signed:
    """What a token with a good signature says (nothing yet about its place)."""
    place_id: int
    period: int
    version: int


def verify(token: str) -> Signed | None:
    """The token's claims if the server signed it; None for a forged or mangled one (no query)."""
    parts = (token or "").split(".")
    if len(parts) != 4 or not all(part.isdigit() for part in parts[:3]) or len(token) > 80:
        return None
    payload, signature = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(signature.encode(), _sign(payload).encode()):
        return None
    return Signed(*(int(part) for part in parts[:3]))


def judge(signed: Signed, active: bool | None, key_version: int | None, rotation_days: int | None,
          now: dt.datetime) -> Refusal | None:
    """Whether a signed token admits a scan at ``now`` at its place (None: it does). The
    place's fields are passed (None: no such place), read by whichever query the caller makes."""
    if not active or signed.version != key_version:
        return Refusal.REVOKED
    if now < period_start(signed.period, rotation_days):
        return Refusal.NOT_YET
    if now >= period_start(signed.period + 1, rotation_days) + GRACE:
        return Refusal.EXPIRED
    return None


ROTATIONS = range(1, 32)     # a place renews its code every 1 to 31 days (the place_rotation_1_to_31 constraint)


def rotations_mask(period: int, now: dt.datetime) -> int:
    """Bit R is set when a token of ``period`` is in time at ``now`` (judge's NOT_YET and
    EXPIRED) for a place that renews its code every R days: the door's one statement
    (scan.py) checks the place's rotation against it before it reads the place. A period
    starts and ends on a whole minute, so the answer holds for the whole minute and is
    worked out once a minute."""
    return _rotations_mask(period, now.replace(second=0, microsecond=0))


@lru_cache(maxsize=1024)
def _rotations_mask(period: int, minute: dt.datetime) -> int:
    mask = 0
    for rotation in ROTATIONS:
        if period_start(period, rotation) <= minute < period_start(period + 1, rotation) + GRACE:
            mask |= 1 << rotation
    return mask


def check(token: str, now: dt.datetime | None = None) -> Checked:
    """Whether ``token`` admits a scan at ``now``, and at which place."""
    signed = verify(token)
    if signed is None:
        return Checked(None, Refusal.FORGED)
    with scopes_disabled():
        place = Place.objects.filter(pk=signed.place_id).first()
    if place is None:
        return Checked(None, Refusal.REVOKED)
    return Checked(place, judge(signed, place.active, place.key_version, place.rotation_days, now or timezone.now()))


# --- the door screen ----------------------------------------------------------------------------------------
# A tablet at the door shows the day's code without anyone signed in on it: its
# address carries a key of its own (another salt), naming the place and its key
# version, so revoking the place's codes also retires every screen link.
SCREEN_SALT = "lianfu.checkin.door-screen"


def screen_key(place: Place) -> str:
    payload = f"{place.pk}.{place.key_version}"
    return f"{payload}.{_sign(payload, SCREEN_SALT)}"


def place_of_screen(key: str) -> Place | None:
    """The place whose screen ``key`` opens, or None (forged, revoked, or the place not in use)."""
    parts = (key or "").split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts[:2]) or len(key) > 60:
        return None
    with scopes_disabled():
        place = Place.objects.select_related("enterprise", "division").filter(pk=int(parts[0]), active=True).first()
    if place is None or not hmac.compare_digest(screen_key(place).encode(), key.encode()):
        return None
    return place
