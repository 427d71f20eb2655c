"""A network on which the published rule cycles for ever (found by the property
tests when their examples were drawn at random): six firms, a two-firm loop
(1 -> 2 -> 1) and replaceability on. When firm 2 closes, sector 2's market
(firms 1 and 2) collapses completely, counts as A = 1 (the published rule),
passes on less loss, firm 1 revives, the market is back, firm 1 collapses again:
a two-round cycle whose decrease exceeds eps every other round. `esri` caps each
scenario's rounds (docs/engine.md §4.5), says which scenarios hit the cap, and
equals the plain reference stopped at the same round."""
import subprocess
import sys

import numpy as np
import pytest

from lianfu.supplynet import Network, esri
from lianfu.supplynet.cascade import MAX_ROUNDS
from tests.supplynet.plain_reference import cascade as reference_cascade
from tests.supplynet.plain_reference import esri as reference_esri

W = 0.05
EDGES = [(0, 1, W), (1, 2, W), (2, 1, W), (2, 3, W), (2, 4, W), (2, 5, W), (4, 3, W), (4, 5, W), (5, 0, W), (5, 1, W)]
SECTOR = [1, 2, 2, 0, 1, 0]
ESS = [[1, 1, 2], [2, 0, 1], [1, 0, 2]]


def network() -> Network:
    s, b, w = zip(*EDGES)
    return Network.from_edges(s, b, w, SECTOR, ESS)


def test_the_published_rule_cycles_with_period_two_when_firm_2_closes():
    def firm_1_after(rounds: int) -> float:
        hd, _, _, _ = reference_cascade(6, EDGES, SECTOR, ESS, [[1, 1, 0, 1, 1, 1]], max_iter=rounds)[0]
        return hd[1]

    assert [firm_1_after(t) for t in range(2, 8)] == [0.5, 0.0, 0.5, 0.0, 0.5, 0.0]


@pytest.mark.parametrize("block", [1, 3])
def test_esri_stops_at_the_cap_names_the_cycling_scenario_and_matches_the_reference(block):
    res = esri(network(), replaceability=True, block=block, threads=1, max_iter=200)
    expected, _ = reference_esri(6, EDGES, SECTOR, ESS, max_iter=200)
    np.testing.assert_allclose(res.esri, expected, rtol=0, atol=1e-12)
    assert res.capped.tolist() == [2] and res.iterations[2] == 200
    assert res.iterations.tolist() == [10, 7, 200, 21, 13, 8]


def test_the_default_cap_stops_in_a_child_process_within_seconds():
    """The default (MAX_ROUNDS) applies without asking; a child process with a
    timeout, so that a regression fails instead of hanging the suite."""
    case = ("from tests.supplynet.test_cascade_cycle import network; from lianfu.supplynet import esri; "
            "r = esri(network(), block=1, threads=1); print(r.capped.tolist(), int(r.iterations.max()))")
    done = subprocess.run([sys.executable, "-c", case], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == f"[2] {MAX_ROUNDS}"
