"""Read TimeML (.tml) documents into plain text plus gold TIMEX3 annotations.

This module owns the conversion from a TimeML file's text to what an evaluation needs: the
document id, the document creation time (DCT), the plain text inside `<TEXT>` with every inline
tag removed and XML entities unescaped, and the gold TIMEX3 expressions as character offsets into
that plain text. It does no file I/O and knows nothing about scoring or about the tagger.

It is a small hand-written scanner rather than an XML parser because the offsets must refer to the
text after tags are removed, which a tree-building parser does not report. It accepts what the
TempEval-3 corpora (TimeBank, AQUAINT) and the WikiWars TIMEX3 conversion contain: nested inline
tags (EVENT, SIGNAL inside or around TIMEX3), self-closing (empty) TIMEX3, and entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# WikiWars articles were downloaded on this day (corpora/wikiwars/README.md); its .tml files also
# carry it in <DCT>, so this is only a fallback for callers that need one.
WIKIWARS_DCT = date(2009, 12, 19)

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>")
_ATTRIBUTE = re.compile(r"([A-Za-z_][\w.:-]*)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_SKIPPED = re.compile(r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[(.*?)\]\]>|<!DOCTYPE[^>]*>", re.S)


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: `text == document.text[start:end]`; `start == end` for an empty TIMEX3."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None
    tid: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """A TimeML document reduced to what TempEval-3 Task A scores.

    `timexes` are the gold expressions to score: TIMEX3 inside <TEXT> with a non-empty extent.
    `dct_mentions` are TIMEX3 inside <TEXT> that restate the creation time (WikiWars puts a
    `tid="t0"` timestamp line at the top of every article); TE3 does not score the DCT, so they are
    kept apart for the caller to ignore. `empty_timexes` are non-consuming TIMEX3 (no text), which
    Task A cannot match against any span.
    """

    doc_id: str
    dct: date | None
    text: str
    timexes: tuple[GoldTimex, ...]
    dct_mentions: tuple[GoldTimex, ...] = ()
    empty_timexes: tuple[GoldTimex, ...] = ()


@dataclass(frozen=True, slots=True)
class _DctTag:
    tid: str | None
    value: str | None


def unescape_xml(text: str) -> str:
    """Replace XML's predefined and numeric character references; leave unknown ones as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith(("#x", "#X")):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _XML_ENTITIES.get(name, match.group(0))

    return _ENTITY.sub(replace, text)


def parse_attributes(raw: str) -> dict[str, str]:
    """The attributes of a start tag's inside (`tid="t1" type="DATE"`), values unescaped."""
    attributes: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name, double_quoted, single_quoted = match.groups()
        quoted = double_quoted if double_quoted is not None else single_quoted
        attributes[name] = unescape_xml(quoted)
    return attributes


def parse_dct_value(value: str | None) -> date | None:
    """The calendar date of a DCT value such as `1998-01-08` or `1999-03-12T18:41`."""
    if not value:
        return None
    match = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", value.strip())
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _strip_markup_noise(xml: str) -> str:
    # Comments, processing instructions and DOCTYPE carry no text; CDATA carries literal text,
    # which we re-escape so the tag scanner below treats it as text.
    def replace(match: re.Match[str]) -> str:
        cdata = match.group(1)
        if cdata is None:
            return ""
        return cdata.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return _SKIPPED.sub(replace, xml)


def _element_text(xml: str, name: str) -> str | None:
    match = re.search(rf"<{name}\b[^>]*>(.*?)</{name}\s*>", xml, re.S)
    return match.group(1) if match else None


def _read_dct_tag(xml: str) -> _DctTag:
    inner = _element_text(xml, "DCT")
    if inner is None:
        return _DctTag(tid=None, value=None)
    match = re.search(r"<TIMEX3\b([^>]*)>", inner)
    if match is None:
        return _DctTag(tid=None, value=None)
    attributes = parse_attributes(match.group(1))
    return _DctTag(tid=attributes.get("tid"), value=attributes.get("value"))


def strip_inline_tags(body: str) -> tuple[str, list[tuple[int, int, str, dict[str, str]]]]:
    """Remove the tags of a <TEXT> body: the plain text, and each element's (start, end, name,
    attributes) as offsets into that text, in document order of their start tags."""
    pieces: list[str] = []
    length = 0
    open_elements: list[tuple[str, int, dict[str, str], int]] = []
    elements: list[tuple[int, int, str, dict[str, str]] | None] = []
    position = 0
    for tag in _TAG.finditer(body):
        plain = unescape_xml(body[position : tag.start()])
        pieces.append(plain)
        length += len(plain)
        position = tag.end()
        is_end, name, raw_attributes, self_closing = tag.groups()
        if is_end:
            # Close the innermost open element of that name; anything opened inside it and never
            # closed is malformed and is dropped rather than guessed at.
            for depth in range(len(open_elements) - 1, -1, -1):
                if open_elements[depth][0] == name:
                    _, start, attributes, slot = open_elements[depth]
                    elements[slot] = (start, length, name, attributes)
                    del open_elements[depth:]
                    break
        elif self_closing:
            elements.append((length, length, name, parse_attributes(raw_attributes)))
        else:
            open_elements.append((name, length, parse_attributes(raw_attributes), len(elements)))
            elements.append(None)
    tail = unescape_xml(body[position:])
    pieces.append(tail)
    return "".join(pieces), [element for element in elements if element is not None]


def _gold_timex(text: str, start: int, end: int, attributes: dict[str, str]) -> GoldTimex:
    # Some converted corpora (WikiWars) close TIMEX3 after a trailing space; the expression itself
    # is the trimmed text, and trimming keeps `text == plain[start:end]`.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return GoldTimex(
        start=start,
        end=end,
        text=text[start:end],
        type=attributes.get("type", ""),
        value=attributes.get("value", ""),
        mod=attributes.get("mod") or None,
        tid=attributes.get("tid"),
    )


def _restates_dct(attributes: dict[str, str], dct_tid: str | None) -> bool:
    if attributes.get("functionInDocument") == "CREATION_TIME":
        return True
    return dct_tid is not None and attributes.get("tid") == dct_tid


def parse_timeml(xml: str, fallback_dct: date | None = None) -> TimeMLDocument:
    """Read one TimeML document from its file text.

    `fallback_dct` is used only when the file has no readable <DCT>.
    """
    xml = _strip_markup_noise(xml)
    doc_id = unescape_xml((_element_text(xml, "DOCID") or "").strip())
    dct_tag = _read_dct_tag(xml)
    dct = parse_dct_value(dct_tag.value) or fallback_dct
    body = _element_text(xml, "TEXT")
    if body is None:
        return TimeMLDocument(doc_id=doc_id, dct=dct, text="", timexes=())
    text, elements = strip_inline_tags(body)
    timexes: list[GoldTimex] = []
    dct_mentions: list[GoldTimex] = []
    empty: list[GoldTimex] = []
    for start, end, name, attributes in elements:
        if name != "TIMEX3":
            continue
        timex = _gold_timex(text, start, end, attributes)
        if _restates_dct(attributes, dct_tag.tid):
            dct_mentions.append(timex)
        elif timex.start == timex.end:
            empty.append(timex)
        else:
            timexes.append(timex)
    return TimeMLDocument(
        doc_id=doc_id,
        dct=dct,
        text=text,
        timexes=tuple(timexes),
        dct_mentions=tuple(dct_mentions),
        empty_timexes=tuple(empty),
    )
