"""The `dateline` command line, run as a user would: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dateline(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "dateline", *args], cwd=ROOT, input=stdin,
                          capture_output=True, check=False)


def test_cli_tag_prints_one_json_object_a_line():
    text = "The agency said on Wednesday that troops landed between Oct. 8 and Oct. 13."
    result = dateline("tag", "-", "--dct", "2024-10-23", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [row["text"] for row in rows] == ["Wednesday", "between Oct. 8 and Oct. 13"]
    assert rows[0]["value"] == "2024-10-23"
    assert rows[1]["interval"] == ["2024-10-08", "2024-10-13"]
    assert set(rows[0]) >= {"start", "end", "text", "type", "value", "granularity", "interval"}
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]


def test_cli_tag_offsets_count_characters_not_bytes(tmp_path):
    text = "Zelenskyy’s aide — quoted in “Kyiv” — spoke on Tuesday."
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    result = dateline("tag", str(path), "--dct", "2024-10-10")
    (row,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert text[row["start"] : row["end"]] == "Tuesday"


def test_cli_tag_without_dct_leaves_relative_dates_unplaced():
    result = dateline("tag", "-", stdin=b"On Tuesday, the 1973 war was recalled.")
    rows = {row["text"]: row for row in map(json.loads, result.stdout.decode().splitlines())}
    assert rows["Tuesday"]["interval"] is None
    assert rows["1973"]["interval"] == ["1973-01-01", "1973-12-31"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"caf\xe9 on Monday", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_cli_tag_rejects_unreadable_files_in_one_line(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = dateline("tag", str(path), "--dct", "2024-10-10")
    assert result.returncode == 2
    message = result.stderr.decode().strip()
    assert len(message.splitlines()) == 1
    assert str(path) in message and problem in message


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "2024-02-30"])
def test_cli_tag_rejects_a_bad_dct(bad):
    result = dateline("tag", "-", "--dct", bad, stdin=b"On Monday.")
    assert result.returncode == 2
    assert bad in result.stderr.decode()


def test_cli_every_command_has_help():
    for command in ("tag",):
        result = dateline(command, "--help")
        assert result.returncode == 0
        assert b"usage:" in result.stdout


def test_cli_piped_without_paths_names_what_is_missing():
    result = dateline()  # output piped; no hidden default folder is read
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        "dateline: no PATH given: with its output piped, dateline lists the dated expressions "
        "of the PATHs (dateline export prints the store's timeline)"
    ]


def test_cli_lists_the_seeds_as_one_timeline():
    result = dateline("seeds")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode().splitlines()
    assert any(line.startswith("2024-10-08…2024-10-13") for line in lines)
    starts = [line.split()[0][:10] for line in lines]
    assert starts == sorted(starts)
