"""Hypothesis strategies for small random networks (shared by the property tests)."""

from hypothesis import strategies as st


@st.composite
def small_networks(draw, max_firms=9, max_sectors=3):
    """(n, edges [(supplier, buyer, weight)], sector list, ess m x m lists)."""
    n = draw(st.integers(2, max_firms))
    m = draw(st.integers(1, max_sectors))
    sector = draw(st.lists(st.integers(0, m - 1), min_size=n, max_size=n))
    ess = draw(st.lists(st.lists(st.integers(0, 2), min_size=m, max_size=m), min_size=m, max_size=m))
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=min(len(pairs), 3 * n)))
    weights = draw(st.lists(st.floats(0.05, 20.0), min_size=len(chosen), max_size=len(chosen)))
    edges = sorted((i, j, w) for (i, j), w in zip(chosen, weights))
    return n, edges, sector, ess
