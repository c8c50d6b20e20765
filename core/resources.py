"""The bundled data and the one way it is read: `load_toml` parses a data file and checks it.

The files live in the `dateline.data` package, read through importlib.resources: installed from
a wheel they sit inside the package, in a checkout (editable install) they are the repository's
`data/` folder. Nothing here knows about the source tree.

Every TOML file is read by `load_toml`, which checks it against its schema (in
core/resource_schemas.py, by file name) as it loads: unknown keys, missing keys and wrong types
raise one `ResourceError` naming the file and the line, never a `KeyError` at first use. A
schema may add a check of meaning (the temporal rules' normalisers and the groups they read).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from dateline.core.errors import DatelineError

DATA_PACKAGE = "dateline.data"

Path = os.PathLike[str] | Traversable | str
Keys = Sequence[str | int]  # where a value sits: table names, keys and array indexes


def data_dir() -> Traversable:
    """The folder of bundled data files (gazetteers, cue lists, rules)."""
    return files(DATA_PACKAGE)


def data_file(name: str) -> Traversable:
    """One bundled data file by name, for example `claims.toml`."""
    return data_dir() / name


class ResourceError(DatelineError, ValueError):
    """A data file that cannot be read or does not hold what its schema says.

    str() is one line, "PATH:LINE: problem" (or "PATH: problem" when no line applies). Called
    with a single argument it is that message as is (older loaders build their own).
    """

    def __init__(self, path: Path, line: int | None = None, problem: str | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.problem = " ".join((problem or "").split())
        super().__init__(self.path, self.line, self.problem)

    def __str__(self) -> str:
        if not self.problem:
            return " ".join(self.path.split())
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"


# --------------------------------------------------------------------------------------------
# Schemas: a Python type, [spec] (a list of that), {key: spec} (a table with exactly these keys;
# "key?" is optional), Map(spec) (a table of any keys) or ANY.


@dataclass(frozen=True, slots=True)
class Map:
    """A table whose keys are data (words, ids), each value matching `values`."""

    values: Any


ANY = object()


@dataclass(frozen=True, slots=True)
class Schema:
    """What one data file holds, and an optional check of meaning run after the shape check.

    `check(data, text, path)` raises ResourceError (use `error_at` to name the line).
    """

    shape: dict[str, Any]
    check: Callable[[dict[str, Any], str, str], None] | None = None


_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _shape_problem(value: Any, spec: Any, keys: list[str | int]) -> tuple[Keys, str] | None:
    """The first place where `value` does not fit `spec`, and what is wrong there."""
    if spec is ANY:
        return None
    if isinstance(spec, type):
        fits = isinstance(value, spec) and not (spec is not bool and isinstance(value, bool))
        if spec is float:
            fits = isinstance(value, int | float) and not isinstance(value, bool)
        return None if fits else (keys, f"{_dotted(keys)} must be {_TYPE_NAMES[spec]}")
    if isinstance(spec, list):
        if not isinstance(value, list):
            return keys, f"{_dotted(keys)} must be a list"
        for i, item in enumerate(value):
            found = _shape_problem(item, spec[0], [*keys, i])
            if found:
                return found
        return None
    if isinstance(spec, Map):
        if not isinstance(value, dict):
            return keys, f"{_dotted(keys)} must be a table"
        for key, item in value.items():
            found = _shape_problem(item, spec.values, [*keys, key])
            if found:
                return found
        return None
    return _table_problem(value, spec, keys)


def _table_problem(
    value: Any, spec: dict[str, Any], keys: list[str | int]
) -> tuple[Keys, str] | None:
    if not isinstance(value, dict):
        return keys, f"{_dotted(keys)} must be a table"
    wanted = {k.rstrip("?"): v for k, v in spec.items()}
    unknown = [k for k in value if k not in wanted]
    if unknown:
        return [*keys, unknown[0]], f"unknown key {_dotted([*keys, unknown[0]])}"
    for name, sub in spec.items():
        key = name.rstrip("?")
        if key not in value:
            if name.endswith("?"):
                continue
            return keys, f"missing key {_dotted([*keys, key])}"
        found = _shape_problem(value[key], sub, [*keys, key])
        if found:
            return found
    return None


def _dotted(keys: Keys) -> str:
    parts = [f"[{k}]" if isinstance(k, int) else (k if re.fullmatch(r"[\w-]+", k) else f'"{k}"')
             for k in keys]
    return ".".join(parts).replace(".[", "[") or "the file"


# --------------------------------------------------------------------------------------------
# Lines

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[\w.-]+)\s*=""")
_TOML_LINE = re.compile(r"at line (\d+)")


def _split_key(raw: str) -> list[str]:
    parts = re.findall(r""""[^"]*"|'[^']*'|[^.\s]+""", raw)
    return [p[1:-1] if p[:1] in "\"'" else p for p in parts]


def key_line(text: str, keys: Keys) -> int | None:
    """The line (1-based) that defines `keys` in TOML `text`: the key's own line, or the header
    of its table; for keys not written anywhere, the line of the nearest enclosing table."""
    keys = list(keys)
    while keys:
        found = _find_line(text, keys)
        if found is not None:
            return found
        keys = keys[:-1]
    return None


def _find_line(text: str, keys: list[str | int]) -> int | None:
    table: list[str | int] = []
    arrays: dict[tuple[str | int, ...], int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = list(_split_key(header.group(2)))
            if header.group(1) == "[[":
                index = arrays.get(tuple(table), -1) + 1
                arrays[tuple(table)] = index
                table = [*table, index]
            if table == keys:
                return number
            continue
        key = _KEY.match(line)
        if key and [*table, *_split_key(key.group(1))][: len(keys)] == keys:
            return number
    return None


def error_at(path: Path, text: str, keys: Keys, problem: str) -> ResourceError:
    """A ResourceError for the value at `keys` of the file `path` whose text is `text`."""
    return ResourceError(path, key_line(text, keys), problem)


# --------------------------------------------------------------------------------------------
# Reading


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return its data and its text. Errors name the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    except AttributeError:
        text = _read(str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise ResourceError(path, None, f"cannot read: {_reason(error)}") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        if line is None and "end of document" in str(error):
            line = text.count("\n") + 1
        raise ResourceError(path, line, f"invalid TOML: {error}") from None


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ResourceError(path, None, f"cannot read: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def load_toml(path: Path, schema: Schema | None = None) -> dict[str, Any]:
    """Read one data file and check it against `schema`, by default the schema registered for
    its file name (a file without one is only parsed). Raises ResourceError."""
    data, text = read_toml(path)
    if schema is None:
        from dateline.core.resource_schemas import SCHEMAS  # the schemas import this module

        schema = SCHEMAS.get(_name(path))
    if schema is not None:
        check_data(data, text, path, schema)
    return data


def check_data(data: dict[str, Any], text: str, path: Path, schema: Schema) -> None:
    """Raise ResourceError at the first place `data` (read from `text`) breaks `schema`."""
    found = _table_problem(data, schema.shape, [])
    if found is not None:
        keys, problem = found
        raise error_at(path, text, keys, problem)
    if schema.check is not None:
        schema.check(data, text, str(path))


def _name(path: Path) -> str:
    name = getattr(path, "name", None)
    return name if isinstance(name, str) else os.path.basename(str(path))
