"""core.store.database: the store —
 ids, idempotent saves, transactions, migrations, search. Tests taking `fresh_store` or
`filled_store` run on SQLite and on PostgreSQL (`store_location`, tests/store_backends.py)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from dateline.core.store import schema as store_module
from dateline.core.store.database import (
    SCHEMA_VERSION,
    QueryError,
    Store,
    StoreError,
    assign_ids,
    default_path,
    fts_query,
    resolve_db_path,
)
from dateline.core.store.dialect import dialect_of
from dateline.core.store.paths import shown_store

from tests import timeline_fakes as fakes
from tests.store_backends import is_postgres, raw_connection, table_names, version_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_store(store_location):
    with Store.open(store_location, merge=fakes.merge) as store:
        yield store


@pytest.fixture
def filled_store(fresh_store):
    fresh_store.save(fakes.corpus())
    return fresh_store


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables too), for before/after comparisons."""
    conn = store._conn
    tables = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        if is_postgres(store.path) else
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
    )]
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def changes(store: Store) -> int:
    """How many rows the store's connection has written (SQLite), or its database's
    transaction counter (PostgreSQL: any write takes a transaction id)."""
    if is_postgres(store.path):
        return store._conn.execute("SELECT txid_current_snapshot()::text").fetchone()[0]
    return store._conn.total_changes


# --- where the store lives ---


@pytest.mark.parametrize("folder", ["data-home"])
def test_store_default_path_is_in_the_user_data_dir(tmp_path, monkeypatch, folder):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / folder))
    assert default_path() == tmp_path / folder / "dateline" / "dateline.db"


@pytest.mark.parametrize(
    ("option", "env", "expected"),
    [("x.db", {"DATELINE_DB": "y.db"}, "x.db"), (None, {"DATELINE_DB": "y.db"}, "y.db")],
)
def test_store_resolve_db_path_prefers_the_option_then_the_env(option, env, expected):
    assert resolve_db_path(option, env) == expected


# --- article ids ---


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["/c/a.txt", "/c/b.txt"], ["a", "b"]),
        (  # Timeline17 reuses file names across date folders
            ["/t/InputDocs/2009-04-25/558.htm.txt", "/t/InputDocs/2009-04-26/558.htm.txt",
             "/t/InputDocs/2009-04-26/9.htm.txt"],
            ["2009-04-25/558.htm", "2009-04-26/558.htm", "9.htm"],
        ),
        (["/e/d1/a.txt", "/f/d1/a.txt", "/g/d2/a.txt"], ["e/d1/a", "f/d1/a", "g/d2/a"]),
        (["/d/a.txt", "/d/a.md"], ["a.txt", "a.md"]),
    ],
)
def test_store_assign_ids_are_stems_unless_they_collide(paths, expected):
    assert [assign_ids(paths)[p] for p in paths] == expected
    assert assign_ids(reversed(paths)) == assign_ids(paths)  # order never matters


@pytest.mark.parametrize("stem", ["558.htm"])
def test_store_colliding_stems_get_folder_ids_everywhere(fresh_store, stem):
    first = fakes.analysis(f"/t/2009-04-25/{stem}.txt", [("A quake hit", date(2009, 4, 25), (),
                                                          ())], claims=[("It hurt", "X", None, 0)])
    fresh_store.save([first])
    assert [a.id for a in fresh_store.timeline().articles] == [stem]
    second = fakes.analysis(f"/t/2009-04-26/{stem}.txt", [("Aid came", date(2009, 4, 26), (),
                                                           ())])
    fresh_store.save([second])
    timeline = fresh_store.timeline()
    ids = [a.id for a in timeline.articles]
    assert ids == [f"2009-04-25/{stem}", f"2009-04-26/{stem}"]
    assert {m.article_id for e in timeline.events for m in e.mentions} == set(ids)
    assert list(timeline.claims) == [f"2009-04-25/{stem}#1"]
    assert timeline.claim_articles == {f"2009-04-25/{stem}#1": f"2009-04-25/{stem}"}
    (quake,) = [e for e in timeline.events if e.text == "A quake hit"]
    assert quake.mentions[0].claim_ids == (f"2009-04-25/{stem}#1",)


