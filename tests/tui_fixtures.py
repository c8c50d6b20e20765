"""What the app's tests share: the seed timeline, an app over it, and a wait for it to load.

Nothing here reads the user's store: the app gets a ready Timeline (`MemorySource`), and tests
of the store path use a tmp file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from dateline.core.articles.reading import expand_paths, read_article
from dateline.core.model import Article, Claim, Event, EventMention, Timeline
from dateline.core.pipeline import analyse
from dateline.core.store import codec
from dateline.core.temporal.timex import Timex
from dateline.core.timeline.merge import build_timeline
from dateline.tui.app import DatelineApp
from dateline.tui.data import MemorySource

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def seed_timeline() -> Timeline:
    return build_timeline([analyse(read_article(path)) for path in expand_paths([SEEDS])])


FROZEN = Path(__file__).resolve().parent / "data" / "tui" / "seed_timeline.json"


@cache
def frozen_timeline() -> Timeline:
    """The seed timeline as it was when the snapshots were taken: the screenshots' input, kept
    apart from the live pipeline so that extraction work does not redraw them. Rewrite it (and
    the snapshots) with `python -m tests.tui_fixtures` when the model itself changes."""
    return codec.loads(Timeline, FROZEN.read_text(encoding="utf-8"))


def conflicted(timeline: Timeline) -> tuple[int, Event]:
    """The first event whose sources disagree on its date (the pact: June against July)."""
    return next((n, e) for n, e in enumerate(timeline.events)
                if any(c.attribute == "date" for c in e.conflicts))


def most_sourced(timeline: Timeline) -> tuple[int, Event]:
    return max(enumerate(timeline.events),
               key=lambda pair: (len({m.article_id for m in pair[1].mentions}), -pair[0]))


async def select(pilot, position: int) -> None:
    """Put the cursor on the event at `position` as a user would: jump to its date, then j/k."""
    app = pilot.app
    event = app.main.index.events[position]
    await pilot.press("t", *event.start.isoformat(), "enter")
    await settle(pilot, lambda: app.main.current_event().start == event.start)
    for _ in range(len(app.main.index.events)):
        here = app.main.timeline.event_position
        if here == position:
            await settle(pilot)
            return
        await pilot.press("j" if here < position else "k")
    raise AssertionError(f"could not reach event {position}")


def make_app(timeline: Timeline | None = None) -> DatelineApp:
    """The app over `timeline` (the seeds by default), cursor blink off for stable screens."""
    return DatelineApp(MemorySource(timeline or seed_timeline()), cursor_blink=False)


async def settle(pilot, condition: Callable[[], bool] | None = None, timeout: float = 10.0
                 ) -> None:
    """Wait until the app has loaded and indexed its timeline, the detail shows the selected
    event (and `condition` holds)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout

    def ready() -> bool:
        main = app.main
        index = main.index
        return (index is not None and index.facets_ready
                and main.shown_position == main.timeline.event_position
                and (condition is None or condition()))

    while not ready():
        if loop.time() > deadline:
            raise TimeoutError("the app did not settle")
        await pilot.pause(0.01)
    await pilot.pause()


HOSTILE = ("Rich markup [bold]stays[/] as typed [red]here[/red]. "
           "An escape \x1b[2J\x1b[31mclears\x1b[0m nothing; a bell \x07 rings not; "
           "C1 \x9b31m and OSC \x1b]0;pwned\x07 do nothing.\n"
           "Second line\tafter a tab, \x1b[1A and a carriage\rreturn.")


def hostile_timeline() -> Timeline:
    """One article whose text is full of markup, ANSI escapes and control characters."""
    text = HOSTILE
    article = Article(id="evil_1", path="/tmp/evil.txt", text=text,
                      title="Title [bold]with[/] \x1b[31mmarkup\x1b[0m",
                      outlet="Outlet\x1b]0;x\x07", published=date(2024, 10, 8),
                      published_source="inferred")
    start = text.index("An escape")
    end = text.index("\n")
    when = text.index("rings")
    timex = Timex(when, when + 5, "rings", "DATE", "2024-10-08", "day",
                  (date(2024, 10, 8), date(2024, 10, 8)))
    claim = Claim(0, text.index(". ") + 1, text[: text.index(". ") + 1], "[bold]Someone[/]",
                  None, None, None, "said", "deny")
    mention = EventMention("evil_1", start, end, text[start:end], timex, (), (),
                           ("evil_1#0",))
    event = Event("e1", date(2024, 10, 8), date(2024, 10, 8), "day", "2024-10-08", False,
                  text[start:end], [mention], [])
    return Timeline([article], [event], {"evil_1#0": claim}, {"evil_1#0": "evil_1"}, {}, {})


if __name__ == "__main__":
    FROZEN.parent.mkdir(parents=True, exist_ok=True)
    FROZEN.write_text(codec.dumps(seed_timeline()) + "\n", encoding="utf-8")
    print(f"wrote {FROZEN}")
