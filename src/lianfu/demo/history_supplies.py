"""Prevention supplies: every lead keeps a ledger and shares masks,
thermometers and disinfectant with a few of its direct suppliers in the
county; a ledger shows what is left after the transfers. As in
restart/domain/supplies.py, the lead's own count and every transfer (on both
ledgers) bump a ledger's version."""
import random
from dataclasses import dataclass
from decimal import Decimal

from lianfu.demo.history_plan import END_H, Firm, Package, at
from lianfu.registry.stages import Stage
from lianfu.restart.models import SuppliesLedger, SuppliesTransfer

MAX_RECIPIENTS = 4
DAYS_OF_MASKS = (7, 20)  # a lead's own stock, two masks per worker per day


@dataclass
class _Ledger:
    masks: int = 0
    thermometers: int = 0
    litres: Decimal = Decimal("0.0")
    version: int = 0
    hour: float = 0.0

    def move(self, masks: int, thermometers: int, litres: Decimal, hour: float) -> None:
        self.masks += masks
        self.thermometers += thermometers
        self.litres += litres
        self.version += 1
        self.hour = max(self.hour, hour)


def draw_supplies(rng: random.Random, packages: list[Package], firms: dict[int, Firm], sent_by):
    """Ledgers and transfers; ``sent_by(lead pk)`` names the sending user, if any."""
    ledgers: dict[int, _Ledger] = {}
    transfers = []
    for package in sorted(packages, key=lambda p: p.lead):
        lead = firms[package.lead]
        hour = round(rng.uniform(0, 20), 2)
        masks = 100 * round(lead.employees * 2 * rng.uniform(*DAYS_OF_MASKS) / 100)
        own = ledgers.setdefault(lead.pk, _Ledger(hour=hour))  # it may have received from another lead already
        own.move(masks + 2000, max(4, lead.employees // rng.randint(40, 80)),
                 Decimal(f"{lead.employees * rng.uniform(0.3, 1.0) + 20:.1f}"), hour)  # its own count
        direct = [pk for pk in package.direct if pk != lead.pk and firms[pk].target != Stage.NOT_SURVEYED]
        for pk in sorted(rng.sample(direct, min(len(direct), rng.randint(0, MAX_RECIPIENTS)))):
            masks = min(own.masks, 100 * rng.randint(2, 20))
            thermometers = min(own.thermometers, rng.randint(1, 3))
            litres = min(own.litres, Decimal(f"{rng.uniform(5, 50):.1f}"))
            sent = round(rng.uniform(hour + 1, END_H - 1), 2)
            own.move(-masks, -thermometers, -litres, sent)
            ledgers.setdefault(pk, _Ledger(hour=sent)).move(masks, thermometers, litres, sent)
            transfers.append(SuppliesTransfer(from_enterprise_id=lead.pk, to_enterprise_id=pk, masks=masks,
                                              thermometers=thermometers, disinfectant_litres=litres,
                                              sent_by=sent_by(lead.pk), sent_at=at(sent)))
    rows = [SuppliesLedger(enterprise_id=pk, masks=ledger.masks, thermometers=ledger.thermometers,
                           disinfectant_litres=ledger.litres, updated_at=at(ledger.hour), version=ledger.version)
            for pk, ledger in sorted(ledgers.items())]
    return rows, transfers