# --- saving ---


def test_store_saves_and_reads_back_the_merged_timeline(filled_store):
    analyses = filled_store.load_analyses()
    assert [a.article.id for a in analyses] == ["001", "002", "003"]
    assert filled_store.timeline() == fakes.merge(analyses)
    assert not filled_store.stale


@pytest.mark.parametrize("limit", [0, 1, 2, 4, 10])
def test_store_first_events_are_the_timelines_first_whole(filled_store, limit):
    events = filled_store.timeline().events
    first = filled_store.first_events(limit)
    assert first == events[:limit]  # dates, granularity, value, text, conflicts, mentions
    assert [(e.start, e.end) for e in first] == sorted((e.start, e.end) for e in first)


def test_store_first_events_carry_what_a_timeline_row_shows(filled_store):
    event = filled_store.first_events(2)[1]
    assert (event.start, event.end, event.granularity, event.value, event.approximate) == \
        (date(2024, 10, 2), date(2024, 10, 2), "day", "2024-10-02", False)
    assert event.text
    assert len({m.article_id for m in event.mentions}) == 2  # sources
    assert event.conflicts


def test_store_events_read_in_start_order_not_storage_order(filled_store):
    conn = filled_store._conn
    # Rows stored out of date order (merging in place appends): the earliest still come first.
    (last_stored,) = conn.execute("SELECT id FROM events ORDER BY pk DESC LIMIT 1").fetchone()
    conn.execute("UPDATE events SET start = '1999-01-01', end = '1999-01-01' "
                 "WHERE id = ?", (last_stored,))
    assert filled_store.first_events(1)[0].id == last_stored
    events = filled_store.timeline().events
    assert events[0].id == last_stored
    in_date_order = [row[0] for row in conn.execute(
        "SELECT id FROM events ORDER BY start, end, pk")]
    assert [e.id for e in events] == in_date_order != [row[0] for row in conn.execute(
        "SELECT id FROM events ORDER BY pk")]


def test_store_year_counts(filled_store):
    assert filled_store.year_counts() == [(2024, 4)]
    assert Store.open(":memory:").year_counts() == []


@pytest.mark.parametrize("analysis", fakes.corpus(), ids=lambda a: a.article.id)
def test_store_load_analyses_round_trips(fresh_store, analysis):
    fresh_store.save([analysis])
    (loaded,) = fresh_store.load_analyses()
    assert loaded == analysis


def test_store_reingesting_unchanged_files_changes_nothing(filled_store):
    before, written = dump(filled_store), changes(filled_store)
    assert filled_store.save(fakes.corpus()) == 0
    assert changes(filled_store) == written
    assert dump(filled_store) == before
    assert all(filled_store.known_hash(a.article.path) == a.article.content_hash
               for a in fakes.corpus())


def test_store_a_changed_file_replaces_its_rows(filled_store):
    old = dump(filled_store)
    changed = fakes.analysis("/corpus/c/003.txt",
                             [("Troops reached Kursk", date(2024, 10, 20), (), ("RU",))])
    assert filled_store.save([changed]) == 1
    timeline = filled_store.timeline()
    texts = [e.text for e in timeline.events]
    assert "Troops reached Kursk" in texts and "Troops landed in Vladivostok" not in texts
    assert len(dump(filled_store)["articles"]) == len(old["articles"])
    assert filled_store.known_hash("/corpus/c/003.txt") == changed.article.content_hash
    assert filled_store.search("Vladivostok") == []


def test_store_a_failing_merge_keeps_the_previous_state(filled_store):
    before = dump(filled_store)

    def broken_merge(analyses):
        raise RuntimeError("merge blew up")

    filled_store._merge = broken_merge
    changed = fakes.analysis("/corpus/c/003.txt", [("Something new", date(2024, 11, 1), (), ())])
    with pytest.raises(RuntimeError, match="merge blew up"):
        filled_store.save([changed, fakes.analysis("/corpus/d/new.txt", [])])
    assert dump(filled_store) == before


