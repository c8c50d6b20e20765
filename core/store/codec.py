"""JSON-ready encoding of the model's dataclasses, and back: what the store keeps per article.

The encoder and decoder of each dataclass are generated from its type hints the first time it
is used (as attrs and cattrs do), so a field added to `core.model` is stored without touching
this module, and a 10k-article store loads in seconds rather than minutes. A field equal to its
default is left out, which keeps stored analyses small and lets a later model add defaulted
fields that old rows still decode to. An unknown key is an error rather than dropped data.

Values: dates as "YYYY-MM-DD", tuples and lists as lists (fixed-length tuples positionally),
dicts with string keys as objects, nested dataclasses as objects.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from itertools import count
from typing import Any, TypeVar

from dateline.core.model import Article, ArticleAnalysis

T = TypeVar("T")
_Codec = tuple[Callable[..., Any], Callable[..., Any]]
_IDENTITY = (str, int, float, bool, Any)
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CODECS: dict[type, _Codec] = {}
_DECODE_ERRORS = (TypeError, ValueError, KeyError, IndexError, AttributeError)


class CodecError(ValueError):
    """Stored data that does not decode into the current model."""


def encode(obj: Any) -> Any:
    """A JSON-ready value (dicts, lists, strings, numbers, None) for a model dataclass."""
    return _codec(type(obj))[0](obj)


def decode(cls: type[T], data: Any) -> T:
    """The dataclass `cls` from what `encode` produced; raise CodecError if it does not fit."""
    try:
        return _codec(cls)[1](data)
    except CodecError:
        raise
    except _DECODE_ERRORS as error:
        raise CodecError(f"cannot decode {cls.__name__}: {error!r}") from error


def dumps(obj: Any) -> str:
    """Compact JSON text for a model dataclass (UTF-8 kept as is: the store is UTF-8)."""
    return _JSON.encode(encode(obj))


def dumps_value(value: Any) -> str:
    """Compact JSON text for an already encoded value."""
    return _JSON.encode(value)


def loads(cls: type[T], text: str) -> T:
    """The dataclass `cls` from `dumps` output."""
    return decode(cls, json.loads(text))


def dumps_analysis(analysis: ArticleAnalysis) -> str:
    """An ArticleAnalysis without its article (the store keeps the article in columns)."""
    data = encode(analysis)
    del data["article"]
    return _JSON.encode(data)


def loads_analysis(text: str, article: Article) -> ArticleAnalysis:
    """Rebuild an ArticleAnalysis from `dumps_analysis` output and its Article."""
    data = json.loads(text)
    if not isinstance(data, dict) or "article" in data:
        raise CodecError("cannot decode ArticleAnalysis: expected an object without 'article'")
    try:
        decoders = _field_decoders(ArticleAnalysis)
        unknown = set(data) - set(decoders)
        if unknown:
            raise CodecError(f"ArticleAnalysis: unknown fields {sorted(unknown)}")
        kwargs = {name: decoders[name](value) for name, value in data.items()}
        return ArticleAnalysis(article=article, **kwargs)
    except CodecError:
        raise
    except _DECODE_ERRORS as error:
        raise CodecError(f"cannot decode ArticleAnalysis: {error!r}") from error


def _codec(cls: type) -> _Codec:
    codec = _CODECS.get(cls)
    if codec is None:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls!r} is not a dataclass")
        codec = _CODECS[cls] = _generate(cls)
    return codec


@cache
def _field_decoders(cls: type) -> dict[str, Callable[[Any], Any]]:
    """One decoder per field (the slow, flexible path: used once per stored analysis)."""
    hints = typing.get_type_hints(cls)
    out = {}
    for f in dataclasses.fields(cls):
        ns: dict[str, Any] = {}
        expr = _Builder(ns).decode(hints[f.name], "v")
        exec(f"def dec(v):\n    return {expr}\n", ns)
        out[f.name] = ns["dec"]
    return out


def _generate(cls: type) -> _Codec:
    """Write the source of `cls`'s encoder and decoder and compile it."""
    hints = typing.get_type_hints(cls)
    ns: dict[str, Any] = {"CodecError": CodecError, "cls": cls}
    build = _Builder(ns)
    required, optional, kwargs = [], [], []
    for i, f in enumerate(dataclasses.fields(cls)):
        hint = hints[f.name]
        enc = build.encode(hint, f"o.{f.name}")
        dec = build.decode(hint, f"d[{f.name!r}]")
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f"{f.name!r}: {enc}")
            kwargs.append(f"{f.name}={dec}")
            continue
        if f.default is not dataclasses.MISSING:
            ns[f"default{i}"] = f.default
            fallback = f"default{i}"
        else:
            ns[f"factory{i}"] = f.default_factory
            fallback = f"factory{i}()"
            ns[f"default{i}"] = f.default_factory()
        optional.append(
            f"    v = o.{f.name}\n"
            f"    if v != default{i}:\n"
            f"        d[{f.name!r}] = {build.encode(hint, 'v')}\n"
        )
        kwargs.append(f"{f.name}=({dec} if {f.name!r} in d else {fallback})")
    ns["names"] = frozenset(f.name for f in dataclasses.fields(cls))
    source = (
        "def encode(o):\n"
        f"    d = {{{', '.join(required)}}}\n"
        + "".join(optional)
        + "    return d\n"
        "def decode(d):\n"
        "    if type(d) is not dict:\n"
        f"        raise CodecError('{cls.__name__}: expected an object, got '"
        " + type(d).__name__)\n"
        "    if not d.keys() <= names:\n"
        f"        raise CodecError('{cls.__name__}: unknown fields '"
        " + str(sorted(d.keys() - names)))\n"
        f"    return cls({', '.join(kwargs)})\n"
    )
    exec(compile(source, f"<codec {cls.__name__}>", "exec"), ns)
    return ns["encode"], ns["decode"]


