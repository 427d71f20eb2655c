"""Where the demo county's supply concentrates, planned in memory.

The supplier trees are drawn link by link from sector weights (network_chains),
so no single firm stands out: every input has several suppliers and a closure
is diluted by the others. A real county is lumpier, and the 2020 story was made
of its lumps: a copper-rod mill most metal-parts makers buy from, a plating park
most assemblers send parts to, a part made by one firm in another province.
This plan gives the demo those three lumps by editing and adding links, after
the restart history is written (a mill that is still closed is the story):

- the copper mill: a closed copper firm that sells direct to a lead firm making
  motors becomes most of that lead's copper (the rest of the lead's copper is
  ``1 - MILL_SHARE``), which holds three days of copper and a month of every
  other input (so copper is its story), most of the copper of the county's
  metal-parts makers (3360) in the chains, and most of the copper market; the
  mill holds a month of its own inputs, so once restarted it delivers;
- the plating park: up to PARK_SIZE metal-parts makers of one town, the town
  with most of them, supply most of the metal parts of every assembler in the
  chains that one of them may supply;
- the single out-of-county part: one compressor maker in another province
  supplies every refrigerator and air-conditioner lead, and nobody else does.

A link is only added where the chain trees stay exactly as they were: the
supplier is already in every chain the buyer is in, at most one tier below it
(so no tier moves and no firm joins or leaves a chain). The compressor maker
is the exception: it is new, so each lead it supplies gains one outside member."""
from dataclasses import dataclass, field

import numpy as np

from lianfu.chains.enums import Essential
from lianfu.demo.network_sectors import ASSEMBLY, INPUTS
from lianfu.demo.network_write import declared

COPPER, METAL_PARTS = "3251", "3360"
MILL_SHARE = 0.8          # of a buyer's copper, by value, once the mill is its main supplier
# of every copper firm's sales on the network: the engine lets buyers replace a
# failing supplier from the rest of its market (docs/engine.md §4.3), so only a
# firm that is most of its market is a bottleneck, as a big mill is
MILL_MARKET_SHARE = 0.8
PARK_SHARE = 0.75         # of an assembler's metal parts, by value, from its park supplier
LEAD_COPPER_STOCK = 3.0   # days: "lead firms restarted with three days of stock"
LEAD_OTHER_STOCK = 30.0   # days of its every other input: copper is what it buys week by week
PARTS_COPPER_STOCK = (2, 5)
PARK_SIZE = 20
ASSEMBLERS = (*ASSEMBLY, "3857")
COMPRESSOR_BUYERS = ("3851", "3852")  # refrigerators, air conditioners


@dataclass
class Link:
    pk: int | None            # None: a new link
    supplier: int
    buyer: int
    value: float              # 万元 a year
    item: str
    essential: str            # chains.enums.Essential
    stock_days: float | None


@dataclass
class County:
    """What the plan reads: the chain firms and the links into them."""

    cluster: dict[int, str]               # chain firm -> cluster code
    town: dict[int, str]                  # in-county chain firm -> town code
    employees: dict[int, int]
    leads: list[int]                      # largest chain first
    tiers: dict[int, dict[int, int]]      # lead -> {member: tier}, the lead itself at 0
    closed: set[int]                      # capacity 0 now
    links: dict[tuple[int, int], Link]    # (supplier, buyer) -> link, every link into a chain firm
    chains_of: dict[int, list[int]] = field(init=False, default_factory=dict)  # firm -> leads of its chains

    def __post_init__(self):
        for lead, tiers in self.tiers.items():
            for pk in tiers:
                self.chains_of.setdefault(pk, []).append(lead)
        self.suppliers_of: dict[int, list[int]] = {}
        for supplier, buyer in self.links:
            self.suppliers_of.setdefault(buyer, []).append(supplier)

    def add(self, link: Link) -> None:
        self.links[(link.supplier, link.buyer)] = link
        self.suppliers_of.setdefault(link.buyer, []).append(link.supplier)

    def in_county(self, pk: int) -> bool:
        return pk in self.town

    def may_add(self, supplier: int, buyer: int) -> bool:
        """A new link supplier -> buyer leaves every tree as it was."""
        if supplier == buyer or (supplier, buyer) in self.links or supplier in self.tiers:
            return False
        return all(supplier in self.tiers[lead] and self.tiers[lead][supplier] <= self.tiers[lead][buyer] + 1
                   for lead in self.chains_of.get(buyer, ()))

    def purchases(self, buyer: int, cluster: str | None = None) -> float:
        return sum(self.links[(s, buyer)].value for s in self.suppliers_of.get(buyer, ())
                   if cluster is None or self.cluster.get(s) == cluster)

    def members(self, cluster: str) -> list[int]:
        """In-county chain firms of a cluster (leads included), in pk order."""
        return sorted(pk for pk, c in self.cluster.items() if c == cluster and self.in_county(pk))