def test_store_an_interrupted_transaction_keeps_the_previous_state(filled_store):
    before = dump(filled_store)
    changed = fakes.analysis("/corpus/c/003.txt", [("Something new", date(2024, 11, 1), (), ())])
    with pytest.raises(KeyboardInterrupt), filled_store.transaction():
        filled_store.save([changed])
        assert filled_store.known_hash("/corpus/c/003.txt") == changed.article.content_hash
        raise KeyboardInterrupt
    assert dump(filled_store) == before


def test_store_save_without_rebuild_marks_the_store_stale(fresh_store):
    fresh_store.save(fakes.corpus(), rebuild=False)
    assert fresh_store.stale and fresh_store.timeline().events == []
    fresh_store.rebuild()
    assert not fresh_store.stale and fresh_store.timeline().events


def test_store_a_merge_citing_an_unknown_article_is_an_error(fresh_store):
    def bad_merge(analyses):
        timeline = fakes.merge(analyses)
        timeline.events[0].mentions[0].article_id = "nowhere"
        return timeline

    fresh_store._merge = bad_merge
    with pytest.raises(StoreError, match="unknown article 'nowhere'"):
        fresh_store.save(fakes.corpus())
    assert fresh_store.article_count() == 0


# --- opening, schema, migrations ---


def test_store_migrates_an_empty_file(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    with Store.open(path, merge=fakes.merge) as store:
        store.save(fakes.corpus())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_store_applies_each_missing_migration_once_in_order(store_location, monkeypatch):
    Store.open(store_location).close()
    extra = lambda conn: conn.execute("CREATE TABLE later (x TEXT)")  # noqa: E731
    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, extra))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    Store.open(store_location).close()
    Store.open(store_location).close()  # already there: not applied twice
    assert version_of(store_location) == SCHEMA_VERSION + 1


def test_store_a_failing_migration_leaves_the_old_version(store_location, monkeypatch):
    Store.open(store_location).close()

    def broken(conn):
        conn.execute("CREATE TABLE half (x TEXT)")
        conn.execute("SELECT no_such_column FROM half")  # the database refuses: a real fault

    monkeypatch.setattr(store_module, "MIGRATIONS", (*store_module.MIGRATIONS, broken))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError, match="no_such_column"):
        Store.open(store_location)
    assert version_of(store_location) == SCHEMA_VERSION
    conn = raw_connection(store_location)
    assert "half" not in table_names(conn) and "articles" in table_names(conn)
    conn.close()


def test_store_refuses_a_newer_schema(store_location):
    Store.open(store_location).close()
    conn = raw_connection(store_location)
    dialect_of(conn).set_user_version(conn, SCHEMA_VERSION + 1)
    conn.close()
    with pytest.raises(StoreError, match="newer dateline") as error:
        Store.open(store_location)
    assert str(error.value).startswith(f"{shown_store(store_location)}: ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"hello, not a database at all" * 100, "not a dateline store"),
     (None, "not a dateline store")],
)
def test_store_refuses_files_that_are_not_stores(tmp_path, content, problem):
    path = tmp_path / "other.db"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE someone_elses (x)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=problem):
        Store.open(path)


def test_store_open_without_create_needs_an_existing_store(store_location):
    with pytest.raises(StoreError, match="dateline ingest"):
        Store.open(store_location, create=False)
    if is_postgres(store_location):
        conn = raw_connection(store_location)
        assert table_names(conn) == set()
        conn.close()
    else:
        assert not Path(store_location).exists()


def test_store_file_uses_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    with Store.open(tmp_path / "deep" / "s.db") as store:
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


# --- search ---


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Kharkiv", '"Kharkiv"'),
        ("Kim Jong-un", '"Kim" "Jong-un"'),
        ('"special forces" sent', '"special forces" "sent"'),
        ("troop*", '"troop"*'),
        ("Kursk OR Kharkiv", '"Kursk" OR "Kharkiv"'),
        ("OR Kursk OR", '"Kursk"'),
        ('say "hi', '"say" "hi"'),
        ("U.S. - ,", '"U.S."'),
        ("  ", None),
    ],
)
def test_store_fts_query_quotes_what_the_user_typed(typed, expected):
    assert fts_query(typed) == expected


