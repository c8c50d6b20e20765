"""core.store.cluster: ingest with the analysis on a real Dask cluster (scheduler and worker
processes over TCP on localhost), including a worker killed in the middle of a run."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from dateline.cli import main
from dateline.core.store.cluster import ClusterError
from dateline.core.store.database import Store
from dateline.core.store.ingest import ingest

from tests.cluster_work import slow_analyse

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as local:
        assert local.scheduler_address.startswith("tcp://127.0.0.1:")
        yield local


def _corpus(folder: Path, copies: int) -> list[Path]:
    """`copies` distinct articles: the seeds, each copy with a line of its own."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    written = []
    for n in range(copies):
        seed = seeds[n % len(seeds)]
        path = folder / f"{n:03d}_{seed.name}"
        path.write_text(seed.read_text(encoding="utf-8") + f"\nCopy {n}.\n", encoding="utf-8")
        sidecar = seed.with_suffix(".toml")
        if sidecar.exists():
            path.with_suffix(".toml").write_text(sidecar.read_text(encoding="utf-8"),
                                                 encoding="utf-8")
        written.append(path)
    return written


def _events(store: Store) -> list[tuple[str, str, int]]:
    return sorted((e.value, e.text, len(e.mentions)) for e in store.timeline().events)


def test_cluster_ingest_gives_the_same_timeline_as_local_ingest(cluster, tmp_path):
    with Store.open(tmp_path / "local.db") as local:
        ingest(local, [SEEDS], jobs=1)
        expected = _events(local)
    with Store.open(tmp_path / "cluster.db") as remote:
        report = ingest(remote, [SEEDS], scheduler=cluster.scheduler_address)
        assert report.failed == []
        assert len(report.ingested) == 5
        assert _events(remote) == expected


def test_cluster_ingest_survives_a_worker_killed_mid_run(cluster, tmp_path):
    paths = _corpus(tmp_path / "corpus", 30)
    killed = []
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        def kill_one_worker(done: int, total: int, path: Path) -> None:
            if done == 3 and not killed:
                pids = client.run(os.getpid)
                pid = sorted(pids.values())[0]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)

        with Store.open(tmp_path / "killed.db") as store:
            report = ingest(store, paths, analyse=slow_analyse, progress=kill_one_worker,
                            scheduler=cluster.scheduler_address)
            assert killed, "no worker was killed: the test did not test anything"
            assert report.failed == []
            assert sorted(report.ingested) == sorted(os.fspath(p) for p in paths)
            ids = [article.id for article in store.timeline().articles]
            assert len(ids) == len(set(ids)) == 30


def test_cluster_ingest_reports_an_unreachable_scheduler_in_one_line(tmp_path, capsys):
    code = main(["ingest", str(SEEDS), "--db", str(tmp_path / "x.db"),
                 "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "tcp://127.0.0.1:9" in err[0] and "Traceback" not in err[0]


def test_cluster_error_is_a_dateline_error():
    assert "scheduler" in str(ClusterError("tcp://x:1: cannot reach the Dask scheduler"))