@dataclass
class Mill:
    mill: int
    lead: int
    parts_makers: list[int]   # metal-parts makers that now buy most of their copper from it


@dataclass
class Park:
    town: str
    firms: list[int]
    served: list[int]         # assemblers with a park supplier
    assemblers: list[int]     # every assembler in the chains


@dataclass
class Plan:
    touched: dict[tuple[int, int], None] = field(default_factory=dict)  # links edited or added, in order
    mill: Mill | None = None
    park: Park | None = None

    def changed(self, county: County) -> tuple[list[Link], list[Link]]:
        """(edited existing links, new links)."""
        links = [county.links[key] for key in self.touched]
        return [link for link in links if link.pk is not None], [link for link in links if link.pk is None]


def declared_value(value: float) -> float:
    return float(declared(np.array([value]))[0])


def _main_supplier(county: County, plan: Plan, supplier: int, buyer: int, cluster: str, share: float,
                   item: str, stock_days: float | None) -> None:
    """Make ``supplier`` the buyer's main source of ``cluster``: ``share`` of
    its value, or 30 % of all the buyer's purchases when it bought none."""
    key = (supplier, buyer)
    others = county.purchases(buyer, cluster) - (county.links[key].value if key in county.links else 0.0)
    value = declared_value(others * share / (1 - share) if others else county.purchases(buyer) * 0.3 or 10.0)
    if key not in county.links:
        county.add(Link(None, supplier, buyer, value, item, Essential.YES, stock_days))
    link = county.links[key]
    link.value, link.item, link.essential = value, item, Essential.YES
    plan.touched[key] = None
    if stock_days is not None:  # the buyer's stock of that input is one figure, on every link of it
        for other in county.suppliers_of[buyer]:
            if county.cluster.get(other) == cluster:
                county.links[(other, buyer)].stock_days = stock_days
                plan.touched[(other, buyer)] = None


def plan_park(county: County, plan: Plan, plating_firms: dict[int, str]) -> None:
    """The town with most plating firms (3360, all of them, ``plating_firms``:
    pk -> town) hosts the park: up to PARK_SIZE of them, largest first. Each
    assembler in the chains that a park firm in the chains may supply gets its
    main metal parts from the one with fewest park buyers so far."""
    by_town: dict[str, list[int]] = {}
    for pk, town in plating_firms.items():
        by_town.setdefault(town, []).append(pk)
    if not by_town:
        return
    town = min(by_town, key=lambda t: (-len(by_town[t]), t))
    firms = sorted(by_town[town], key=lambda pk: (-county.employees.get(pk, 0), pk))[:PARK_SIZE]
    assemblers = [pk for pk in sorted(county.cluster) if county.cluster[pk] in ASSEMBLERS and county.in_county(pk)]
    buyers = {pk: 0 for pk in firms if pk in county.cluster}
    served = []
    for assembler in assemblers:
        already = [pk for pk in buyers if (pk, assembler) in county.links]
        options = already or [pk for pk in buyers if county.may_add(pk, assembler)]
        if not options:
            continue
        park_firm = min(options, key=lambda pk: (buyers[pk], pk))
        buyers[park_firm] += 1
        served.append(assembler)
        _main_supplier(county, plan, park_firm, assembler, METAL_PARTS, PARK_SHARE, "电镀件", None)
    plan.park = Park(town, firms, served, assemblers)


