"""The store on SQLite and on PostgreSQL: ingest time, store-only save time, search time, and
whether both give the same hits.

    python bench/store_backends.py [--postgres URL] [--jobs N] [FOLDER ...]

URL defaults to $DATELINE_TEST_POSTGRES (`.ci/postgres start DIR` prints one); each run uses
a fresh schema of that database, dropped afterwards. FOLDERs default to seeds/ and
Timeline17's H1N1_reuters (207 articles, ../shared). For each folder and backend:

- ingest: `core.store.ingest.ingest` of the folder into a new store (read, analyse with N
  workers, save, merge, write the timeline), wall seconds;
- save: the same analyses saved again into another new store (merge and writes only: what the
  backend costs, without the NLP), wall seconds;
- search: the mean of QUERIES, milliseconds, and whether every query's hits equal SQLite's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.store.database import Store  # noqa: E402
from dateline.core.store.ingest import ingest  # noqa: E402

QUERIES = ("Kharkiv", "troops", "missile*", "said", '"North Korean"', "Kursk OR Kyiv", "flu",
           "swine flu", "vaccin*", "WHO", "Mexico OR Egypt", '"World Health Organization"')
DEFAULT_FOLDERS = (ROOT / "seeds", ROOT.parent / "shared/corpora/timeline17/H1N1_reuters")


def schema_url(url: str, admin: object, schema: str) -> str:
    admin.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3D{schema}"


def timed(step):
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def measure(folder: Path, locations: dict[str, tuple[str, str]], jobs: int) -> None:
    hits_by_backend = {}
    for backend, (first, second) in locations.items():
        with Store.open(first) as store:
            ingest_s, report = timed(lambda: ingest(store, [folder], jobs=jobs))
            analyses = store.load_analyses()
        with Store.open(second) as store:
            save_s, _ = timed(lambda: store.save(analyses))  # noqa: B023
            search_s, hits = timed(lambda: [store.search(q, limit=10_000) for q in QUERIES])
            events = len(store.timeline().events)
        hits_by_backend[backend] = hits
        same = "" if backend == "sqlite" else \
            f"  same hits as sqlite: {hits == hits_by_backend['sqlite']}"
        print(f"{folder.name:14} {backend:10} {len(report.ingested):4d} articles {events:5d} "
              f"events  ingest {ingest_s:6.2f} s  save {save_s:6.2f} s  "
              f"search {1000 * search_s / len(QUERIES):6.1f} ms/query "
              f"({sum(map(len, hits))} hits){same}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS))
    parser.add_argument("--postgres", default=os.environ.get("DATELINE_TEST_POSTGRES"))
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not args.postgres:
        parser.error("give --postgres URL (or set DATELINE_TEST_POSTGRES)")
    import psycopg

    with psycopg.connect(args.postgres, autocommit=True) as admin, \
            tempfile.TemporaryDirectory() as tmp:
        schemas = []
        try:
            for n, folder in enumerate(args.folders):
                schemas += [f"bench_{uuid.uuid4().hex[:10]}" for _ in range(2)]
                locations = {
                    "sqlite": (f"{tmp}/{n}a.db", f"{tmp}/{n}b.db"),
                    "postgresql": tuple(schema_url(args.postgres, admin, s)
                                        for s in schemas[-2:]),
                }
                measure(folder, locations, args.jobs)
        finally:
            for schema in schemas:
                admin.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
