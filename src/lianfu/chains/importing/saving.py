"""Writing a validated supplier list: suppliers not registered yet become
pending enterprises, links are upserted by (supplier, buyer), each write with
its history row. Registered firms are never renamed or moved by a list."""
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from lianfu.chains.enums import Essential, LinkSource
from lianfu.chains.importing.rows import FirmFacts, LinkRow, SupplierList
from lianfu.chains.location import county_from_address, county_from_uscc
from lianfu.chains.models import SupplyLink
from lianfu.common import bulk
from lianfu.common.importing import ImportResult, Progress
from lianfu.registry import divisions
from lianfu.registry.enums import EnterpriseStatus
from lianfu.registry.models import Enterprise

# The link fields a row sets; a blank optional cell (None) keeps the stored value.
COMPARED = ("annual_value", "item", "essential", "stock_days")


class Placer:
    """Where a supplier not registered yet goes. The registration authority in
    its credit code is the best evidence of its county, then the county its
    address names, then the place the list declares. In the home county the
    address may also name the town; elsewhere the county is enough."""

    def __init__(self):
        self.home = settings.LIANFU_HOME_COUNTY
        self.home_county = divisions.by_code(self.home)

    def __call__(self, uscc: str, facts: FirmFacts) -> str | None:
        declared = facts.place
        county = county_from_uscc(uscc) or county_from_address(facts.address) or declared[:6]
        if not county:
            return None
        if declared.startswith(county) and len(divisions.code_prefix(declared)) == 9:
            return declared  # a town of that same county
        if county == self.home and self.home_county is not None:
            town = divisions.town_in_address(facts.address, self.home_county)
            if town is not None:
                return town.code
        return county.ljust(12, "0")


def create_firms(supplier_list: SupplierList, *, user, now) -> int:
    """Register the suppliers the registry does not know yet; their pks join ``known``."""
    place = Placer()
    new = sorted({link.supplier for link in supplier_list.rows} - set(supplier_list.known))
    firms = [Enterprise(uscc=code, name=supplier_list.facts[code].name, address=supplier_list.facts[code].address,
                        division_id=place(code, supplier_list.facts[code]), status=EnterpriseStatus.PENDING)
             for code in new]
    bulk.create_with_history(Enterprise, firms, key=("uscc",), user=user, now=now)
    supplier_list.known.update((firm.uscc, firm.pk) for firm in firms)
    return len(firms)


@dataclass
class LinkChanges:
    creates: list[SupplyLink] = field(default_factory=list)
    updates: list[SupplyLink] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    unchanged: int = 0

    @property
    def buyers(self) -> set[int]:
        return {link.buyer_id for link in (*self.creates, *self.updates)}


def _stored_links(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], SupplyLink]:
    found: dict[tuple[int, int], SupplyLink] = {}
    for chunk in bulk.chunks(sorted({supplier for supplier, _buyer in pairs})):
        for link in SupplyLink.objects.filter(supplier_id__in=chunk):
            if (link.supplier_id, link.buyer_id) in pairs:
                found[link.supplier_id, link.buyer_id] = link
    return found


def _new_link(row: LinkRow, supplier_id: int, buyer_id: int) -> SupplyLink:
    return SupplyLink(supplier_id=supplier_id, buyer_id=buyer_id, annual_value=row.annual_value,
                      item=row.item or "", essential=row.essential or Essential.UNKNOWN,
                      stock_days=row.stock_days, source=LinkSource.IMPORTED)


def link_changes(supplier_list: SupplierList) -> LinkChanges:
    known = supplier_list.known
    rows = {(known[row.supplier], known[row.buyer]): row for row in supplier_list.rows}
    stored = _stored_links(set(rows))
    changes = LinkChanges()
    for pair, row in rows.items():
        current = stored.get(pair)
        if current is None:
            changes.creates.append(_new_link(row, *pair))
            continue
        diff = [name for name in COMPARED
                if getattr(row, name) is not None and getattr(current, name) != getattr(row, name)]
        for name in diff:
            setattr(current, name, getattr(row, name))
        if diff:
            changes.changed_fields.update(diff)
            changes.updates.append(current)
        else:
            changes.unchanged += 1
    return changes


def save(supplier_list: SupplierList, result: ImportResult, progress: Progress, user) -> set[int]:
    """Write firms and links (the caller holds the transaction and has scopes
    disabled); returns the buyers whose links changed."""
    now = timezone.now()
    create_firms(supplier_list, user=user, now=now)
    changes = link_changes(supplier_list)
    total = len(changes.creates) + len(changes.updates)
    bulk.create_with_history(SupplyLink, changes.creates, key=("supplier_id", "buyer_id"), user=user, now=now)
    progress("saving", len(changes.creates), total)
    if changes.updates:
        bulk.update_with_history(SupplyLink, changes.updates, sorted(changes.changed_fields), user=user, now=now)
    progress("saving", total, total)
    result.created, result.updated, result.unchanged = len(changes.creates), len(changes.updates), changes.unchanged
    return changes.buyers
