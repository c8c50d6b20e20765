"""`dateline ingest`, `export` and `search`: the CLI faces of the store.

Most tests run `main()` in-process with the hand-made analysis and merge of
tests/timeline_fakes.py (the `fake_nlp` fixture of conftest.py: they test the CLI, not the NLP);
those taking `any_store` run on SQLite and on PostgreSQL;
the end-to-end tests at the bottom run the real thing in a subprocess. No test touches the
user's data directory: conftest.py points DATELINE_DB (`store_path`) into a tmp folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from dateline.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("tag", "ingest", "export", "search", "remove")


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A folder with two good articles and four bad files."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good1.txt").write_text(
        "A missile hit Kharkiv on 2024-01-06. Nothing else happened.\n", encoding="utf-8")
    (folder / "good2.md").write_text(
        "Troops landed in Vladivostok on 2024-10-08. They moved on 2024-10-13.\n",
        encoding="utf-8")
    (folder / "good2.toml").write_text('outlet = "Yonhap"\npublished = 2024-10-18\n')
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03PNG\x00" * 20)
    (folder / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 10)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "sidecar.txt").write_text("Fine text on 2024-05-05.\n", encoding="utf-8")
    (folder / "sidecar.toml").write_text('title = "unclosed\n')
    return folder


@pytest.fixture
def any_store(store_location, monkeypatch) -> str:
    """DATELINE_DB on an SQLite file, then on a PostgreSQL schema (tests/store_backends.py)."""
    monkeypatch.setenv("DATELINE_DB", store_location)
    return store_location


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- help ---


def test_cli_store_every_command_has_help():
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(sub.choices) == set(COMMANDS)
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    for name, command in sub.choices.items():
        assert helps[name], f"{name} has no one-line help"
        assert command.description, f"{name} has no description"
        for action in command._actions:
            assert action.help, f"{name} {action.dest} has no help"


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_store_help_runs_for_every_command(command, store_path):
    result = subprocess.run([sys.executable, "-m", "dateline", command, "--help"], cwd=ROOT,
                            capture_output=True, check=False,
                            env={**os.environ, "DATELINE_DB": str(store_path)})
    assert result.returncode == 0
    assert b"usage:" in result.stdout
    assert not store_path.exists()


# --- ingest ---


def test_cli_store_ingest_reports_each_bad_file_and_ingests_the_rest(capsys, fake_nlp, corpus,
                                                                     store_path):
    code, out, err = run(capsys, "ingest", str(corpus))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 4, err
    for name, problem in [
        ("binary.txt", "binary file"),
        ("undecodable.txt", "no other text encoding fits"),
        ("empty.txt", "empty file"),
        ("sidecar.toml", "malformed TOML"),
    ]:
        (line,) = [x for x in lines if name in x]
        assert line.startswith("dateline: ") and problem in line, line
    assert out.startswith("2 ingested, 0 unchanged, 4 failed")
    assert store_path.exists()
    code, out, _ = run(capsys, "search", "Kharkiv")
    assert code == 0 and "2024-01-06" in out and "good1" in out


def test_cli_store_ingest_twice_reports_unchanged_then_changed(capsys, fake_nlp, corpus, any_store):
    run(capsys, "ingest", str(corpus / "good1.txt"), str(corpus / "good2.md"))
    code, out, _ = run(capsys, "ingest", str(corpus / "*.txt"), str(corpus / "good2.md"))
    assert out.startswith("0 ingested, 2 unchanged, 4 failed") and code == 1
    (corpus / "good1.txt").write_text("A drone hit Odesa on 2024-02-02.\n", encoding="utf-8")
    code, out, _ = run(capsys, "ingest", str(corpus / "good1.txt"), str(corpus / "good2.md"))
    assert code == 0 and out.startswith("1 ingested, 1 unchanged, 0 failed")
    assert "Odesa" in run(capsys, "search", "Odesa")[1]
    assert run(capsys, "search", "Kharkiv")[1] == ""
    code, out, _ = run(capsys, "ingest", "--force", str(corpus / "good1.txt"))
    assert code == 0 and out.startswith("1 ingested, 0 unchanged")


def test_cli_store_ingest_names_a_missing_path_and_goes_on(capsys, fake_nlp, corpus):
    code, out, err = run(capsys, "ingest", str(corpus / "nope"), str(corpus / "good1.txt"))
    assert code == 1 and "nope: no such file or directory" in err
    assert out.startswith("1 ingested")


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli_store_db_option_wins_over_the_env(capsys, fake_nlp, corpus, tmp_path, store_path,
                                               where):
    other = tmp_path / "other.db"
    db = ["--db", str(other)]
    argv = [*db, "ingest", str(corpus / "good1.txt")] if where == "before" else [
        "ingest", str(corpus / "good1.txt"), *db]
    assert run(capsys, *argv)[0] == 0
    assert other.exists() and not store_path.exists()


def test_cli_store_ingest_needs_a_path(capsys, store_path):
    assert main(["ingest"]) == 2
    assert "give at least one PATH" in capsys.readouterr().err
    assert not store_path.exists()


# --- export ---


@pytest.mark.parametrize("fmt", ["json", "csv", "ics", "timelinejs"])
def test_cli_store_export_paths_use_a_throwaway_store(capsys, fake_nlp, corpus, store_path, fmt):
    code, out, err = run(capsys, "export", str(corpus / "good1.txt"), str(corpus / "good2.md"),
                         "--format", fmt)
    assert code == 0, err
    assert "Kharkiv" in out and "Vladivostok" in out
    assert not store_path.exists()


def test_cli_store_export_json_of_the_store_to_a_file(capsys, fake_nlp, corpus, tmp_path,
                                                     any_store):
    run(capsys, "ingest", str(corpus))
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "export", "-o", str(target))
    assert code == 0 and out == ""
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert set(doc) == {"articles", "events", "claims", "actors", "key_dates"}
    assert [a["id"] for a in doc["articles"]] == ["good1", "good2"]
    assert [e["start"] for e in doc["events"]] == ["2024-01-06", "2024-10-08", "2024-10-13"]
    assert doc["articles"][1]["outlet"] == "Yonhap"


def test_cli_store_export_ics_keeps_crlf(capsys, fake_nlp, corpus, tmp_path):
    target = tmp_path / "out.ics"
    run(capsys, "export", str(corpus / "good2.md"), "--format", "ics", "-o", str(target))
    data = target.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert len(list(icalendar.Calendar.from_ical(data).walk("VEVENT"))) == 2


def test_cli_store_export_paths_with_bad_files_exits_1_but_exports(capsys, fake_nlp, corpus):
    code, out, err = run(capsys, "export", str(corpus), "--format", "csv")
    assert code == 1 and len(err.splitlines()) == 4
    assert out.splitlines()[0].startswith("start,end,granularity")


def test_cli_store_export_without_a_store_says_so(capsys, any_store):
    code, _, err = run(capsys, "export")
    assert code == 1 and "dateline ingest" in err


# --- search ---


def test_cli_store_search_prints_lines_and_json(capsys, fake_nlp, corpus, any_store):
    run(capsys, "ingest", str(corpus))
    code, out, _ = run(capsys, "search", "troops")
    assert code == 0
    assert out.splitlines() == [
        out.splitlines()[0],
    ] and out.startswith("2024-10-08") and "[Yonhap]" in out
    code, out, _ = run(capsys, "search", "", "--since", "2024-10", "--until", "2024", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["start"] for r in rows] == ["2024-10-08", "2024-10-13"]
    assert rows[0]["articles"] == ["good2"] and rows[0]["kind"] == "event"


def test_cli_store_search_says_when_it_cut_the_results(capsys, fake_nlp, corpus, any_store):
    run(capsys, "ingest", str(corpus))
    code, out, err = run(capsys, "search", "", "--limit", "2")
    assert code == 0 and [line[:10] for line in out.splitlines()] == ["2024-01-06", "2024-10-08"]
    assert "showing the earliest 2 results" in err
    code, out, err = run(capsys, "search", "", "--limit", "3")
    assert len(out.splitlines()) == 3 and err == ""


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["search", "x", "--limit", "0"], "invalid positive value"),
        (["search", "x", "--since", "2024-13"], "--since '2024-13'"),
        (["search", "x", "--until", "yesterday"], "--until 'yesterday'"),
        (["search", "x", "--country", "Narnia"], "unknown country"),
    ],
)
def test_cli_store_search_usage_errors_exit_2(capsys, fake_nlp, corpus, argv, problem):
    run(capsys, "ingest", str(corpus / "good1.txt"))
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and problem in err


def test_cli_store_search_without_a_store_says_so(capsys, store_path):
    code, _, err = run(capsys, "search", "Kharkiv")
    assert code == 1 and "dateline ingest" in err and not store_path.exists()


# --- end to end, with the real pipeline and merge ---



def dateline(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dateline", *args], cwd=ROOT,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "DATELINE_DB": str(db)})


def test_cli_store_exports_the_seeds_as_json(store_path):
    result = dateline("export", "seeds/", "--format", "json", db=store_path)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc) == {"articles", "events", "claims", "actors", "key_dates"}
    assert len(doc["articles"]) == 5 and doc["events"]
    assert all(set(e) >= {"id", "start", "end", "mentions", "countries"} for e in doc["events"])
    assert not store_path.exists()


def test_cli_store_search_finds_kharkiv_in_seed_003(store_path):
    ingested = dateline("ingest", "seeds/", db=store_path)
    assert ingested.returncode == 0, ingested.stderr
    result = dateline("search", "Kharkiv", "--json", db=store_path)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert any(
        r["kind"] == "event" and r["start"] == "2024-01-06"
        and any(a.startswith("003") for a in r["articles"])
        for r in rows
    ), rows
