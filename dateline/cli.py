"""The `dateline` command line: a thin face over `core`; the Textual app is imported lazily."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

EXIT_USAGE = 2


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
    from core.temporal import describe, tag

    dct = parse_dct(args.dct) if args.dct else None
    text = read_input(args.file)
    out = sys.stdout
    for timex in tag(text, dct):
        out.write(json.dumps(describe(timex), ensure_ascii=False) + "\n")
    return 0


def command_open(paths: Sequence[str]) -> int:
    """Until the Textual app lands: print the articles' dated expressions as one timeline."""
    from core.articles import expand_paths, read_article
    from core.errors import DatelineError
    from core.temporal import tag

    failed = False
    rows = []
    for path in expand_paths(paths or ["seeds"]):
        try:
            article = read_article(path)
        except DatelineError as error:
            print(f"dateline: {error}", file=sys.stderr)
            failed = True
            continue
        for timex in tag(article.text, article.published):
            if timex.interval and timex.type in ("DATE", "TIME"):
                rows.append((timex.interval[0], timex.interval[1], timex, article))
    rows.sort(key=lambda row: (row[0], row[1], row[3].id, row[2].start))
    for start, end, timex, article in rows:
        span = start.isoformat() if start == end else f"{start}…{end}"
        sentence = " ".join(_around(article.text, timex.start, timex.end).split())
        print(f"{span:23} {timex.value:22} {article.id[:3]}  {sentence}")
    return 1 if failed else 0


def _around(text: str, start: int, end: int, width: int = 40) -> str:
    return text[max(0, start - width) : end + width]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dateline",
        usage="dateline [PATH ...] | dateline COMMAND ...",
        description="Turn news articles about one story into one timeline of dated events "
        "and attributed claims. With PATHs (files, directories, globs) it lists their dated "
        "expressions as one timeline.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tag_parser = commands.add_parser(
        "tag",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"tag"}
    try:
        if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
            return command_open(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help()
            return EXIT_USAGE
        return args.run(args)
    except UsageError as error:
        print(f"dateline: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
