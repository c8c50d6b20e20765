"""Fuzz the core with hypothesis: many cases per property, a report per target, a summary line.

    python bench/fuzz.py [--cases N] [--seed S] [--target NAME ...]

Each target is a property that must hold for any input the strategies below produce (news
words, dates real and impossible, quotes straight and curly, control characters, ANSI escapes,
Rich markup, NUL bytes, BOMs, CRLF, long lines, huge numbers). `--cases` (default 10,000) is
hypothesis's `max_examples` for every target; `deadline` is off, since a slow case is reported
(the slowest one is printed) rather than failed. The seed is random unless `--seed` is given and
is always printed, so a failure can be replayed. Exit code 1 when any property failed.

The strategies and property functions live here so that tests/test_fuzz.py runs the very same
properties with a small example count in CI.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.reporting import with_reporter  # noqa: E402

from dateline.core.articles.clean import clean, split_sentences  # noqa: E402
from dateline.core.articles.reading import parse_article, parse_metadata  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.model import Article, Claim  # noqa: E402
from dateline.core.temporal.timex import Timex  # noqa: E402

# --- Strategies ---------------------------------------------------------------------------------

NEWS_WORDS = [
    "the", "said", "on", "Monday", "Tuesday", "last", "next", "week", "month", "year", "ago",
    "since", "until", "between", "and", "by", "early", "late", "mid-", "troops", "missile",
    "Kim Jong Un", "North Korea", "Ukraine", "Kharkiv", "Pyongyang", "Seoul", "U.S.", "Russia",
    "the agency", "officials", "told", "reporters", "denied", "claimed", "according to",
    "Reuters", "Yonhap", "AP Photo", "By John Smith", "Related:", "Leave a Reply", "Share",
    "spring", "summer", "fall", "winter", "quarter", "decade", "century", "the 1990s",
    "the 0s", "today", "yesterday", "tomorrow", "tonight", "this morning", "a.m.", "p.m.",
    "Q3", "H1", "FY2024", "W40", "Oct.", "Feb.", "Sept.", "Jan", "December", "May", "March",
]
DATE_WORDS = [
    "2024-02-30", "2023-02-29", "2024-02-29", "0000-01-01", "0001-01-01", "9999-12-31",
    "10000-01-01", "Feb. 30", "February 30, 2023", "Feb 29, 2023", "April 31", "Sept. 31",
    "31 June 2024", "99999999999 years ago", "999999999 days later", "in 9999 years",
    "10,000 years ago", "the year 0", "0000", "9999", "year 1", "AD 1", "1 BC", "the 0s",
    "the 9990s", "the 99th century", "the 0th century", "week 53 of 2021", "2021-W53",
    "2024-W54", "Q5 2024", "Q0", "12/31/9999", "31/12/9999", "00/00/0000", "13/13/2013",
    "24:61", "25:00 GMT", "midnight Dec. 31, 9999", "Jan. 1, 0001", "the day before Jan. 1, 1",
    "next week", "last month", "three years ago", "two decades ago", "a year from now",
    "earlier this year", "late last year", "the past 99999999999999999999 days",
    "between Oct. 8 and Oct. 3", "from 2025 to 2020", "since 9999", "by December 9999",
]
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "\"\"", "‘’", "“”"]
NASTY = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\u0085", "\u2028", "\u2029", "\ufeff", "\u200b",
    "\ufffd", "\r\n", "\r", "\n\n\n", "\t", "\x0c", "\x1b[31m", "\x1b[0m", "\x1b]8;;x\x1b\\",
    "[bold]", "[/bold]", "[red on white]", "[/]", "[link=http://x]", "\\[", "]", "[", "+++",
    "+++\n", "—", "–", "…", "...", "?!", "\u0301", "😀", "İ", "ß", "ﬁ", "Ⅻ", "٣", "１２",
]


def _number() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-10, max_value=10**25).map(str),
        st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
        st.sampled_from(["0", "00", "000", "0000", "9999", "99999", "1e309", "1,000,000"]),
    )


def _made_date() -> st.SearchStrategy[str]:
    """Dates assembled from parts, most of them impossible."""
    month = st.sampled_from(["Jan.", "Feb.", "February", "Sept.", "December", "May", "Oct"])
    day = st.integers(min_value=0, max_value=40)
    year = st.integers(min_value=0, max_value=12000)
    return st.one_of(
        st.builds(lambda m, d, y: f"{m} {d}, {y}", month, day, year),
        st.builds(lambda m, d: f"{m} {d}", month, day),
        st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", year,
                  st.integers(0, 13), day),
        st.builds(lambda n, u: f"{n} {u} ago", _number(),
                  st.sampled_from(["days", "weeks", "months", "years", "decades", "centuries"])),
        st.builds(lambda n, u: f"in {n} {u}", _number(),
                  st.sampled_from(["days", "weeks", "months", "years"])),
        st.builds(lambda y: f"the {y}s", st.integers(min_value=0, max_value=99999)),
    )


def _long_line() -> st.SearchStrategy[str]:
    unit = st.sampled_from(["a ", "9", "1 ", "Monday ", "“", "[", ".", "-", "2024 ", "x"])
    return st.builds(lambda u, n: u * n, unit, st.integers(min_value=50, max_value=3000))


FRAGMENT = st.one_of(
    st.sampled_from(NEWS_WORDS),
    st.sampled_from(DATE_WORDS),
    st.sampled_from(QUOTES),
    st.sampled_from(NASTY),
    _made_date(),
    _number(),
    st.text(max_size=12),
)
SEPARATOR = st.sampled_from([" ", " ", " ", "", "\n", ". ", ", ", ".\n", "\n\n", "\r\n", " — "])


@st.composite
def news_text(draw: st.DrawFn, max_fragments: int = 60) -> str:
    """Text that looks like a mangled news article."""
    parts = draw(st.lists(st.tuples(FRAGMENT, SEPARATOR), max_size=max_fragments))
    text = "".join(f + s for f, s in parts)
    if draw(st.integers(0, 9)) == 0:  # now and then one very long line
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(_long_line()) + text[at:]
    return text


DCT = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29),
                     date(1, 12, 31), date(9999, 1, 1), date(2024, 10, 23)]),
)

_TOML_LINES = [
    'title = "{s}"', 'outlet = "{s}"', 'url = "https://example.com/{s}"', 'language = "en"',
    'language = "{s}"', "published = {d}", 'published = "{d}"', "published = {d}T10:00:00Z",
    "publised = {d}", "{s} = 1", "[{s}]", "published = [{d}]", "title = 3", 'title = """{s}',
    "published = 1979-05-27T07:32:00-08:00", "published = 2024-02-30", 'published = ""',
    "published = 0001-01-01", "published = 9999-12-31", 'url = "ftp://x"', "= 1", "title =",
]


