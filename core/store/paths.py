"""Where the store lives, the error it raises, and how a file's path is written into it.

Paths are stored as text: a path whose bytes are not UTF-8 (`bad\\xff.txt` on Linux, where
Python holds it with surrogate escapes) is written with each such byte as `\\xNN`, which
`file_of` turns back into the real name, so such a file is stored, shown and found again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateline.core.errors import PathError

MEMORY = ":memory:"
ENV_VAR = "DATELINE_DB"
DB_NAME = "dateline.db"
URL_SCHEMES = ("postgresql://", "postgres://")

_ESCAPED_BYTE = re.compile(r"\\x([0-9a-f]{2})")


class StoreError(PathError):
    """A store that cannot be opened or used."""


def default_path() -> Path:
    """The store in the user's data directory (platformdirs: ~/.local/share/dateline on Linux)."""
    from platformdirs import user_data_path  # deferred: only needed when no path is given

    return user_data_path("dateline", appauthor=False) / DB_NAME


def resolve_db_path(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The store path: the --db option, else $DATELINE_DB, else `default_path()`. Either may
    be a PostgreSQL URL (`is_url`) instead of a file."""
    return option or environ.get(ENV_VAR) or os.fspath(default_path())


def is_url(location: str | os.PathLike[str]) -> bool:
    """True for a PostgreSQL store (postgresql://USER@HOST/DB), False for an SQLite file."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def shown_store(location: str) -> str:
    """A store's location as messages show it: a URL without its password, else as given."""
    if not is_url(location):
        return location
    parts = urlsplit(location)
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[2]}" if user else netloc[2],
                                     query=query))


def text_of(path: str) -> str:
    """`path` as text SQLite can hold: itself when it is valid Unicode, else with each byte
    that is not UTF-8 written `\\xNN`."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def store_key(path: str | os.PathLike[str]) -> str:
    """The key a file is stored under: its resolved path, as text (see `text_of`)."""
    return text_of(os.path.realpath(path))


def file_of(key: str) -> str:
    """The file system path a stored key names (the inverse of `text_of`)."""
    if "\\x" not in key or os.path.lexists(key):
        return key
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), key)
    try:
        return os.fsdecode(os.fsencode(raw))
    except UnicodeError:
        return key
