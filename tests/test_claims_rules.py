"""The claim finder's named rule lists, one parametrised case per rule: a failure names the rule.

Speaker phrases (`PHRASE_RULES`: is this a noun phrase or a clause?), the segments of a fronted
speaker (`FRONTED_RULES`) and how a head phrase and its appositions share name and role
(`APPOSITION_RULES`), each on text of our own making.
"""

from __future__ import annotations

import pytest

from dateline.core.claims.document import make_doc
from dateline.core.claims.lexicon import load_rules
from dateline.core.claims.phrases import PHRASE_RULES, phrase_verdict
from dateline.core.claims.speakers import APPOSITION_RULES, FRONTED_RULES
from dateline.core.claims.text import segments, tokens_in

PHRASES = [
    # (phrase, any_head, the rule that decides, verdict)
    ("The very long list of many people from all over the world and beyond", False,
     "too long", False),
    ("she", False, "lone pronoun", True),
    ("the “rapid reaction force”", False, "quoted words", False),
    ("The", False, "function word head", False),
    ("Mexico's", False, "possessive head", False),
    ("in Washington officials", False, "bad opening", False),
    ("a journalist who was compelling to read as she", False,
     "relative clause with a subject", False),
    ("Officials have", False, "verb or function word", False),
    ("the minister visited Kyiv", False, "verb with object", False),
    ("one banner", True, "any head without verb", True),
    ("the analyst", False, "named or speaker head", True),
    ("the weather", False, "named or speaker head", False),
]


@pytest.mark.parametrize(("phrase", "any_head", "rule", "verdict"), PHRASES,
                         ids=[f"{p[2]}: {p[0][:30]}" for p in PHRASES])
def test_claims_rules_phrase_rule_decides(phrase, any_head, rule, verdict):
    tokens = tokens_in(phrase, 0, len(phrase))
    assert phrase_verdict(tokens, load_rules(), any_head=any_head) == (rule, verdict)


FRONTED = [
    ("fronted adverbials", "In response, Russia", ["Russia"]),
    ("pronoun after a clause", "Though raised as a devout Catholic, he", ["he"]),
    ("list before the speaker", "France, Gabon, Mali, US envoy Jane Smith",
     ["US envoy Jane Smith"]),
]


@pytest.mark.parametrize(("rule", "text", "kept"), FRONTED, ids=[f[0] for f in FRONTED])
def test_claims_rules_fronted_rule_keeps_the_speaker_segments(rule, text, kept):
    doc = make_doc(text, ())
    segs = segments(doc.masked, 0, len(text))
    out = dict(FRONTED_RULES)[rule](doc, segs)
    assert out != segs  # the rule fired
    assert [text[a:b] for a, b in out] == kept


APPOSITIONS = [
    ("name then apposition", "Yang Moo-jin", "president of the University of Seoul",
     "Yang Moo-jin", "president of the University of Seoul"),
    ("role then name", "a security expert", "Yang Uk", "Yang Uk", "a security expert"),
    ("apposition adds to role", "The foreign ministry", "a body of the government",
     "The foreign ministry", "a body of the government"),
]


@pytest.mark.parametrize(("rule", "head", "apposition", "name", "role"), APPOSITIONS,
                         ids=[a[0] for a in APPOSITIONS])
def test_claims_rules_apposition_rule_names_the_speaker(rule, head, apposition, name, role):
    text = f"{head}, {apposition}"
    doc = make_doc(text, ())
    head_seg, app = segments(doc.masked, 0, len(text))
    tokens = tokens_in(doc.masked, *head_seg)
    own = (tokens, None)
    fired = [(n, r(doc, tokens, [app], own)) for n, r in APPOSITION_RULES]
    first_name, (name_tokens, found_role) = next((n, f) for n, f in fired if f is not None)
    assert first_name == rule
    assert (" ".join(t for _, _, t in name_tokens), found_role) == (name, role)


@pytest.mark.parametrize(
    ("rules", "cases"),
    [(PHRASE_RULES, {p[2] for p in PHRASES}), (FRONTED_RULES, {f[0] for f in FRONTED}),
     (APPOSITION_RULES, {a[0] for a in APPOSITIONS})],
    ids=["phrase", "fronted", "apposition"],
)
def test_claims_rules_every_rule_has_a_case(rules, cases):
    assert {name for name, _ in rules} == cases