@st.composite
def toml_text(draw: st.DrawFn) -> str:
    """TOML-ish metadata: real keys, typos, odd values, broken syntax."""
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.text(max_size=30)))
            continue
        template = draw(st.sampled_from(_TOML_LINES))
        d = draw(st.one_of(st.sampled_from(DATE_WORDS), _made_date(),
                           st.dates().map(date.isoformat)))
        s = draw(st.one_of(st.sampled_from(NEWS_WORDS + NASTY + QUOTES), st.text(max_size=10)))
        lines.append(template.replace("{d}", d).replace("{s}", s))
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    """An article file's bytes: text in some encoding, with or without front matter, or junk."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.binary(max_size=300))
    text = draw(news_text(max_fragments=30))
    if kind == 1:
        text = "+++\n" + draw(toml_text()) + "\n+++\n" + text
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252",
                                     "latin-1", "cp1251", "shift_jis"]))
    raw = text.encode(encoding, errors="replace")
    if kind == 2:  # bytes that cannot be text in any encoding: lone surrogates, stray bytes
        at = draw(st.integers(0, len(raw)))
        junk = draw(st.sampled_from([b"\xed\xa0\x80", b"\xff", b"\xc0\xaf", b"\x80\x81\x82",
                                     b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\xfe\xff\x00"]))
        raw = raw[:at] + junk + raw[at:]
    return raw


PATHS = st.sampled_from([
    "a.txt", "dir/story.md", "x/InputDocs/2024-02-30/1.txt", "x/InputDocs/2024-10-08/1.txt",
    "x/InputDocs/0000-01-01/2.htm.txt", "ünïcode name.txt", "no_suffix",
])

# --- Properties ---------------------------------------------------------------------------------


def check_timex(text: str, timex: Timex) -> None:
    """Offsets inside the text, text as sliced, intervals ordered; recursively for parts."""
    assert 0 <= timex.start < timex.end <= len(text), (timex.start, timex.end, len(text))
    assert text[timex.start : timex.end] == timex.text, (timex.text, timex.start, timex.end)
    assert isinstance(timex.value, str) and timex.value
    if timex.interval is not None:
        first, last = timex.interval
        assert isinstance(first, date) and isinstance(last, date)
        assert first <= last, (timex.value, timex.interval)
    for part in timex.parts:
        assert timex.start <= part.start and part.end <= timex.end, (timex, part)
        check_timex(text, part)


def check_claim(text: str, claim: Claim) -> None:
    """Content and speaker spans inside the text; the claim's text is its span's words."""
    assert 0 <= claim.start < claim.end <= len(text), claim
    assert "".join(claim.text.split()) == "".join(text[claim.start : claim.end].split()), claim
    if claim.speaker_start is not None:
        assert claim.speaker_end is not None
        assert 0 <= claim.speaker_start < claim.speaker_end <= len(text), claim
    assert claim.stance in ("assert", "hedge", "deny"), claim


def prop_temporal(text: str, dct: date | None) -> None:
    """tag() never raises, and every expression's offsets and interval are sound."""
    from dateline.core.temporal.engine import describe, tag

    found = tag(text, dct)
    starts = [t.start for t in found]
    assert starts == sorted(starts), starts
    for timex in found:
        check_timex(text, timex)
        describe(timex)  # what `dateline tag` prints must not fail either


