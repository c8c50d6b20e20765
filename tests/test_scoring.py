"""TempEval-3 Task A scorer, on tiny gold standards whose figures are worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.core.evaluation.scoring import (
    Span,
    TaskAScore,
    align,
    f1,
    score_corpus,
    score_document,
)
from dateline.core.evaluation.timeml import GoldTimex
from dateline.core.temporal.timex import Timex

# One document covering every case at once (spans are character offsets; no text is needed):
#   g1 (0,10)  ~ s1 (0,10)   identical span, value and type right        -> strict
#   g2 (20,30) ~ s2 (18,30)  overlap only, wrong value, wrong type       -> relaxed
#   g3 (40,45) ~ s3 (40,45)  identical span, right value, wrong type     -> strict
#   g4 (50,55)               nothing found                               -> missed
#   g5 (60,65) ~ s5 (60,70)  s5 also touches g6; it covers more of g5    -> relaxed
#   g6 (66,70)               s5 already used                             -> missed
#                s4 (80,85)  no gold                                     -> spurious
GOLD = [
    Span(0, 10, "DATE", "2020-01-01"),
    Span(20, 30, "DATE", "2020-02"),
    Span(40, 45, "DURATION", "P1D"),
    Span(50, 55, "DATE", "2020-03"),
    Span(60, 65, "DATE", "2020-04"),
    Span(66, 70, "DATE", "2020-05"),
]
SYSTEM = [
    Span(0, 10, "DATE", "2020-01-01"),
    Span(18, 30, "TIME", "2020-02-01"),
    Span(40, 45, "DATE", "P1D"),
    Span(80, 85, "DATE", "2020-06"),
    Span(60, 70, "DATE", "2020-04"),
]


def test_scoring_counts_of_the_hand_made_document():
    score = score_document(GOLD, SYSTEM)
    assert score == TaskAScore(
        gold=6, system=5, strict=2, relaxed=4, value_correct=3, type_correct=2, documents=1
    )


def test_scoring_strict_figures_by_hand():
    score = score_document(GOLD, SYSTEM)
    assert score.strict_precision == pytest.approx(2 / 5)
    assert score.strict_recall == pytest.approx(2 / 6)
    assert score.strict_f1 == pytest.approx(4 / 11)  # 2·(2/5)(1/3) / (2/5 + 1/3)


def test_scoring_relaxed_figures_by_hand():
    score = score_document(GOLD, SYSTEM)
    assert score.relaxed_precision == pytest.approx(4 / 5)
    assert score.relaxed_recall == pytest.approx(4 / 6)
    assert score.relaxed_f1 == pytest.approx(8 / 11)


def test_scoring_value_and_type_f1_are_accuracy_times_relaxed_f1():
    score = score_document(GOLD, SYSTEM)
    assert score.value_accuracy == pytest.approx(3 / 4)
    assert score.type_accuracy == pytest.approx(2 / 4)
    assert score.value_f1 == pytest.approx(3 / 4 * 8 / 11)
    assert score.type_f1 == pytest.approx(2 / 4 * 8 / 11)


def test_scoring_value_f1_equals_f1_of_value_correct_over_system_and_gold():
    # TE3 states attribute F1 both ways; they must agree.
    score = score_document(GOLD, SYSTEM)
    expected = f1(score.value_correct / score.system, score.value_correct / score.gold)
    assert score.value_f1 == pytest.approx(expected)


def test_scoring_alignment_reports_missed_and_spurious():
    alignment = align(GOLD, SYSTEM)
    assert alignment.missed == (GOLD[3], GOLD[5])
    assert alignment.spurious == (SYSTEM[3],)
    assert len(alignment.pairs) == 4


def test_scoring_one_system_span_over_two_gold_spans_matches_only_one():
    gold = [Span(60, 65), Span(66, 70)]
    system = [Span(60, 70)]
    alignment = align(gold, system)
    assert alignment.pairs == ((gold[0], system[0]),)  # 5 shared characters beat 4
    assert alignment.missed == (gold[1],)
    score = score_document(gold, system)
    assert (score.relaxed, score.strict) == (1, 0)
    assert score.relaxed_precision == 1.0
    assert score.relaxed_recall == 0.5


def test_scoring_one_gold_span_under_two_system_spans_matches_only_one():
    gold = [Span(0, 20)]
    system = [Span(0, 5), Span(8, 20)]
    alignment = align(gold, system)
    assert alignment.pairs == ((gold[0], system[1]),)
    assert alignment.spurious == (system[0],)


def test_scoring_prefers_identical_span_over_an_earlier_overlapping_one():
    gold = [Span(5, 10)]
    system = [Span(0, 20), Span(5, 10)]
    score = score_document(gold, system)
    assert score.strict == 1
    assert align(gold, system).spurious == (system[0],)


def test_scoring_identical_span_wins_even_if_another_gold_overlaps_more():
    # s=(0,4) is identical to g1; giving it to g1 leaves s2 for g2, so both match strictly.
    gold = [Span(0, 4), Span(0, 10)]
    system = [Span(0, 4), Span(0, 10)]
    score = score_document(gold, system)
    assert (score.strict, score.relaxed) == (2, 2)


def test_scoring_strict_needs_the_identical_span():
    score = score_document([Span(10, 20)], [Span(10, 19)])
    assert (score.strict, score.relaxed) == (0, 1)
    assert score.strict_f1 == 0.0
    assert score.relaxed_f1 == 1.0


def test_scoring_adjacent_spans_do_not_overlap():
    score = score_document([Span(10, 20)], [Span(20, 25)])
    assert score.relaxed == 0
    assert (score.gold, score.system) == (1, 1)


def test_scoring_value_mismatch_only_costs_value_f1():
    score = score_document([Span(0, 5, "DATE", "1998-08")], [Span(0, 5, "DATE", "1998-08-07")])
    assert score.strict_f1 == 1.0
    assert score.type_f1 == 1.0
    assert score.value_f1 == 0.0


def test_scoring_type_mismatch_only_costs_type_f1():
    score = score_document([Span(0, 5, "DURATION", "P1D")], [Span(0, 5, "DATE", "P1D")])
    assert score.strict_f1 == 1.0
    assert score.value_f1 == 1.0
    assert score.type_f1 == 0.0


def test_scoring_nothing_found_gives_zero_not_an_error():
    score = score_document([Span(0, 5)], [])
    assert (score.strict_precision, score.strict_recall, score.strict_f1) == (0.0, 0.0, 0.0)
    assert score.value_f1 == 0.0
    empty = score_document([], [])
    assert (empty.relaxed_f1, empty.value_f1, empty.documents) == (0.0, 0.0, 1)


def test_scoring_corpus_is_micro_averaged_by_summing_counts():
    perfect = ([Span(0, 5)], [Span(0, 5)])
    all_missed = ([Span(0, 5), Span(10, 15), Span(20, 25)], [])
    score = score_corpus([perfect, all_missed])
    assert score.documents == 2
    assert score.strict_recall == pytest.approx(1 / 4)  # a macro average would say 1/2
    assert score.strict_precision == 1.0
    assert score_document(*perfect) + score_document(*all_missed) == score


def test_scoring_accepts_timex_and_gold_timex():
    gold = [GoldTimex(start=3, end=9, text="Friday", type="DATE", value="1998-08-07")]
    system = [
        Timex(
            start=3,
            end=9,
            text="Friday",
            type="DATE",
            value="1998-08-07",
            interval=(date(1998, 8, 7), date(1998, 8, 7)),
        )
    ]
    score = score_document(gold, system)
    assert (score.strict, score.value_correct, score.type_correct) == (1, 1, 1)
