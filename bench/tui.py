"""The app at scale: drive dateline's Textual app with Pilot over a generated timeline.

    python bench/tui.py [--events 100000] [--size 120x40] [--seed 7]

A timeline of N events (2,000 articles, 600 actors, 60 countries, one to three sources an event,
a claim every few events, dates from 1990 to 2024 at mixed granularities) is generated in
memory, then the app is started headless and measured as a user meets it:

- first paint: from starting the app to the first screen of rows drawn;
- facets: until actors and countries are indexed (filters can run);
- filter keystroke: each letter typed into the filter picker, until its suggestions are shown;
- filter apply: Enter in the picker, until the filtered rows are drawn;
- search keystroke: each letter typed after '/', until its hits are marked and the cursor moved;
- jump and G: a date jump and a move to the last event;
- views: 2 key dates, 3 quotes, 4 figures, 5 articles and back to 1, until each is drawn
  (the first visit builds the view's rows; a claim every few events: tens of thousands of
  quotes), and a cursor move in the quotes;
- noise controls: a date range (t 2010..2015), a minimum of 2 sources (m), order by sources;
- peak memory: the process's peak resident set (it includes the generated timeline, given
  separately).

Each keystroke figure is the wall time Pilot needs to deliver the key and see its result,
Pilot's own pauses included; "app" figures subtract Pilot's own cost (an unbound key, printed
too), which is what the app adds. Targets (issue 11): first paint < 0.5 s; cursor keys under
one frame (16 ms) of app time; filter, search and jump < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.model import Actor, Article, Claim, Conflict, Event, EventMention, Timeline  # noqa: E402
from dateline.core.temporal.timex import Timex  # noqa: E402

WORDS = [
    "troops", "artillery", "missile", "ceasefire", "talks", "border", "convoy", "minister",
    "envoy", "sanctions", "shipment", "drone", "strike", "parliament", "summit", "treaty",
    "officials", "reported", "said", "denied", "village", "port", "bridge", "refinery",
    "pipeline", "election", "protest", "court", "ruling",
]
COUNTRIES = [
    "UA", "RU", "KP", "KR", "US", "CN", "JP", "SY", "IL", "EG", "VN", "DE", "FR", "GB",
    "PL", "TR", "IR", "IQ", "IN", "PK", "AF", "SA", "AE", "QA", "BY", "GE", "MD", "RO",
    "HU", "SK", "CZ", "LT", "LV", "EE", "FI", "SE", "NO", "DK", "NL", "BE", "IT", "ES",
    "PT", "GR", "RS", "BA", "HR", "SI", "AL", "MK", "BG", "CA", "MX", "BR", "AR", "CL",
    "ZA", "NG", "KE", "ET",
]


def vocabulary(rng: random.Random, size: int = 5000) -> tuple[list[str], list[float]]:
    """News-like words with Zipf frequencies: the named words first (the most frequent), then
    made-up ones, so a search finds what a real story's search would, not every event."""
    syllables = ("ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "da", "pe", "ru", "zo")
    made_up = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
               for _ in range(size * 2)}
    words = [*WORDS, *sorted(made_up - set(WORDS))][:size]
    return words, [1 / rank for rank in range(1, len(words) + 1)]


