"""Every change of a workplace is one function here, audited under its town."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from lianfu.checkin.enums import EntryResult, PlaceKind
from lianfu.checkin.models import Entry, Place
from lianfu.common.audit import log_activity
from lianfu.common.roles import Role


def add_place(*, actor, name: str, address: str = "", rotation_days: int = 1) -> Place:
    """A firm adds a door of its own (in its town); a town officer an office building of the town."""
    if not actor.has_perm("checkin.add_place"):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the workplace.")})
    if actor.role == Role.ENTERPRISE_USER:
        firm = actor.enterprise
        if not firm.division_id:
            raise ValidationError(_("Your enterprise has no town on record; ask the town office to set it."))
        fields = {"enterprise": firm, "division_id": firm.division_id, "kind": PlaceKind.SITE}
    elif actor.role == Role.TOWN_OFFICER:
        fields = {"enterprise": None, "division_id": actor.division_id, "kind": PlaceKind.BUILDING}
    else:
        raise PermissionDenied          # an administrator works through a town or a firm
    with transaction.atomic():
        place = Place.objects.create(name=name[:100], address=(address or "").strip()[:200],
                                     rotation_days=rotation_days, created_by=actor, **fields)
        log_activity(actor=actor, action="checkin.place_added", subject=place, division_code=place.division_id,
                     name=place.name)
    return place


def revoke_codes(*, actor, place: Place) -> None:
    """Every code of the place issued so far stops working at once (a leaked photo)."""
    if not actor.has_perm("checkin.manage_place", place):
        raise PermissionDenied
    with transaction.atomic():
        Place.objects.filter(pk=place.pk).update(key_version=F("key_version") + 1)
        place.refresh_from_db()
        log_activity(actor=actor, action="checkin.codes_revoked", subject=place, division_code=place.division_id,
                     key_version=place.key_version)


def counts_on(places, start, end) -> dict[int, tuple[int, int]]:
    """Place id -> (admitted, refused) between ``start`` and ``end``."""
    rows = (Entry.objects.filter(place__in=places, scanned_at__gte=start, scanned_at__lt=end).order_by()
            .values("place").annotate(admitted=Count("id", filter=Q(result=EntryResult.ADMITTED)),
                                      refused=Count("id", filter=Q(result=EntryResult.REFUSED))))
    return {row["place"]: (row["admitted"], row["refused"]) for row in rows}
