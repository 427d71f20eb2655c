"""Full ESRI on a Dask cluster (lianfu.supplynet.cluster) equals the in-process run bit
for bit, also when a worker process dies mid-run; the CLI writes the same CSV either way.

Two local worker processes on loopback, no dashboard; the cluster is closed even when a
test fails (fixture with yield)."""

import os
import signal
from functools import partial

import numpy as np
import pytest
from distributed import Client

from lianfu.supplynet import esri, generate
from lianfu.supplynet.cli import main
from lianfu.supplynet.cluster import default_chunk, esri_on_cluster, local_cluster, run_chunk

N_FIRMS = 4000
FIELDS = ("sources", "esri", "esri_d", "esri_u", "iterations", "stats")


@pytest.fixture(scope="module")
def net():
    return generate(N_FIRMS, seed=3)


@pytest.fixture(scope="module")
def expected(net):
    return esri(net)


@pytest.fixture(scope="module")
def client():
    with local_cluster(2) as cluster, Client(cluster) as cl:
        yield cl


def _assert_identical(got, want):
    for field in FIELDS:
        assert np.array_equal(getattr(got, field), getattr(want, field)), field
    assert got.max_iter == want.max_iter


def test_cluster_equals_single_process(net, expected, client):
    calls = []
    got = esri_on_cluster(net, client=client, progress=lambda done, total: calls.append((done, total)))
    _assert_identical(got, expected)
    chunks = -(-N_FIRMS // default_chunk(N_FIRMS, 2))
    assert len(calls) == chunks + 1 and calls[0] == (0, N_FIRMS) and calls[-1] == (N_FIRMS, N_FIRMS)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_cluster_subset_of_sources_in_given_order(net, client):
    src = np.array([3999, 7, 1200, 7, 0])
    got = esri_on_cluster(net, src, client=client, chunk=2, eps=0.05, replaceability=False, max_iter=3)
    _assert_identical(got, esri(net, src, eps=0.05, replaceability=False, max_iter=3))


def _die_once(marker, net, sources, eps, replaceability, max_iter):
    """The first chunk to get here kills its own worker process, as the OOM killer would."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return run_chunk(net, sources, eps, replaceability, max_iter)
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    os.kill(os.getpid(), signal.SIGKILL)


def test_killed_worker_chunk_is_rerun(net, expected, client, tmp_path):
    marker = tmp_path / "killed"
    before = set(client.run(os.getpid).values())
    got = esri_on_cluster(net, client=client, chunk=200, task=partial(_die_once, str(marker)))
    _assert_identical(got, expected)
    killed = int(marker.read_text())
    assert killed in before  # one of the two workers really died mid-run ...
    client.wait_for_workers(2, timeout=60)  # ... and its nanny started a new one
    assert killed not in set(client.run(os.getpid).values())


def test_a_network_lost_with_its_only_worker_is_broadcast_again(net, expected, tmp_path):
    """One worker: when it dies, the scattered network dies with it (it cannot be
    recomputed) and the scheduler cancels every chunk; the run broadcasts it again."""
    marker = tmp_path / "killed"
    with local_cluster(1) as cluster, Client(cluster) as alone:
        calls = []
        got = esri_on_cluster(net, client=alone, chunk=500, task=partial(_die_once, str(marker)),
                              progress=lambda done, total: calls.append(done))
    _assert_identical(got, expected)
    assert marker.exists() and calls[-1] == N_FIRMS and calls == sorted(calls)


def test_needs_exactly_one_place_to_run(net):
    with pytest.raises(ValueError):
        esri_on_cluster(net)
    with pytest.raises(ValueError):
        esri_on_cluster(net, address="tcp://127.0.0.1:1", local_workers=1)


def test_cli_local_workers_writes_the_same_csv(tmp_path):
    d = tmp_path / "net"
    assert main(["generate", "--firms", "1500", "--seed", "5", "--out", str(d)]) == 0
    alone, spread = tmp_path / "alone.csv", tmp_path / "spread.csv"
    assert main(["esri", "--dir", str(d), "--no-progress", "--out", str(alone)]) == 0
    assert main(["esri", "--dir", str(d), "--local-workers", "2", "--out", str(spread)]) == 0
    assert spread.read_bytes() == alone.read_bytes()
    with pytest.raises(SystemExit):  # one place to run, not two
        main(["esri", "--dir", str(d), "--local-workers", "2", "--cluster", "tcp://127.0.0.1:1",
              "--out", str(spread)])
