"""Throughput of the entity finder: articles per second for `extract`, plus `link_actors`.

    python bench/entities.py [DIR_OR_FILE ...] [--limit N] [--top K] [--cast K]

Default input: the five seeds. Any directory is searched for *.txt files (e.g. the timeline17
corpus in ../shared/corpora/timeline17). Loading the gazetteers and building the tries is done
once before timing and reported apart, the way a long ingest pays it once. Times are CPU time
of this process (time.process_time), so other work on the machine disturbs them less. With
--top K it also prints the K most frequent discovered persons and organisations, to eyeball
false positives. With --cast K it runs the whole pipeline and the merge over the articles and
prints the K actors of the timeline with the most events (kind, events, name, aliases): a story's
cast, to read against what a person who knows the story expects.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.reading import expand_paths  # noqa: E402
from dateline.core.entities import extract as entities  # noqa: E402
from dateline.core.entities import gazetteer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--cast", type=int, default=0)
    args = parser.parse_args(argv)
    files = expand_paths(args.paths or [ROOT / "seeds"])[: args.limit or None]
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]

    started = time.process_time()
    entities.extract("Warm-up: Kim Jong Un met Vladimir Putin in Pyongyang.")
    setup = time.process_time() - started

    started = time.process_time()
    results = [entities.extract(text) for text in texts]
    elapsed = time.process_time() - started
    started = time.process_time()
    links = entities.link_actors(r.registry for r in results)
    linking = time.process_time() - started

    chars = sum(len(t) for t in texts)
    print(f"setup (load gazetteers, build tries): {setup * 1000:.0f} ms")
    print(
        f"extract: {len(texts)} articles, {chars / 1000:.0f}k chars in {elapsed * 1000:.0f} ms"
        f" = {len(texts) / elapsed:.0f} articles/s, {elapsed / len(texts) * 1000:.2f} ms/article"
    )
    print(
        f"link_actors: {len(links.ids)} ids -> {len(links.actors)} actors in "
        f"{linking * 1000:.0f} ms"
    )
    if args.top:
        known = gazetteer.actors()
        counts: Counter[tuple[str, str]] = Counter()
        for result in results:
            for mention in entities.relabel(result.actors, links.ids):
                if mention.entity_id not in known:
                    counts[(mention.kind, links.actors[mention.entity_id].name)] += 1
        for (kind, name), count in counts.most_common(args.top):
            print(f"{count:6d}  {kind:12s}  {name}")
    if args.cast:
        print_cast(files, args.cast)
    return 0


def print_cast(files: list[Path], k: int) -> None:
    """The k actors of the merged timeline with the most events."""
    from dateline.core.articles.reading import read_article
    from dateline.core.errors import DatelineError
    from dateline.core.pipeline import analyse
    from dateline.core.timeline.merge import build_timeline

    analyses = []
    for path in files:
        try:
            analyses.append(analyse(read_article(path)))
        except DatelineError as error:  # empty files in Timeline17
            print(f"skipped: {error}")
    timeline = build_timeline(analyses)
    counts: Counter[str] = Counter()
    for event in timeline.events:
        ids = {a for m in event.mentions for a in m.actor_ids}
        counts.update(ids)
    print(f"cast: {len(timeline.events)} events, {len(timeline.actors)} actors")
    for actor_id, count in counts.most_common(k):
        actor = timeline.actors.get(actor_id)
        if actor is None:
            continue
        aliases = ", ".join(actor.aliases[:4])
        print(f"{count:5d}  {actor.kind:12s}  {actor.name}" + (f"  ({aliases})" if aliases else ""))


if __name__ == "__main__":
    raise SystemExit(main())