def prop_metadata(toml: str, raw: bytes, path: str, front: bool) -> None:
    """Only ArticleError escapes the metadata reader and parse_article, whatever they read."""
    try:
        meta = parse_metadata(toml, path)
        assert set(meta) <= {"title", "outlet", "url", "published", "language"}
        if meta.get("published") is not None:
            assert 1800 <= meta["published"].year <= 2100
    except ArticleError as e:
        assert "\n" not in str(e)
    if front:  # the same TOML as front matter of the article
        raw = b"+++\n" + toml.encode("utf-8", "surrogatepass") + b"\n+++\n" + raw
    for sidecar in (None, toml):
        try:
            article = parse_article(raw, sidecar, path)
        except ArticleError as e:
            # Named after the article, or after its sidecar when that is what is wrong.
            named = (path, os.fspath(Path(path).with_suffix(".toml")))
            assert "\n" not in str(e) and str(e).startswith(named), str(e)
            continue
        assert article.text.strip()
        assert "\r" not in article.text


def prop_clean(text: str, title: str | None) -> None:
    """Regions partition the text in order; sentences lie in body/caption, text normalised."""
    regions = clean(text, title)
    if text:
        assert regions, "no regions for non-empty text"
        assert regions[0].start == 0 and regions[-1].end == len(text), regions
    position = 0
    for region in regions:
        assert region.start == position and region.end > region.start, regions
        position = region.end
    assert position == len(text)
    sentences = split_sentences(text, regions)
    inside = [(r.start, r.end) for r in regions if r.kind in ("body", "caption")]
    previous_end = 0
    for sentence in sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text), sentence
        previous_end = sentence.end
        assert any(s <= sentence.start and sentence.end <= e for s, e in _runs(inside)), sentence
        assert sentence.text == " ".join(text[sentence.start : sentence.end].split()), sentence


