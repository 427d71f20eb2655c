"""The lead firms' supplier trees, built in memory tier by tier.

A firm's supplier list belongs to the firm, not to a chain: it is drawn once,
when the firm is first met (at its shallowest tier over all chains), and every
chain reaching the firm inherits it, so chains share suppliers and whole
branches. Lists are drawn only for firms met at tiers 0–3, so no tree grows
deeper than the chains look (DEFAULT_DEPTH = 4).

Firms are keys: 0..n-1 for the county's firms (in pk order), then the outside
firms. Picks are preferential: with probability ATTACH a supplier already
chosen by someone (in proportion to its buyers), else by size, so a few hubs
serve very many buyers while most serve one to three."""
import bisect
import itertools
import random
from dataclasses import dataclass, field

from lianfu.chains.enums import DEFAULT_DEPTH
from lianfu.demo.network_outside import OutsideSuppliers
from lianfu.demo.network_sectors import DEFAULT_OUTSIDE_SHARE, INPUTS, OUTSIDE_SHARE

ATTACH = 0.5         # a new link goes to an already chosen in-county supplier
SIZE_EXPONENT = 0.8  # by size otherwise: employees ** this
TRADER = "5191"
RETRIES = 8          # draws for one slot before giving up on it


@dataclass
class CountyFirms:
    """The county's enterprises, in pk order (their keys)."""

    pks: list[int]
    cluster: list[str]
    above: list[bool]
    employees: list[int]

    def __len__(self) -> int:
        return len(self.pks)


@dataclass
class ChainNetwork:
    leads: list[int]                                   # keys, largest chain first
    links: list[tuple[int, int]] = field(default_factory=list)  # (supplier, buyer), lead links first
    direct: int = 0                                    # how many of ``links`` go to a lead
    tier: dict[int, int] = field(default_factory=dict)  # key -> shallowest tier over all chains

    @property
    def members(self) -> list[int]:
        """Every firm met while building the chains (leads included), in key order."""
        return sorted(self.tier)


class _Pools:
    """The county's possible suppliers per cluster (leads excluded, so that
    chains do not swallow each other whole)."""

    def __init__(self, firms: CountyFirms, leads: set[int], rng: random.Random):
        self.rng = rng
        self.keys: dict[str, list[int]] = {}
        self.cum: dict[str, list[float]] = {}
        self.urn: dict[str, list[int]] = {}
        for key in range(len(firms)):
            if key in leads:
                continue
            cluster = firms.cluster[key]
            weight = max(1, firms.employees[key]) ** SIZE_EXPONENT
            keys, cum = self.keys.setdefault(cluster, []), self.cum.setdefault(cluster, [])
            keys.append(key)
            cum.append((cum[-1] if cum else 0.0) + weight)

    def pick(self, cluster: str) -> int | None:
        keys = self.keys.get(cluster)
        if not keys:
            return None
        urn = self.urn.setdefault(cluster, [])
        if urn and self.rng.random() < ATTACH:
            key = self.rng.choice(urn)
        else:
            cum = self.cum[cluster]
            key = keys[min(len(keys) - 1, bisect.bisect(cum, self.rng.random() * cum[-1]))]
        urn.append(key)
        return key


