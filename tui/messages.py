"""Messages the app's workers send back to the UI thread, named for what has happened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.message import Message

from dateline.core.timeline.browse import Facet, Hits, Noise, Suggestion, TimelineIndex
from dateline.core.timeline.lookup import Lookups
from dateline.tui.data import Loaded, Preview


@dataclass
class IngestProgressed(Message):
    """A file of the ingest has been read (or the ingest has finished: done == total)."""

    done: int
    total: int
    name: str


@dataclass
class FirstEventsLoaded(Message):
    """The first events are read (the whole timeline is still loading): draw them."""

    preview: Preview
    extends: bool = False  # the events drawn and those after them: the cursor stays


@dataclass
class EventsCounted(Message):
    """The first events are drawn and the whole timeline's events counted (None: unknown)."""

    total: int | None


@dataclass
class EventsLoaded(Message):
    """The timeline is loaded and its rows can be drawn; facets are still being indexed."""

    loaded: Loaded
    index: TimelineIndex
    lookups: Lookups
    story_start: int  # where the timeline opens (`TimelineIndex.story_start`: O(events))


@dataclass
class FacetsIndexed(Message):
    """Actors and countries are indexed: filters and autocomplete can run."""

    index: TimelineIndex


@dataclass
class LoadFailed(Message):
    error: str


@dataclass
class FilterApplied(Message):
    """The view for a set of filters has been computed."""

    filters: tuple[Facet, ...]
    noise: Noise
    view: Sequence[int]
    members: frozenset[int] | None  # the view as a set, None for the whole timeline


@dataclass
class SearchFinished(Message):
    """A full-text search has found its hits (positions in the timeline, ascending)."""

    query: str
    hits: Hits
    incremental: bool


@dataclass
class DateJumped(Message):
    """A jump target has been resolved to a view position (None when it names no date)."""

    target: str
    position: int | None


@dataclass
class SuggestionsFound(Message):
    """Autocomplete suggestions for what is typed in the filter picker."""

    query: str
    suggestions: list[Suggestion]


@dataclass
class ListingBuilt(Message):
    """The rows of a lookup view under the current scope are ready."""

    mode: str
    rows: Sequence[Any]
    formatter: Any
    message: str
    lookups: Lookups
