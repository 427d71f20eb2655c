"""Deterministic synthetic supply networks (docs/engine.md §12).

- 50 producing sectors with uneven sizes; 1 % of the nodes are final-demand buyers
  (households) in an extra sector that sells nothing. Final demand gives the upstream
  cascade a sink: a firm that sells 30-70 % of its output to households loses only
  the share it sold to failing firms, which keeps shocks realistic.
- Out-degrees Pareto(2.3) with mean ~10; a firm's size grows with its degree.
- Each link picks the buyer's sector from a random sector-to-sector input-output
  matrix (each sector sells to a handful of sectors), then the buyer within that
  sector in proportion to size. Weight = U(0, 1) x supplier size.
- Sectors 0, 10, 20, 30, 40 are essential inputs (ess = 2) for every sector;
  everything else is linear (1).
"""

from __future__ import annotations

import numpy as np

from .network import ESSENTIAL, LINEAR, Network

N_SECTORS = 50
ESSENTIAL_EVERY = 10
PARETO_SHAPE = 2.3
MEAN_OUT_DEGREE = 10.0
HOUSEHOLD_SHARE = 0.01


def essentiality_matrix() -> np.ndarray:
    """(51, 51): rows are input sectors; the last sector is final demand."""
    ess = np.full((N_SECTORS + 1, N_SECTORS + 1), LINEAR, dtype=np.int8)
    ess[0:N_SECTORS:ESSENTIAL_EVERY, :] = ESSENTIAL
    return ess


def generate(n_firms: int, seed: int = 0) -> Network:
    """A network of `n_firms` nodes (households included), identical for equal seeds."""
    if n_firms < 3:
        raise ValueError("need at least 3 firms")
    rng = np.random.default_rng(seed)
    n_house = max(1, int(round(n_firms * HOUSEHOLD_SHARE)))
    n_prod = n_firms - n_house
    sector = _sectors(rng, n_prod)

    # classical Pareto with mean alpha * xm / (alpha - 1) = MEAN_OUT_DEGREE
    xm = MEAN_OUT_DEGREE * (PARETO_SHAPE - 1) / PARETO_SHAPE
    degree = np.rint(xm * (1.0 + rng.pareto(PARETO_SHAPE, n_prod))).astype(np.int64)
    degree = np.clip(degree, 1, n_prod - 1)
    size = degree * rng.lognormal(0.0, 0.5, n_prod)

    io = rng.dirichlet(np.full(N_SECTORS, 0.3), size=N_SECTORS)  # sector k sells to l
    src = np.repeat(np.arange(n_prod), degree)
    buyer_sector = _draw_rows(rng, np.cumsum(io, axis=1), sector[src])
    dst = _draw_buyers(rng, sector, size, buyer_sector)
    keep = dst != src
    src, dst = src[keep], dst[keep]
    wt = rng.random(src.shape[0]) * size[src]

    # final demand: a share phi of each firm's sales goes to one household
    inter = np.bincount(src, weights=wt, minlength=n_prod)
    phi = rng.uniform(0.3, 0.7, n_prod)
    sells = inter > 0
    fd_src = np.flatnonzero(sells)
    fd_dst = n_prod + rng.integers(0, n_house, fd_src.shape[0])
    fd_wt = (phi / (1.0 - phi) * inter)[fd_src]

    all_sector = np.concatenate([sector, np.full(n_house, N_SECTORS)])
    return Network.from_edges(
        np.concatenate([src, fd_src]),
        np.concatenate([dst, fd_dst]),
        np.concatenate([wt, fd_wt]),
        all_sector,
        essentiality_matrix(),
        firm_ids=np.arange(1, n_firms + 1),
        sector_ids=np.arange(N_SECTORS + 1),
    )


