"""Text made safe to print on a terminal or write into a spreadsheet.

Article text, sidecar fields and file names come from outside: an escape sequence in them would,
printed raw, retitle or clear the terminal or write the clipboard (OSC 52); a cell starting with
`=` would run as a formula. Every character that could act is replaced one-for-one by a visible
stand-in (`core.timeline.display.safe_text`: ESC becomes '␛'), and a file name's bytes that are
not UTF-8 (held by Python as surrogate escapes, unprintable as such) are shown as `\\xNN`.
"""

from __future__ import annotations

import os
import re

from dateline.core.timeline.display import safe_text

# Characters JSON leaves raw that a terminal acts on (C1 controls: CSI, OSC as one byte),
# reorders by (bidirectional overrides) or cannot encode (lone surrogates).
_JSON_UNSAFE = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Cells a spreadsheet reads as a formula or a command (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unsurrogate(text: str) -> str:
    """Lone surrogates (undecodable bytes of a file name) as `\\xNN` (or `\\udNNN`)."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(
        lambda m: (f"\\x{ord(m.group()) - 0xDC00:02x}" if 0xDC80 <= ord(m.group()) <= 0xDCFF
                   else f"\\u{ord(m.group()):04x}"), text)


def printable(text: str) -> str:
    """`text` with nothing a terminal would act on: control characters (newline and tab kept)
    as visible stand-ins, undecodable bytes as `\\xNN`."""
    return safe_text(_unsurrogate(text))


def printable_line(text: str) -> str:
    """`printable` on one line: newlines and tabs become spaces (for one-line messages)."""
    return printable(text).replace("\n", " ").replace("\t", " ")


def shown_path(path: str | bytes | os.PathLike[str]) -> str:
    """A file name as a user should see it: printable, whatever bytes it holds."""
    name = os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
    return printable_line(name)


def json_safe(text: str) -> str:
    """A JSON document with the characters a terminal would act on written as \\u escapes:
    the same JSON value, safe to print (JSON itself escapes only C0 controls)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def cell_text(text: str) -> str:
    """Text for a spreadsheet cell (CSV, xlsx): one line, no control characters, and a cell
    that would start a formula or command prefixed with an apostrophe (OWASP)."""
    flat = printable_line(text)
    return "'" + flat if flat.startswith(FORMULA_STARTS) or text.startswith(FORMULA_STARTS) \
        else flat