@pytest.mark.parametrize("word", ["Kharkiv", "kharkiv", "strike", "strikes", "Khar*"])
def test_store_search_finds_an_event_by_a_word_of_its_sentence(filled_store, word):
    hits = filled_store.search(word)
    assert [(h.kind, h.start, h.text) for h in hits] == [
        ("event", date(2024, 1, 6), "A missile was used in a strike in Kharkiv")
    ]
    assert hits[0].articles == ("001",) and hits[0].outlets == ("The Korea Times",)


@pytest.mark.parametrize("speaker", ["Zelenskyy", "zelensky", "Volodymyr"])
def test_store_search_finds_a_claim_by_its_speaker(filled_store, speaker):
    (hit,) = filled_store.search(speaker)
    assert hit.kind == "claim" and hit.id == "001#1"
    assert hit.speaker == "Volodymyr Zelenskyy" and hit.speaker_id == "volodymyr-zelenskyy"
    assert hit.start == date(2024, 10, 17)  # undated claim: its article's publication date


def test_store_search_reports_every_source_of_a_merged_event(filled_store):
    (hit,) = filled_store.search("training base")
    assert hit.articles == ("001", "002")
    assert hit.outlets == ("The Korea Times", "Yonhap")
    assert hit.value == "2024-10-02"


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("Kim Jong Un", ["event:Kim Jong Un visited a training base"]),
        ("KIM JONG-UN", ["event:Kim Jong Un visited a training base"]),
        ("kim-jong-un", ["event:Kim Jong Un visited a training base"]),
        ("NIS", ["event:The spy agency briefed lawmakers", "claim:About 1,500 special forces "
                 "were sent"]),
        ("the nis", ["claim:About 1,500 special forces were sent"]),  # speaker as written
        ("Nobody", []),
    ],
)
def test_store_search_filters_by_actor(filled_store, actor, expected):
    hits = filled_store.search("", actor=actor)
    assert [f"{h.kind}:{h.text}" for h in hits] == expected


@pytest.mark.parametrize("country", ["North Korea", "north korea", "KP", "kp", "DPRK", "PRK",
                                     "North Korean", "north korean"])
def test_store_search_filters_by_country(filled_store, country):
    hits = filled_store.search("", country=country)
    # Zelenskyy's claim is about the event in North Korea, so it is kept too.
    assert [f"{h.kind}:{h.text}" for h in hits] == [
        "event:Kim Jong Un visited a training base", "claim:Troops are fighting for Russia"
    ]


@pytest.mark.parametrize(("country", "claim"), [("Ukraine", "001#1"), ("South Korea", "002#1")])
def test_store_search_a_claims_country_is_its_speakers_or_its_events(
    filled_store, country, claim
):
    hits = filled_store.search("", country=country)
    assert [h.id for h in hits if h.kind == "claim"] == [claim]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (date(2024, 10, 1), date(2024, 10, 8),
         ["Kim Jong Un visited a training base", "Troops landed in Vladivostok"]),
        (date(2024, 10, 18), None,
         ["The spy agency briefed lawmakers", "About 1,500 special forces were sent"]),
        (None, date(2024, 1, 6), ["A missile was used in a strike in Kharkiv"]),
    ],
)
def test_store_search_filters_by_date(filled_store, since, until, expected):
    hits = filled_store.search("", since=since, until=until)
    assert [h.text for h in hits] == expected


@pytest.mark.parametrize(
    ("query", "found"),
    [("flu", True), ("flus", True), ("Erdogan", True), ("erdoğan", True), ("who", True),
     ('"who said"', False), ("Erdo*", True), ("flu OR nothing", True), ("flu nothing", False)],
)
def test_store_search_stems_folds_and_keeps_stop_words(fresh_store, query, found):
    fresh_store.save([fakes.analysis("/corpus/f/flu.txt", [
        ("Relenza is used to treat flus, who knew, Erdoğan said", date(2009, 5, 1), (), ()),
    ])])
    assert bool(fresh_store.search(query)) is found


