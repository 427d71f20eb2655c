"""Prevention supplies and guides: a firm's own stock, a lead firm sharing
stock with a supplier of its chain, and a lead firm's prevention guide (PDF).

Imported directly (``from lianfu.restart.domain.supplies import …``)."""
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lianfu.accounts.models import User
from lianfu.chains.models import Chain, ChainMember
from lianfu.common import uploads
from lianfu.common.notifications import enterprise_users, notify_on_commit
from lianfu.restart.domain._base import audit, require, step, update_versioned
from lianfu.restart.errors import NotAllowed
from lianfu.restart.models import PreventionGuide, SuppliesLedger, SuppliesTransfer

GUIDE_MAX_BYTES = 10 * 1024 * 1024
GUIDE_FOLDER = "guides"          # under MEDIA_ROOT; stored paths are relative to it
MAX_COUNT = 2_147_483_647        # what an integer column holds on every database
MAX_LITRES = Decimal("9999999.9")


def _count(value, label) -> int:
    try:
        number = int(str(value).strip())     # "12.5" and 12.5 are refused, not rounded
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_COUNT:
        raise NotAllowed(_("%(field)s: give a whole number, 0 or more.") % {"field": label})
    return number


def _litres(value) -> Decimal:
    try:
        litres = Decimal(str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise NotAllowed(_("Disinfectant: give litres, such as 12.5.")) from None
    if not Decimal(0) <= litres <= MAX_LITRES:
        raise NotAllowed(_("Disinfectant: give litres, such as 12.5."))
    return litres


def _amounts(masks, thermometers, disinfectant_litres) -> dict:
    return {"masks": _count(masks, _("Masks")), "thermometers": _count(thermometers, _("Thermometers")),
            "disinfectant_litres": _litres(disinfectant_litres)}


def _logged(amounts: dict) -> dict:
    """ActivityLog data is JSON: litres as text keep their one decimal."""
    return {**amounts, "disinfectant_litres": str(amounts["disinfectant_litres"])}


def acts_for_lead(user, lead) -> bool:
    """The lead firm's own user, and no one else: not even an administrator
    (whom has_perm lets through everything) moves a firm's stock or speaks to
    its suppliers in its name."""
    return user.has_perm("restart.share_with_chain", lead) and user.enterprise_id == lead.pk


def _require_lead_firm(actor, lead) -> None:
    if not acts_for_lead(actor, lead):
        raise PermissionDenied("restart.share_with_chain")


def _ledger(enterprise) -> SuppliesLedger:
    return SuppliesLedger.objects.get_or_create(enterprise=enterprise)[0]


@step
def update_supplies(*, actor, enterprise, masks, thermometers, disinfectant_litres, version: int) -> SuppliesLedger:
    """The firm counts its stock. ``version`` is the one its form showed (0
    before the first count); a newer one — a transfer arrived meanwhile — is 409."""
    require(actor, "restart.manage_supplies", enterprise)
    amounts = _amounts(masks, thermometers, disinfectant_litres)
    with transaction.atomic():
        ledger = _ledger(enterprise)
        update_versioned(ledger, version, updated_at=timezone.now(), **amounts)
        audit(actor, "supplies.updated", ledger, enterprise, **_logged(amounts))
    return ledger


def _move(enterprise_id: int, sign: int, amounts: dict, **stock_at_least) -> int:
    change = {name: F(name) + sign * value for name, value in amounts.items()}
    return SuppliesLedger.objects.filter(enterprise_id=enterprise_id, **stock_at_least).update(
        version=F("version") + 1, updated_at=timezone.now(), **change)


@step
def transfer_supplies(*, actor, lead, supplier, masks=0, thermometers=0, disinfectant_litres=0) -> SuppliesTransfer:
    """The lead firm sends part of its stock to a supplier of its chain: both
    ledgers move in one transaction, and the lead's only if its stock covers it
    (a conditional UPDATE, so two transfers at once cannot overdraw it)."""
    _require_lead_firm(actor, lead)
    amounts = _amounts(masks, thermometers, disinfectant_litres)
    if not any(amounts.values()):
        raise NotAllowed(_("Say how many masks, thermometers or litres of disinfectant to send."))
    if supplier.pk == lead.pk or not ChainMember.objects.filter(chain__lead=lead, enterprise=supplier).exists():
        raise NotAllowed(_("%(name)s is not a supplier of your chain.") % {"name": supplier.name})
    with transaction.atomic():
        stock = _ledger(lead)
        _ledger(supplier)
        covered = _move(lead.pk, -1, amounts, **{f"{name}__gte": value for name, value in amounts.items()})
        if not covered:
            raise NotAllowed(_("Your stock does not cover this: %(masks)s masks, %(thermometers)s thermometers, "
                               "%(litres)s litres of disinfectant left.") % {
                "masks": stock.masks, "thermometers": stock.thermometers, "litres": stock.disinfectant_litres})
        _move(supplier.pk, +1, amounts)
        transfer = SuppliesTransfer.objects.create(from_enterprise=lead, to_enterprise=supplier, sent_by=actor,
                                                   **amounts)
        audit(actor, "supplies.transferred", transfer, lead, to=supplier.uscc, **_logged(amounts))
        notify_on_commit(enterprise_users(supplier.pk), "supplies.received",
                         reverse("restart:supplies", args=[supplier.uscc]), lead=lead.name,
                         masks=amounts["masks"], thermometers=amounts["thermometers"],
                         litres=str(amounts["disinfectant_litres"]))
    return transfer


def _check_pdf(upload) -> None:
    if upload.size > GUIDE_MAX_BYTES:
        raise NotAllowed(_("The guide is larger than 10 MB: save a smaller PDF and upload it again."))
    if uploads.kind_of(upload, uploads.PDF) is None:
        raise NotAllowed(_("Only a PDF file can be shared as a guide."))


def guide_path(guide: PreventionGuide) -> Path:
    return uploads.stored_path(guide.stored_path)


@step
def share_guide(*, actor, lead, upload, title: str = "") -> PreventionGuide:
    """The lead firm shares a prevention guide (PDF, at most 10 MB) with every
    member of its chain; they are told once the guide is saved."""
    _require_lead_firm(actor, lead)
    chain = Chain.objects.filter(lead=lead).first()
    if chain is None:
        raise NotAllowed(_("Upload your supplier list first: the guide is shared with the suppliers on it."))
    _check_pdf(upload)
    title = (title or "").strip() or Path(upload.name or "").stem or _("Prevention guide")
    relative, size = uploads.store(upload, GUIDE_FOLDER, "pdf", GUIDE_MAX_BYTES)
    try:
        with transaction.atomic():
            guide = PreventionGuide.objects.create(lead=lead, title=title[:100], stored_path=relative,
                                                   size_bytes=size, uploaded_by=actor)
            audit(actor, "guide.shared", guide, lead, title=guide.title, size_bytes=size)
            members = ChainMember.objects.filter(chain=chain).values("enterprise_id")
            notify_on_commit(User.objects.filter(enterprise_id__in=members, is_active=True), "guide.shared",
                             reverse("restart:guides", args=[lead.uscc]), lead=lead.name, title=guide.title)
    except BaseException:
        uploads.stored_path(relative).unlink(missing_ok=True)
        raise
    return guide
