"""Speaker phrases: where one is in a clause, its name, role and kind. Which comma segments
hold the speaker and how a head phrase and its appositions share name and role are named rule
lists, so a failing test names the rule; whether the head is a noun phrase is `phrases`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dateline.core.claims.document import Doc
from dateline.core.claims.lexicon import Rules
from dateline.core.claims.phrases import (
    Tokens,
    head_index,
    join_tokens,
    name_like,
    phrase_verdict,
    split_title,
)
from dateline.core.claims.text import (
    is_capitalised,
    norm,
    segments,
    skip_ws,
    squash,
    tokens_in,
    trim,
)


@dataclass(slots=True)
class Speaker:
    name: str
    start: int  # the name as written
    end: int
    role: str | None
    phrase_start: int  # the whole speaker phrase, appositions included
    phrase_end: int
    kind: str  # "person", "org", "pronoun", "description"
    plural: bool
    head: str  # the head noun, lower case
    words: tuple[str, ...]  # the name's words, lower case
    gender: str | None = None  # "he" or "she" once a pronoun has referred to this speaker


def _covered_by_timex(doc: Doc, start: int, end: int) -> bool:
    t = doc.timex_by_start.get(start)
    return t is not None and end <= t.end


def is_adverbial(doc: Doc, start: int, end: int) -> bool:
    """A fronted adverbial segment: "In response", "Last week", "Citing sources in …"."""
    s = doc.masked
    words = s[start:end].split(None, 1)
    if not words:
        return False  # a segment of Unicode spaces only ("\x85"): no adverbial
    first = norm(words[0])
    if first in doc.rules.connectives and len(words) > 1:
        return False  # "But Sarah Leah Whitson, …": a connective before the speaker
    if first in doc.rules.fronted or (first.endswith("ing") and first[:1].isalpha()):
        return True
    m = doc.rules.date_re.match(s, start, end)
    return bool(m and m.end() == end) or _covered_by_timex(doc, start, end)


def _strip_tail(doc: Doc, start: int, end: int) -> tuple[int, bool]:
    """Drop dates, auxiliaries and adverbs between a speaker and its cue.

    Returns the new end and whether the cue is passive or negated ("were said to", "did not
    say"), in which case the phrase names no speaker of a claim.
    """
    s, rules = doc.masked, doc.rules
    while end > start:
        t = doc.timex_by_end.get(end)
        if t is not None and t.start > start:
            end = trim(s, start, t.start, " \t\r\n,")[1]
            k = s.rfind(" ", start, end)
            if k != -1 and s[k + 1 : end].lower() in rules.date_prepositions:  # "on Tuesday"
                end = trim(s, start, k, " \t\r\n,")[1]
            continue
        # a date at the end is short: search only the last few words
        m = rules.date_tail_re.search(s, max(start, end - 40), end)
        if m and m.start() > start:
            end = trim(s, start, m.start(), " \t\r\n,")[1]
            continue
        k = s.rfind(" ", start, end)
        last = s[k + 1 : end] if k != -1 else s[start:end]
        word = last.lower()
        if word in rules.relatives:
            # "Russia, which has denied …" names its speaker before the comma; "protesters
            # who said …" is a clause about a speaker whose words this module cannot bound
            return end, k == -1 or s[start:k].rstrip()[-1:] != ","
        if word in rules.passive or word in rules.negators:  # "were said to", "did not say"
            return end, True
        if word in rules.subject_tail and k != -1:
            end = trim(s, start, k, " \t\r\n,")[1]
            continue
        break
    return end, False


def _strip_lead(doc: Doc, start: int, end: int) -> int:
    """Drop connectives and a date before a speaker: "But experts", "This week President …"."""
    s, rules = doc.masked, doc.rules
    while start < end:
        t = doc.timex_by_start.get(start)
        if t is not None and t.end < end:
            start = skip_ws(s, t.end, end)
            continue
        m = rules.date_re.match(s, start, end)
        if m and m.end() < end and s[m.end()].isspace():
            start = skip_ws(s, m.end(), end)
            continue
        word = s[start:end].split(None, 1)[0]
        if word.lower() in rules.connectives:
            start = skip_ws(s, start + len(word), end)
            continue
        break
    return start


def speaker_kind(
    name_tokens: list[tuple[int, int, str]], role: str | None, rules: Rules
) -> tuple[str, bool, str]:
    """(kind, plural, head noun) of a named speaker."""
    words = [t[2] for t in name_tokens]
    low = [norm(w) for w in words]
    head_at = head_index(name_tokens, rules)
    head = low[head_at]
    # a capitalised plural inside a name is a proper noun: "The United States", "Times"
    plural = "and" in low or (
        head in rules.plural_roles and (head_at == 0 or not is_capitalised(words[head_at]))
    )
    if len(words) == 1 and low[0] in rules.pronouns:
        return "pronoun", low[0] in rules.plural_pronouns, low[0]
    lower_rest = not any(is_capitalised(w) for w in words[1:])
    if low[0] == "the" and len(words) > 1 and lower_rest and head in rules.speaker_heads:
        return "description", plural, head
    if words[0] in rules.honorifics:
        return "person", plural, head
    if name_like(name_tokens, rules):
        if len(words) > 1:
            return "person", plural, head
        # "HRW", "NATO" are organisations; "Cho" or "Hamas" alone may be either
        return ("org" if words[0].isupper() and len(words[0]) > 1 else "unknown"), plural, head
    role_words = {norm(w) for w in (role or "").split()}
    if not plural and (head in rules.person_roles or role_words & rules.person_roles):
        return "person", plural, head
    return "org", plural, head


# Rules that pick the speaker's comma segments when its clause may open with other matter
# ("In response, Russia said …"); each takes the segments and returns those that remain.
Segments = list[tuple[int, int]]


def _drop_adverbials(doc: Doc, segs: Segments) -> Segments:
    """"In response, Russia": leading adverbial segments are not the speaker."""
    while len(segs) > 1 and is_adverbial(doc, *segs[0]):
        segs = segs[1:]
    return segs


def _pronoun_after_clause(doc: Doc, segs: Segments) -> Segments:
    """"Though raised as a devout Catholic, he claims …": a pronoun is never an apposition."""
    if len(segs) > 1 and doc.masked[segs[-1][0] : segs[-1][1]].lower() in doc.rules.pronouns:
        return segs[-1:]
    return segs


def _list_before_speaker(doc: Doc, segs: Segments) -> Segments:
    """"France, Gabon, …, UK, US envoy X said": a list ran into the speaker."""
    return segs[-1:] if len(segs) > 3 else segs


FRONTED_RULES: tuple[tuple[str, Callable[[Doc, Segments], Segments]], ...] = (
    ("fronted adverbials", _drop_adverbials),
    ("pronoun after a clause", _pronoun_after_clause),
    ("list before the speaker", _list_before_speaker),
)


def _speaker_segments(doc: Doc, start: int, end: int, fronted: bool) -> Segments:
    """The comma segments of a speaker phrase: head first, then appositions; [] if none."""
    s, rules = doc.masked, doc.rules
    start, end = trim(s, start, end)
    cm = rules.credit_re.match(s, start, end)
    if cm:  # "AP-Yonhap Another expert …": a photo credit glued on by the page layout
        start = cm.end()
    end, blocked = _strip_tail(doc, start, end)
    if blocked or start >= end:
        return []
    segs = segments(s, start, end)
    if fronted:
        for _, rule in FRONTED_RULES:
            segs = rule(doc, segs)
    return segs


def _appositions(doc: Doc, segs: Segments) -> Segments:
    """Segments after the head that describe the speaker, up to an inserted remark."""
    out: Segments = []
    for a, b in segs:
        first = norm(doc.masked[a:b].split(None, 1)[0])
        if first in doc.rules.inserts or first.endswith("ing"):
            break
        out.append((a, b))
    return out


def _cut_name(tokens: Tokens, rules: Rules) -> tuple[Tokens, Tokens]:
    """(name, role) from a head phrase: a title goes to the role, and a name stops at a
    relative or a participle; a person's name also where a modifier starts ("Dr. Julio Frenk
    of the Harvard School …")."""
    name_tokens, role_tokens = split_title(tokens, rules)
    for i, (_, _, tok) in enumerate(name_tokens):
        if i > 0 and tok in rules.name_stops:
            return name_tokens[:i], role_tokens
        if i > 0 and tok in rules.postmodifier and name_like(name_tokens[:i], rules):
            return name_tokens[:i], role_tokens + name_tokens[i:]
    return name_tokens, role_tokens


# Rules that share name and role between a head phrase and its appositions; each returns
# (name tokens, role) or None to pass. Arguments: doc, head tokens, appositions, the
# head phrase's own (name tokens, role).
Naming = tuple[Tokens, str | None]


def _name_then_apposition(doc: Doc, tokens: Tokens, apps: Segments, own: Naming) -> Naming | None:
    """"Yang Moo-jin, president of …": the head is the name, the appositions the role."""
    if name_like(tokens, doc.rules):
        return tokens, ", ".join(doc.text[a:b] for a, b in apps)
    return None


def _role_then_name(doc: Doc, tokens: Tokens, apps: Segments, own: Naming) -> Naming | None:
    """"A security expert, Yang Uk": a person's role first, then the name."""
    app_tokens = tokens_in(doc.masked, *apps[0])
    head_word = norm(tokens[head_index(tokens, doc.rules)][2])
    if name_like(app_tokens, doc.rules) and head_word in doc.rules.person_roles:
        return app_tokens, join_tokens(doc.text, tokens)
    return None


def _apposition_adds_to_role(doc: Doc, tokens: Tokens, apps: Segments, own: Naming) -> Naming:
    """Otherwise the appositions describe the named speaker further."""
    app_text = ", ".join(doc.text[a:b] for a, b in apps)
    return own[0], ", ".join(filter(None, [own[1], app_text]))


APPOSITION_RULES: tuple[tuple[str, Callable[[Doc, Tokens, Segments, Naming], Naming | None]],
                        ...] = (
    ("name then apposition", _name_then_apposition),
    ("role then name", _role_then_name),
    ("apposition adds to role", _apposition_adds_to_role),
)


def _naming(doc: Doc, tokens: Tokens, apps: Segments) -> Naming:
    name_tokens, role_tokens = _cut_name(tokens, doc.rules)
    own: Naming = (name_tokens, join_tokens(doc.text, role_tokens) or None)
    if not apps:
        return own
    for _, rule in APPOSITION_RULES:
        found = rule(doc, tokens, apps, own)
        if found is not None:
            return found
    return own  # pragma: no cover - the last rule always decides


def parse_speaker(
    doc: Doc,
    start: int,
    end: int,
    *,
    fronted: bool = False,
    strict: bool = True,
    any_head: bool = False,
) -> Speaker | None:
    """Read a speaker phrase in [start, end): its name, role and kind, or None if it is none.

    `fronted` drops leading adverbial segments ("In response, Russia"); `strict` requires the
    head phrase to look like a speaker (off for "cited X as saying", where X can be anything).
    """
    s, rules = doc.masked, doc.rules
    segs = _speaker_segments(doc, start, end, fronted)
    if not segs:
        return None
    head_seg = (_strip_lead(doc, *segs[0]), segs[0][1])
    appositions = _appositions(doc, segs[1:])
    tokens = tokens_in(s, *head_seg)
    if not tokens:
        return None
    if strict and not phrase_verdict(tokens, rules, any_head=any_head)[1]:
        return None
    if strict and any(len(tokens_in(s, a, b)) > 16 for a, b in appositions):
        return None
    name_tokens, role = _naming(doc, tokens, appositions)
    phrase_end = appositions[-1][1] if appositions else head_seg[1]
    name = join_tokens(doc.text, name_tokens)
    kind, plural, head = speaker_kind(name_tokens, role, rules)
    return Speaker(
        name=name,
        start=name_tokens[0][0],
        end=name_tokens[-1][1],
        role=squash(role) if role else None,
        phrase_start=head_seg[0],
        phrase_end=phrase_end,
        kind=kind,
        plural=plural,
        head=head,
        words=tuple(norm(t[2]) for t in name_tokens),
        gender=rules.honorific_gender.get(name_tokens[0][2]),
    )
