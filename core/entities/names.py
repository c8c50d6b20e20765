"""Person names: the fuzzy rule (`same_person`) shared by in-article resolution and linking
across articles, and the lookup of a written name among the gazetteer's persons."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from dateline.core.entities.matching import (
    _Engine,
    _generation,
    _name_words,
)

# -------------------------------------------------------------------------------------------
# Person names: the fuzzy rule shared by in-article and cross-article resolution.

# fuzz.ratio is the normalised Indel similarity of the two whole names with spaces, hyphens,
# initials and honorifics removed ("kimjongun"). It charges every inserted or deleted letter,
# so a one-letter typo or a dropped syllable still scores >= 90 ("volodyrzelensky" vs
# "volodymyrzelensky": 94; "zelenskyy" variants: 97), while relatives who share a surname and
# a syllable fall below it ("kimjongun" vs "kimjongil": 78; vs "kimyonghyun": 80; "leejaemyung"
# vs "leejaeyong": 86). Partial and token-set scorers are unsafe here: they score "Kim" against
# "Kim Jong Un" at 100. Jaro-Winkler rewards a shared prefix, which is exactly what
# surname-first Korean names share. Two guards on top: the first letters of the first and last
# words must agree (a typo rarely hits an initial, a different person often does), and names
# shorter than 8 letters must agree exactly (one letter is too much of a short name: "Yang Uk"
# and "Yang Ik" are different people). "Jr." and "Sr." must agree.
FUZZY_CUTOFF = 90
FUZZY_MIN_LENGTH = 8


def same_person(a: str, b: str) -> bool:
    """Whether two person names are spellings of the same name (see FUZZY_CUTOFF)."""
    wa, wb = _name_words(a), _name_words(b)
    if len(wa) < 2 or len(wb) < 2 or _generation(a) != _generation(b):
        return False
    ca, cb = "".join(wa), "".join(wb)
    if ca == cb:
        return True
    if wa[0][0] != wb[0][0] or wa[-1][0] != wb[-1][0]:
        return False
    if min(len(ca), len(cb)) < FUZZY_MIN_LENGTH:
        return False
    return fuzz.ratio(ca, cb) >= FUZZY_CUTOFF


def _gazetteer_person(engine: _Engine, name: str) -> str | None:
    """The id of the known person whose name `name` spells, if any."""
    compact = "".join(_name_words(name))
    if len(compact) < 2:
        return None
    found = process.extract(
        compact, engine.person_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
    )
    for _choice, _score, index in found:
        if same_person(name, engine.person_full[index]):
            return engine.person_ids[index]
    return None