def test_store_search_filters_combine_with_words(filled_store):
    assert filled_store.search("Kim", country="KP", since=date(2024, 10, 1))
    assert not filled_store.search("Kim", country="KP", until=date(2024, 9, 30))
    assert not filled_store.search("Kharkiv", actor="Kim")


def test_store_search_lists_in_date_order_and_honours_the_limit(filled_store):
    hits = filled_store.search("")
    starts = [h.start for h in hits]
    assert starts == sorted(starts) and len(hits) == 6
    assert len(filled_store.search("", limit=2)) == 2
    assert [h.start for h in filled_store.search("", limit=2)] == starts[:2]


@pytest.mark.parametrize(
    ("query", "kwargs", "problem"),
    [("Kim", {"country": "Narnia"}, "unknown country"), ("- ,", {}, "nothing to search for")],
)
def test_store_search_rejects_unusable_arguments(filled_store, query, kwargs, problem):
    with pytest.raises(QueryError, match=problem):
        filled_store.search(query, **kwargs)


def test_store_search_hit_as_dict_is_json_ready(filled_store):
    (hit,) = filled_store.search("Kharkiv")
    row = hit.as_dict()
    assert row["start"] == "2024-01-06" and row["articles"] == ["001"]
    assert dataclasses.fields(hit)[0].name == "kind" and row["kind"] == "event"


def test_store_reads_no_user_data_dir():
    with Store.open(":memory:") as store:
        assert store.path == ":memory:"
        assert not Path(store.path).exists()


# --- with the real pipeline and merge ---

@pytest.mark.parametrize("folder", ["seeds"])
def test_store_round_trips_real_analyses_and_their_merge(folder):
    from dateline.core.articles.reading import expand_paths, read_article
    from dateline.core.pipeline import analyse
    from dateline.core.timeline.merge import build_timeline

    analyses = [analyse(read_article(p)) for p in expand_paths([ROOT / folder])]
    with Store.open(":memory:") as store:
        store.save(analyses)
        loaded = store.load_analyses()
        assert loaded == [
            dataclasses.replace(a, article=dataclasses.replace(
                a.article, path=os.path.realpath(a.article.path)))
            for a in analyses
        ]
        timeline = store.timeline()
        assert timeline == build_timeline(store.load_analyses())
        assert timeline.events and timeline.claims and timeline.actors


# --- faults: one line, the store untouched (issue 12) ---------------------------------------


def _foreign_db(path: Path, user_version: int = 0) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize(("version", "words"), [
    (0, "not a dateline store; not touching it"),
    (SCHEMA_VERSION + 7, "written by a newer dateline"),
])
def test_store_a_foreign_or_newer_store_is_refused_untouched(tmp_path, version, words):
    path = tmp_path / "other.db"
    before = _foreign_db(path, version)
    with pytest.raises(StoreError, match=words):
        Store.open(path)
    assert path.read_bytes() == before  # not even switched to WAL (header bytes 18-19)
    assert not (tmp_path / "other.db-wal").exists()


def test_store_a_full_disk_is_one_error_and_the_store_is_as_it_was(tmp_path):
    with Store.open(tmp_path / "s.db", merge=fakes.merge) as store:
        store.save(fakes.corpus()[:1])
        before = dump(store)
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
        with pytest.raises(StoreError) as caught:
            store.save(fakes.corpus()[1:])
        assert str(caught.value) == (f"{tmp_path / 's.db'}: the disk is full; nothing was "
                                     "written (free some space and run it again)")
        assert dump(store) == before


def test_store_a_fifo_is_not_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.db")
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(tmp_path / "pipe.db")  # SQLite would block on it forever