def generate(n_events: int, seed: int = 7) -> Timeline:
    """A deterministic synthetic timeline of `n_events` events."""
    rng = random.Random(seed)
    words, weights = vocabulary(rng)
    cumulative = list(accumulate(weights))

    def prose(count: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=count))

    n_articles = max(n_events // 50, 1)
    first_names = ("Anna", "Boris", "Chen", "Dmytro", "Ewa")
    last_names = ("Kovalenko", "Park", "Smith", "Ivanova", "Lee")
    actors = {
        f"actor-{i}": Actor(f"actor-{i}", f"{rng.choice(first_names)} {rng.choice(last_names)} "
                            f"{i}", "person", rng.choice(COUNTRIES))
        for i in range(600)
    }
    actor_ids = list(actors)
    articles = []
    for i in range(n_articles):
        text = prose(400) + "."
        articles.append(Article(
            id=f"{i:05d}_synthetic", path=f"/synthetic/{i:05d}.txt", text=text,
            title=f"Synthetic report {i}", outlet=f"Outlet {i % 40}",
            published=date(2024, 1, 1) + timedelta(days=i % 300), published_source="metadata"))
    claims: dict[str, Claim] = {}
    claim_articles: dict[str, str] = {}
    first, span = date(1990, 1, 1), (date(2024, 12, 31) - date(1990, 1, 1)).days
    starts = sorted(first + timedelta(days=int(span * rng.random() ** 0.3)) for _ in
                    range(n_events))
    events = []
    for number, start in enumerate(starts):
        granularity = rng.choices(("day", "month", "year"), (8, 3, 1))[0]
        if granularity == "day":
            end, value = start, start.isoformat()
        elif granularity == "month":
            start = start.replace(day=1)
            end, value = start + timedelta(days=27), f"{start.year:04d}-{start.month:02d}"
        else:
            start = start.replace(month=1, day=1)
            end, value = start.replace(month=12, day=31), f"{start.year:04d}"
        mentions = []
        for article in rng.sample(articles, rng.choice((1, 1, 2, 3))):
            offset = rng.randrange(0, len(article.text) - 200)
            timex = Timex(offset + 10, offset + 20, article.text[offset + 10:offset + 20], "DATE",
                          value, granularity, (start, end))
            claim_ids: tuple[str, ...] = ()
            if rng.random() < 0.2:
                claim_id = f"{article.id}#{len(claims)}"
                claims[claim_id] = Claim(offset + 30, offset + 90,
                                         article.text[offset + 30:offset + 90],
                                         actors[rng.choice(actor_ids)].name, None, None,
                                         rng.choice(actor_ids), "said",
                                         rng.choice(("assert", "deny", "hedge")))
                claim_articles[claim_id] = article.id
                claim_ids = (claim_id,)
            mentions.append(EventMention(
                article.id, offset, offset + 150, article.text[offset:offset + 150], timex,
                tuple(rng.sample(actor_ids, rng.choice((0, 1, 1, 2)))),
                tuple(rng.sample(COUNTRIES, rng.choice((0, 1, 1, 2)))), claim_ids))
        conflicts = []
        if len(mentions) > 1 and rng.random() < 0.05:
            conflicts.append(Conflict("date", ((value, (mentions[0].article_id,)),
                                               (value, (mentions[1].article_id,)))))
        events.append(Event(f"e{number:07d}", start, end, granularity, value,
                            rng.random() < 0.05, prose(14),
                            mentions, conflicts))
    events.sort(key=lambda e: (e.start, e.end, e.id))
    return Timeline(articles, events, claims, claim_articles, actors,
                    {a: [] for a in actors})


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def until(pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.001)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


OWN: list[float] = []  # Pilot's own CPU time for a keystroke (an unbound key), once measured
Lap = tuple[float, float]  # (wall, CPU) seconds


def lap() -> Lap:
    return time.perf_counter(), time.process_time()


def since(begin: Lap) -> Lap:
    wall, cpu = lap()
    return wall - begin[0], cpu - begin[1]


def app_ms(cpu: float) -> str:
    """CPU time the app spent (every thread of the process), Pilot's own cost taken off: what
    the keystroke costs the app, whatever else the machine is running."""
    return ms(max(cpu - (OWN[0] if OWN else 0.0), 0.0))


def summary(times: list[Lap]) -> str:
    walls, cpus = [w for w, _ in times], [c for _, c in times]
    return (f"app median {app_ms(statistics.median(cpus))}, max {app_ms(max(cpus))} "
            f"(wall median {ms(statistics.median(walls))}) over {len(times)} keystrokes")


def app_time(taken: Lap) -> str:
    return f"app {app_ms(taken[1])} (wall {ms(taken[0])})"


async def drive(timeline: Timeline, size: tuple[int, int]) -> dict[str, str]:
    from textual.strip import Strip

    from dateline.tui.app import DatelineApp
    from dateline.tui.data import MemorySource
    from dateline.tui.prompts import PickerScreen
    from dateline.tui.timeline import TimelineView

    # First paint: the moment the timeline draws its first event row.
    painted: list[float] = []
    draw = TimelineView.render_line

    def render_line(view: TimelineView, y: int) -> Strip:
        if view.view and not painted:
            painted.append(time.perf_counter())
        return draw(view, y)

    TimelineView.render_line = render_line  # type: ignore[method-assign]
    app = DatelineApp(MemorySource(timeline), cursor_blink=False)
    figures: dict[str, str] = {}
    started = time.perf_counter()
    async with app.run_test(size=size) as pilot:
        main = app.main
        await until(pilot, lambda: bool(painted))
        figures["first paint"] = ms(painted[0] - started)
        await until(pilot, lambda: main.index is not None and main.index.facets_ready)
        figures["facets indexed"] = ms(time.perf_counter() - started)
        await until(pilot, lambda: main.index._haystacks is not None)
        # The lookup views' rows are built in the background after the first screen.
        newer = hasattr(main, "lookups")  # the same script measures an app before the views
        if newer:
            await until(pilot, lambda: main.lookups is not None
                        and main.lookups._figures is not None, timeout=120)
            figures["views ready"] = ms(time.perf_counter() - started)
        await pilot.press("x")  # an unbound key: what Pilot itself costs a keystroke
        own = []
        for _ in range(9):
            begin = lap()
            await pilot.press("x")
            own.append(since(begin))
        OWN.append(statistics.median(c for _, c in own))
        figures["Pilot's own keystroke"] = (f"{ms(OWN[0])} CPU, "
                                            f"{ms(statistics.median(w for w, _ in own))} wall")

        # A country filter, typed letter by letter.
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen)
                    and app.screen.answered == "")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        times, typed = [], ""
        for letter in "Ukraine":
            typed += letter
            begin = lap()
            await pilot.press(letter)
            await until(pilot, lambda t=typed: picker.answered == t)
            times.append(since(begin))
        figures["filter keystroke"] = summary(times)
        begin = lap()
        await pilot.press("enter")
        await until(pilot, lambda: bool(main.filters))
        await pilot.pause()
        figures["filter apply (Ukraine)"] = (f"{app_time(since(begin))} → "
                                             f"{len(main.timeline.view)} events")
        # A second filter on top: an actor.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen)
                    and app.screen.answered == "")
        await pilot.press(*"Boris")
        await until(pilot, lambda: isinstance(app.screen, PickerScreen)
                    and app.screen.answered == "Boris")
        begin = lap()
        await pilot.press("enter")
        await until(pilot, lambda: len(main.filters) == 2)
        await pilot.pause()
        figures["filter apply (+ actor)"] = (f"{app_time(since(begin))} → "
                                             f"{len(main.timeline.view)} events")
        begin = lap()
        await pilot.press("escape")
        await until(pilot, lambda: not main.filters)
        await pilot.pause()
        figures["clear filters"] = app_time(since(begin))

        # Search as you type.
        await pilot.press("slash")
        times, typed = [], ""
        for letter in "refinery":
            typed += letter
            begin = lap()
            await pilot.press(letter)
            await until(pilot, lambda t=typed: main.query_text == t)
            times.append(since(begin))
        figures["search keystroke"] = summary(times) + f" → {len(main.hits)} hits"
        await pilot.press("enter")
        begin = lap()
        cursor = main.timeline.cursor
        await pilot.press("n")
        await until(pilot, lambda: main.timeline.cursor != cursor)
        figures["next hit (n)"] = app_time(since(begin))

        begin = lap()
        await pilot.press("G")
        await until(pilot, lambda: main.timeline.cursor == len(main.timeline.view) - 1)
        await pilot.pause()
        figures["last event (G)"] = app_time(since(begin))
        await pilot.press("t", *"2001-09")
        begin = lap()
        await pilot.press("enter")
        await until(pilot, lambda: main.current_event() is not None
                    and main.current_event().start >= date(2001, 9, 1))
        figures["jump to 2001-09"] = app_time(since(begin))
        figures["PgDn"] = summary(await presses(pilot, "pagedown", 20))
        figures["j"] = summary(await presses(pilot, "j", 20))
        if newer:
            await views(pilot, figures)
            await noise(pilot, figures)
    return figures


