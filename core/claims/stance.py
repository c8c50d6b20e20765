"""A claim's stance: deny > hedge > assert, from the cue verb and markers in the content."""

from __future__ import annotations

from dateline.core.claims.lexicon import ASSERT, DENY, HEDGE, Rules
from dateline.core.claims.text import norm


def claim_stance(verb_stance: str, content: str, rules: Rules) -> str:
    """deny > hedge > assert: the verb's own stance first, then markers in the content."""
    if verb_stance == DENY or rules.deny_re.search(content):
        return DENY
    if verb_stance == HEDGE or rules.hedge_re.search(content):
        return HEDGE
    if _negated(content, rules):
        return DENY
    return ASSERT


def _negated(content: str, rules: Rules) -> bool:
    """Whether the content's main clause is negated: "Pyongyang did not send troops"."""
    words = content.split(None, rules.negation_window_words)
    if not words or norm(words[0]) in rules.subordinators:
        return False
    head = " ".join(words[: rules.negation_window_words])
    m = rules.negation_re.search(head)
    # "These are the people who haven't fled …": a negation inside a relative clause
    return m is not None and not any(norm(w) in rules.relatives for w in head[: m.start()].split())
