"""Publication dates inferred from an article's own text, and only where the evidence agrees."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.core.articles.dating import infer_published
from dateline.core.articles.reading import parse_article
from dateline.core.pipeline import analyse, with_inferred_date
from dateline.core.temporal.engine import tag

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def inferred(text: str):
    return infer_published(text, tag(text, None))


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("WASHINGTON, Aug. 11, 1998 (AP) — Officials said on Monday that talks resumed.",
         date(1998, 8, 11)),
        ("Published: October 8, 2024\n\nThe minister spoke to parliament.", date(2024, 10, 8)),
        # "Tuesday" names the weekday of Oct. 8, 2024: the story was written that week.
        ("The minister told parliament on Tuesday that troops were likely to go. The session "
         "of Oct. 8, 2024 was closed to the press.", date(2024, 10, 8)),
    ],
)
def test_dating_infers_from_consistent_evidence(text, published):
    found = inferred(text)
    assert found is not None and found.published == published
    assert found.evidence


@pytest.mark.parametrize(
    "text",
    [
        "The minister told parliament on Tuesday that troops were likely to go.",
        # Oct. 10, 2024 was a Thursday, not a Tuesday: the two do not agree.
        "The minister spoke on Tuesday. A report dated Oct. 10, 2024 was cited.",
        "The war began in 1950 and ended in 1953.",
        "",
    ],
)
def test_dating_leaves_thin_evidence_undated(text):
    assert inferred(text) is None


def test_dating_an_undated_seed_copy_is_inferred_or_left_alone():
    raw = (SEEDS / "003_f86dd0539654f108.txt").read_bytes()
    article = parse_article(raw, None, "undated/003.txt")
    assert article.published is None
    dated = with_inferred_date(article)
    # 003 gives no full date a weekday of its agrees with: it must stay undated, not guessed.
    assert dated.published is None and dated.published_source is None


def test_dating_inferred_dates_are_marked_and_used():
    text = ("SEOUL, Oct. 8, 2024 — South Korea's defense minister said on Tuesday that North "
            "Korea was likely to send troops. Last week, reports said six officers died.")
    article = parse_article(text.encode(), None, "undated/seoul.txt")
    analysis = analyse(article)
    assert analysis.article.published == date(2024, 10, 8)
    assert analysis.article.published_source == "inferred"
    assert analysis.article.published_evidence
    values = {t.text: t.value for t in analysis.timexes}
    assert values["Tuesday"] == "2024-10-08"
    assert values["Last week"] == "2024-W40"


@pytest.mark.parametrize(
    "text",
    [
        # An update stamp is not the publication date: the story may be a day older.
        "6 January 2011 Last updated at 04:46 GMT Help A bodyguard testified on Wednesday.",
        # A weekday far from the only full date agrees with it by chance.
        "Born: August 29, 1958, Gary, Indiana.\n" + "The family spoke to reporters. " * 12
        + "\nThe autopsy was carried out on Friday.",
        # The weekday's date is not the latest the story reports.
        "On Tuesday, Oct. 8, 2024 was named as the date. The pact took effect in November 2024.",
        # A future clause sets no bound: "will meet on Tuesday, Oct. 8, 2024".
        "The ministers will meet on Tuesday, and the summit will open on Oct. 8, 2024.",
    ],
)
def test_dating_never_guesses_from_stamps_chance_or_later_dates(text):
    assert inferred(text) is None
