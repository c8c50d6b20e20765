"""Quotations: straight and curly marks paired by their context into `Quote` spans."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.core.claims.lexicon import Rules, load_rules


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: `start`/`end` include the marks, `inner_start`/`inner_end` do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int


def _mark_side(text: str, i: int, rules: Rules) -> str:
    """Whether the quotation mark at `i` opens, closes, or could do either ("either")."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = after.isalnum() or after in "(‘'[…$£€#"
    can_close = before.isalnum() or before in ".,!?;:)…’'%]—-"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if text[i] in rules.opening_marks:
        return "open"
    if text[i] in rules.closing_marks:
        return "close"
    return "either"


def find_quotes(text: str) -> list[Quote]:
    """The quotations of `text`, in order, pairing marks by their context.

    Straight and curly marks pair with each other (“…," occurs in the wild); a mark whose
    context is ambiguous — a closing mark alone at the start of the next line — toggles.
    A quote still open when another opens ends at the last line break before it (the
    convention for quotes running over paragraphs), or is dropped when there is none.
    """
    rules = load_rules()
    quotes: list[Quote] = []
    open_at: int | None = None
    for m in rules.quote_mark_re.finditer(text):
        i = m.start()
        side = _mark_side(text, i, rules)
        if open_at is None:
            if side != "close":  # a stray closing mark is ignored
                open_at = i
            continue
        if side == "open":
            brk = text.rfind("\n", open_at, i)
            while brk > open_at and text[brk - 1].isspace():
                brk -= 1
            if brk > open_at + 1:
                quotes.append(Quote(open_at, brk, open_at + 1, brk))
            open_at = i
            continue
        quotes.append(Quote(open_at, i + 1, open_at + 1, i))
        open_at = None
    return quotes
