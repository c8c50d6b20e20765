"""core.store.ingest: files into a store — skipping unchanged files, batching, merging once, and
recovering from an interrupted run."""

from __future__ import annotations

import pytest

from dateline.core.store.database import Store
from dateline.core.store.ingest import ingest

from tests import timeline_fakes as fakes


@pytest.fixture
def folder(tmp_path):
    for n, day in enumerate(["2024-01-06", "2024-10-08", "2024-10-13"]):
        (tmp_path / f"a{n}.txt").write_text(f"Thing {n} happened on {day}.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    return tmp_path


@pytest.fixture
def merges():
    calls = []

    def counting(analyses):
        calls.append(len(analyses))
        return fakes.merge(analyses)

    return calls, counting


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_ingest_saves_in_batches_and_merges_once(folder, merges, batch):
    calls, merge = merges
    with Store.open(":memory:", merge=merge) as store:
        report = ingest(store, [folder], analyse=fakes.analyse, batch=batch)
        assert report.summary() == "3 ingested, 0 unchanged, 1 failed"
        assert calls == [3] and not store.stale
        assert [e.start.isoformat() for e in store.timeline().events] == [
            "2024-01-06", "2024-10-08", "2024-10-13"]


def test_ingest_skips_unchanged_files_and_does_not_merge(folder, merges):
    calls, merge = merges
    with Store.open(":memory:", merge=merge) as store:
        ingest(store, [folder], analyse=fakes.analyse)
        report = ingest(store, [folder], analyse=fakes.analyse)
        assert (len(report.ingested), len(report.unchanged)) == (0, 3)
        assert calls == [3]


def test_ingest_force_analyses_unchanged_files_again(folder, merges):
    calls, merge = merges
    with Store.open(":memory:", merge=merge) as store:
        ingest(store, [folder], analyse=fakes.analyse)
        report = ingest(store, [folder], analyse=fakes.analyse, force=True)
        assert len(report.ingested) == 3 and calls == [3, 3]


def test_ingest_an_interrupted_run_keeps_its_batches_and_the_next_run_merges(folder, merges):
    calls, merge = merges
    seen = []

    def analyse_then_interrupt(article):
        seen.append(article.id)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return fakes.analyse(article)

    with Store.open(":memory:", merge=merge) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [folder], analyse=analyse_then_interrupt, batch=1)
        assert store.article_count() == 1 and store.stale and calls == []
        report = ingest(store, [folder], analyse=fakes.analyse, batch=1)
        assert (len(report.ingested), len(report.unchanged)) == (2, 1)
        assert not store.stale and calls == [3]


def test_ingest_a_failing_analysis_is_one_error_not_a_crash(folder):
    def broken(article):
        if article.id == "a1":
            raise ZeroDivisionError("oops")
        return fakes.analyse(article)

    with Store.open(":memory:", merge=fakes.merge) as store:
        report = ingest(store, [folder], analyse=broken)
    problems = sorted(str(e) for e in report.failed)
    assert len(report.ingested) == 2 and len(problems) == 2
    assert any("a1.txt: analysis failed: ZeroDivisionError: oops" in p for p in problems)


def test_ingest_reports_progress_per_file(folder):
    seen = []
    with Store.open(":memory:", merge=fakes.merge) as store:
        ingest(store, [folder], analyse=fakes.analyse,
               progress=lambda done, total, path: seen.append((done, total, path.name)))
    assert seen == [(0, 4, "a0.txt"), (1, 4, "a1.txt"), (2, 4, "a2.txt"), (3, 4, "bad.txt")]
