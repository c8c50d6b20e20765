"""Hand-built analyses and a small stand-in merge, so store, export and CLI tests do not depend
on the NLP pipeline (dateline.core.pipeline) or the real merge (dateline.core.timeline.merge).

They are handed to the core through its injection points: `ingest(analyse=fakes.analyse)`,
`Store.open(merge=fakes.merge)` (the `fake_nlp` fixture of conftest.py does both for the CLI)."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from dateline.core.model import (
    Actor,
    Article,
    ArticleAnalysis,
    Claim,
    Conflict,
    EntityMention,
    Event,
    EventMention,
    Region,
    Sentence,
    Timeline,
)
from dateline.core.temporal.timex import Timex


def day_timex(start: int, text: str, day: date) -> Timex:
    return Timex(start, start + len(text), text, "DATE", day.isoformat(), "day", (day, day))


def analysis(
    path: str,
    sentences: Sequence[tuple[str, date, tuple[str, ...], tuple[str, ...]]],
    *,
    outlet: str | None = "The Daily",
    published: date | None = date(2024, 10, 17),
    claims: Sequence[tuple[str, str, str | None, int]] = (),
    actors: Sequence[Actor] = (),
    content_hash: str | None = None,
    title: str | None = "A title",
) -> ArticleAnalysis:
    """An analysis of an article made of `sentences`: (text, date, actor ids, country codes).

    Each sentence's date is written at its end as "on YYYY-MM-DD." so offsets are real. Claims
    are (text, speaker name, speaker id, index of the sentence they belong to).
    """
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    text_parts, spans = [], []
    offset = 0
    for body, day, _, _ in sentences:
        sentence = f"{body} on {day.isoformat()}."
        spans.append((offset, offset + len(sentence), sentence))
        text_parts.append(sentence)
        offset += len(sentence) + 1
    text = " ".join(text_parts)
    digest = content_hash or hashlib.sha256(text.encode()).hexdigest()
    article = Article(id=stem, path=path, text=text, title=title, outlet=outlet,
                      published=published, published_source="metadata" if published else None,
                      content_hash=digest)
    sentence_objs = [Sentence(s, e, t) for s, e, t in spans]
    timexes, events = [], []
    for (start, end, sentence), (_, day, actor_ids, countries) in zip(
        spans, sentences, strict=True
    ):
        iso = day.isoformat()
        timex = day_timex(start + sentence.index(iso), iso, day)
        timexes.append(timex)
        events.append(EventMention(stem, start, end, sentence, timex, actor_ids, countries))
    claim_objs = []
    for n, (claim_text, speaker, speaker_id, sentence_index) in enumerate(claims, start=1):
        start, end, _ = spans[sentence_index]
        claim_objs.append(Claim(start, end, claim_text, speaker, None, None, speaker_id,
                                "said", "assert"))
        mention = events[sentence_index]
        mention.claim_ids = (*mention.claim_ids, f"{stem}#{n}")
    mentions = [EntityMention(0, 1, text[:1], a.id, a.kind) for a in actors]
    return ArticleAnalysis(article, [Region(0, len(text), "body")], sentence_objs, timexes,
                           mentions, list(actors), claim_objs, events)


def merge(analyses: Sequence[ArticleAnalysis]) -> Timeline:
    """Events = mentions grouped by sentence text minus the date; a date conflict when the
    grouped mentions disagree on the day. Ids depend on content only."""
    groups: dict[str, list[EventMention]] = defaultdict(list)
    for a in analyses:
        for m in a.events:
            groups[re.sub(r" on \d{4}-\d\d-\d\d\.$", "", m.sentence)].append(m)
    events = []
    for key, mentions in groups.items():
        first = min(mentions, key=lambda m: (m.timex.interval, m.article_id))
        start, end = first.timex.interval
        by_value: dict[str, list[str]] = defaultdict(list)
        for m in mentions:
            by_value[m.timex.value].append(m.article_id)
        conflicts = []
        if len(by_value) > 1:
            conflicts.append(Conflict("date", tuple(
                (value, tuple(ids)) for value, ids in sorted(by_value.items())
            )))
        event_id = f"{start.isoformat()}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
        events.append(Event(event_id, start, end, "day", first.timex.value, False, key,
                            mentions, conflicts))
    events.sort(key=lambda e: (e.start, e.end, e.id))
    claims, claim_articles, actors, actor_articles = {}, {}, {}, defaultdict(list)
    for a in analyses:
        for n, claim in enumerate(a.claims, start=1):
            claim_id = f"{a.article.id}#{n}"
            claims[claim_id] = claim
            claim_articles[claim_id] = a.article.id
        for actor in a.actors:
            actors.setdefault(actor.id, actor)
            actor_articles[actor.id].append(a.article.id)
    return Timeline([a.article for a in analyses], events, claims, claim_articles, actors,
                    dict(actor_articles))


_ISO_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def analyse(article: Article) -> ArticleAnalysis:
    """A stand-in for dateline.core.pipeline.analyse: each sentence with an ISO date is an event."""
    sentences, timexes, events = [], [], []
    for found in re.finditer(r"[^.!?\n]+[.!?]?", article.text):
        body = found.group().strip()
        when = _ISO_DAY.search(found.group())
        if not body or when is None:
            continue
        start = found.start() + found.group().index(body)
        day = date(*map(int, when.groups()))
        timex = day_timex(found.start() + when.start(), when.group(), day)
        sentences.append(Sentence(start, start + len(body), body))
        timexes.append(timex)
        events.append(EventMention(article.id, start, start + len(body), body, timex))
    return ArticleAnalysis(article, [Region(0, len(article.text), "body")], sentences, timexes,
                           [], [], [], events)


KIM = Actor("kim-jong-un", "Kim Jong Un", "person", "KP", ("Kim Jong-un", "Kim"))
ZELENSKYY = Actor("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "person", "UA",
                  ("Zelenskyy", "Zelensky"))
NIS = Actor("nis", "National Intelligence Service", "organization", "KR", ("NIS",))


def corpus() -> list[ArticleAnalysis]:
    """Three small articles about one story, with a date conflict, claims and actors."""
    return [
        analysis(
            "/corpus/a/001.txt",
            [
                ("A missile was used in a strike in Kharkiv", date(2024, 1, 6), (), ("UA",)),
                ("Kim Jong Un visited a training base", date(2024, 10, 2), ("kim-jong-un",),
                 ("KP",)),
            ],
            outlet="The Korea Times",
            claims=[("Troops are fighting for Russia", "Volodymyr Zelenskyy",
                     "volodymyr-zelenskyy", 1)],
            actors=[KIM, ZELENSKYY],
        ),
        analysis(
            "/corpus/b/002.txt",
            [
                ("The spy agency briefed lawmakers", date(2024, 10, 18), ("nis",), ("KR",)),
                ("Kim Jong Un visited a training base", date(2024, 10, 3), ("kim-jong-un",),
                 ("KP",)),
            ],
            outlet="Yonhap",
            published=date(2024, 10, 18),
            claims=[("About 1,500 special forces were sent", "the NIS", "nis", 0)],
            actors=[KIM, NIS],
        ),
        analysis(
            "/corpus/c/003.txt",
            [("Troops landed in Vladivostok", date(2024, 10, 8), (), ("RU",))],
            outlet=None,
            published=None,
        ),
    ]
