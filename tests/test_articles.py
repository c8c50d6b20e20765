"""Reading article files: metadata, decoding, errors, path expansion, Timeline17 text."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dateline.core.articles.ptb import detokenize
from dateline.core.articles.reading import expand_paths, parse_article, read_article
from dateline.core.errors import ArticleError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
T17 = ROOT.parent / "shared" / "corpora" / "timeline17"
T17_FILE = T17 / "H1N1_bbc" / "InputDocs" / "2009-04-25" / "558.htm.txt"

BODY = "Seoul said on Tuesday that troops had arrived.\n"


def _write(tmp_path: Path, name: str, data: bytes | str, sidecar: str | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    if sidecar is not None:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("stem", "published", "outlet"),
    [
        ("000_5b4eab8f43ccccc4", date(2024, 10, 10), "Radio Free Asia"),
        ("001_7a4f2c888cc0ca1e", date(2024, 10, 23), "The New York Times"),
        ("002_3f1af3a215b900fb", date(2024, 10, 8), "The Washington Times"),
        ("003_f86dd0539654f108", date(2024, 10, 17), "The Korea Times"),
        ("004_b29d90e3aaf2b8da", date(2024, 10, 16), "The New York Times"),
    ],
)
def test_articles_seed_sidecars_load(stem: str, published: date, outlet: str) -> None:
    article = read_article(SEEDS / f"{stem}.txt")
    assert article.id == stem
    assert article.published == published
    assert article.published_source == "metadata"
    assert article.outlet == outlet
    assert article.language == "en"
    assert article.text == (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("stem", "title"),
    [
        ("001_7a4f2c888cc0ca1e", "What We Know About North Korea’s Role in the Ukraine War"),
        (
            "003_f86dd0539654f108",
            "Pyongyang may have sent engineers to assess its missiles, "
            "but large-scale troop deployments remain unlikely: experts",
        ),
    ],
)
def test_articles_seed_titles_occur_in_text(stem: str, title: str) -> None:
    article = read_article(SEEDS / f"{stem}.txt")
    assert article.title == title
    assert title in article.text


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-10-10", date(2024, 10, 10)),
        ('"2024-10-10"', date(2024, 10, 10)),
        ("2024-10-10T08:30:00+09:00", date(2024, 10, 10)),
        ("2024-10-10 23:59:00", date(2024, 10, 10)),
        ('"2024-10-10T08:30:00Z"', date(2024, 10, 10)),
    ],
)
def test_articles_sidecar_metadata(tmp_path: Path, published: str, expected: date) -> None:
    sidecar = (
        f'title = "Troops arrive"\noutlet = "Example News"\nurl = "https://example.org/a"\n'
        f'published = {published}\nlanguage = "ko"\n'
    )
    article = read_article(_write(tmp_path, "story.txt", BODY, sidecar))
    assert (article.id, article.title, article.outlet) == ("story", "Troops arrive", "Example News")
    assert article.url == "https://example.org/a"
    assert article.published == expected
    assert article.language == "ko"
    assert article.text == BODY


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_articles_front_matter_is_cut_and_offsets_refer_to_body(
    tmp_path: Path, newline: str
) -> None:
    raw = newline.join(["+++", 'title = "Troops arrive"', "published = 2024-10-17", "+++", BODY])
    article = read_article(_write(tmp_path, "story.md", raw))
    assert article.title == "Troops arrive"
    assert article.published == date(2024, 10, 17)
    assert article.text == BODY
    assert article.text.index("Tuesday") == BODY.index("Tuesday")


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"])
def test_articles_utf8_with_and_without_bom(prefix: bytes) -> None:
    article = parse_article(prefix + "Kim’s visit.\n".encode(), None, "x/a.txt")
    assert article.text == "Kim’s visit.\n"
    assert article.id == "a"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_articles_other_encodings_are_detected(encoding: str) -> None:
    text = "The minister’s café visit – “a grave threat” – was reported on Tuesday.\n" * 5
    article = parse_article(text.encode(encoding), None, "a.txt")
    assert article.text == text


def test_articles_without_charset_normalizer_undecodable_bytes_fail_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # import now fails
    with pytest.raises(ArticleError) as info:
        parse_article("café".encode("cp1252") + b" ok\n", None, "dir/a.txt")
    assert str(info.value) == (
        "dir/a.txt: not UTF-8 (byte 0xe9 at offset 3); "
        "install charset-normalizer to read other encodings"
    )


def test_articles_content_hash_follows_sidecar(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", BODY)
    bare = read_article(path).content_hash
    path.with_suffix(".toml").write_text('title = "One"\n', encoding="utf-8")
    one = read_article(path).content_hash
    path.with_suffix(".toml").write_text('title = "Two"\n', encoding="utf-8")
    two = read_article(path).content_hash
    assert len({bare, one, two}) == 3


@pytest.mark.parametrize(
    ("name", "data", "sidecar", "problem"),
    [
        ("empty.txt", b"", None, "empty file"),
        ("blank.txt", b" \n\t\n", None, "empty file (only whitespace)"),
        ("nul.txt", b"abc\x00def", None, "binary file (contains NUL bytes), not text"),
        ("junk.txt", bytes(range(128, 256)) * 10, None, "and no other text encoding fits"),
        ("ctrl.txt", bytes(range(1, 9)) * 20, None, "binary file"),
        ("open.md", "+++\ntitle = 'x'\n" + BODY, None, "front matter opened with +++"),
        ("fm.md", "+++\ntitle = 'x'\ntitle = \n+++\n" + BODY, None, "at line 3, column 9"),
        ("only.md", "+++\ntitle = 'x'\n+++\n\n", None, "no article text after the front matter"),
        ("both.md", "+++\ntitle = 'x'\n+++\n" + BODY, "title = 'y'", "metadata given twice"),
        ("k.txt", BODY, "title = 'x'\npublised = 2024-10-10", "'publised' (did you mean"),
        ("d.txt", BODY, 'published = "2024-02-30"', "published: 2024-02-30 does not exist"),
        ("dl.txt", BODY, "published = 2024-02-30", "Invalid date or datetime (at line 1"),
        ("y0.txt", BODY, "published = 1799-12-31", "year 1799 is outside 1800..2100"),
        ("y1.txt", BODY, 'published = "2101-01-01"', "year 2101 is outside 1800..2100"),
        ("s.txt", BODY, 'published = "Oct 10, 2024"', "is not a date; write it as YYYY-MM-DD"),
        ("n.txt", BODY, "published = 20241010", "published must be a date"),
        ("t.txt", BODY, "title = 3", "title must be a string, not int"),
        ("u.txt", BODY, "url = 'example.org'", "is not an http(s) URL"),
        ("l.txt", BODY, "language = 'English language'", "is not a language code"),
    ],
)
def test_articles_bad_input_gives_one_line_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes | str, sidecar: str | None, problem: str
) -> None:
    path = _write(tmp_path, name, data, sidecar)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    message = str(info.value)
    assert "\n" not in message
    # Metadata errors name the sidecar; everything else names the article itself.
    sidecar_error = sidecar is not None and "twice" not in problem
    culprit = path.with_suffix(".toml") if sidecar_error else path
    assert message.startswith(f"{culprit}: ")
    assert problem in message


@pytest.mark.parametrize("content", ["title = \n", "[x\n"])
def test_articles_malformed_sidecar_names_file_and_line(tmp_path: Path, content: str) -> None:
    path = _write(tmp_path, "a.txt", BODY, content)
    with pytest.raises(ArticleError) as info:
        read_article(path)
    assert str(info.value).startswith(f"{path.with_suffix('.toml')}: malformed TOML metadata: ")
    assert "(at line 1, column" in str(info.value)


@pytest.mark.parametrize("limit", [10, 47])
def test_articles_size_limit(tmp_path: Path, limit: int) -> None:
    path = _write(tmp_path, "big.txt", BODY)  # 47 bytes
    with pytest.raises(ArticleError, match=f"file is 47 bytes, over the limit of {limit - 1}$"):
        read_article(path, max_bytes=limit - 1)
    assert read_article(path, max_bytes=max(limit, 47)).text == BODY


@pytest.mark.parametrize("target", ["missing.txt", "folder"])
def test_articles_unreadable_path(tmp_path: Path, target: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(ArticleError) as info:
        read_article(tmp_path / target)
    assert str(info.value).startswith(f"{tmp_path / target}: ")


def _tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.md",
        "a.toml",
        "notes.json",
        "sub/c.txt",
        "sub/deep/d.txt",
        "sub/README.md",
        ".hidden/e.txt",
    ]:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(BODY, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["."], ["a.md", "b.txt", "sub/c.txt", "sub/deep/d.txt"]),
        (["sub", "sub/c.txt", "./sub/deep"], ["sub/c.txt", "sub/deep/d.txt"]),
        (["*"], ["a.md", "b.txt", "sub/c.txt", "sub/deep/d.txt"]),
        (["**/*.txt"], ["b.txt", "sub/c.txt", "sub/deep/d.txt"]),
        (["b.txt", "a.toml", "notes.json"], ["b.txt", "notes.json"]),
    ],
)
def test_articles_expand_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: list[str]
) -> None:
    monkeypatch.chdir(_tree(tmp_path))
    found = expand_paths(args)
    assert [p.resolve().relative_to(tmp_path).as_posix() for p in found] == expected


@pytest.mark.parametrize(("arg", "problem"), [("nope.txt", "no such file"), ("*.xyz", "no file")])
def test_articles_expand_paths_reports_nothing_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arg: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArticleError, match=problem):
        expand_paths([arg])


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("He said , `` It 's over . ''", "He said, “It's over.”"),
        ("We do n't know -LRB- yet -RRB- .", "We don't know (yet)."),
        ("They ca n't and wo n't go", "They can't and won't go"),
        ("a ` novel ' virus , the ferrets ' blood", "a ‘novel’ virus, the ferrets' blood"),
        ("A\\/H1N1 costs $ 57m -LSB- sic -RSB- ...", "A/H1N1 costs $57m [sic] ..."),
        ("worse than H5 '' , in", "worse than H5”, in"),
        ("NEUVILLE-SUR-SAONE , France", "NEUVILLE-SUR-SAONE, France"),
        ("line one . \nline two ? ", "line one.\nline two?"),
    ],
)
def test_articles_detokenize(tokens: str, text: str) -> None:
    assert detokenize(tokens) == text


@pytest.mark.skipif(not T17_FILE.exists(), reason="Timeline17 corpus not beside the repo")
def test_articles_timeline17_file_is_detokenised_and_dated() -> None:
    article = read_article(T17_FILE)
    assert article.published == date(2009, 4, 25)
    assert article.published_source == "metadata"
    assert article.published_evidence
    assert article.id == "558.htm"
    text = article.text
    for token in ("-LRB-", "-RRB-", "``", "''", " n't", " 's ", " ,", "( ", " )"):
        assert token not in text
    assert not re.search(r"\w \.(?!\.)", text)  # full stops hug their word; "..." stays spaced
    assert "we must take this seriously: “It looks pretty ominous, one has to say." in text
    assert "there's a lot we don't know and he doesn't want to be alarmist." in text
    assert "a possible (potential) pandemic" in text
    assert text.count("\n") == T17_FILE.read_text(encoding="utf-8").count("\n")


@pytest.mark.parametrize(
    ("relative", "published"),
    [("InputDocs/2009-04-25/1.htm.txt", date(2009, 4, 25)), ("other/2009-04-25/1.txt", None)],
)
def test_articles_directory_date_only_in_timeline17_layout(
    relative: str, published: date | None
) -> None:
    article = parse_article(b"It 's here .\n", None, f"corpus/{relative}")
    assert article.published == published
    assert article.text == ("It's here.\n" if published else "It 's here .\n")


def test_articles_reading_and_cleaning_import_no_ui() -> None:
    code = (
        "import sys, core.articles.reading, core.articles.clean, core.articles.ptb, core.errors; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
