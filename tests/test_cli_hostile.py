"""What the CLI prints and exports carries nothing a terminal or a spreadsheet would act on
(issue 12): escape sequences in article text, metadata and file names are shown as visible
stand-ins; CSV cells that would start a formula are prefixed; the xlsx export has typed cells
and never a formula; a huge --limit is clamped."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

OSC52 = "\x1b]52;c;cm0gLXJmIH4vKg==\x07"  # writes `rm -rf ~/*` into the clipboard
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J\x9b2J"  # ESC [ and the one-byte C1 CSI
# Anything a terminal acts on: C0 controls but newline and tab, DEL, C1, bidi overrides.
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ARTICLE = (
    f"Troops landed in Vladivostok on Oct. 8, {OSC52}the agency said on Wednesday.\n\n"
    f"=HYPERLINK(\"http://evil.example\",\"x\") {CLEAR} officials said on Oct. 9 that "
    "more troops were coming.\n"
)
# TOML forbids raw control characters; its \\u escapes carry them all the same.
SIDECAR = ('title = "Landing\\u001b]0;pwned\\u0007"\n'
           'outlet = "Daily\\u001b]52;c;cm0gLXJmIH4vKg==\\u0007"\npublished = 2024-10-23\n')
EVIL_NAME = f"evil{TITLE}.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "landing.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "landing.toml").write_text(SIDECAR, encoding="utf-8")
    (folder / EVIL_NAME).write_bytes(b"")  # empty: its error line names it
    (folder / "formula.txt").write_text(
        "@SUM(A1) +cmd|' /C calc'!A0 -2+3 troops moved on March 3, 2024, officials said.\n",
        encoding="utf-8")
    db = folder.parent / f"{folder.name}.db"
    ingest = _dateline("ingest", str(folder), db=db)
    return folder, db, ingest


def _dateline(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(db.parent / "xdg")}
    return subprocess.run([sys.executable, "-m", "dateline", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
                          errors="surrogateescape")


def test_cli_hostile_stderr_shows_an_escaped_file_name(hostile):
    folder, _, ingest = hostile
    assert ingest.returncode == 1
    (line,) = ingest.stderr.splitlines()
    assert line == f"dateline: {folder}/evil␛]0;pwned␇.txt: empty file"
    assert not ACTIVE.search(ingest.stderr + ingest.stdout)


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_cli_hostile_search_prints_no_escape_sequences(hostile, extra):
    _, db, _ = hostile
    result = _dateline("search", "", *extra, db=db)
    assert result.returncode == 0, result.stderr
    assert "troops" in result.stdout.lower()
    assert not ACTIVE.search(result.stdout), result.stdout
    if extra:  # still JSON, with the same values once decoded
        texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
        assert any("\x1b" in text or "=HYPERLINK" in text for text in texts)
    else:
        assert "␛]52;c;" in result.stdout or "[Daily␛]52" in result.stdout


def test_cli_hostile_piped_listing_prints_no_escape_sequences(hostile, tmp_path):
    folder, _, _ = hostile
    result = _dateline(str(folder / "landing.txt"), db=tmp_path / "unused.db")
    assert result.returncode == 0, result.stderr
    assert "2024-10-08" in result.stdout
    assert not ACTIVE.search(result.stdout)


def test_cli_hostile_a_non_utf8_file_name_is_shown_escaped(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt"), "wb"):
        pass  # empty: reported by name
    result = _dateline("ingest", str(folder), db=tmp_path / "s.db")
    assert result.returncode == 1
    assert result.stderr == f"dateline: {folder}/bad\\xff\\xfe.txt: empty file\n"


def test_cli_hostile_csv_cells_never_start_a_formula(hostile):
    _, db, _ = hostile
    result = _dateline("export", "--format", "csv", db=db)
    assert result.returncode == 0, result.stderr
    assert not ACTIVE.search(result.stdout.replace("\r\n", "\n"))
    rows = list(csv.reader(io.StringIO(result.stdout)))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert any(c.startswith("'") for c in cells), cells


def test_cli_hostile_ics_carries_no_control_characters(hostile):
    _, db, _ = hostile
    result = _dateline("export", "--format", "ics", db=db)
    assert result.returncode == 0, result.stderr
    body = result.stdout.replace("\r\n", "\n")
    assert "BEGIN:VEVENT" in body and not ACTIVE.search(body)
    import icalendar

    calendar = icalendar.Calendar.from_ical(result.stdout)
    assert any("␛" in str(event.get("DESCRIPTION")) for event in calendar.walk("VEVENT"))


def test_cli_hostile_xlsx_has_typed_cells_and_no_formula(hostile, tmp_path):
    from openpyxl import load_workbook

    from dateline.core.timeline.spreadsheet import HEADER

    _, db, _ = hostile
    out = tmp_path / "timeline.xlsx"
    result = _dateline("export", "--format", "xlsx", "-o", str(out), db=db)
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows())
    assert tuple(c.value for c in rows[0]) == HEADER
    body = rows[1:]
    assert body
    for row in body:
        start, end, approximate, text, count = (row[0], row[1], row[4], row[5], row[7])
        assert isinstance(start.value, datetime) and isinstance(end.value, datetime)
        assert start.value.date() >= date(2024, 1, 1)
        assert isinstance(approximate.value, bool)
        assert isinstance(count.value, int) and count.value >= 1
        assert text.data_type == "s"
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith(("=", "@")) for t in texts)  # kept as text, not run
    assert not any(ACTIVE.search(t) for t in texts)


def test_cli_hostile_a_huge_limit_is_clamped(hostile):
    _, db, _ = hostile
    result = _dateline("search", "", "--limit", "9223372036854775807", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") >= 2


@pytest.mark.parametrize("fmt", ["json", "timelinejs"])
def test_cli_hostile_json_exports_are_printable_and_the_same_json(hostile, fmt):
    _, db, _ = hostile
    result = _dateline("export", "--format", fmt, db=db)
    assert result.returncode == 0, result.stderr
    assert not ACTIVE.search(result.stdout)
    document = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    assert "\x1b" in document or "\x9b" in document  # the values are unchanged
