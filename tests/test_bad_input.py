"""Bad input end to end: `dateline ingest` on a folder of broken files reports each one on one
stderr line naming the file and its problem, ingests the good article anyway, and exits 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.core.articles.reading import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent

GOOD = (
    "+++\ntitle = \"Troops land\"\noutlet = \"The Daily\"\npublished = 2024-10-23\n+++\n"
    "Troops landed in Vladivostok on Oct. 8, the agency said on Wednesday.\n"
)

# name -> (file bytes, sidecar text or None, words the stderr line must carry)
BAD: dict[str, tuple[bytes, str | None, tuple[str, ...]]] = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", None, ("binary",)),
    "controls.txt": (bytes(range(1, 9)) * 20, None, ("binary", "control bytes")),
    "undecodable.txt": (bytes(range(0x80, 0x100)) * 4, None,
                        ("not UTF-8", "no other text encoding fits")),
    "broken_utf16.txt": (b"\xff\xfeT\x00r\x00o", None, ("broken UTF-16",)),
    "empty.txt": (b"", None, ("empty file",)),
    "blank.txt": (b" \n\t\r\n", None, ("empty file",)),
    "huge.txt": (b"word " * (DEFAULT_MAX_BYTES // 5 + 1), None, ("over the limit",)),
    "front_toml.txt": (b"+++\ntitle = \"x\"\npublished = 2024-01-0x\n+++\nTroops landed.\n",
                       None, ("malformed TOML", "line 3")),
    "unclosed.txt": (b"+++\ntitle = \"x\"\nTroops landed.\n", None, ("never closed",)),
    "sidecar_toml.txt": (b"Troops landed on Monday.\n", 'title = "x"\noutlet = \n',
                         ("sidecar_toml.toml", "malformed TOML", "line 2")),
    "unknown_key.txt": (b"+++\npublised = 2024-10-01\n+++\nTroops landed.\n", None,
                        ("unknown metadata key 'publised'", "did you mean 'published'")),
    "feb30_string.txt": (b"+++\npublished = \"2024-02-30\"\n+++\nTroops landed.\n", None,
                         ("2024-02-30 does not exist",)),
    "feb30_toml.txt": (b"+++\npublished = 2024-02-30\n+++\nTroops landed.\n", None,
                       ("malformed TOML", "Invalid date", "line 2")),
    "year_0001.txt": (b"+++\npublished = 0001-01-01\n+++\nTroops landed.\n", None,
                      ("year 1 is outside",)),
    "year_9999.txt": (b"+++\npublished = \"9999-12-31\"\n+++\nTroops landed.\n", None,
                      ("year 9999 is outside",)),
    "not_a_date.txt": (b"+++\npublished = \"last Tuesday\"\n+++\nTroops landed.\n", None,
                       ("is not a date",)),
    "both_metadata.txt": (b"+++\ntitle = \"x\"\n+++\nTroops landed.\n", 'title = "y"\n',
                          ("metadata given twice",)),
}


def _dateline(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dateline", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, (raw, sidecar, _) in BAD.items():
        (folder / name).write_bytes(raw)
        if sidecar is not None:
            (folder / name).with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    db = folder.parent / f"{folder.name}.db"
    return folder, db, _dateline("ingest", str(folder), db=db)


def test_bad_input_exit_code_is_1_and_good_article_counted(ingested):
    _, _, result = ingested
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"1 ingested, 0 unchanged, {len(BAD)} failed")


def test_bad_input_one_line_per_bad_file(ingested):
    _, _, result = ingested
    lines = result.stderr.splitlines()
    assert len(lines) == len(BAD), result.stderr
    assert all(line.startswith("dateline: ") for line in lines)
    for name in BAD:
        assert sum(f"/{name}:" in line or f"/{Path(name).stem}.toml:" in line
                   for line in lines) == 1, (name, result.stderr)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_line_names_file_and_problem(ingested, name):
    folder, _, result = ingested
    _, _, words = BAD[name]
    # A broken sidecar is named itself: that is the file to fix.
    culprit = folder / (words[0] if words[0].endswith(".toml") else name)
    line = next(line for line in result.stderr.splitlines()
                if line.startswith(f"dateline: {culprit}:"))
    for word in words:
        assert word in line, (word, line)


def test_bad_input_good_article_is_in_the_store(ingested):
    _, db, _ = ingested
    result = _dateline("export", "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [a["title"] for a in data["articles"]] == ["Troops land"]
    assert any(e["start"] == "2024-10-08" for e in data["events"]), data["events"]


def test_bad_input_usage_error_exits_2(tmp_path):
    result = _dateline("ingest", db=tmp_path / "s.db")  # no PATH
    assert result.returncode == 2


def test_bad_input_max_size_is_configurable(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "small.txt").write_text("On Tuesday, officials met in Seoul.", encoding="utf-8")
    (folder / "large.txt").write_text("word " * 400, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "--db", str(tmp_path / "s.db"), "ingest",
         str(folder), "--max-size", "1000"],
        capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "large.txt" in line and "over the limit of 1,000" in line


# --- special files, bounded reads, globs (issue 12) ------------------------------------------


@pytest.fixture
def special_folder(tmp_path):
    """A folder with a good article, a FIFO and a link to /dev/zero, both named like articles."""
    folder = tmp_path / "special"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder


def test_bad_input_special_files_in_a_folder_are_one_line_each(special_folder, tmp_path):
    result = _dateline("ingest", str(special_folder), "--jobs", "1", db=tmp_path / "s.db")
    assert result.returncode == 1
    assert result.stdout.startswith("1 ingested, 0 unchanged, 2 failed")
    assert sorted(result.stderr.splitlines()) == [
        f"dateline: {special_folder / 'pipe.txt'}: is a FIFO (named pipe), not a regular file; "
        "skipped",
        f"dateline: {special_folder / 'zero.txt'}: is a device, not a regular file; skipped",
    ]


def test_bad_input_a_fifo_named_is_called_a_fifo(special_folder, tmp_path):
    result = _dateline("ingest", str(special_folder / "pipe.txt"), str(special_folder / "good.txt"),
                       db=tmp_path / "s.db")
    assert result.returncode == 1
    assert result.stderr == (f"dateline: {special_folder / 'pipe.txt'}: is a FIFO (named pipe), "
                             "not a regular file; skipped\n")
    assert result.stdout.startswith("1 ingested")


def test_bad_input_piped_listing_and_export_skip_special_files(special_folder, tmp_path):
    listing = _dateline(str(special_folder), db=tmp_path / "s.db")  # stdin/stdout not a tty
    assert listing.returncode == 1 and "2024-10-08" in listing.stdout
    assert len(listing.stderr.splitlines()) == 2
    export = _dateline("export", str(special_folder), db=tmp_path / "s.db")
    assert export.returncode == 1 and json.loads(export.stdout)["articles"]


def test_bad_input_reading_is_bounded_whatever_stat_says():
    from dateline.core.articles.reading import read_regular
    from dateline.core.errors import ArticleError

    # /proc files say they are empty (st_size 0) and are not.
    assert os.stat("/proc/self/maps").st_size == 0
    with pytest.raises(ArticleError, match="over the limit of 10 bytes"):
        read_regular("/proc/self/maps", max_bytes=10)


def test_bad_input_globs_never_follow_links_to_folders(tmp_path):
    from dateline.core.articles.reading import expand_paths

    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "top.txt").write_text("x", encoding="utf-8")
    (tree / "a" / "b" / "deep.txt").write_text("x", encoding="utf-8")
    (tree / "a" / "b" / "up").symlink_to("../..")  # a loop: up/a/b/up/a/b/...
    (tree / "a" / "loop").symlink_to(tree)
    found = expand_paths([f"{tree}/**/*.txt"])
    assert found == [tree / "a" / "b" / "deep.txt", tree / "top.txt"]
    assert expand_paths([f"{tree}/**"]) == found


# --- encodings (issue 12) ---------------------------------------------------------------------

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_bad_input_seeds_in_cp1252_decode_to_their_utf8_text(seed):
    from dateline.core.articles.reading import decode_text

    text = seed.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert decode_text(text.encode("cp1252"), seed) == text


@pytest.mark.parametrize(("raw", "expected"), [
    ("Kim — the leader’s envoy — arrived.".encode() + b" \x92 Done.",
     "Kim — the leader’s envoy — arrived. \ufffd Done."),
    ("서울에서 회담이 열렸다. ".encode() * 40 + b"\xff",
     "서울에서 회담이 열렸다. " * 40 + "\ufffd"),
])
def test_bad_input_utf8_with_a_stray_byte_stays_utf8_and_marks_it(raw, expected):
    from dateline.core.articles.reading import decode_text

    assert decode_text(raw, "x.txt") == expected


@pytest.mark.parametrize("text", [
    "Officials said “the talks” would resume.",  # charset-normalizer's best guess: cp775
    "He paid €5 — “cheap”.",  # its best guess: cp437
    "The café’s owner said “no” on Monday.",
])
def test_bad_input_a_short_cp1252_file_is_cp1252(text):
    from dateline.core.articles.reading import decode_text

    assert decode_text(text.encode("cp1252"), "x.txt") == text


def test_bad_input_a_low_confidence_guess_is_refused_with_one_line():
    from dateline.core.articles.reading import decode_text
    from dateline.core.errors import ArticleError

    # English words with stray high bytes: charset-normalizer's best guess is mac_cyrillic,
    # 16 % mess ("troops» Monday„" read as "troopsї MondayД"); not cp1252 (0x90 is undefined).
    raw = (b"officials said troops troops\xbb Monday\x84 the border officials\x88 officials\xd7 "
           b"border\x90 border\xb8 on border\x93 border\xa9 on officials\xec said the\xf5 border "
           b"on\x89 officials\xde on Monday troops the said Monday\xb5 troops\xe7 Monday\x87 "
           b"said\xab")
    with pytest.raises(ArticleError) as caught:
        decode_text(raw, "x.txt")
    assert str(caught.value).startswith("x.txt: not UTF-8 (byte 0xbb at offset 28), and the "
                                        "best guess (")
    assert "reads as garbled text" in str(caught.value) and "\n" not in str(caught.value)


def test_bad_input_random_high_bytes_are_refused():
    import random

    from dateline.core.articles.reading import decode_text
    from dateline.core.errors import ArticleError

    rng = random.Random(1)
    raw = b" ".join(bytes(rng.randrange(0xA0, 0x100) for _ in range(rng.randint(2, 6))) + b"ab"
                    for _ in range(60))
    with pytest.raises(ArticleError, match=r"not UTF-8 .*no other text encoding fits"):
        decode_text(raw, "x.txt")
