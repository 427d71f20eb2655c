"""Reads for the supplies pages: a ledger with its days of cover, its
transfers in and out, and a lead firm's guides. Callers have decided the
viewer may see the enterprise; transfers cross jurisdictions (a lead sends to
suppliers anywhere), so they are read with scopes disabled."""
from dataclasses import dataclass

from django.db.models import Q
from django_scopes import scopes_disabled

from lianfu.chains.models import ChainMember
from lianfu.restart.enums import MASKS_PER_WORKER_PER_DAY
from lianfu.restart.models import PreventionGuide, SuppliesLedger, SuppliesTransfer, Survey


def days_of_cover(masks: int, on_duty: int | None) -> float | None:
    """How many days the masks last at MASKS_PER_WORKER_PER_DAY for every worker
    on duty in the latest survey; None when nobody is known to be on duty."""
    if not on_duty:
        return None
    return round(masks / (on_duty * MASKS_PER_WORKER_PER_DAY), 1)


@dataclass
class Stock:
    ledger: SuppliesLedger             # unsaved, all zeros and version 0, before the first count
    on_duty: int | None
    surveyed_on: object = None

    @property
    def days_of_cover(self) -> float | None:
        return days_of_cover(self.ledger.masks, self.on_duty)


def stock_of(enterprise) -> Stock:
    with scopes_disabled():
        ledger = SuppliesLedger.objects.filter(enterprise=enterprise).first()
        latest = (Survey.objects.filter(enterprise=enterprise).order_by("-surveyed_on", "-id")
                  .values_list("headcount_on_duty", "surveyed_on").first())
    on_duty, surveyed_on = latest or (None, None)
    return Stock(ledger or SuppliesLedger(enterprise=enterprise), on_duty, surveyed_on)


@dataclass
class TransferRow:
    transfer: SuppliesTransfer
    incoming: bool

    @property
    def counterpart(self):
        return self.transfer.from_enterprise if self.incoming else self.transfer.to_enterprise


TRANSFER_SORTS = {"sent_at": "sent_at", "-sent_at": "-sent_at", "masks": "masks", "-masks": "-masks"}


def transfers_of(enterprise, *, direction: str = "", sort: str = "-sent_at") -> list[TransferRow]:
    """Transfers sent (``out``), received (``in``) or both, newest first by default."""
    which = {"in": Q(to_enterprise=enterprise), "out": Q(from_enterprise=enterprise)}
    condition = which.get(direction, which["in"] | which["out"])
    with scopes_disabled():
        qs = (SuppliesTransfer.objects.filter(condition).select_related("from_enterprise", "to_enterprise")
              .order_by(TRANSFER_SORTS.get(sort, "-sent_at"), "-id"))
        return [TransferRow(t, t.to_enterprise_id == enterprise.pk) for t in qs]


def chain_members_for_transfer(chain) -> list[tuple[int, str, int]]:
    """(id, name, tier) of every member, nearest tiers first, for the transfer form."""
    with scopes_disabled():
        return list(ChainMember.objects.filter(chain=chain).order_by("tier", "enterprise__name")
                    .values_list("enterprise_id", "enterprise__name", "tier"))


def guides_of(lead) -> list[PreventionGuide]:
    with scopes_disabled():
        return list(PreventionGuide.objects.filter(lead=lead).select_related("uploaded_by"))


def lead_chains_of(enterprise) -> list[tuple[str, str]]:
    """(credit code, name) of the lead firms whose chains this firm supplies: where its guides come from."""
    with scopes_disabled():
        return list(ChainMember.objects.filter(enterprise=enterprise).order_by("chain__lead__name")
                    .values_list("chain__lead__uscc", "chain__lead__name"))