def _sectors(rng, n_prod: int) -> np.ndarray:
    share = rng.dirichlet(np.full(N_SECTORS, 2.0))
    sector = rng.choice(N_SECTORS, size=n_prod, p=share)
    # every sector gets at least one firm when there is room, so every market exists
    k = min(N_SECTORS, n_prod)
    sector[rng.choice(n_prod, size=k, replace=False)] = np.arange(k)
    return sector.astype(np.int32)


def _draw_rows(rng, cum: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each entry, a category drawn from row `rows[e]` of the cumulative table."""
    u = rng.random(rows.shape[0])
    out = np.empty(rows.shape[0], dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    bounds = np.searchsorted(rows[order], np.arange(cum.shape[0] + 1))
    for r in range(cum.shape[0]):
        sel = order[bounds[r]:bounds[r + 1]]
        row = cum[r] / cum[r, -1]
        out[sel] = np.minimum(np.searchsorted(row, u[sel], side="right"), cum.shape[1] - 1)
    return out


def _draw_buyers(rng, sector, size, buyer_sector) -> np.ndarray:
    """Buyer firm in the chosen sector, in proportion to size (empty sector: any firm)."""
    u = rng.random(buyer_sector.shape[0])
    dst = np.empty(buyer_sector.shape[0], dtype=np.int64)
    order = np.argsort(buyer_sector, kind="stable")
    bounds = np.searchsorted(buyer_sector[order], np.arange(N_SECTORS + 1))
    everyone = np.arange(sector.shape[0])
    for s in range(N_SECTORS):
        sel = order[bounds[s]:bounds[s + 1]]
        if sel.size == 0:
            continue
        members = np.flatnonzero(sector == s)
        if members.size == 0:
            members = everyone
        cum = np.cumsum(size[members])
        pick = np.searchsorted(cum, u[sel] * cum[-1], side="right")
        dst[sel] = members[np.minimum(pick, members.size - 1)]
    return dst


HIDDEN_SECTORS = 30
HIDDEN_ESSENTIAL_EVERY = 5


def generate_hidden(n_firms: int, seed: int = 0) -> Network:
    """A network generated like the ESRI authors' synthetic test networks (issue 17's
    tier H): 30 sectors drawn uniformly, out-degrees Pareto(2.3) with mean ~10, buyers
    uniform over the other firms, weight U(0, 1) x supplier size, and the reference's
    GL rule: input sector k essential for every sector when k mod 5 == 0. No final
    demand: every firm that sells passes all of an upstream loss on (no sink), so the
    upstream cascade runs its eps-truncated tail, as on the authors' networks."""
    if n_firms < 3:
        raise ValueError("need at least 3 firms")
    rng = np.random.default_rng(seed)
    sector = rng.integers(0, HIDDEN_SECTORS, n_firms).astype(np.int32)
    sector[rng.choice(n_firms, size=min(HIDDEN_SECTORS, n_firms), replace=False)] = np.arange(
        min(HIDDEN_SECTORS, n_firms))
    xm = MEAN_OUT_DEGREE * (PARETO_SHAPE - 1) / PARETO_SHAPE
    degree = np.clip(np.rint(xm * (1.0 + rng.pareto(PARETO_SHAPE, n_firms))).astype(np.int64), 1, n_firms - 1)
    size = degree * rng.lognormal(0.0, 0.5, n_firms)
    src = np.repeat(np.arange(n_firms), degree)
    # a uniform buyer other than the supplier: draw from n - 1 and skip the supplier
    dst = rng.integers(0, n_firms - 1, src.shape[0])
    dst = dst + (dst >= src)
    wt = rng.random(src.shape[0]) * size[src]
    ess = np.full((HIDDEN_SECTORS, HIDDEN_SECTORS), LINEAR, dtype=np.int8)
    ess[0:HIDDEN_SECTORS:HIDDEN_ESSENTIAL_EVERY, :] = ESSENTIAL
    return Network.from_edges(src, dst, wt, sector, ess, firm_ids=np.arange(1, n_firms + 1),
                              sector_ids=np.arange(HIDDEN_SECTORS))
