"""Read article files (.txt/.md) and their metadata into `dateline.core.model.Article`.

Metadata comes from a sidecar `NAME.toml` beside `NAME.txt`, or from a TOML front-matter block
between two `+++` lines at the very top of the file — never both (that is an error: which one
wins would be a guess). Allowed keys: title, outlet, url, published (TOML date or datetime, or a
"YYYY-MM-DD" string), language. An unknown key is an error, not a warning: a typo such as
`publised` would otherwise silently drop the date every later stage depends on.

`Article.text` is the article body as decoded, with newlines normalised to "\\n" and any front
matter removed; every offset in the core (regions, sentences, spans) refers to `Article.text`,
never to the raw file. Timeline17 files (`…/InputDocs/YYYY-MM-DD/NAME.txt`) are PTB-tokenised:
their text is detokenised first (offsets refer to the detokenised text) and, without metadata,
the date is taken from the directory name.

`parse_article` is pure (bytes in, Article out); `read_article` does the file I/O around it.
"""

from __future__ import annotations

import difflib
import errno
import fnmatch
import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import Any

from dateline.core.articles.ptb import detokenize
from dateline.core.errors import ArticleError
from dateline.core.model import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MIN_YEAR, MAX_YEAR = 1800, 2100  # a publication date outside is a typo, not history
METADATA_KEYS = ("title", "outlet", "url", "published", "language")
ARTICLE_SUFFIXES = (".txt", ".md")
SIDECAR_SUFFIX = ".toml"
# Files a directory walk passes over: project docs that sit beside corpora.
_SKIPPED_STEMS = frozenset({"readme", "license", "licence", "changelog", "contributing"})

