"""The `dateline` command line: a thin face over `core`; the Textual app is imported lazily."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.core.articles.reading import DEFAULT_MAX_BYTES
from dateline.core.errors import DatelineError
from dateline.core.printable import json_safe, printable_line

if TYPE_CHECKING:  # the store is imported when a command needs it, to keep start-up fast
    from dateline.core.store.database import SearchHit, Store

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
MAX_LIMIT = 1_000_000  # --limit above this is clamped: no store holds more results


def say(text: str = "") -> None:
    """Print one line of output: whatever the text holds (an article's escape sequences, a
    file name's undecodable bytes), nothing reaches the terminal that it would act on."""
    print(printable_line(text))


def warn(text: str) -> None:
    """Print one `dateline: ...` line on stderr, made printable like `say`."""
    print(printable_line(f"dateline: {text}"), file=sys.stderr, flush=True)


class UsageError(Exception):
    """A bad argument or unreadable input: one line for the user, exit code 2."""


def parse_dct(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--dct {text!r}: not a calendar date (expected YYYY-MM-DD)") from None


def decode_text(data: bytes, name: str) -> str:
    """Strict UTF-8 (a byte-order mark is kept, so offsets match what other readers see)."""
    if b"\x00" in data:
        raise UsageError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def read_input(path: str) -> str:
    if path == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    return decode_text(data, path)


def command_tag(args: argparse.Namespace) -> int:
    from dateline.core.temporal.engine import describe, tag

    dct = parse_dct(args.dct) if args.dct else None
    text = read_input(args.file)
    out = sys.stdout
    for timex in tag(text, dct):
        out.write(json_safe(json.dumps(describe(timex), ensure_ascii=False)) + "\n")
    return 0


# --- The app -----------------------------------------------------------------------------------
# `dateline [PATH...] [--db FILE]` opens the Textual app on a terminal; with its output piped or
# redirected it prints the plain listing below instead, since a full-screen UI cannot run there.


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Open the timeline app. With PATHs (files, directories, globs of .txt/.md) "
        "they are ingested into the store first.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="articles to ingest before opening")
    parser.add_argument("--db", metavar="FILE",
                        help="the store to use: an SQLite file, or a PostgreSQL URL "
                        "postgresql://USER@HOST/DB (default: $DATELINE_DB, else dateline.db in "
                        "the user data directory)")
    return parser


def check_paths(paths: Sequence[str]) -> None:
    """Refuse, before opening anything, a PATH that holds no article: the app would open on an
    empty timeline and the user would wonder why."""
    from dateline.core.articles.reading import expand_paths

    for path in paths:
        if not expand_paths([path]):  # a path that does not exist raises its own error
            raise DatelineError(f"no .txt/.md files in {path}")


def command_app(argv: Sequence[str]) -> int:
    args = build_open_parser().parse_args(list(argv))
    check_paths(args.paths)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return command_open(args.paths)
    from dateline.core.store.database import resolve_db_path
    from dateline.tui.data import StoreSource

    source = StoreSource(resolve_db_path(args.db), args.paths)
    source.prefetch()  # the first screen's rows, read while the app's modules are imported
    from dateline.tui.app import DatelineApp

    try:
        DatelineApp(source).run()
    finally:
        source.close()
    return 0


def _first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor the value of --db."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--db":
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


# --- end of the app's part ----------------------------------------------------------------------


def command_open(paths: Sequence[str]) -> int:
    """Without a terminal: print the articles' dated expressions as one timeline."""
    from dateline.core.articles.reading import expand_paths, read_article
    from dateline.core.errors import DatelineError
    from dateline.core.temporal.engine import tag

    if not paths:  # no hidden default: "./seeds" meant whatever folder the shell was in
        print("dateline: no PATH given: with its output piped, dateline lists the dated "
              "expressions of the PATHs (dateline export prints the store's timeline)",
              file=sys.stderr)
        return 2
    failed = False
    rows = []
    found = []
    for arg in paths:
        try:
            found += expand_paths([arg])
        except DatelineError as error:
            warn(str(error))
            failed = True
    for path in dict.fromkeys(found):
        try:
            article = read_article(path)
        except DatelineError as error:
            warn(str(error))
            failed = True
            continue
        for timex in tag(article.text, article.published):
            if timex.interval and timex.type in ("DATE", "TIME"):
                rows.append((timex.interval[0], timex.interval[1], timex, article))
    rows.sort(key=lambda row: (row[0], row[1], row[3].id, row[2].start))
    for start, end, timex, article in rows:
        span = start.isoformat() if start == end else f"{start}…{end}"
        sentence = " ".join(_around(article.text, timex.start, timex.end).split())
        say(f"{span:23} {timex.value:22} {article.id[:3]}  {sentence}")
    return 1 if failed else 0


def _around(text: str, start: int, end: int, width: int = 40) -> str:
    """About `width` characters of context either side of a span, cut at word boundaries
    ("…" where the text goes on), on one line."""
    low, high = max(0, start - width), min(len(text), end + width)
    while low > 0 and not text[low - 1].isspace():
        low += 1  # step forward to the start of a whole word
        if low >= start:
            low = start
            break
    while high < len(text) and not text[high].isspace():
        high -= 1  # step back to the end of a whole word
        if high <= end:
            high = end
            break
    context = " ".join(text[low:high].split())
    return ("…" if low > 0 else "") + context + ("…" if high < len(text) else "")


def _open_store(args: argparse.Namespace, *, create: bool = True) -> Store:
    from dateline.core.store.database import Store, resolve_db_path

    return Store.open(resolve_db_path(getattr(args, "db", None)), create=create)


def _print_error(error: Exception) -> None:
    warn(str(error))


INGEST_PROGRESS_EVERY = 100  # files between progress lines on stderr


def _print_ingest_progress(done: int, total: int, path: Path) -> None:
    if done and done % INGEST_PROGRESS_EVERY == 0:
        warn(f"{done} of {total} files")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def command_ingest(args: argparse.Namespace) -> int:
    from dateline.core.store.ingest import IngestReport, default_jobs, ingest, prune

    if not args.paths and not args.prune:
        raise UsageError("ingest: give at least one PATH (or --prune alone, to forget every "
                         "stored article whose file is gone)")
    with _open_store(args) as store:
        report = IngestReport()
        if args.paths:
            report = ingest(store, args.paths, force=args.force, on_error=_print_error,
                            progress=_print_ingest_progress, jobs=args.jobs or default_jobs(),
                            max_bytes=args.max_size, scheduler=args.scheduler)
        if args.prune:
            report.removed = prune(store, args.paths)
            for path in report.removed:
                warn(f"{path}: gone; its article was removed")
        say(f"{report.summary()} (store: {store.path})")
    return 1 if report.failed else 0


def command_remove(args: argparse.Namespace) -> int:
    with _open_store(args, create=False) as store:
        missing = [p for p in args.paths if store.known_hash(p) is None]
        for path in missing:
            warn(f"{path}: not in the store")
        removed = store.remove(p for p in args.paths if p not in missing)
        say(f"{removed} removed (store: {store.path})")
    return 1 if missing else 0


def command_export(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from dateline.core.store.database import MEMORY, Store
    from dateline.core.store.ingest import ingest
    from dateline.core.timeline.export import render

    failed = False
    if args.paths:
        # A throwaway store: exporting files must not touch the user's store.
        with Store.open(MEMORY) as store:
            failed = bool(ingest(store, args.paths, on_error=_print_error).failed)
            timeline = store.timeline()
    else:
        with _open_store(args, create=False) as store:
            if store.stale:
                store.rebuild()
            timeline = store.timeline()
    if args.format == "xlsx":
        from dateline.core.timeline.spreadsheet import to_xlsx

        if not (args.output and args.output != "-") and sys.stdout.isatty():
            raise UsageError("--format xlsx writes a binary workbook: give -o FILE.xlsx")
        data = to_xlsx(timeline)
    else:
        # Bytes, not text mode: CSV and ICS lines end in CRLF, which must reach the file as is.
        text = render(timeline, args.format, stamp=datetime.now(UTC))
        if args.format in ("json", "timelinejs"):  # the same JSON, printable on a terminal
            text = json_safe(text)
        data = text.encode("utf-8", "backslashreplace")
    if args.output and args.output != "-":
        try:
            Path(args.output).write_bytes(data)
        except OSError as error:
            raise UsageError(f"{args.output}: cannot write: {error.strerror}") from None
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 1 if failed else 0


def parse_bound(text: str, *, end: bool) -> date:
    """A --since/--until value: YYYY-MM-DD, or YYYY-MM / YYYY for the first (or last) day."""
    import calendar

    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 3 and len(text) == 10:
            return date.fromisoformat(text)
        if len(parts) == 2:
            year, month = parts
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        if len(parts) == 1 and len(text) == 4:
            return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    except ValueError:
        pass
    option = "--until" if end else "--since"
    raise UsageError(f"{option} {text!r}: not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def command_search(args: argparse.Namespace) -> int:
    from dateline.core.store.database import QueryError

    since = parse_bound(args.since, end=False) if args.since else None
    until = parse_bound(args.until, end=True) if args.until else None
    with _open_store(args, create=False) as store:
        if store.stale:
            store.rebuild()
        try:
            # One more than shown, to tell the user when there is more.
            hits = store.search(args.query, actor=args.actor, country=args.country,
                                since=since, until=until, limit=args.limit + 1)
        except QueryError as error:
            raise UsageError(str(error)) from None
    for hit in hits[: args.limit]:
        if args.json:
            print(json_safe(json.dumps(hit.as_dict(), ensure_ascii=False)))
        else:
            say(format_hit(hit))
    if len(hits) > args.limit:
        warn(f"showing the earliest {args.limit} results; there are more "
             "(narrow with --since/--until/--actor/--country, or raise --limit)")
    return 0


STANCE_WORDS = {"assert": "asserts", "deny": "denies", "hedge": "hedges"}


def format_hit(hit: SearchHit) -> str:
    """One line: dates, kind, text (a claim with its speaker), sources."""
    if hit.start is None:
        span = "undated"
    elif hit.start == hit.end:
        span = hit.start.isoformat()
    else:
        span = f"{hit.start}…{hit.end}"
    text = " ".join(hit.text.split())
    if hit.kind == "claim":
        # A denial must not read as an assertion: the stance in words, and the cue.
        stance = STANCE_WORDS.get(hit.stance or "", hit.stance or "")
        text = f"{hit.speaker} {stance} ({hit.cue}): “{text}”"
    sources = ", ".join(
        [*hit.outlets, *(a for a in hit.articles if not hit.outlets)]
    ) or "no source"
    return f"{span:23} {hit.kind:5}  {text}  [{sources}]"


def package_version() -> str:
    """The installed distribution's version, from its metadata (one source: pyproject.toml)."""
    try:
        return metadata.version("dateline")
    except metadata.PackageNotFoundError:  # imported from a checkout that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        usage="dateline [PATH ...] [--db FILE] | dateline COMMAND ...",
        description="Turn news articles about one story into one timeline of dated events "
        "and attributed claims. `dateline [PATH ...]` opens the timeline app (ingesting the "
        "PATHs first: files, directories, globs); with its output piped it lists the dated "
        "expressions as text instead.",
    )
    # --db is accepted before or after the command; SUPPRESS keeps the sub-parser's default
    # from overwriting a value given before the command.
    db = argparse.ArgumentParser(add_help=False)
    _add_db_option(db)
    _add_db_option(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tag_parser = commands.add_parser(
        "tag",
        prog="dateline tag",
        help="print the temporal expressions of a text as JSON lines",
        description="Find the temporal expressions of FILE (or standard input with '-') and "
        "print one JSON object a line: start, end (character offsets into the UTF-8 text), "
        "text, type, value (TIMEX3), granularity and interval (inclusive days).",
    )
    tag_parser.add_argument("file", nargs="?", default="-", metavar="FILE|-",
                            help="a UTF-8 text file, or '-' for standard input (default)")
    tag_parser.add_argument("--dct", metavar="YYYY-MM-DD",
                            help="the document creation time that relative dates resolve "
                            "against; without it only absolute dates get intervals")
    tag_parser.set_defaults(run=command_tag)
    _add_store_commands(commands, db)
    return parser


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 ("invalid positive value" otherwise),
    at most MAX_LIMIT (a larger one is clamped to it)."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return min(value, MAX_LIMIT)


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="FILE", default=argparse.SUPPRESS,
                        help="the store to use: an SQLite file, or a PostgreSQL URL "
                        "postgresql://USER@HOST/DB (default: $DATELINE_DB, else dateline.db in "
                        "the user data directory)")


def _add_ingest_commands(commands: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    ingest_parser = commands.add_parser(
        "ingest",
        prog="dateline ingest",
        parents=[db],
        help="read articles into the store and rebuild the merged timeline",
        description="Read articles (files, directories, globs of .txt/.md) into the store, "
        "analyse them and rebuild the merged timeline. Files already stored with the same "
        "content are skipped; changed files replace what was stored. An unreadable file gets "
        "one line on stderr and the rest are still ingested; the exit code is then 1.",
    )
    ingest_parser.add_argument("paths", nargs="*", metavar="PATH",
                               help="an article file, a directory or a glob")
    ingest_parser.add_argument("--prune", action="store_true",
                               help="also remove the stored articles whose files are gone "
                               "(under the PATHs; with no PATH, anywhere) with their events")
    ingest_parser.add_argument("--force", action="store_true",
                               help="analyse files again even when their content is unchanged")
    ingest_parser.add_argument("--jobs", "-j", type=_positive_int, default=None, metavar="N",
                               help="analyse in N worker processes (default: one per core; "
                               "1: in this process)")
    ingest_parser.add_argument("--max-size", type=_positive_int, default=DEFAULT_MAX_BYTES,
                               metavar="BYTES",
                               help="refuse files over BYTES, one line each (default: "
                               f"{DEFAULT_MAX_BYTES}, 10 MB)")
    ingest_parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                               help="analyse on a running Dask distributed cluster "
                               "(tcp://HOST:PORT) instead of local worker processes")
    ingest_parser.set_defaults(run=command_ingest)

    remove_parser = commands.add_parser(
        "remove",
        prog="dateline remove",
        parents=[db],
        help="remove articles from the store",
        description="Remove the articles stored for these files (which may be gone) with "
        "their events and claims, and rebuild the merged timeline.",
    )
    remove_parser.add_argument("paths", nargs="+", metavar="PATH", help="a stored article file")
    remove_parser.set_defaults(run=command_remove)


def _add_store_commands(commands: argparse._SubParsersAction, db: argparse.ArgumentParser) -> None:
    _add_ingest_commands(commands, db)
    from dateline.core.timeline.export import (
        FORMATS,  # light: the exporters import nothing heavy at load
    )

    export_parser = commands.add_parser(
        "export",
        prog="dateline export",
        parents=[db],
        help="write the timeline as JSON, CSV, iCalendar or TimelineJS",
        description="Write the merged timeline of the store — or, with PATHs, of those "
        "articles alone, leaving the store untouched — as dateline JSON, CSV (one row per "
        "event), iCalendar (one all-day event per event) or TimelineJS3 JSON.",
    )
    export_parser.add_argument("paths", nargs="*", metavar="PATH",
                               help="articles to export instead of the store's")
    export_parser.add_argument("--format", "-f", choices=(*FORMATS, "xlsx"), default="json",
                               help="output format (default: json); xlsx: an Excel workbook "
                               "with typed cells")
    export_parser.add_argument("-o", "--output", metavar="FILE",
                               help="write to FILE instead of standard output")
    export_parser.set_defaults(run=command_export)

    search_parser = commands.add_parser(
        "search",
        prog="dateline search",
        parents=[db],
        help="find events and claims by words, actor, country and date",
        description="Print the events and claims of the store that match QUERY (all its "
        "words; \"a phrase\"; prefix*; OR) and the filters, with their dates and sources, "
        "earliest first. An empty QUERY ('') lists everything the filters keep.",
    )
    search_parser.add_argument("query", metavar="QUERY", help="words to find")
    search_parser.add_argument("--actor", metavar="NAME",
                               help="only events involving, and claims by, this actor "
                               "(name, alias, id or any part of one, such as a surname; "
                               "any case, accents optional)")
    search_parser.add_argument("--country", metavar="COUNTRY",
                               help="only events in this country (English name or ISO code)")
    search_parser.add_argument("--since", metavar="DATE",
                               help="only what happened on or after DATE (YYYY[-MM[-DD]])")
    search_parser.add_argument("--until", metavar="DATE",
                               help="only what happened on or before DATE (YYYY[-MM[-DD]])")
    search_parser.add_argument("--limit", type=positive, default=100, metavar="N",
                               help="show at most N results, the earliest (default: 100)")
    search_parser.add_argument("--json", action="store_true",
                               help="print one JSON object a line instead of text")
    search_parser.set_defaults(run=command_search)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"tag", "ingest", "export", "search", "remove"}
    try:
        if _first_word(argv) not in commands and not {"-h", "--help", "--version"} & set(argv):
            return command_app(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_USAGE
        return args.run(args)
    except UsageError as error:
        warn(str(error))
        return EXIT_USAGE
    except DatelineError as error:  # a store that cannot be opened, a stored analysis gone bad
        warn(str(error))
        return EXIT_FAILURE
    except sqlite3.Error as error:  # a store fault the store did not name: still one line
        warn(f"the store failed: {error}")
        return EXIT_FAILURE
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt as interrupt:  # Ctrl-C: one line, never a traceback
        warn(str(interrupt) or "interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
