"""Build a reproducible large corpus for benchmarks from the real texts under ../shared.

    python bench/corpus.py --out /tmp/dateline-corpus [--count 10000] [--seed 1]

Sources (relative to the repository root, read-only): every Timeline17 article
(../shared/corpora/timeline17/*/InputDocs/*/*.htm.txt, read with
`core.articles.reading.read_article`,
so the PTB text comes out detokenised and dated by its folder) and every TempEval-3 training
document (../shared/bench/tempeval3/train/*/*.tml,
`core.evaluation.timeml.parse_timeml`: <TEXT> as the
article, the DCT as its publication date). Empty and unreadable sources are left out.

Article i is source `order[i % n]` (a seeded shuffle of the n sources) in its copy
`i // n`; copy c is published c × COPY_SHIFT_DAYS after the original, so copies are distinct in
time (relative dates move with it) and merging sees a story that goes on, not exact duplicates.
Each article is `NNNNN/NNNNNNN.txt` with a sidecar `.toml` (title, outlet, published), a
thousand to a folder. The same --count and --seed give byte-identical files.

The texts belong to their publishers: the corpus is written outside the repository only (the
script refuses a path inside it) and is never to be committed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.reading import read_article  # noqa: E402
from dateline.core.errors import ArticleError  # noqa: E402
from dateline.core.evaluation.timeml import parse_timeml  # noqa: E402

SHARED = ROOT.parent / "shared"
T17_GLOB = "corpora/timeline17/*/InputDocs/*/*.htm.txt"
TIMEML_GLOB = "bench/tempeval3/train/*/*.tml"
COPY_SHIFT_DAYS = 29  # not a whole number of weeks or months: weekdays and months both move
PER_FOLDER = 1000
MANIFEST = "corpus.json"
DEFAULT_COUNT = 10_000


@dataclass(frozen=True, slots=True)
class Source:
    """One real text to copy: where it came from, its words, its date and how it is named."""

    name: str
    text: str
    published: date | None
    title: str
    outlet: str


def t17_sources(shared: Path = SHARED) -> list[Source]:
    out = []
    for path in sorted(shared.glob(T17_GLOB)):
        try:
            article = read_article(path)
        except ArticleError:  # Timeline17 has empty files: nothing to copy
            continue
        topic, outlet = path.parents[2].name.rsplit("_", 1)  # H1N1_bbc -> H1N1, bbc
        out.append(Source(
            f"t17/{path.parents[2].name}/{path.parent.name}/{path.name}", article.text,
            article.published, f"{topic.replace('_', ' ')}: {path.name.split('.')[0]}",
            outlet.upper() if len(outlet) <= 3 else outlet.capitalize(),
        ))
    return out


def timeml_sources(shared: Path = SHARED) -> list[Source]:
    out = []
    for path in sorted(shared.glob(TIMEML_GLOB)):
        try:
            document = parse_timeml(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if not document.text.strip():
            continue
        outlet = "".join(c for c in document.doc_id.split(".")[0] if c.isalpha()) or "TimeBank"
        out.append(Source(f"timeml/{path.parent.name}/{path.name}", document.text.strip() + "\n",
                          document.dct, document.doc_id, outlet))
    return out


def build(out: Path, count: int, seed: int, shared: Path = SHARED) -> dict[str, object]:
    """Write `count` articles into `out` (emptied first); return the manifest written."""
    out = out.resolve()
    if out == ROOT or ROOT in out.parents:
        raise SystemExit(f"corpus.py: refusing to write {out}: inside the repository; the texts "
                         "belong to their publishers, so the corpus lives outside it")
    sources = t17_sources(shared) + timeml_sources(shared)
    if not sources:
        raise SystemExit(f"corpus.py: no source texts under {shared}")
    order = list(range(len(sources)))
    random.Random(seed).shuffle(order)
    if out.exists():
        if not (out / MANIFEST).is_file() and any(out.iterdir()):
            raise SystemExit(f"corpus.py: {out} exists and is not a corpus of ours; not "
                             "emptying it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    total_bytes = 0
    for i in range(count):
        source = sources[order[i % len(sources)]]
        copy = i // len(sources)
        published = (source.published + timedelta(days=copy * COPY_SHIFT_DAYS)
                     if source.published else None)
        folder = out / f"{i // PER_FOLDER:05d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"{i:07d}.txt"
        data = source.text.encode("utf-8")
        path.write_bytes(data)
        total_bytes += len(data)
        title = source.title + (f" (copy {copy})" if copy else "")
        meta = [f"title = {_toml_string(title)}", f"outlet = {_toml_string(source.outlet)}"]
        if published:
            meta.append(f"published = {published.isoformat()}")
        path.with_suffix(".toml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    manifest: dict[str, object] = {
        "count": count, "seed": seed, "sources": len(sources), "bytes": total_bytes,
        "mean_bytes": round(total_bytes / max(count, 1)),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def existing(out: Path, count: int, seed: int) -> bool:
    """True when `out` already holds the corpus of this count and seed."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return manifest.get("count") == count and manifest.get("seed") == seed


def _toml_string(text: str) -> str:
    # JSON's escapes are TOML's for a basic string, once non-ASCII stays as is (no \ud83d pairs).
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True,
                        help="folder to write (outside the repository; emptied first)")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="articles to write")
    parser.add_argument("--seed", type=int, default=1, help="shuffle seed")
    args = parser.parse_args(argv)
    manifest = build(args.out, args.count, args.seed)
    print(f"{args.out}: {manifest['count']:,} articles from {manifest['sources']:,} sources, "
          f"{int(manifest['bytes']) / 1e6:.1f} MB, {manifest['mean_bytes']:,} bytes each on "
          "average")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