class ChainBuilder:
    def __init__(self, firms: CountyFirms, outside: OutsideSuppliers, rng: random.Random, leads: list[int]):
        self.firms, self.outside, self.rng = firms, outside, rng
        self.pools = _Pools(firms, set(leads), rng)
        self.network = ChainNetwork(leads=list(leads))
        self._inputs = {code: ([c for c, _w in inputs], list(itertools.accumulate(w for _c, w in inputs)))
                        for code, inputs in INPUTS.items()}

    def cluster(self, key: int) -> str:
        if self.outside.is_outside(key):
            return self.outside.clusters[key - self.outside.first_key]
        return self.firms.cluster[key]

    def build(self, direct_counts: dict[int, int]) -> ChainNetwork:
        net = self.network
        layer = list(net.leads)
        net.tier.update({lead: 0 for lead in layer})
        for tier in range(1, DEFAULT_DEPTH + 1):
            met: list[int] = []
            for buyer in layer:
                count = direct_counts[buyer] if tier == 1 else self._list_length(buyer)
                for supplier in self._suppliers(buyer, count):
                    net.links.append((supplier, buyer))
                    if supplier not in net.tier:
                        net.tier[supplier] = tier
                        met.append(supplier)
            if tier == 1:
                net.direct = len(net.links)
            # Outside firms' own suppliers are not on our lists: they stay leaves.
            layer = [key for key in met if not self.outside.is_outside(key)]
        return net

    def _list_length(self, buyer: int) -> int:
        """How many suppliers a firm declares: traders few, above-scale firms more."""
        if self.firms.cluster[buyer] == TRADER:
            return self.rng.choice((0, 0, 1, 1, 2))
        mean = 4.0 if self.firms.above[buyer] else 0.9
        return 1 + int(self.rng.expovariate(1 / mean))

    def _suppliers(self, buyer: int, count: int) -> list[int]:
        """``count`` distinct suppliers of the buyer (fewer when its inputs run out)."""
        chosen: dict[int, None] = {}
        for _slot in range(count * 2):  # a slot may come back empty: try a few more
            supplier = self._one_supplier(buyer, chosen)
            if supplier is not None:
                chosen[supplier] = None
            if len(chosen) == count:
                break
        return list(chosen)

    def _one_supplier(self, buyer: int, chosen: dict[int, None]) -> int | None:
        """Whether the slot goes outside is drawn once, so that retries after a
        duplicate (frequent among a small trade's few firms) do not tilt the
        share towards outside firms, which are new more often."""
        clusters, cum = self._inputs[self.firms.cluster[buyer]]
        cluster = self.rng.choices(clusters, cum_weights=cum)[0]
        if self.rng.random() >= OUTSIDE_SHARE.get(cluster, DEFAULT_OUTSIDE_SHARE):
            for _attempt in range(RETRIES):
                supplier = self.pools.pick(cluster)
                if supplier is not None and supplier != buyer and supplier not in chosen:
                    return supplier
                cluster = self.rng.choices(clusters, cum_weights=cum)[0]
            left = [key for c in clusters for key in self.pools.keys.get(c, ()) if key != buyer and key not in chosen]
            if left:  # a small county's few firms of a trade are all taken: any other of its inputs
                return self.rng.choice(left)
        for _attempt in range(RETRIES):  # an outside slot, or the county has nobody left to offer
            supplier = self.outside.pick(cluster)
            if supplier not in chosen:
                return supplier
        return None


def chain_size(suppliers_of: dict[int, list[int]], lead: int) -> int:
    """Members of the lead's chain: firms within DEFAULT_DEPTH tiers, counted once."""
    seen, layer = {lead}, [lead]
    for _tier in range(DEFAULT_DEPTH):
        layer = [s for buyer in layer for s in suppliers_of.get(buyer, ()) if not (s in seen or seen.add(s))]
    return len(seen) - 1


def keep_first_largest(net: ChainNetwork, minimum: int) -> None:
    """Make the first lead's chain the largest by members too (the demo's
    `firm` login shows it), by dropping other leads' last direct suppliers
    while they keep at least ``minimum``. Leads supply nobody in the trees, so
    a lead's own links touch its chain only."""
    suppliers_of: dict[int, list[int]] = {}
    for supplier, buyer in net.links:
        suppliers_of.setdefault(buyer, []).append(supplier)
    top = chain_size(suppliers_of, net.leads[0])
    dropped: set[tuple[int, int]] = set()
    for lead in net.leads[1:]:
        direct = suppliers_of.get(lead, [])
        while len(direct) > minimum and chain_size(suppliers_of, lead) >= top:
            dropped.add((direct.pop(), lead))
    if dropped:
        net.links = [link for link in net.links if link not in dropped]
        net.direct -= len(dropped)
