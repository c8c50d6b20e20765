"""Page junk on the timeline: rows of each junk class of issue 10 over the Timeline17 topics.

    python bench/junk.py [--topics haiti_bbc,MJ_bbc] [--limit-articles N] [--show N]

Every article of each topic (../shared/corpora/timeline17 from the repository root) is analysed
and merged into one timeline per topic; each timeline row (an event) is checked against the junk
classes below, with detectors written here on their own, apart from the pipeline's rules in
data/, so the count measures the pipeline rather than echoing it:

- clock_year:  a bare 3-4 digit number read as a year that is a live page's clock time ("1153
               Red Cross spokesman …", "1000 EST, says …"): a valid 24-hour time before a time
               zone or after "at", or one opening its line or glued before a capital that no
               story of these topics would date (before 1900 or five years after publication);
- furniture:   page furniture and schedules ("Page last updated at …", "Printable version",
               programme slots "7.00-10.30 pm BBC RADIO 5 LIVE");
- comment:     reader comments ("At 08:26 am on 17 Jun 2009, lincolnlerner wrote:": a time
               before "wrote:", which a journalist quoting a column has not);
- non_english: running text of ten words or more, mostly lower case, with almost no English
               function words;
- number_year: a bare number read as a year in counting context ("from 297 to 1051", "1000
               year").

A row counts in a class when any of its mentions does. `--show N` prints up to N rows per class.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.reading import read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.model import Event, EventMention  # noqa: E402
from dateline.core.pipeline import analyse  # noqa: E402
from dateline.core.timeline.merge import build_timeline  # noqa: E402

T17 = ROOT / ".." / "shared" / "corpora" / "timeline17"
TOPICS = ("H1N1_bbc", "H1N1_guardian", "H1N1_reuters", "MJ_bbc", "haiti_bbc",
          "SyrianCrisis_bbc", "SyrianCrisis_reuters")
CLASSES = ("clock_year", "furniture", "comment", "non_english", "number_year")

_BARE = re.compile(r"\d{3,4}")
_CAPITAL_AFTER = re.compile(r" [A-Z]")
_YEAR_BEFORE = re.compile(r"\b(?:in|of|since|by|until|from|year|before|after|around|c\.)\s*$",
                          re.IGNORECASE)
# Genealogy pages give real old years: "b. about 1821 Bristol", "Born 1792, …".
_BIRTH_BEFORE = re.compile(r"\b(?:b\.|born|about|approx\.?|census|married|died|c\.)\s*$",
                           re.IGNORECASE)
_published: dict[str, date] = {}
_ZONE = re.compile(r"\s*(?:GMT|BST|EST|EDT|CET|UTC|ET|PT|local)\b")
_FURNITURE = re.compile(
    r"page last updated|last updated at|printable version|e-mail this to a friend"
    r"|processing this directive|\d{1,2}[.:]\d\d\s*-\s*\d{1,2}[.:]\d\d\s*(?:am|pm)?\s+BBC"
    r"|^\s*(?:share|print|e-?mail)\b|\bbookmark with\b", re.IGNORECASE)
_SCHEDULE = re.compile(r"\bBBC (?:RADIO|ONE|TWO|THREE|FOUR|NEWS|WORLD)\b")  # listings in capitals
# A reader's comment header has a time before "wrote:" (a journalist's "… wrote:" has none).
_COMMENT = re.compile(r"\d\d?:\d\d[^:\n]{0,50}\bwrote\s*:|\brecommend\?"
                      r"|complain about this comment|\bat \d\d:\d\d\s*(?:am|pm) on \d",
                      re.IGNORECASE)
# "from 297 to 1051", "between 900 and 1000": a number before it that is no year itself.
_COUNTING = re.compile(r"(?<![\d,.])([\d,.]+)\s*(?:to|and|or|-)\s*$", re.IGNORECASE)
_COUNT_AFTER = re.compile(r"\s*-?\s*(?:year|years|people|cases|deaths|times|troops|km|miles"
                          r"|feet|metres|meters|pounds|dollars|percent|%)\b", re.IGNORECASE)
_ENGLISH = frozenset([
    "the", "a", "an", "of", "to", "in", "and", "is", "was", "for", "on", "that", "with", "by",
    "as", "at", "it", "from", "he", "she", "they", "has", "have", "had", "be", "been", "are",
    "were", "this", "not", "but", "or", "said", "says", "his", "her", "their", "we", "will",
    "would", "which", "who", "my", "i", "you", "me", "so", "if", "there", "what", "all",
    "about", "up", "out", "can", "do", "just", "like", "got", "ago", "more", "one", "after",
    "let's", "when", "our", "your", "its", "into", "over", "than", "no", "some", "any",
])
_WORD = re.compile(r"[^\W\d_]+")


def _bare_year(text: str, mention: EventMention) -> str | None:
    """'clock', 'number' or None for a mention whose date is a bare number read as a year."""
    timex = mention.timex
    if not _BARE.fullmatch(timex.text.strip()) or not re.fullmatch(r"\d{3,4}", timex.value):
        return None
    number = int(timex.text)
    line_start = text.rfind("\n", 0, timex.start) + 1
    opens_line = text[line_start:timex.start].strip() == ""
    clock = number % 100 < 60 and number // 100 < 24
    before = text[max(0, timex.start - 40):timex.start]
    # A stamp glued after the previous entry: "… in Haiti 1750 Mister Berube, a Canadian …".
    glued = bool(_CAPITAL_AFTER.match(text, timex.end)) and not _YEAR_BEFORE.search(before)
    if clock and (_ZONE.match(text, timex.end) or before.rstrip().endswith(" at")):
        return "clock"
    # At a line's start or glued before a capital it may be a year heading ("1918: The …",
    # "2009 Origins Symposium"): only a year no news story of these topics dates (before 1900
    # or after publication) counts as a clock time there.
    published = _published.get(mention.article_id)
    impossible = number < 1900 or (published is not None and number > published.year + 5)
    if clock and (opens_line or glued) and impossible and not text.startswith(":", timex.end) \
            and not _BIRTH_BEFORE.search(before):
        return "clock"
    counted = _COUNTING.search(before)
    if counted and not re.fullmatch(r"1[89]\d\d|20\d\d", counted.group(1)):
        return "number"
    if _COUNT_AFTER.match(text, timex.end):
        return "number"
    return None


def _non_english(sentence: str) -> bool:
    """Running text (mostly lower-case words, so not a dateline or a list of names) with
    almost no English function words."""
    words = _WORD.findall(sentence)
    if len(words) < 10 or sum(w.islower() for w in words) < len(words) / 2:
        return False
    return sum(w.lower() in _ENGLISH for w in words) / len(words) < 0.08


def classify(text: str, mention: EventMention) -> set[str]:
    found = set()
    bare = _bare_year(text, mention)
    if bare == "clock":
        found.add("clock_year")
    elif bare == "number":
        found.add("number_year")
    sentence = mention.sentence
    if _FURNITURE.search(sentence) or _SCHEDULE.search(sentence):
        found.add("furniture")
    if _COMMENT.search(sentence):
        found.add("comment")
    if _non_english(sentence):
        found.add("non_english")
    return found


def count_topic(name: str, limit: int | None) -> tuple[Counter[str], dict[str, list[str]], int,
                                                       float, int]:
    articles = []
    for path in sorted((T17 / name / "InputDocs").glob("*/*.htm.txt"))[:limit]:
        try:
            articles.append(read_article(path))
        except ArticleError:
            continue
    texts = {a.id: a.text for a in articles}
    _published.update({a.id: a.published for a in articles if a.published})
    started = time.perf_counter()
    timeline = build_timeline([analyse(a) for a in articles])
    seconds = time.perf_counter() - started
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {c: [] for c in CLASSES}
    for event in timeline.events:
        classes = _event_classes(event, texts)
        counts.update(classes)
        for junk in classes:
            examples[junk].append(f"{event.value}  {event.text[:110]!r}")
    return counts, examples, len(timeline.events), seconds, len(articles)


def _event_classes(event: Event, texts: dict[str, str]) -> set[str]:
    found: set[str] = set()
    for mention in event.mentions:
        found |= classify(texts[mention.article_id], mention)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", default=",".join(TOPICS))
    parser.add_argument("--limit-articles", type=int, default=None, metavar="N")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print up to N example rows per class and topic")
    args = parser.parse_args(argv)
    total: Counter[str] = Counter()
    print(f"{'topic':<22} {'docs':>5} {'rows':>6}  " + " ".join(f"{c:>11}" for c in CLASSES))
    for name in (t.strip() for t in args.topics.split(",") if t.strip()):
        counts, examples, rows, seconds, docs = count_topic(name, args.limit_articles)
        total.update(counts)
        print(f"{name:<22} {docs:>5} {rows:>6}  " + " ".join(f"{counts[c]:>11}" for c in CLASSES),
              flush=True)
        for junk in CLASSES:
            for example in examples[junk][: args.show]:
                print(f"    {junk}: {example}")
        print(f"    ({seconds:.1f} s)", file=sys.stderr, flush=True)
    print(f"{'all':<22} {'':>5} {'':>6}  " + " ".join(f"{total[c]:>11}" for c in CLASSES))
    print(f"junk rows (sum over classes): {sum(total.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
