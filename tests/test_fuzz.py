"""Property tests: the tagger, the metadata reader, the cleaner, analyse and ingest hold up under
mangled input. The strategies and properties are bench/fuzz.py's (which runs them for 10,000
cases each); here a small example count keeps CI fast. Every crash the fuzzing found is pinned
below as an explicit example or a plain test.

DATELINE_FUZZ_PROFILE=fuzz-ci (default) runs 100 examples a property; =fuzz-dev runs 1,000.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings

# Appended, not prepended: bench/tui.py must not shadow the tui package.
sys.path.append(str(Path(__file__).resolve().parent.parent / "bench"))

import fuzz

from dateline.core.temporal.normalise import pick_day, pick_month
from dateline.core.temporal.values import interval_of

settings.register_profile("fuzz-ci", max_examples=100, deadline=None,
                          suppress_health_check=fuzz.SUPPRESSED)
settings.register_profile("fuzz-dev", max_examples=1000, deadline=None,
                          suppress_health_check=fuzz.SUPPRESSED)
# Applied per test, not loaded globally: other test files keep hypothesis's defaults.
PROFILE = settings.get_profile(os.environ.get("DATELINE_FUZZ_PROFILE", "fuzz-ci"))


@PROFILE
@given(text=fuzz.news_text(), dct=fuzz.DCT)
# Found by bench/fuzz.py: "Oct. 3" with a DCT in year 1 looked for it in year 0 (ValueError).
@example(text="Jan 1 ", dct=date(1, 1, 1))
@example(text="Dec. 31 ", dct=date(9999, 12, 31))
# ... and "in February" with a DCT in January of year 1 had no past candidate (max() of nothing).
@example(text="February 30, 2023 ", dct=date(1, 1, 1))
@example(text="in December", dct=date(9999, 12, 31))
@example(text="99999999999 years ago, the 0s, Feb. 30, 0000, 9999", dct=date.max)
# ... and a 300-digit count ("999…9 centuries ago", "for 999…9 years") overflowed a float to
# infinity, which round() cannot turn into an int (OverflowError).
@example(text="9" * 400 + " centuries ago", dct=date(1, 1, 1))
@example(text="88" + "9" * 300 + " weeks ago", dct=date(2024, 10, 23))
@example(text="9" * 400 + " years ago", dct=date(2024, 10, 23))
@example(text="for " + "9" * 400 + " years, every " + "9" * 400 + " days", dct=None)
def test_fuzz_temporal_tag_offsets_and_intervals(text, dct):
    fuzz.prop_temporal(text, dct)


@PROFILE
@given(toml=fuzz.toml_text(), raw=fuzz.article_bytes(), path=fuzz.PATHS,
       front=fuzz.st.booleans())
@example(toml="published = 2024-02-30", raw=b"\xff\xfe\x00", path="a.txt", front=True)
@example(toml="", raw=b"x", path="x/InputDocs/2024-02-30/1.txt", front=False)
def test_fuzz_metadata_only_article_errors(toml, raw, path, front):
    fuzz.prop_metadata(toml, raw, path, front)


@PROFILE
@given(text=fuzz.news_text(), title=fuzz.st.one_of(fuzz.st.none(), fuzz.FRAGMENT))
# Found by bench/fuzz.py: whitespace-only text had no region at all, so regions did not cover it.
@example(text=" ", title=None)
@example(text="\r\n\n\t", title="[bold]")
def test_fuzz_clean_partitions_and_sentences(text, title):
    fuzz.prop_clean(text, title)


@PROFILE
@given(text=fuzz.news_text(max_fragments=30), dct=fuzz.DCT,
       title=fuzz.st.one_of(fuzz.st.none(), fuzz.FRAGMENT))
# Found by bench/fuzz.py: a mention dated Dec. 31, 9999 overflowed the merge's date window.
@example(text="Troops landed on Dec. 31, the agency said.\n", dct=date(9999, 12, 31), title=None)
@example(text="Troops landed on Jan. 1, the agency said.\n", dct=date(1, 1, 1), title=None)
def test_fuzz_analyse_never_raises(text, dct, title):
    fuzz.prop_analyse(text, dct, title)


@settings(PROFILE, max_examples=min(PROFILE.max_examples, 25))  # files and a store: slower
@given(files=fuzz.st.lists(fuzz.article_bytes(), min_size=1, max_size=3),
       sidecars=fuzz.st.lists(fuzz.st.one_of(fuzz.st.none(), fuzz.toml_text()), max_size=3))
@example(files=[b""], sidecars=[])
def test_fuzz_ingest_only_per_file_errors(files, sidecars):
    fuzz.prop_ingest(files, sidecars)


# --- Regressions, as plain tests ----------------------------------------------------------------


@pytest.mark.parametrize("dct", [date(1, 1, 1), date(1, 12, 31), date(9999, 1, 1), date.max])
def test_fuzz_pick_day_and_month_stay_in_the_calendar(dct):
    for month in (1, 2, 12):
        day = pick_day(dct, month, 28, None)
        assert day is not None and 1 <= day.year <= 9999
        year, index = pick_month(dct, month, None)
        assert 1 <= year <= 9999 and index == month


@pytest.mark.parametrize("value", ["0000-01-01", "0000", "000", "00", "9999-W53", "9999-WI",
                                   "0000-Q1", "0000-01/9999-12-31"])
def test_fuzz_interval_of_off_the_calendar_is_none_or_ordered(value):
    found = interval_of(value)
    assert found is None or found[0] <= found[1]


@pytest.mark.parametrize("unit", ["9", "a ", "2024 ", "Monday ", "“", "[bold]", "1 "])
def test_fuzz_tagger_on_long_repeats_keeps_sound_offsets(unit):
    # Long repeats once exposed catastrophic backtracking; how long they take is measured by
    # bench/repeats.py, not here. What the tagger finds in them must still be sound.
    fuzz.prop_temporal(unit * (32_000 // len(unit)), date(2024, 10, 23))


def test_fuzz_clean_of_a_megabyte_line_partitions_it():
    fuzz.prop_clean("a " * 500_000, None)  # timed by bench/repeats.py


@pytest.mark.parametrize("text", ["the — \x85 according to ", "the — \x85 said ",
                                  "Officials — \x85 said\x85the talks \u2028resumed on Monday."])
def test_fuzz_claims_survive_segments_of_unicode_spaces(text):
    # Found by bench/fuzz.py: NEL (\x85) is whitespace to str.split, leaving empty segments.
    from dateline.core.articles.reading import parse_article

    article = parse_article(text.encode("utf-8"), None, "fuzz.txt")
    fuzz.prop_analyse(article.text, None, None)  # claims' spans are checked there too
