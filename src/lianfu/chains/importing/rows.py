"""Validating a supplier list: every row becomes a link supplier → buyer, or a
rejection naming the row, the column and what was expected.

Three passes, because a row can depend on others: its cells alone; then, in
file order, the rows that need the registry (a new supplier needs a name, a
pair may appear once); last, the "supplies to" targets, which must be
suppliers of accepted rows; rejecting one row can orphan rows that name its
supplier, so that pass repeats until nothing changes."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from lianfu.chains.importing.columns import (
    LABELS,
    PlaceResolver,
    parse_code,
    parse_essential,
    parse_stock_days,
    parse_value,
)
from lianfu.chains.models import ChainMember
from lianfu.common import bulk
from lianfu.common.importing import ImportResult, Progress, RowError, counted_rows, rejection
from lianfu.registry.importing.parsing import parse_name
from lianfu.registry.models import Enterprise


@dataclass(slots=True)
class LinkRow:
    row: int
    supplier: str                 # credit codes
    buyer: str
    annual_value: Decimal
    item: str | None              # None: the cell was blank (keep what is stored)
    essential: str | None
    stock_days: Decimal | None
    cells: dict[str, str]
    raw: list[str]                # the row as read, for the rejects report


@dataclass(slots=True)
class FirmFacts:
    """What the list says about a supplier, from the first row that says it;
    used only when the firm is not registered yet."""
    name: str = ""
    address: str = ""
    place: str = ""


@dataclass
class SupplierList:
    rows: list[LinkRow]                   # accepted, in file order
    facts: dict[str, FirmFacts]           # credit code -> facts
    known: dict[str, int]                 # credit code -> Enterprise pk, for the registered ones


class CellParser:
    """One row's cells -> LinkRow and FirmFacts, or RowError."""

    def __init__(self, lead_code: str):
        self.lead_code = lead_code
        self.place = PlaceResolver()

    def supplier(self, cells: dict[str, str]) -> str:
        return parse_code(cells.get("supplier_credit_code", ""), "supplier_credit_code")

    def link(self, row: int, supplier: str, cells: dict[str, str], raw: list[str]) -> tuple[LinkRow, FirmFacts]:
        target = cells.get("supplies_to", "")
        buyer = parse_code(target, "supplies_to") if target else self.lead_code
        if supplier == buyer:
            raise RowError("supplies_to" if target else "supplier_credit_code",
                           _("a firm cannot be its own supplier"))
        if not cells.get("annual_value"):
            raise RowError("annual_value", _("the annual value (10k yuan) is missing"))
        link = LinkRow(
            row=row, supplier=supplier, buyer=buyer, annual_value=parse_value(cells["annual_value"]),
            item=parse_name(cells["item"], "item", 100) if cells.get("item") else None,
            essential=parse_essential(cells["essential"]) if cells.get("essential") else None,
            stock_days=parse_stock_days(cells["stock_days"]) if cells.get("stock_days") else None,
            cells=cells, raw=raw)
        facts = FirmFacts(
            name=parse_name(cells.get("supplier_name", ""), "supplier_name", 200),
            address=parse_name(cells.get("address", ""), "address", 200),
            place=self.place(cells["town"]) if cells.get("town") else "")
        return link, facts