def _runs(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent spans joined: a sentence may cross from one body region into the next."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and out[-1][1] == start:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def prop_analyse(text: str, dct: date | None, title: str | None) -> None:
    """analyse() never raises, its spans point into the text, and the merge accepts it."""
    from dateline.core.pipeline import analyse
    from dateline.core.timeline.merge import build_timeline

    if not text.strip():
        return
    article = Article(id="a", path="a.txt", text=text, title=title, published=dct)
    analysis = analyse(article)
    for timex in analysis.timexes:
        check_timex(text, timex)
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text, mention
    for claim in analysis.claims:
        check_claim(text, claim)
    other = Article(id="b", path="b.txt", text=text, published=dct)
    build_timeline([analysis, analyse(other)])


def prop_ingest(files: list[bytes], sidecars: list[str | None]) -> None:
    """Ingesting a folder of random files never raises: each bad file is one ArticleError."""
    from dateline.core.store.database import MEMORY, Store
    from dateline.core.store.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        sidecars = [*sidecars, *[None] * len(files)]  # as many as files, None: no sidecar
        for n, (raw, sidecar) in enumerate(zip(files, sidecars, strict=False)):
            Path(tmp, f"f{n}.txt").write_bytes(raw)
            if sidecar is not None:
                Path(tmp, f"f{n}.toml").write_bytes(sidecar.encode("utf-8", "surrogatepass"))
        errors: list[ArticleError] = []
        with Store.open(MEMORY) as store:
            report = ingest(store, [tmp], on_error=errors.append)
            articles = store.timeline().articles
        # Every file is accounted for once; a copy of another file's content is that file
        # (unchanged if it went in, failed as it failed), never a second article.
        assert len(report.ingested) + len(report.failed) + len(report.unchanged) == len(files)
        assert len(articles) == len(report.ingested) == len({a.content_hash for a in articles})
        for error in report.failed:
            assert isinstance(error, ArticleError) and "\n" not in str(error)
            # The pipeline must not fail: ingest turns its crashes into errors too, hide none.
            assert "analysis failed" not in str(error), str(error)


@dataclass(frozen=True)
class Target:
    """A property and the strategies of its arguments."""

    name: str
    check: Callable[..., None]
    strategies: dict[str, st.SearchStrategy]
    cost: int = 1  # relative run time: the ingest target gets fewer cases by default


TARGETS = [
    Target("temporal", prop_temporal, {"text": news_text(), "dct": DCT}),
    Target("metadata", prop_metadata, {"toml": toml_text(), "raw": article_bytes(),
                                       "path": PATHS, "front": st.booleans()}),
    Target("clean", prop_clean, {"text": news_text(),
                                 "title": st.one_of(st.none(), FRAGMENT)}),
    Target("analyse", prop_analyse, {"text": news_text(), "dct": DCT,
                                     "title": st.one_of(st.none(), FRAGMENT)}),
    Target("ingest", prop_ingest, {
        "files": st.lists(article_bytes(), min_size=1, max_size=4),
        "sidecars": st.lists(st.one_of(st.none(), toml_text()), max_size=4),
    }),
]

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
              HealthCheck.large_base_example]

# --- Runner -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    cases: int
    seconds: float
    slowest: float
    failure: str | None


def run_target(target: Target, cases: int, run_seed: int) -> Outcome:
    """Run one property for `cases` examples; the failure text holds the minimal example."""
    count = 0
    slowest = 0.0

    def body(**kwargs: object) -> None:
        nonlocal count, slowest
        count += 1
        began = time.perf_counter()
        try:
            target.check(**kwargs)
        finally:
            slowest = max(slowest, time.perf_counter() - began)

    test = seed(run_seed)(settings(
        max_examples=cases, deadline=None, derandomize=False, database=None,
        suppress_health_check=SUPPRESSED, print_blob=True,
    )(given(**target.strategies)(body)))
    report = io.StringIO()
    began = time.perf_counter()
    failure = None
    try:
        with with_reporter(lambda text: report.write(f"{text}\n")):
            test()
    except Exception as error:  # any failure is the finding; hypothesis already shrank it
        tb = "".join(traceback.format_exception(error, limit=-4))
        failure = f"{report.getvalue()}{tb}"
    return Outcome(target.name, count, time.perf_counter() - began, slowest, failure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, metavar="N",
                        help="examples per target (default: 10000)")
    parser.add_argument("--seed", type=int, help="replay a run (default: a random seed)")
    parser.add_argument("--target", action="append", choices=[t.name for t in TARGETS],
                        help="run only this target (repeatable)")
    args = parser.parse_args(argv)
    run_seed = args.seed if args.seed is not None else random.SystemRandom().getrandbits(64)
    print(f"seed {run_seed} (replay: python bench/fuzz.py --cases {args.cases} "
          f"--seed {run_seed})", flush=True)
    outcomes = []
    for target in TARGETS:
        if args.target and target.name not in args.target:
            continue
        outcome = run_target(target, args.cases, run_seed)
        outcomes.append(outcome)
        status = "ok" if outcome.failure is None else "FAILED"
        print(f"{outcome.name:9} {status:6} {outcome.cases:7,} cases in {outcome.seconds:7.1f} s "
              f"(slowest case {outcome.slowest * 1000:.0f} ms)", flush=True)
        if outcome.failure:
            print("  " + outcome.failure.rstrip().replace("\n", "\n  "), flush=True)
    failed = [o.name for o in outcomes if o.failure]
    total = sum(o.cases for o in outcomes)
    print(f"fuzz: {len(outcomes)} targets, {total:,} cases, "
          f"{len(failed)} failed{': ' + ', '.join(failed) if failed else ''} (seed {run_seed})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