async def presses(pilot, key: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        begin = lap()
        await pilot.press(key)
        times.append(since(begin))
    return times


async def views(pilot, figures: dict[str, str]) -> None:
    """Each lookup view, until its rows are drawn; the cursor within the quotes."""
    main = pilot.app.main
    await pilot.press("escape")  # the search off: every row
    for key, name in (("2", "key dates"), ("3", "quotes"), ("4", "figures"),
                      ("5", "articles")):
        rows_before = main.listing.rows
        begin = lap()
        await pilot.press(key)
        await until(pilot, lambda r=rows_before: main.listing.rows is not r
                    or (not main.listing.rows and main.listing.empty_message != "Building…"))
        await pilot.pause()
        figures[f"view {key} ({name})"] = (f"{app_time(since(begin))} → "
                                           f"{len(main.listing.items)} rows")
        if key == "3":
            figures["j in quotes"] = summary(await presses(pilot, "j", 20))
    begin = lap()
    await pilot.press("1")
    await pilot.pause()
    figures["view 1 (back)"] = app_time(since(begin))


async def noise(pilot, figures: dict[str, str]) -> None:
    """The noise controls: a date range, a minimum of sources, order by sources."""
    main = pilot.app.main
    await pilot.press("t", *"2010..2015")
    begin = lap()
    await pilot.press("enter")
    await until(pilot, lambda: main.noise.since is not None)
    await pilot.pause()
    figures["range 2010..2015"] = (f"{app_time(since(begin))} → "
                                   f"{len(main.timeline.view)} events")
    begin = lap()
    await pilot.press("m")
    await until(pilot, lambda: main.noise.min_sources == 2)
    await pilot.pause()
    figures["min 2 sources (m)"] = (f"{app_time(since(begin))} → "
                                    f"{len(main.timeline.view)} events")
    begin = lap()
    await pilot.press("o")
    await until(pilot, lambda: main.noise.by_sources)
    await pilot.pause()
    figures["order by sources (o)"] = app_time(since(begin))
    begin = lap()
    await pilot.press("escape")
    await until(pilot, lambda: not main.noise.active)
    await pilot.pause()
    figures["clear (Esc)"] = app_time(since(begin))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--size", default="120x40", help="terminal size, WxH")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.lower().split("x"))
    begin = lap()
    timeline = generate(args.events, args.seed)
    print(f"generated {len(timeline.events):,} events, {len(timeline.articles):,} articles, "
          f"{len(timeline.claims):,} claims in {since(begin)[0]:.1f} s; "
          f"peak RSS so far {peak_rss_mb():.0f} MB")
    figures = asyncio.run(drive(timeline, (width, height)))
    for name, figure in figures.items():
        print(f"{name:24} {figure}")
    print(f"{'peak RSS':24} {peak_rss_mb():.0f} MB (timeline included)")


if __name__ == "__main__":
    main()
