"""The county's general trade beyond the chains, drawn with numpy.

Sellers' numbers of buyers are Pareto with shape near 1 (most firms sell to one
to three others in the county, a few hubs to hundreds or thousands); a buyer's
trade follows the sector structure (customer_weights) plus some noise; within
a trade, bigger firms buy more. Buyers are never chain firms: a chain firm's
suppliers are exactly those its tree was drawn with, so trees stay the size
they were built (general trade would otherwise pull the whole county into
every tree within four tiers)."""
import numpy as np

from lianfu.demo.network_chains import CountyFirms
from lianfu.demo.network_sectors import CLUSTER_CODES, SELLS_IN_COUNTY, customer_weights

PARETO_SHAPE = 0.9
NOISE = 0.05             # share of a seller's trade with any sector
BUYER_SIZE_EXPONENT = 0.9
OVERDRAW = 1.08          # duplicates are dropped, so draw a little more than needed
ROUNDS = 8


def _customer_matrix(buyer_mass: np.ndarray) -> np.ndarray:
    """Row s: cumulative probabilities of the buyer cluster of a sale by cluster s."""
    rows = []
    total_mass = buyer_mass / buyer_mass.sum() if buyer_mass.sum() else np.full(len(buyer_mass), 1 / len(buyer_mass))
    for code in CLUSTER_CODES:
        weights = customer_weights(code)
        row = np.array([weights.get(b, 0.0) for b in CLUSTER_CODES]) * buyer_mass
        row = row / row.sum() if row.sum() else total_mass
        rows.append(np.cumsum((1 - NOISE) * row + NOISE * total_mass))
    matrix = np.array(rows)
    matrix[:, -1] = 1.0
    return matrix


def _degrees(rng: np.random.Generator, cluster: np.ndarray, needed: int, cap: int) -> np.ndarray:
    """Buyers per seller: floor(xm * Pareto * the trade's in-county factor), xm
    chosen so the sum is about ``needed`` (sellers below one buyer sell none)."""
    factor = np.array([SELLS_IN_COUNTY.get(code, 1.0) for code in CLUSTER_CODES])[cluster]
    raw = (1.0 + rng.pareto(PARETO_SHAPE, len(cluster))) * factor
    low, high = 0.01, 100.0
    for _ in range(50):
        xm = (low + high) / 2
        if np.minimum(np.floor(xm * raw), cap).sum() < needed:
            low = xm
        else:
            high = xm
    return np.minimum(np.floor(high * raw), cap).astype(np.int64)


def _draw(rng, firms_cluster, buyer_keys, buyer_cluster, weights, matrix, degrees):
    """One draw of (seller, buyer) pairs, duplicates and self-links included."""
    sellers = np.repeat(np.arange(len(degrees)), degrees)
    u = rng.random(len(sellers))
    seller_cluster = firms_cluster[sellers]
    wanted = np.empty(len(sellers), dtype=np.int64)  # the buyer cluster of each sale
    for c in range(len(CLUSTER_CODES)):
        sales = np.flatnonzero(seller_cluster == c)
        wanted[sales] = np.searchsorted(matrix[c], u[sales], side="right")
    buyers = np.empty(len(sellers), dtype=np.int64)
    everyone = np.cumsum(weights)
    for c in range(len(CLUSTER_CODES)):
        sales = np.flatnonzero(wanted == c)
        in_cluster = buyer_cluster == c
        keys, cum = (buyer_keys[in_cluster], np.cumsum(weights[in_cluster])) if in_cluster.any() else (
            buyer_keys, everyone)  # no buyer of that trade: anyone
        picks = np.searchsorted(cum, rng.random(len(sales)) * cum[-1], side="right")
        buyers[sales] = keys[np.minimum(picks, len(keys) - 1)]
    return sellers, buyers


def build_trade(rng: np.random.Generator, firms: CountyFirms, chain_firms: list[int], needed: int):
    """``needed`` distinct (supplier, buyer) key pairs, or fewer if the county is too small."""
    n = len(firms)
    index = {code: i for i, code in enumerate(CLUSTER_CODES)}
    cluster = np.array([index[c] for c in firms.cluster], dtype=np.int64)
    can_buy = np.ones(n, dtype=bool)
    can_buy[[k for k in chain_firms if k < n]] = False
    buyer_keys = np.flatnonzero(can_buy)
    if needed <= 0 or len(buyer_keys) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    weights = np.maximum(np.array(firms.employees, dtype=float)[buyer_keys], 1) ** BUYER_SIZE_EXPONENT
    mass = np.bincount(cluster[buyer_keys], weights=weights, minlength=len(CLUSTER_CODES))
    matrix = _customer_matrix(mass)
    cap = max(3, min(2000, len(buyer_keys) // 3))
    pairs = np.empty(0, np.int64)
    for _round in range(ROUNDS):  # each round tops up what duplicates took away
        missing = needed - len(pairs)
        if missing <= 0:
            break
        degrees = _degrees(rng, cluster, int(missing * OVERDRAW), cap)
        sellers, buyers = _draw(rng, cluster, buyer_keys, cluster[buyer_keys], weights, matrix, degrees)
        fresh = (sellers * n + buyers)[sellers != buyers]
        pairs = np.unique(np.concatenate([pairs, fresh]))
    keep = np.sort(rng.permutation(len(pairs))[:needed])  # an unbiased subset, in a stable order
    pairs = pairs[keep]
    return pairs // n, pairs % n