# Control bytes that never occur in text; tab, newline, form feed, carriage return do.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_BINARY_SAMPLE = 65536
_BINARY_CONTROL_SHARE = 0.02
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_FRONT_OPEN = re.compile(r"\A\+\+\+[ \t]*(?:\n|\Z)")
_FRONT_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\n|\Z)", re.M)
_TOML_LINE = re.compile(r"at line (\d+)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_URL = re.compile(r"https?://\S+", re.I)
_GLOB_MAGIC = re.compile(r"[*?\[]")


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """Return where the metadata sidecar of the article at `path` lives: NAME.toml."""
    return Path(path).with_suffix(SIDECAR_SUFFIX)


def read_article(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read the article at `path` (and its sidecar, if any); raise ArticleError if unreadable."""
    p = Path(path)
    raw = read_regular(p, max_bytes)
    sidecar_text = _read_sidecar(p)
    return parse_article(raw, sidecar_text, p, max_bytes=max_bytes)


def read_regular(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the regular file at `path`, at most `max_bytes` of them, or ArticleError.

    A FIFO, device or socket is refused before it is read (a FIFO would block forever,
    /dev/zero would fill the memory); the file is opened without blocking and checked again
    on the open descriptor, so a swap between the check and the open changes nothing; and the
    read stops after `max_bytes` + 1 bytes whatever `stat` said the size was.
    """
    try:
        kind = _file_kind(os.stat(path).st_mode)
        if kind is not None:
            raise ArticleError(path, f"{kind}, not a regular file; skipped")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            kind = _file_kind(info.st_mode)
            if kind is not None:
                raise ArticleError(path, f"{kind}, not a regular file; skipped")
            if info.st_size > max_bytes:
                raise ArticleError(
                    path, f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,}"
                )
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise ArticleError(path, f"cannot read: {_os_problem(e)}") from e
    if len(raw) > max_bytes:
        raise ArticleError(path, f"file is over the limit of {max_bytes:,} bytes (it grew, or "
                                 "its size was misreported)")
    return raw


def _file_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is a special file"


def _os_problem(error: OSError) -> str:
    if error.errno == errno.ENXIO:  # opening a socket (or a FIFO's missing end)
        return "a socket or device, not a regular file"
    return error.strerror or str(error)


# Metadata is a few lines; a bigger sidecar is a mistake, not metadata.
MAX_SIDECAR_BYTES = 1024 * 1024


def _read_sidecar(path: Path) -> str | None:
    """The text of the article's sidecar, None when it has none; ArticleError if unreadable."""
    sidecar = sidecar_path(path)
    if sidecar == path or not os.path.lexists(sidecar):
        return None
    raw = read_regular(sidecar, MAX_SIDECAR_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ArticleError(sidecar, f"metadata is not UTF-8 (byte {e.start})") from e


def file_hash(
    path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES
) -> str | None:
    """`Article.content_hash` of the file at `path` without parsing it (reads the file and its
    sidecar only), or None when either cannot be read as `read_article` would."""
    p = Path(path)
    try:
        return content_hash(read_regular(p, max_bytes), _read_sidecar(p))
    except ArticleError:
        return None


def parse_article(
    raw: bytes,
    sidecar_text: str | None,
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Build an Article from a file's bytes and its sidecar's text; `path` is only a name here."""
    if len(raw) > max_bytes:
        raise ArticleError(path, f"file is {len(raw):,} bytes, over the limit of {max_bytes:,}")
    text = decode_text(raw, path)
    body, front = split_front_matter(text, path)
    if front is not None and sidecar_text is not None:
        raise ArticleError(
            path, f"metadata given twice: front matter and {sidecar_path(path).name}; keep one"
        )
    if front is not None:
        meta = parse_metadata(front, path, line_offset=1)
    elif sidecar_text is not None:
        meta = parse_metadata(sidecar_text, sidecar_path(path))
    else:
        meta = {}
    dir_date = timeline17_date(path)
    if dir_date is not None:
        body = detokenize(body)
    if not body.strip():
        where = " after the front matter" if front is not None else ""
        raise ArticleError(path, f"no article text{where}")
    published = meta.get("published")
    evidence: tuple[str, ...] = ()
    if published is None and dir_date is not None:
        published = dir_date
        evidence = (f"directory name {dir_date.isoformat()} (Timeline17 layout)",)
    return Article(
        id=PurePath(path).stem,
        path=os.fspath(path),
        text=body,
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        published=published,
        published_source="metadata" if published is not None else None,
        published_evidence=evidence,
        language=meta.get("language") or "en",
        content_hash=content_hash(raw, sidecar_text),
    )


def content_hash(raw: bytes, sidecar_text: str | None) -> str:
    """The hash the store keys a file on: its bytes and its sidecar's text (so a changed
    sidecar re-ingests the article). Ingest computes it alone to skip unchanged files."""
    digest = hashlib.sha256(raw)
    if sidecar_text is not None:
        digest.update(b"\0")
        digest.update(sidecar_text.encode("utf-8"))
    return digest.hexdigest()


def decode_text(raw: bytes, path: str | os.PathLike[str]) -> str:
    """Decode an article's bytes to text with "\\n" newlines; reject empty and binary files."""
    if not raw.strip():
        raise ArticleError(path, "empty file" if not raw else "empty file (only whitespace)")
    if raw.startswith(_UTF16_BOMS):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as e:
            raise ArticleError(path, f"broken UTF-16 text (byte {e.start})") from e
        return _normalise_newlines(text)
    if b"\0" in raw:
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    sample = raw[:_BINARY_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_CONTROL_SHARE * len(sample):
        raise ArticleError(
            path, f"binary file ({controls} control bytes in {len(sample)}), not text"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = _mostly_utf8(raw)
        if text is None:
            text = _detect_and_decode(raw, path, e)
    return _normalise_newlines(text)


# UTF-8 with a few stray bytes (a cp1252 apostrophe pasted into a UTF-8 page, one corrupt
# byte) stays UTF-8, each bad byte marked U+FFFD, when valid multi-byte characters outnumber
# the bad bytes this many times over (or there are at most _FEW_BAD_BYTES of them).
_BAD_BYTE_SHARE = 10
_FEW_BAD_BYTES = 3
_REPLACEMENT = "\ufffd"
# A guessed decoding whose mess (charset-normalizer's chaos: 0 clean .. 1 junk) is over this
# is refused: the text would be garbled. (charset-normalizer itself keeps guesses up to 0.2,
# where words like "troopsї MondayД" pass.) cp1252, the likely one, may be a little messier.
MAX_GUESS_CHAOS = 0.1
MAX_CP1252_MESS = 0.2
# cp1252 wins over the guess when its text is at most this much messier: Western pages are far
# more common than the Baltic, DOS and Mac code pages that fit the same bytes equally well.
_CP1252_SLACK = 0.02
_MESS_SAMPLE = 32768  # characters charset-normalizer's mess measure reads (it is slow)


def _mostly_utf8(raw: bytes) -> str | None:
    """`raw` as UTF-8 with its few undecodable bytes replaced by U+FFFD, or None when it has
    more bad bytes than a UTF-8 file with stray bytes would."""
    text = raw.decode("utf-8-sig", errors="replace")
    bad = text.count(_REPLACEMENT) - raw.count(_REPLACEMENT.encode())
    good = len(raw) - len(text) + bad  # bytes beyond one per character: multi-byte sequences
    good_chars = len(text) - len(text.encode("ascii", "ignore")) - text.count(_REPLACEMENT)
    if good_chars and (bad <= _FEW_BAD_BYTES or good > _BAD_BYTE_SHARE * bad):
        return text
    return None


def _detect_and_decode(raw: bytes, path: str | os.PathLike[str], err: UnicodeDecodeError) -> str:
    """Decode non-UTF-8 bytes: cp1252 when it reads as cleanly as charset-normalizer's best
    guess, else that guess when it is clean enough; otherwise explain why not."""
    bad = f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"
    try:
        from charset_normalizer import from_bytes  # deferred: slow import, rarely needed
        from charset_normalizer.md import mess_ratio
    except ImportError:
        raise ArticleError(
            path, f"{bad}; install charset-normalizer to read other encodings"
        ) from err
    best = from_bytes(raw).best()
    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and not _junk(western):
        mess = mess_ratio(western[:_MESS_SAMPLE], maximum_threshold=1.0)
        if mess <= MAX_CP1252_MESS and (best is None or mess <= best.chaos + _CP1252_SLACK
                                        or _exotic(best.encoding)):
            return western
    text = str(best) if best is not None else ""
    if best is None or _junk(text):
        raise ArticleError(path, f"{bad}, and no other text encoding fits") from err
    if best.chaos > MAX_GUESS_CHAOS:
        raise ArticleError(
            path, f"{bad}, and the best guess ({best.encoding}) reads as garbled text "
            f"({best.chaos:.0%} mess); convert it to UTF-8",
        ) from err
    return text


# DOS and Mac code pages: charset-normalizer's guess for short Western text (their
# letters fit the same bytes) far more often than the code page a news article was saved in.
_EXOTIC = re.compile(r"cp(437|737|775|85\d|86\d|1006|1125)|mac_.*|kz1048|ptcp154|hp_roman8")


def _exotic(encoding: str) -> bool:
    return _EXOTIC.fullmatch(encoding) is not None


def _junk(text: str) -> bool:
    """True when decoded text carries replacement or control characters: junk, not text."""
    sample = text[:_BINARY_SAMPLE]
    junk = sum(1 for c in sample if c == _REPLACEMENT or (c < " " and c not in "\t\n\f\r")
               or "\x80" <= c < "\xa0")
    return junk > _BINARY_CONTROL_SHARE * len(sample)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split_front_matter(text: str, path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """Split `+++`-delimited TOML front matter off `text`: (body, front matter or None)."""
    opened = _FRONT_OPEN.match(text)
    if opened is None:
        return text, None
    closed = _FRONT_CLOSE.search(text, opened.end())
    if closed is None:
        raise ArticleError(path, "front matter opened with +++ on line 1 is never closed")
    return text[closed.end() :], text[opened.end() : closed.start()]


def parse_metadata(
    toml_text: str, source: str | os.PathLike[str], *, line_offset: int = 0
) -> dict[str, Any]:
    """Parse and check metadata TOML; `line_offset` maps line numbers back into `source`."""
    try:
        data = tomllib.loads(toml_text)
    except tomllib.TOMLDecodeError as e:
        message = _TOML_LINE.sub(lambda m: f"at line {int(m.group(1)) + line_offset}", str(e))
        raise ArticleError(source, f"malformed TOML metadata: {message}") from e
    except RecursionError as e:  # tomllib recurses once per nested array or table
        raise ArticleError(source, "malformed TOML metadata: nested too deeply") from e
    unknown = sorted(set(data) - set(METADATA_KEYS))
    if unknown:
        raise ArticleError(source, _unknown_keys_message(unknown))
    meta: dict[str, Any] = {}
    for key in ("title", "outlet", "url", "language"):
        if key in data:
            meta[key] = _string_field(data[key], key, source)
    if meta.get("url") is not None and not _URL.fullmatch(meta["url"]):
        raise ArticleError(source, f"url: {meta['url']!r} is not an http(s) URL")
    if meta.get("language") is not None and not _LANGUAGE.fullmatch(meta["language"]):
        raise ArticleError(
            source, f"language: {meta['language']!r} is not a language code like 'en'"
        )
    if "published" in data:
        meta["published"] = parse_published(data["published"], source)
    return meta


def _unknown_keys_message(unknown: list[str]) -> str:
    parts = []
    for key in unknown:
        close = difflib.get_close_matches(key, METADATA_KEYS, n=1)
        parts.append(f"{key!r} (did you mean {close[0]!r}?)" if close else repr(key))
    return f"unknown metadata key {', '.join(parts)}; allowed: {', '.join(METADATA_KEYS)}"


def _string_field(value: object, key: str, source: str | os.PathLike[str]) -> str | None:
    if not isinstance(value, str):
        raise ArticleError(source, f"{key} must be a string, not {type(value).__name__}")
    return value.strip() or None


def parse_published(value: object, source: str | os.PathLike[str]) -> date:
    """Check a `published` value (TOML date/datetime or "YYYY-MM-DD" string) and return a date."""
    if isinstance(value, datetime):
        day = value.date()  # the date as written, in the publisher's own time zone
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        day = _parse_date_string(value.strip(), source)
    else:
        raise ArticleError(source, f"published must be a date like 2024-10-10, not {value!r}")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ArticleError(source, f"published: year {day.year} is outside {MIN_YEAR}..{MAX_YEAR}")
    return day


def _parse_date_string(value: str, source: str | os.PathLike[str]) -> date:
    if _ISO_DAY.fullmatch(value) or _ISO_DATETIME.match(value):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
            return datetime.fromisoformat(value).date()
        except ValueError as e:
            raise ArticleError(source, f"published: {value} does not exist ({e})") from e
    raise ArticleError(source, f"published: {value!r} is not a date; write it as YYYY-MM-DD")


def timeline17_date(path: str | os.PathLike[str]) -> date | None:
    """The publication date a Timeline17 path carries (…/InputDocs/YYYY-MM-DD/NAME), or None."""
    parent = PurePath(path).parent
    if parent.parent.name != "InputDocs" or not _ISO_DAY.fullmatch(parent.name):
        return None
    try:
        return date.fromisoformat(parent.name)
    except ValueError as e:
        raise ArticleError(path, f"directory name {parent.name} is not a real date") from e


def expand_paths(args: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand files, directories (recursively: *.txt, *.md) and globs into sorted article paths.

    Sidecars (*.toml) are skipped wherever they come from, so `seeds/*` works; a file named
    explicitly is taken whatever its suffix. Raises ArticleError for a path or glob that
    matches nothing, and for a FIFO, device or socket named explicitly (one found in a folder
    is listed, and `read_article` refuses it, one line each). Symbolic links to folders are
    never followed, in walks and in `**`, so a link to a parent cannot loop.
    """
    seen: dict[str, Path] = {}
    for arg in args:
        name = os.fspath(arg)
        path = Path(name)
        if path.is_dir():
            found = list(_walk(path))
        elif path.is_file():
            found = [] if path.suffix.lower() == SIDECAR_SUFFIX else [path]
        elif os.path.lexists(name) and not _GLOB_MAGIC.search(name):
            kind = _special_kind(name)
            raise ArticleError(name, f"{kind}, not a regular file; skipped")
        elif _GLOB_MAGIC.search(name):
            matches = sorted(glob_paths(name))
            if not matches:
                raise ArticleError(name, "no file matches this pattern")
            found = []
            for match in matches:
                if match.is_dir():
                    found.extend(_walk(match))
                elif match.suffix.lower() in ARTICLE_SUFFIXES:
                    found.append(match)
        else:
            raise ArticleError(name, "no such file or directory")
        for p in found:
            seen.setdefault(os.path.realpath(p), p)
    return sorted(seen.values())


def _special_kind(name: str) -> str:
    try:
        return _file_kind(os.stat(name).st_mode) or "is a special file"
    except OSError as e:  # a dangling symbolic link
        return f"cannot read ({e.strerror})"


def glob_paths(pattern: str) -> list[Path]:
    """The paths `pattern` matches, as `glob.glob(pattern, recursive=True)` would, except that
    `**` never descends into a symbolic link to a folder (glob's does, and a link to a parent
    makes it expand without end). Hidden names match only a pattern part starting with '.'."""
    parts = Path(pattern).parts
    anchor = Path(parts[0]) if Path(pattern).anchor else Path()
    current = [anchor]
    for i, part in enumerate(parts[1:] if Path(pattern).anchor else parts):
        last = i == len(parts) - (2 if Path(pattern).anchor else 1)
        if part == "**":
            current = [d for base in current if base.is_dir() for d in _subfolders(base)]
            if last:  # a trailing ** matches the folders and every file in them
                current = [x for d in current for x in (d, *(
                    e for e in _entries(d) if not e.name.startswith(".") and not e.is_dir()
                ))]
        elif _GLOB_MAGIC.search(part):
            current = [
                entry for base in current if base.is_dir() for entry in _entries(base)
                if fnmatch.fnmatchcase(entry.name, part)
                and (part.startswith(".") or not entry.name.startswith("."))
            ]
        else:
            current = [base / part for base in current]
            current = [c for c in current if os.path.lexists(c)]
    return list(dict.fromkeys(c for c in current if c != Path() and os.path.lexists(c)))


def _entries(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as it:
            return [folder / entry.name for entry in it]
    except OSError:
        return []


def _subfolders(base: Path) -> Iterable[Path]:
    """`base` and every folder under it, not through symbolic links, hidden ones left out."""
    for dirpath, dirnames, _ in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield Path(dirpath)


def _walk(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        # Skip hidden folders (.git, .venv) and Timeline17's gold timelines beside InputDocs.
        gold = "InputDocs" in dirnames
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (gold and d == "timelines")
        )
        for filename in sorted(filenames):
            p = Path(dirpath, filename)
            if (
                not filename.startswith(".")
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and p.stem.lower() not in _SKIPPED_STEMS
            ):
                yield p