def plan_mill(county: County, plan: Plan, rng) -> None:
    """The closed copper firm selling direct to a copper-using lead that the
    most metal-parts makers (the park's platers aside) could also buy from;
    none: no mill story."""
    park = set(plan.park.firms) if plan.park else set()
    best = None
    for rank, lead in enumerate(county.leads):
        if COPPER not in dict(INPUTS.get(county.cluster[lead], ())):
            continue
        for mill in sorted(county.suppliers_of.get(lead, ())):
            if county.cluster.get(mill) != COPPER or not county.in_county(mill) or mill not in county.closed:
                continue
            makers = [pk for pk in county.members(METAL_PARTS) if pk not in park
                      and ((mill, pk) in county.links or county.may_add(mill, pk))]
            key = (-len(makers), rank, mill)
            if best is None or key < best[0]:
                best = (key, Mill(mill, lead, makers))
    if best is None:
        return
    plan.mill = best[1]
    _main_supplier(county, plan, plan.mill.mill, plan.mill.lead, COPPER, MILL_SHARE, "铜棒", LEAD_COPPER_STOCK)
    for supplier in county.suppliers_of[plan.mill.lead]:
        if county.cluster.get(supplier) != COPPER:
            county.links[(supplier, plan.mill.lead)].stock_days = LEAD_OTHER_STOCK
            plan.touched[(supplier, plan.mill.lead)] = None
    for supplier in county.suppliers_of.get(plan.mill.mill, ()):   # once restarted, it runs on its own stock
        county.links[(supplier, plan.mill.mill)].stock_days = LEAD_OTHER_STOCK
        plan.touched[(supplier, plan.mill.mill)] = None
    for maker in plan.mill.parts_makers:
        _main_supplier(county, plan, plan.mill.mill, maker, COPPER, MILL_SHARE, "铜棒",
                       float(rng.randint(*PARTS_COPPER_STOCK)))


def compressor_buyers(county: County) -> list[int]:
    """The lead firms that buy compressors (refrigerators, air conditioners)."""
    return [lead for lead in county.leads if county.cluster[lead] in COMPRESSOR_BUYERS]


def market_edits(mill: int, sales: list[tuple[int, int, float]], set_values: dict[int, float],
                 share: float = MILL_MARKET_SHARE) -> dict[int, float]:
    """New values of the mill's other sales so that it sells ``share`` of its
    market. ``sales``: (link pk, supplier, value) of every firm of the mill's
    sector; ``set_values``: the link values the plan already chose (link pk ->
    value), left as they are. Returns link pk -> new value (empty when the mill
    is that big already or has no other sales)."""
    values = {pk: set_values.get(pk, value) for pk, _s, value in sales}
    mine = [pk for pk, supplier, _v in sales if supplier == mill]
    others = sum(values[pk] for pk, supplier, _v in sales if supplier != mill)
    fixed = sum(values[pk] for pk in mine if pk in set_values)
    free = [pk for pk in mine if pk not in set_values]
    wanted = others * share / (1 - share) - fixed
    free_total = sum(values[pk] for pk in free)
    if not free or wanted <= free_total:
        return {}
    factor = wanted / free_total
    return {pk: declared_value(values[pk] * factor) for pk in free}


def plan_bottlenecks(county: County, plating_firms: dict[int, str], rng) -> Plan:
    plan = Plan()
    plan_park(county, plan, plating_firms)
    plan_mill(county, plan, rng)
    return plan
