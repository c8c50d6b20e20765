"""The timeline model: plain dataclasses shared by every stage, the store, the CLI and the TUI.

Every annotation is a span with character offsets into its article's original text (as decoded
UTF-8), so the source pane highlights exactly what the core found without searching strings again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dateline.core.temporal.timex import Timex


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from disk, with its metadata."""

    id: str  # the file stem, unique within a store
    path: str
    text: str  # the original text, untouched: all offsets point into it
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = None  # "metadata", "inferred" or None
    published_evidence: tuple[str, ...] = ()  # why an inferred date was inferred
    language: str = "en"
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of an article's text classified by the cleaner."""

    start: int
    end: int
    kind: str  # "title", "byline", "body", "caption", "chrome"


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of body or caption text; it may span a line break the cleaner mended."""

    start: int
    end: int
    text: str  # whitespace-normalised copy of the original slice, for display and matching
    caption: bool = False


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A mention of an actor or a country in an article."""

    start: int
    end: int
    text: str
    entity_id: str  # an actor id, or a country's ISO 3166-1 alpha-2 code
    kind: str  # "country", "person", "organization", "place" or "other"


@dataclass(frozen=True, slots=True)
class Actor:
    """A named entity a reader filters by: a person, organisation, place (other than a country)
    or other name (product, index, named event, law, operation), with the names it goes by."""

    id: str
    name: str
    kind: str  # "person", "organization", "place" or "other"
    country: str | None = None  # ISO 3166-1 alpha-2 code
    aliases: tuple[str, ...] = ()
    title: str | None = None  # role as the text gives it: "South Korean Defense Minister"


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement: who said what, with which cue and stance."""

    start: int  # span of the statement (the quote or the reported content)
    end: int
    text: str
    speaker_name: str
    speaker_start: int | None
    speaker_end: int | None
    speaker_id: str | None
    cue: str  # the attribution cue as written: "said", "according to", "denied"
    stance: str  # "assert", "deny" or "hedge"
    date: Timex | None = None  # when the statement was made, where the text says
    speaker_role: str | None = None  # as the text gives it: "a security expert with …"


@dataclass(slots=True)
class EventMention:
    """One article's report of an event: a sentence or clause anchored by a temporal expression."""

    article_id: str
    start: int
    end: int
    sentence: str
    timex: Timex
    actor_ids: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    claim_ids: tuple[str, ...] = ()
    # "explicit": the text dates it; "reported": no date of its own, placed at (on or before)
    # its article's publication date, as a statement or past event reported there.
    certainty: str = "explicit"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that disagree about one attribute of one event, each value with its sources."""

    attribute: str  # "date", "figure"
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (value as written, article ids)


@dataclass(slots=True)
class Event:
    """One happening on the timeline, merged from the mentions of one or more articles."""

    id: str
    start: date
    end: date
    granularity: str
    value: str
    approximate: bool
    text: str
    mentions: list[EventMention] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    certainty: str = "explicit"  # "reported" when every mention is reported (see EventMention)


@dataclass(frozen=True, slots=True)
class KeyDate:
    """A day the sources say much happened on, ranked by `score` (higher first)."""

    date: date
    score: float
    event_ids: tuple[str, ...] = ()


@dataclass(slots=True)
class ArticleAnalysis:
    """Everything extracted from one article: a pure function of the article alone, so it can
    run in a worker process and be stored per file (re-ingesting an unchanged file skips it)."""

    article: Article
    regions: list[Region]
    sentences: list[Sentence]
    timexes: list[Timex]
    mentions: list[EntityMention]  # actors and countries, offsets into article.text
    actors: list[Actor]  # the actors this article mentions, ids local until merged
    claims: list[Claim]
    events: list[EventMention]


@dataclass(slots=True)
class Timeline:
    """The merged model of a set of articles: what the store holds, the CLI prints and the TUI
    shows. Events are in date order; claim ids are `<article id>#<n>`."""

    articles: list[Article]
    events: list[Event]
    claims: dict[str, Claim]
    claim_articles: dict[str, str]  # claim id -> article id
    actors: dict[str, Actor]
    actor_articles: dict[str, list[str]]  # actor id -> ids of the articles that mention it
    key_dates: list[KeyDate] = field(default_factory=list)  # ranked, best first