class _Builder:
    """Python expressions converting a value of a type hint, with helpers put into `ns`."""

    def __init__(self, ns: dict[str, Any]) -> None:
        self.ns = ns
        self.names = count()
        ns.setdefault("date", date)

    def _var(self) -> str:
        return f"x{next(self.names)}"

    def _dataclass(self, hint: type, which: int, var: str) -> str:
        # Bound on first call, not now: a dataclass may contain itself (Timex.parts), so its
        # codec may not exist yet. The trampoline then replaces itself in the namespace.
        name = f"dc{next(self.names)}"
        ns = self.ns

        def trampoline(value: Any) -> Any:
            convert = ns[name] = _codec(hint)[which]
            return convert(value)

        ns[name] = trampoline
        return f"{name}({var})"

    def encode(self, hint: Any, var: str) -> str:
        return self._convert(hint, var, encode=True)

    def decode(self, hint: Any, var: str) -> str:
        return self._convert(hint, var, encode=False)

    def _convert(self, hint: Any, var: str, *, encode: bool) -> str:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in _IDENTITY:
            return var
        if hint is date:
            return f"{var}.isoformat()" if encode else f"date.fromisoformat({var})"
        if dataclasses.is_dataclass(hint):
            return self._dataclass(hint, 0 if encode else 1, var)
        if origin in (types.UnionType, typing.Union):
            inner = [a for a in args if a is not type(None)]
            if len(inner) != 1:
                raise TypeError(f"no codec for union {hint!r}: only `X | None` is supported")
            return f"(None if {var} is None else {self._convert(inner[0], var, encode=encode)})"
        if origin in (tuple, list) and (origin is list or (len(args) == 2 and args[1] is ...)):
            x = self._var()
            item = self._convert(args[0], x, encode=encode)
            wrap = "list" if encode or origin is list else "tuple"
            if item == x:
                return f"{wrap}({var})"
            return f"[{item} for {x} in {var}]" if wrap == "list" else \
                f"tuple([{item} for {x} in {var}])"
        if origin is tuple:
            items = [self._convert(a, f"{var}[{i}]", encode=encode) for i, a in enumerate(args)]
            return f"[{', '.join(items)}]" if encode else f"({', '.join(items)},)"
        if origin is dict and args[0] is str:
            x = self._var()
            item = self._convert(args[1], x, encode=encode)
            return f"{{k: {item} for k, {x} in {var}.items()}}"
        raise TypeError(f"no codec for type {hint!r}")
