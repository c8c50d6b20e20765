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
from dateline.core.model import Actor, Article, Claim, Event, EventMention, KeyDate, Timeline
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
                and (main.mode != "timeline"
                     or main.shown_position == main.timeline.event_position)
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


# A small story made by hand for the lookup views: key dates, a reported event, an undated
# denial by someone on no event, and troop figures that disagree.
LOOKUP_A = ("On 2024-10-08 officials said 3,000 soldiers had arrived in Russia. "
            "Maria Zakharova said the reports were false. "
            "Up to 12,000 soldiers may follow, the paper reported.")
LOOKUP_B = ("Seoul said on 2024-10-09 that 1,500 soldiers had landed in Russia.\n"
            "The treaty was signed in 1961.")


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _mention(article: Article, sentence: str, when: str, value: str, day: tuple[date, date],
             countries: tuple[str, ...] = (), claims: tuple[str, ...] = (),
             certainty: str = "explicit") -> EventMention:
    start, end = _span(article.text, sentence)
    at = article.text.find(when, start) if when else start
    timex = Timex(at, at + len(when), when, "DATE", value, "day" if len(value) == 10 else "year",
                  day)
    return EventMention(article.id, start, end, sentence, timex, (), countries, claims,
                        certainty)


def lookup_timeline() -> Timeline:
    """Two articles: one with a given date and a title, one with an inferred date and none."""
    a = Article("a1", "/story/a1.txt", LOOKUP_A, title="Troops arrive", outlet="Daily Planet",
                published=date(2024, 10, 17), published_source="metadata")
    b = Article("b2", "/story/b2.txt", LOOKUP_B, outlet="Evening Post",
                published=date(2024, 10, 20), published_source="inferred")
    oct8, oct9, oct17 = date(2024, 10, 8), date(2024, 10, 9), date(2024, 10, 17)
    first = "On 2024-10-08 officials said 3,000 soldiers had arrived in Russia."
    said = _span(LOOKUP_A, "3,000 soldiers had arrived in Russia")
    denial = _span(LOOKUP_A, "the reports were false")
    landed = _span(LOOKUP_B, "1,500 soldiers had landed in Russia")
    claims = {
        "a1#1": Claim(*said, LOOKUP_A[slice(*said)], "officials", None, None, None, "said",
                      "assert", Timex(3, 13, "2024-10-08", "DATE", "2024-10-08", "day",
                                      (oct8, oct8))),
        "a1#2": Claim(*denial, LOOKUP_A[slice(*denial)], "Maria Zakharova", None, None,
                      "maria-zakharova", "said", "deny"),
        "b2#1": Claim(*landed, LOOKUP_B[slice(*landed)], "Seoul", None, None, None, "said",
                      "assert"),
    }
    events = [
        Event("e1961", date(1961, 1, 1), date(1961, 12, 31), "year", "1961", False,
              "The treaty was signed in 1961.",
              [_mention(b, "The treaty was signed in 1961.", "1961", "1961",
                        (date(1961, 1, 1), date(1961, 12, 31)), ("KP",))]),
        Event("e1008", oct8, oct8, "day", "2024-10-08", False, first,
              [_mention(a, first, "2024-10-08", "2024-10-08", (oct8, oct8), ("RU",),
                        ("a1#1",))]),
        Event("e1009", oct9, oct9, "day", "2024-10-09", False,
              "Seoul said on 2024-10-09 that 1,500 soldiers had landed in Russia.",
              [_mention(b, "Seoul said on 2024-10-09 that 1,500 soldiers had landed in Russia.",
                        "2024-10-09", "2024-10-09", (oct9, oct9), ("KR", "RU"), ("b2#1",))]),
        Event("e1017", oct17, oct17, "day", "2024-10-17", False,
              "Up to 12,000 soldiers may follow, the paper reported.",
              [_mention(a, "Up to 12,000 soldiers may follow, the paper reported.", "",
                        "2024-10-17", (oct17, oct17), ("RU",), certainty="reported")],
              certainty="reported"),
    ]
    actors = {"maria-zakharova": Actor("maria-zakharova", "Maria Zakharova", "person", "RU",
                                       ("Zakharova",), "foreign ministry spokeswoman")}
    return Timeline([a, b], events, claims, {"a1#1": "a1", "a1#2": "a1", "b2#1": "b2"}, actors,
                    {"maria-zakharova": ["a1"]},
                    [KeyDate(oct8, 3.0, ("e1008",)), KeyDate(oct9, 2.0, ("e1009",))])


def screen_text(app) -> str:
    """What the terminal shows, row by row, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


if __name__ == "__main__":
    FROZEN.parent.mkdir(parents=True, exist_ok=True)
    FROZEN.write_text(codec.dumps(seed_timeline()) + "\n", encoding="utf-8")
    print(f"wrote {FROZEN}")


def drive(scenario, size: tuple[int, int], app: DatelineApp) -> DatelineApp:
    """Run `app` headless at `size`, wait until it has settled, then `scenario(app, pilot)`."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())
    return app
