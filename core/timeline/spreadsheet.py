"""The timeline as an Excel workbook (.xlsx) for spreadsheet users: one row per event, with typed
cells — dates as dates, counts as numbers, approximate as a boolean — and text as text, never a
formula, whatever the article said (a text starting with '=' is stored as a string cell).

A CSV is read by guesswork (LibreOffice's default import takes UTF-8 for a Western code page,
and runs cells starting with '='); an xlsx says what each cell is. openpyxl writes it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from dateline.core.model import Event, Timeline
from dateline.core.printable import printable_line
from dateline.core.timeline.export import (
    _conflict_labels,
    _source_labels,
    country_name,
    event_actor_ids,
    event_article_ids,
    event_countries,
)

HEADER = ("start", "end", "granularity", "value", "approximate", "text", "sources",
          "source count", "actors", "countries", "conflicts")
SHEET_TITLE = "timeline"
# Column widths in characters: wide enough to read, narrow enough to see the row.
_WIDTHS = {"A": 12, "B": 12, "C": 11, "D": 12, "E": 11, "F": 80, "G": 40, "H": 8, "I": 30,
           "J": 20, "K": 30}
MAX_CELL_CHARS = 32767  # Excel's limit for one cell


def event_row(timeline: Timeline, event: Event) -> tuple[Any, ...]:
    """One event's cells, typed: dates, text, a boolean, a count."""
    articles = event_article_ids(event)
    names = [timeline.actors[a].name if a in timeline.actors else a for a in event_actor_ids(event)]
    return (
        event.start, event.end, event.granularity, event.value, bool(event.approximate),
        event.text, "; ".join(_source_labels(timeline, articles)), len(articles),
        "; ".join(names), "; ".join(country_name(c) for c in event_countries(event)),
        "; ".join(_conflict_labels(event)),
    )


def to_xlsx(timeline: Timeline) -> bytes:
    """The workbook's bytes: a header row, then one row per event."""
    from openpyxl import Workbook  # deferred: only this export needs it

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = SHEET_TITLE
    _put_row(sheet, 1, HEADER)
    for row, event in enumerate(timeline.events, start=2):
        _put_row(sheet, row, event_row(timeline, event))
    for column, width in _WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _put_row(sheet: Any, row: int, values: Iterable[Any]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, str):
            cell.value = printable_line(value)[:MAX_CELL_CHARS]
            # openpyxl takes any string starting with '=' for a formula: say it is a string.
            cell.data_type = "s"
        else:
            cell.value = value
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
