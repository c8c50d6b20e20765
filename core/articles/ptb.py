"""Read Penn-Treebank-tokenised text (Timeline17's InputDocs) back as plain running text.

PTB tokenisation splits punctuation and clitics off words (`it 's`, `do n't`, `says , ``
Yes . ''`), escapes brackets as `-LRB-` … and slashes as `\\/`. Detokenising is lossy in one
respect: the tokeniser threw away the original quote glyphs, so `` and '' come back as the
typographic “ and ” (their direction is known), a paired ` … ' on one line as ‘ … ’, and a lone
' as an apostrophe ("listeners ' questions" -> "listeners' questions"). Line breaks are kept:
T17 puts roughly one sentence per line.
"""

from __future__ import annotations

import re

_BRACKETS = {
    "LRB": "(",
    "RRB": ")",
    "LSB": "[",
    "RSB": "]",
    "LCB": "{",
    "RCB": "}",
}

# Speed matters (thousands of files per run): every regex starts with a literal so the engine
# can skip ahead, and rules that are always right in PTB output are plain str.replace calls.
_BRACKET_TOKEN = re.compile(r"-(LRB|RRB|LSB|RSB|LCB|RCB)-")
_ESCAPE = re.compile(r"\\([/*])")
_ODD_SPACE = re.compile(r"(?: {2,}|\t)[ \t]*")
# Clitics split off their word: `do n't`, `it 's`, `they 're`; `ca n't` -> can't.
_NT = re.compile(r" (n't)\b", re.I)
_CLITIC = re.compile(r" '(s|re|ve|ll|d|m)\b", re.I)
_FULL_STOP = re.compile(r" \.(?!\.)")  # a spaced "..." stays spaced
# A closing token may already have punctuation glued after it (`'' ,` became `'',`).
_CLOSE_END = r"(?=[ \n,.;:!?)\]}”]|$)"
_SINGLE_PAIR = re.compile(r"` ([^`'\n]*?) '" + _CLOSE_END, re.M)
_LONE_APOSTROPHE = re.compile(r" '" + _CLOSE_END, re.M)
_CURRENCY = re.compile(r"([$£€#]) (?=\d)")  # PTB writes £ as #
_GLUE_LEFT = (" ,", " ;", " :", " !", " ?", " %", " )", " ]", " }")


def detokenize(text: str) -> str:
    """Return `text` with PTB tokenisation undone, one output line per input line."""
    text = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(1)], text)
    text = _ESCAPE.sub(r"\1", text)
    text = _ODD_SPACE.sub(" ", text)
    text = _NT.sub(r"\1", text)
    text = _CLITIC.sub(r"'\1", text)
    for punct in _GLUE_LEFT:
        text = text.replace(punct, punct[1])
    text = _FULL_STOP.sub(".", text)
    text = text.replace("( ", "(").replace("[ ", "[").replace("{ ", "{")
    text = text.replace("`` ", "“").replace("``", "“")
    text = text.replace(" ''", "”").replace("''", "”")
    text = _SINGLE_PAIR.sub(r"‘\1’", text)
    text = text.replace("` ", "‘").replace("`", "‘")
    text = _LONE_APOSTROPHE.sub("'", text)
    text = _CURRENCY.sub(r"\1", text)
    return "\n".join(line.strip(" \t") for line in text.split("\n"))