def _run_cli_unprivileged(argv: list[str]) -> tuple[int, str]:
    """`dateline ARGV` in a forked child that cannot write what it does not own (as root it
    becomes `nobody`: root may write a read-only file); (exit code, stderr)."""
    import sys

    import dateline.core.store.ingest  # noqa: F401 - imported before the fork: the child
    from dateline.cli import build_parser, main  # may not read the interpreter's folders

    build_parser()  # imports what parsing needs (the package metadata) before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 99
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            sys.stderr = open(write, "w", closefd=False)  # noqa: SIM115 - flushed below
            code = main(argv)
            sys.stderr.flush()
        except BaseException as error:  # reported to the parent, which fails on code 99
            os.write(write, f"child failed: {error!r}".encode())
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, encoding="utf-8", errors="replace") as f:
        err = f.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


@pytest.fixture
def shared_dir():
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="dateline-ro-", dir="/tmp"))
    folder.chmod(0o755)  # the unprivileged child must reach it
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)
    shutil.rmtree(folder)


@pytest.mark.parametrize("case", ["read-only file", "read-only folder"])
def test_store_a_read_only_store_is_one_line_and_untouched(shared_dir, case):
    article = shared_dir / "a.txt"
    article.write_text("Troops crossed the border on 2024-05-06.\n", encoding="utf-8")
    article.chmod(0o644)
    folder = shared_dir / case.split()[0]
    folder.mkdir()
    store = folder / "s.db"
    if case == "read-only file":
        Store.open(store).close()
        store.chmod(0o444)
        folder.chmod(0o777)
        before = store.read_bytes()
        words = ("the file is read-only (or unreadable) for you: dateline needs to write its "
                 "store; check its permissions")
    else:
        folder.chmod(0o555)
        before = None
        words = (f"its folder {folder} is read-only for you: dateline keeps its journal beside "
                 "the store; check the folder's permissions")
    code, err = _run_cli_unprivileged(["--db", str(store), "ingest", str(article), "-j1"])
    assert (code, err) == (1, f"dateline: {store}: {words}\n")
    assert (store.read_bytes() if before else None) == before
    assert not store.with_name("s.db-wal").exists()


def test_store_a_huge_limit_is_clamped(filled_store):
    assert filled_store.search("", limit=9223372036854775807)
    assert filled_store.search("", limit=2**70)


def test_store_long_typed_input_is_refused_fast(filled_store):
    from dateline.core.store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS

    with pytest.raises(QueryError, match="characters long"):
        filled_store.search("Kim " * 2500)  # 10,000 characters
    with pytest.raises(QueryError, match=f"more than {MAX_QUERY_TERMS} words"):
        fts_query(" ".join(f"w{n}" for n in range(MAX_QUERY_TERMS + 1)))
    # Typed key by key (a search per key), a long input reaches SQLite with at most
    # MAX_QUERY_TERMS words, and past MAX_QUERY_CHARS not at all.
    typed = "Kim said troops crossed " * 80
    reached = 0
    for end in range(1, len(typed) + 1, 7):
        try:
            query = fts_query(typed[:end])
        except QueryError:
            continue
        reached += 1
        assert query is None or query.count('"') <= 2 * MAX_QUERY_TERMS
        filled_store.search(typed[:end])
    assert 0 < reached <= MAX_QUERY_CHARS // 7 + 1


# --- the store decides nothing: the timeline's facts (issue 8) ------------------------------


def test_store_claim_facts_come_from_the_timeline(filled_store):
    from dateline.core.timeline.facts import claim_countries, claim_interval, publication_dates

    timeline = filled_store.timeline()
    countries = claim_countries(timeline)
    published = publication_dates(timeline)
    for claim_id, claim in timeline.claims.items():
        rows = filled_store._conn.execute(
            "SELECT start, end FROM claims WHERE id = ?", (claim_id,)).fetchone()
        interval = claim_interval(timeline, claim_id, claim, published)
        assert rows == ((interval[0].isoformat(), interval[1].isoformat()) if interval
                        else (None, None))
        stored = {row[0] for row in filled_store._conn.execute(
            "SELECT country FROM claim_countries JOIN claims ON claims.pk = claim "
            "WHERE claims.id = ?", (claim_id,))}
        assert stored == countries.get(claim_id, set())
    assert any(countries.values())
