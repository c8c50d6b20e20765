"""The CLI's lookups as a user reads them: search lines and JSON carry a claim's stance and cue,
--actor takes any part of a name, an empty folder is refused, usage lines and piped context read
right."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from dateline.cli import main
from dateline.core.store.database import Store

from tests import timeline_fakes as fakes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store_path(tmp_path, monkeypatch, fake_nlp) -> Path:
    """A store of the fake corpus whose Zelenskyy claim is a denial."""
    path = tmp_path / "dateline.db"
    monkeypatch.setenv("DATELINE_DB", str(path))
    analyses = fakes.corpus()
    first = analyses[0]
    denial = dataclasses.replace(first.claims[0], stance="deny", cue="denied")
    analyses[0] = dataclasses.replace(first, claims=[denial])
    with Store.open(path, merge=fakes.merge) as store:
        store.save(analyses)
        store.rebuild()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_lines_say_a_denial_is_a_denial(capsys, store_path):
    code, out, _ = run(capsys, "search", "fighting")
    assert code == 0
    claim = next(line for line in out.splitlines() if " claim " in line)
    assert "Volodymyr Zelenskyy denies (denied): “Troops are fighting for Russia”" in claim


def test_cli_search_json_carries_stance_and_cue(capsys, store_path):
    code, out, _ = run(capsys, "search", "", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    claims = {row["speaker"]: row for row in rows if row["kind"] == "claim"}
    assert claims["Volodymyr Zelenskyy"]["stance"] == "deny"
    assert claims["Volodymyr Zelenskyy"]["cue"] == "denied"
    assert claims["the NIS"]["stance"] == "assert" and claims["the NIS"]["cue"] == "said"
    assert all(row["stance"] is None for row in rows if row["kind"] == "event")


@pytest.mark.parametrize("actor", ["Volodymyr", "zelenskyy", "VOLODYMYR ZELENSKYY",
                                   "volodymyr-zelenskyy"])
def test_cli_search_actor_matches_any_name_part_or_alias(capsys, store_path, actor):
    code, out, _ = run(capsys, "search", "", "--actor", actor, "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert any(r["kind"] == "claim" and r["speaker_id"] == "volodymyr-zelenskyy" for r in rows)
    assert all(r.get("speaker_id") in (None, "volodymyr-zelenskyy") for r in rows)


def test_cli_search_actor_part_of_a_speaker_as_written(capsys, store_path):
    code, out, _ = run(capsys, "search", "", "--actor", "NIS", "--json")
    assert code == 0
    speakers = {json.loads(line)["speaker"] for line in out.splitlines()}
    assert "the NIS" in speakers


def test_cli_an_empty_folder_says_so_and_exits_1(capsys, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.toml").write_text("title = 'a sidecar alone'\n")
    code, out, err = run(capsys, str(empty))
    assert code == 1 and not out
    assert err.strip() == f"dateline: no .txt/.md files in {empty}"


def test_cli_tag_usage_line_names_the_command(capsys):
    with pytest.raises(SystemExit):
        main(["tag", "--help"])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "usage: dateline tag [-h] [--dct YYYY-MM-DD] [FILE|-]"


def test_cli_piped_listing_cuts_context_at_word_boundaries(capsys):
    code, out, _ = run(capsys, str(ROOT / "seeds"))
    assert code == 0
    texts = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt"))
    words = set(re.findall(r"\S+", texts))
    lines = out.splitlines()
    assert len(lines) > 40
    for line in lines:
        context = line.split(None, 3)[3].strip("…")
        first, last = context.split()[0], context.split()[-1]
        assert first in words, (first, line)
        assert last in words, (last, line)
