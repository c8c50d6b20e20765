"""What each bundled data file holds: one schema per file name, checked by `load_toml`.

A key that code reads is listed here; a key added to a data file must be added here too, or
loading fails with "unknown key" (a typo in a key is found the same way). The temporal rules
also get a check of meaning: each names a normaliser that exists, reads only named groups its
pattern has, and uses known macros and trigger classes.
"""

from __future__ import annotations

from typing import Any

from dateline.core.resources import Map, Schema

WORDS = [str]

CLAIMS = Schema({
    "verbs": {"assert": Map(WORDS), "hedge": Map(WORDS), "deny": Map(WORDS)},
    "verb_classes": dict.fromkeys(
        ["inverting", "quote_only", "that_only", "hearer", "hearer_nouns", "object_pronouns",
         "noun_object", "noun_like", "noun_before", "noun_after"], WORDS),
    "phrases": dict.fromkeys(["source_after", "citing_verbs", "as_saying"], WORDS),
    "stance": {**dict.fromkeys(["deny", "hedge", "negation", "negation_exempt",
                                "subordinators"], WORDS),
               "negation_window_words": int},
    "speakers": {**dict.fromkeys(
        ["person_roles", "plural_roles", "org_heads", "honorifics", "female_honorifics",
         "male_honorifics", "name_particles", "org_words", "description_modifiers"], WORDS),
        "descriptions": Map(WORDS)},
    "pronouns": {"person": WORDS, "plural": WORDS, "thing": WORDS, "max_distance": int,
                 "description_max_distance": int},
    "clauses": {**dict.fromkeys(
        ["fronted", "inserts", "subject_tail", "passive", "relatives", "connectives",
         "clause_openers", "articles", "date_prefixes", "clause_joiners", "date_prepositions",
         "negators", "not_in_speaker", "postmodifier", "name_stops", "determiners",
         "modifier_prepositions", "weekdays", "months", "relative_dates", "credits",
         "incomplete_endings"], WORDS),
        "window_chars": int, "dateline": str, "byline": str},
    "quotes": {"open": WORDS, "close": WORDS, "ambiguous": WORDS,
               "continuation_min_words": int},
})

CLEAN = Schema({
    "chrome": {"exact_lines": WORDS, "line_patterns": WORDS, "span_patterns": WORDS,
               "comment_patterns": WORDS, "email_line_max_words": int,
               "tail_patterns": WORDS, "weak_tail_patterns": WORDS},
    "byline": {"line_patterns_case_sensitive": WORDS, "line_patterns": WORDS, "max_words": int,
               "name_max_parts": int, "not_name": WORDS},
    "caption": {"credits": WORDS, "credit_patterns": WORDS, "cues": WORDS, "max_words": int},
    "title": {"max_words": int, "not_patterns": WORDS},
    "tail": {"repeat_min_words": int, "sandwich_max_words": int},
    "language": {"english_words": WORDS, "foreign_words": WORDS, "min_words": int,
                 "min_foreign_ratio": float},
    "sentences": {"titles": WORDS, "before_number": WORDS, "ambiguous": WORDS,
                  "starters": WORDS, "speech_verbs": WORDS, "speech_window_words": int,
                  "heading_max_words": int, "heading_max_chars": int},
})

EVENTS = Schema({
    "clauses": {"boundaries": WORDS, "list_gap": int, "min_clause_words": int,
                "max_dates": int, "conjunctions": WORDS, "weak_conjunctions": WORDS},
    "similarity": {"stopwords": WORDS, "synonyms": [WORDS]},
    "figures": {"kinds": [WORDS]},
    "merge": {"same_date": float, "same_date_with_entities": float, "entity_overlap": float,
              "conflicting_date": float, "conflicting_date_entities": float,
              "conflicting_date_max_days": int, "min_rare_ratio": float,
              "reported_max_days": int, "rarity_ceiling": float,
              "topic_damping": float, "topic_min_mentions": int},
    "reported": {"min_words": int, "past": WORDS, "not_past": WORDS, "future": WORDS},
    "key_dates": {"mention": float, "later_mention": float, "long_after_mention": float,
                  "long_after_days": int, "reported": float, "published": float, "keep": int},
})

ENTITIES = Schema({
    "names": dict.fromkeys(
        ["honorifics", "particles", "suffixes", "compound_suffixes", "stopwords"], WORDS),
    "titles": dict.fromkeys(
        ["before_name", "modifiers", "role_heads", "topical_heads", "topic_prepositions",
         "appositive_stops"], WORDS),
    "organizations": dict.fromkeys(["heads", "connectors", "inner_words", "generic"], WORDS),
    "attribution": {"verbs": WORDS, "before_name": WORDS},
    "bylines": {"reporter_before": WORDS, "editor_before": WORDS, "reporter_after": WORDS},
    "countries": {"not_countries": WORDS},
})

_WORD_LIST = {"words": WORDS}

TEMPORAL = Schema({
    "months": Map(int),
    "weekdays": Map(int),
    "case_sensitive": _WORD_LIST,
    "numbers": Map(float),
    "vague_numbers": _WORD_LIST,
    "ordinals": Map(int),
    "units": Map({"code": str, "time": bool, "factor?": int}),
    "unit_plurals": Map(str),
    "seasons": Map(str),
    "parts_of_day": Map(str),
    "holidays": {"fixed": Map([int]), "weekday": Map([int])},
    "references": Map(str),
    "weak_references": _WORD_LIST,
    "modifiers": Map(str),
    "approximators": Map(str),
    "approximators_before_determiner": _WORD_LIST,
    "relative": _WORD_LIST,
    "tense": {"future": WORDS, "past": WORDS, "not_past": WORDS},
    "duration_blockers": {"after": WORDS},
    "year_blockers": {"before": WORDS, "after_nouns": WORDS},
    "ranges": {"between": WORDS, "from": WORDS, "to": WORDS, "open_start": Map(str),
               "open_end": Map(str), "trailing": Map(str)},
    "sets": Map(str),
    "irregular_past": _WORD_LIST,
    "trigger_extras": Map(WORDS),
    "clock_stamps": {"zones": WORDS},
})


def _check_temporal_rules(data: dict[str, Any], text: str, path: str) -> None:
    from dateline.core.temporal.rule_checks import check_rules  # imports the tagger

    check_rules(data, text, path)


TEMPORAL_RULES = Schema(
    {"rules": [{"name": str, "normalise?": str, "pattern": str, "needs?": WORDS}]},
    check=_check_temporal_rules,
)

FIGURES = Schema({"qualifiers": WORDS, "scales": Map(int), "max_gap": int, "kinds": Map(WORDS)})

NER = Schema(dict.fromkeys(
    ["never_alone", "corporate_suffixes", "organization_nouns", "place_nouns"], WORDS))

SCHEMAS: dict[str, Schema] = {
    "figures.toml": FIGURES,
    "ner.toml": NER,
    "claims.toml": CLAIMS,
    "clean.toml": CLEAN,
    "events.toml": EVENTS,
    "entities.toml": ENTITIES,
    "temporal.toml": TEMPORAL,
    "temporal_rules.toml": TEMPORAL_RULES,
}
