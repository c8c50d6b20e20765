"""Named-entity recognition on shared data: span P/R/F1, untyped and typed, and tokens/s.

    python bench/ner.py [--folds K] [--epochs N]

Sets (../shared/corpora/ner, see its README): wikigold (Wikipedia, PER/ORG/LOC/MISC) and re3d
(defence and security documents, train/test). Three systems in the same run: the naive baseline
(every run of capitalised words, untyped); dateline's recogniser alone (`recognised_names`:
core/entities/ner.py over the gazetteer's hints); and the whole entity layer (`names`: what
`extract` finds, gazetteer countries and actors, rule-found persons and organisations and the
recogniser's names, with countries as LOC and demonyms as MISC). Scores are
exact-match spans over the gold persons, organisations and places: untyped (the span) and typed
(span and kind); MISC names are left out on both sides. The model is trained on wikigold and
re3d-train, so its wikigold figure is K-fold cross-validated (train on the other folds and
re3d-train, score the held-out fold); re3d-test is scored with the shipped model, trained on all
of wikigold and re3d-train and never on re3d-test. Speed: CPU time of each system over every text
of the three sets with the shipped model (the best of three passes), in CoNLL tokens per
second.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.entities.extract import names, recognised_names  # noqa: E402
from dateline.core.entities.training import common_words, examples, train  # noqa: E402
from dateline.core.evaluation.conll import (  # noqa: E402
    Document,
    read_conll,
    score,
    typed_sets,
    untyped_sets,
)

NER = ROOT.parent / "shared" / "corpora" / "ner"
WIKIGOLD = NER / "wikigold" / "wikigold.conll.txt"
RE3D_TRAIN = NER / "re3d" / "re3d-train.conll"
RE3D_TEST = NER / "re3d" / "re3d-test.conll"
_CAPS = re.compile(r"\b[A-Z]\S*(?: [A-Z]\S*)*")


def naive(text: str) -> set[tuple[int, int]]:
    """Every maximal run of space-separated tokens that start with a capital letter."""
    return {(m.start(), m.end()) for m in _CAPS.finditer(text)}


def _row(name: str, system: str, untyped, typed) -> str:
    typed_text = (
        f"{typed.precision:6.3f} {typed.recall:6.3f} {typed.f1:6.3f}"
        if typed
        else "     —      —      —"
    )
    return (
        f"{name:22s} {system:10s}     {untyped.precision:6.3f} {untyped.recall:6.3f} "
        f"{untyped.f1:6.3f}"
        f"   {typed_text}"
    )


def _predict(docs: list[Document], system, model=None) -> list[set]:
    return [set(system(d.text, model)) for d in docs]


def evaluate(docs: list[Document], predicted: list[set]) -> tuple:
    gold = [d.spans for d in docs]
    return (
        score([untyped_sets(g) for g in gold], [untyped_sets(p) for p in predicted]),
        score([typed_sets(g) for g in gold], [typed_sets(p) for p in predicted]),
    )


def _baseline(docs: list[Document]):
    return score([untyped_sets(d.spans) for d in docs], [naive(d.text) for d in docs])


def cross_validate(
    wiki: list[Document], re3d: list[Document], folds: int, epochs: int
) -> dict[str, list[set]]:
    predicted: dict[str, list[set]] = {name: [set() for _ in wiki] for name in SYSTEMS}
    for fold in range(folds):
        held = [i for i in range(len(wiki)) if i % folds == fold]
        kept = [d for i, d in enumerate(wiki) if i % folds != fold] + re3d
        common = common_words(d.text for d in kept)
        model = train(examples(((d.text, d.spans) for d in kept), common), common, epochs)
        for i in held:
            for name, system in SYSTEMS.items():
                predicted[name][i] = set(system(wiki[i].text, model))
    return predicted


SYSTEMS = {"recogniser": recognised_names, "extract": names}


def _timed(system, texts: list[str], repeats: int = 3) -> float:
    """The least CPU time of `repeats` passes: the machine's other work only ever adds."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for text in texts:
            system(text)
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args(argv)
    wiki, re3d_train, re3d_test = (read_conll(p) for p in (WIKIGOLD, RE3D_TRAIN, RE3D_TEST))
    print(f"{'set':22s} {'system':10s}  untyped P      R     F1    typed P      R     F1")
    cv = cross_validate(wiki, re3d_train, args.folds, args.epochs)
    for name, docs in (
        (f"wikigold ({args.folds}-fold CV)", wiki),
        ("re3d-train (seen)", re3d_train),
        ("re3d-test (held out)", re3d_test),
    ):
        print(_row(name, "naive", _baseline(docs), None))
        for system_name, system in SYSTEMS.items():
            predicted = cv[system_name] if docs is wiki else _predict(docs, system)
            print(_row(name, system_name, *evaluate(docs, predicted)))
    texts = [d.text for d in (*wiki, *re3d_train, *re3d_test)]
    tokens = sum(d.tokens for d in (*wiki, *re3d_train, *re3d_test))
    names("Warm-up: Kim Jong Un met Vladimir Putin in Pyongyang.")
    rates = [f"naive {tokens / _timed(naive, texts):,.0f}"]
    rates += [f"{name} {tokens / _timed(system, texts):,.0f}" for name, system in SYSTEMS.items()]
    print(f"tokens/s: {'; '.join(rates)} ({tokens:,} tokens, one process, CPU time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
