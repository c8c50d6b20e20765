"""The recogniser (core/entities/ner.py): candidates, kinds and document consistency, on text
of our own making, and the shipped model's file."""

from __future__ import annotations

import pytest

from dateline.core.entities.discovery import _analyse, hints
from dateline.core.entities.ner import candidates, load_model, never_alone, recognise
from dateline.core.entities.tokens import _tokenize


def _names(text: str) -> dict[str, str]:
    doc = _analyse(text)
    tok = doc.tok
    return {text[tok.start[s.first] : tok.end[s.last]]: s.label for s in recognise(tok, hints(doc))}


def _candidate_texts(text: str) -> set[str]:
    tok = _tokenize(text)
    return {text[tok.start[a] : tok.end[b]] for a, b in candidates(tok, load_model().common)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shares of Bank of America rose.", {"Bank of America", "Bank", "America"}),
        ("He met Lloyd J. Austin III there.", {"Lloyd J. Austin III"}),
        ("He flew a Boeing 737 home.", {"Boeing 737", "Boeing"}),
        ("Talks between Daimler and Renault failed.", {"Daimler", "Renault"}),
    ],
)
def test_ner_candidates(text, expected):
    assert expected <= _candidate_texts(text)


@pytest.mark.parametrize(
    "text", ["Talks between Daimler and Renault failed.", "Smith and Jones left."]
)
def test_ner_candidates_never_span_x_and_y(text):
    assert not any(" and " in c for c in _candidate_texts(text))


@pytest.mark.parametrize("text", ["We met in May. They said I was late on Monday."])
def test_ner_never_alone_words_are_no_names(text):
    assert not set(_names(text)) & {w.capitalize() for w in never_alone()} - {"I"}
    assert "I" not in _names(text)


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Zentrix Inc. reported a loss.", "Zentrix Inc", "ORG"),
        ("The troops were moved to the port city of Vladivostok.", "Vladivostok", "LOC"),
        ("Ford Motor Company said Henry Ford founded it in Detroit.", "Henry Ford", "PER"),
        ("Ford Motor Company said Henry Ford founded it in Detroit.", "Detroit", "LOC"),
    ],
)
def test_ner_labels(text, name, label):
    assert _names(text).get(name) == label


@pytest.mark.parametrize(
    "text",
    [
        "Elroy Quellbrink opened the bakery in 1990. Years later Quellbrink sold it to a chain, "
        "and Quellbrink retired."
    ],
)
def test_ner_a_surname_takes_the_kind_of_the_full_name(text):
    names = _names(text)
    assert names.get("Elroy Quellbrink") == "PER"
    assert names.get("Quellbrink") == "PER"


def test_ner_model_file_loads_with_weights_for_every_label():
    model = load_model()
    assert len(model.weights) > 1000
    assert all(len(row) == 5 for row in list(model.weights.values())[:100])
    assert "the" in model.common


@pytest.mark.parametrize("text", ["The series runs Monday 7 to Friday 11 September on Radio 4."])
def test_ner_a_calendar_word_with_its_number_is_no_name(text):
    assert not {"Monday 7", "Monday", "Friday 11", "Friday"} & _candidate_texts(text)