class ListValidator:
    def __init__(self, lead: Enterprise, result: ImportResult):
        self.lead_code = lead.uscc
        self.result = result
        self.listed: dict[str, list[int]] = defaultdict(list)   # supplier code -> rows naming it
        self.in_chain = stored_suppliers(lead)

    def reject(self, row: int, field: str, cells: dict[str, str], reason, raw=()) -> None:
        self.result.rejections.append(rejection(LABELS, row, field, cells.get(field, ""), reason, raw))

    def read_cells(self, table, progress: Progress) -> tuple[list[LinkRow], dict[str, FirmFacts]]:
        parser = CellParser(self.lead_code)
        links: list[LinkRow] = []
        facts: dict[str, FirmFacts] = {}
        for row, raw in counted_rows(table, self.result, progress):
            cells = table.plan.values(raw)
            try:
                supplier = parser.supplier(cells)
                self.listed[supplier].append(row)
                link, said = parser.link(row, supplier, cells, raw)
            except RowError as error:
                self.reject(row, error.field, cells, error.reason, raw)
                continue
            links.append(link)
            known = facts.setdefault(supplier, FirmFacts())
            for attr in ("name", "address", "place"):
                if not getattr(known, attr):
                    setattr(known, attr, getattr(said, attr))
        return links, facts

    def check_registry(self, links: list[LinkRow], facts, known: dict[str, int]) -> list[LinkRow]:
        seen: dict[tuple[str, str], int] = {}
        kept = []
        for link in links:
            if link.supplier not in known and not facts[link.supplier].name:
                self.reject(link.row, "supplier_name", link.cells,
                            _("this supplier is not registered yet: its name is needed (on this or another row)"),
                            link.raw)
            elif (link.supplier, link.buyer) in seen:
                self.reject(link.row, "supplier_credit_code", link.cells,
                            _("the same supplier and buyer as row %(row)d") % {"row": seen[link.supplier, link.buyer]},
                            link.raw)
            else:
                seen[link.supplier, link.buyer] = link.row
                kept.append(link)
        return kept

    def check_targets(self, links: list[LinkRow]) -> list[LinkRow]:
        """Drop rows whose buyer is neither the lead, nor a supplier of a kept row,
        nor already a supplier in the lead's stored chain (a fixed rejects report
        names buyers listed in the first upload), repeatedly."""
        kept_rows = defaultdict(int)
        naming: dict[str, list[LinkRow]] = defaultdict(list)   # buyer code -> rows supplying it
        for link in links:
            kept_rows[link.supplier] += 1
            if link.buyer != self.lead_code and link.buyer not in self.in_chain:
                naming[link.buyer].append(link)
        dropped: set[int] = set()
        orphans = [code for code in naming if not kept_rows[code]]
        while orphans:
            code = orphans.pop()
            for link in naming.pop(code, ()):
                dropped.add(link.row)
                self.reject(link.row, "supplies_to", link.cells, self._orphan_reason(code), link.raw)
                kept_rows[link.supplier] -= 1
                if not kept_rows[link.supplier] and link.supplier in naming:
                    orphans.append(link.supplier)
        return [link for link in links if link.row not in dropped]

    def _orphan_reason(self, code: str) -> str:
        rows = self.listed.get(code)
        if not rows:
            return _("this firm is not in this list: write the credit code of a supplier listed in this file "
                     "or the lead firm's own, or leave it blank for the lead firm")
        return _("every row of this firm as a supplier (row %(rows)s) was rejected; fix it first") % {
            "rows": ", ".join(map(str, rows))}


def registered(codes) -> dict[str, int]:
    """Credit code -> pk of the firms already registered, wherever they are."""
    found: dict[str, int] = {}
    with scopes_disabled():
        for chunk in bulk.chunks(sorted(codes)):
            found.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", "pk"))
    return found


def stored_suppliers(lead: Enterprise) -> set[str]:
    """Credit codes of the firms already in the lead's chain."""
    if not lead.pk:
        return set()
    with scopes_disabled():
        return set(ChainMember.objects.filter(chain__lead=lead).values_list("enterprise__uscc", flat=True))


def validate(table, lead: Enterprise, result: ImportResult, progress: Progress) -> SupplierList:
    validator = ListValidator(lead, result)
    links, facts = validator.read_cells(table, progress)
    known = registered({link.supplier for link in links} | {link.buyer for link in links})
    links = validator.check_targets(validator.check_registry(links, facts, known))
    result.rejections.sort(key=lambda r: r.row)
    return SupplierList(rows=links, facts=facts, known=known)
