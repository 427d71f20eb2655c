"""Every change to chains, links and hand-offs: one function each, keyword-only
actor, atomic, one ActivityLog row."""
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled

from lianfu.chains.enums import HandOffStatus
from lianfu.chains.membership import refresh_chain
from lianfu.chains.models import Chain, HandOff
from lianfu.common.audit import log_activity
from lianfu.registry.models import Division, Enterprise


class StaleVersion(Exception):
    """Someone else changed the record first; reload and try again (HTTP 409)."""


def ensure_chain(*, actor, lead: Enterprise) -> Chain:
    """The lead's chain, created (and its members computed) on first use."""
    with scopes_disabled(), transaction.atomic():
        chain, created = Chain.objects.get_or_create(lead=lead)
        if created:
            log_activity(actor=actor, action="chain.created", subject=chain, division_code=lead.division_id or "")
    if created:
        refresh_chain(chain)
    return chain


def mark_hand_offs_sent(*, actor, county: Division, to_county_code: str, supplier_ids: list[int]) -> int:
    """The list for one outside county was sent: its suppliers not yet sent become sent."""
    now = timezone.now()
    with scopes_disabled(), transaction.atomic():
        existing = set(HandOff.objects.filter(from_county=county, supplier_id__in=supplier_ids)
                       .values_list("supplier_id", flat=True))
        HandOff.objects.bulk_create([
            HandOff(supplier_id=pk, from_county=county, to_county_code=to_county_code, status=HandOffStatus.SENT,
                    sent_at=now, changed_by=actor)
            for pk in supplier_ids if pk not in existing])
        updated = (HandOff.objects.filter(from_county=county, supplier_id__in=existing, status=HandOffStatus.NOT_SENT)
                   .update(status=HandOffStatus.SENT, sent_at=now, changed_by=actor, version=F("version") + 1))
        count = len(set(supplier_ids) - existing) + updated
        log_activity(actor=actor, action="hand_off.sent", subject=county, division_code=county.code,
                     to_county=to_county_code, suppliers=count)
    return count


def confirm_hand_off(*, actor, county: Division, supplier: Enterprise, to_county_code: str,
                     version: int | None = None, note: str = "") -> HandOff:
    """The outside county confirmed that the supplier restarted. ``version`` is
    the one the officer saw; a different current version means someone changed
    it meanwhile (StaleVersion)."""
    now = timezone.now()
    with scopes_disabled(), transaction.atomic():
        hand_off, _created = HandOff.objects.get_or_create(
            from_county=county, supplier=supplier, defaults={"to_county_code": to_county_code})
        seen = hand_off.version if version is None else version
        changed = HandOff.objects.filter(pk=hand_off.pk, version=seen).update(
            status=HandOffStatus.CONFIRMED, confirmed_at=now, changed_by=actor, note=note[:200],
            version=F("version") + 1)
        if not changed:
            raise StaleVersion
        hand_off.refresh_from_db()
        log_activity(actor=actor, action="hand_off.confirmed", subject=hand_off, division_code=county.code,
                     supplier=supplier.uscc, to_county=to_county_code)
    return hand_off
