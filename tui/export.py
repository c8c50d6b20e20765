"""Export the current view: the events the timeline shows (filters and noise controls applied)
written in the format the file name asks for, through the core's exporters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from dateline.core.timeline.browse import TimelineIndex
from dateline.core.timeline.export import render

SUFFIXES = (("timelinejs.json", "timelinejs"), (".json", "json"), (".csv", "csv"),
            (".ics", "ics"))


def format_for(path: str) -> str:
    """The export format a file name asks for: .json, .csv, .ics, .timelinejs.json."""
    name = path.casefold()
    for suffix, fmt in SUFFIXES:
        if name.endswith(suffix):
            return fmt
    raise ValueError("name the file .json, .csv, .ics or .timelinejs.json")


def export_view(index: TimelineIndex, view: Sequence[int], path: str) -> str:
    """Write the events of `view` to `path`; returns what was done, in words."""
    fmt = format_for(path)
    events = [index.events[p] for p in sorted(view)]
    ids = {m.article_id for e in events for m in e.mentions}
    timeline = replace(index.timeline, events=events,
                       articles=[a for a in index.timeline.articles if a.id in ids],
                       key_dates=[])
    data = render(timeline, fmt, stamp=datetime.now(UTC)).encode("utf-8")
    target = Path(path).expanduser()
    target.write_bytes(data)
    return f"Exported {len(events)} events as {fmt} to {target}"
