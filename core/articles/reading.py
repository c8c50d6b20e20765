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
import hashlib
import os
import re
import tomllib
from collections.abc import Iterable
from datetime import date, datetime
from glob import glob
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
    try:
        if p.is_dir():
            raise ArticleError(p, "is a directory, not an article file")
        size = p.stat().st_size
        if size > max_bytes:
            raise ArticleError(p, f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        raw = p.read_bytes()
    except OSError as e:
        raise ArticleError(p, f"cannot read: {e.strerror or e}") from e
    sidecar = sidecar_path(p)
    sidecar_text = None
    if sidecar != p and sidecar.is_file():
        try:
            sidecar_text = sidecar.read_bytes().decode("utf-8-sig")
        except OSError as e:
            raise ArticleError(sidecar, f"cannot read: {e.strerror or e}") from e
        except UnicodeDecodeError as e:
            raise ArticleError(sidecar, f"metadata is not UTF-8 (byte {e.start})") from e
    return parse_article(raw, sidecar_text, p, max_bytes=max_bytes)


def file_hash(path: str | os.PathLike[str]) -> str | None:
    """`Article.content_hash` of the file at `path` without parsing it (reads the file and its
    sidecar only), or None when either cannot be read as `read_article` would."""
    p = Path(path)
    sidecar = sidecar_path(p)
    try:
        raw = p.read_bytes()
        sidecar_text = (sidecar.read_bytes().decode("utf-8-sig")
                        if sidecar != p and sidecar.is_file() else None)
    except (OSError, UnicodeDecodeError):
        return None
    return content_hash(raw, sidecar_text)


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
        text = _detect_and_decode(raw, path, e)
    return _normalise_newlines(text)


def _detect_and_decode(raw: bytes, path: str | os.PathLike[str], err: UnicodeDecodeError) -> str:
    """Decode non-UTF-8 bytes with charset-normalizer's best guess, or explain why not."""
    bad = f"not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start})"
    try:
        from charset_normalizer import from_bytes  # deferred: slow import, rarely needed
    except ImportError:
        raise ArticleError(
            path, f"{bad}; install charset-normalizer to read other encodings"
        ) from err
    best = from_bytes(raw).best()
    text = str(best) if best is not None else ""
    # A guess that yields replacement or control characters decoded junk, not text.
    sample = text[:_BINARY_SAMPLE]
    junk = sum(1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\f\r"))
    if best is None or junk > _BINARY_CONTROL_SHARE * len(sample):
        raise ArticleError(path, f"{bad}, and no other text encoding fits") from err
    return text


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
    matches nothing.
    """
    seen: dict[str, Path] = {}
    for arg in args:
        name = os.fspath(arg)
        path = Path(name)
        if path.is_dir():
            found = list(_walk(path))
        elif path.is_file():
            found = [] if path.suffix.lower() == SIDECAR_SUFFIX else [path]
        elif _GLOB_MAGIC.search(name):
            matches = sorted(glob(name, recursive=True))
            if not matches:
                raise ArticleError(name, "no file matches this pattern")
            found = []
            for match in map(Path, matches):
                if match.is_dir():
                    found.extend(_walk(match))
                elif match.suffix.lower() in ARTICLE_SUFFIXES:
                    found.append(match)
        else:
            raise ArticleError(name, "no such file or directory")
        for p in found:
            seen.setdefault(os.path.realpath(p), p)
    return sorted(seen.values())


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
