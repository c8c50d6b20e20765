"""TempEval-3 Task A benchmark: the dateline tagger against gold TimeML, with a dateparser baseline.

    python bench/tempeval.py [DIR ...] [--wikiwars] [--no-baseline] [--limit N] [--errors FILE]

Reads every .tml file under the given directories (default: the TempEval-3 training data,
TimeBank + AQUAINT, at ../shared/bench/tempeval3/train from the repository root), runs
`core.temporal.engine.tag(text, dct)` on each document's <TEXT> with its DCT, scores the
`leaves()` of
what it returns with `core.evaluation.scoring`, and does the same
 for a naive `dateparser.search_dates`
baseline. Only the tagging calls are timed, one document at a time in this process, after one
warm-up call per system so one-off loading is not charged to the first document.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.evaluation.scoring import (  # noqa: E402
    Alignment,
    Annotation,
    Span,
    TaskAScore,
    align,
    overlap,
    score_alignment,
)
from dateline.core.evaluation.timeml import WIKIWARS_DCT, TimeMLDocument, parse_timeml  # noqa: E402
from dateline.core.temporal import engine as temporal  # noqa: E402

DEFAULT_DIR = ROOT / ".." / "shared" / "bench" / "tempeval3" / "train"
WIKIWARS_DIR = ROOT / ".." / "shared" / "corpora" / "wikiwars" / "timex3-derczynski2012"
CONTEXT_CHARS = 30

Tagger = Callable[[str, date | None], list[Annotation]]


@dataclass(frozen=True, slots=True)
class SystemRun:
    """One system's output on every document, and the seconds spent inside its tagging calls."""

    name: str
    outputs: tuple[tuple[Annotation, ...], ...]
    seconds: float


def find_tml_files(directories: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory.is_file():
            files.append(directory)
        else:
            files.extend(sorted(directory.rglob("*.tml")))
    return files


def read_documents(files: Sequence[Path], fallback_dct: date | None) -> list[TimeMLDocument]:
    return [parse_timeml(path.read_text(encoding="utf-8"), fallback_dct) for path in files]


def dateline_tagger(text: str, dct: date | None) -> list[Annotation]:
    """The project's tagger, flattened to what TimeML annotates (range endpoints separately)."""
    return [leaf for timex in temporal.tag(text, dct) for leaf in timex.leaves()]


def dateparser_baseline(text: str, dct: date | None) -> list[Annotation]:
    """`search_dates` used as a naive user would: every hit a DATE valued with its calendar day."""
    # Imported here so that --no-baseline runs never pay for loading dateparser.
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": datetime(dct.year, dct.month, dct.day)} if dct else {}
    found = search_dates(text, languages=["en"], settings=settings) or []
    spans: list[Annotation] = []
    cursor = 0
    for substring, moment in found:
        # search_dates gives substrings, not offsets; hits come in text order, so search forward.
        start = text.find(substring, cursor)
        if start < 0:
            continue
        cursor = start + len(substring)
        spans.append(Span(start, cursor, "DATE", moment.date().isoformat()))
    return spans


def run_system(name: str, tagger: Tagger, documents: Sequence[TimeMLDocument]) -> SystemRun:
    tagger("He left on January 5, 1998.", date(1998, 1, 8))  # warm-up: lazy loading, caches
    outputs: list[tuple[Annotation, ...]] = []
    seconds = 0.0
    for document in documents:
        started = time.perf_counter()
        try:
            found = tagger(document.text, document.dct)
        except Exception as error:
            error.add_note(f"while tagging {document.doc_id} with {name}")
            raise
        seconds += time.perf_counter() - started
        outputs.append(tuple(found))
    return SystemRun(name=name, outputs=tuple(outputs), seconds=seconds)


def without_dct_mentions(
    document: TimeMLDocument, found: Sequence[Annotation]
) -> tuple[Annotation, ...]:
    """Drop system expressions on a restated DCT, which the gold deliberately leaves unscored."""
    return tuple(
        annotation
        for annotation in found
        if not any(overlap(annotation, mention) for mention in document.dct_mentions)
    )


def align_run(
    documents: Sequence[TimeMLDocument], run: SystemRun
) -> list[Alignment[Annotation, Annotation]]:
    return [
        align(document.timexes, without_dct_mentions(document, found))
        for document, found in zip(documents, run.outputs, strict=True)
    ]


def total_score(alignments: Sequence[Alignment[Annotation, Annotation]]) -> TaskAScore:
    return sum((score_alignment(alignment) for alignment in alignments), TaskAScore())


def percent(fraction: float) -> str:
    return f"{100 * fraction:5.1f}"


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def format_rate(rate: float) -> str:
    # A stub or very fast tagger reaches millions per second; keep the column narrow anyway.
    if rate >= 1_000_000:
        return f"{rate:.3g}"
    return f"{rate:,.1f}" if rate < 100 else f"{rate:,.0f}"


def format_table(rows: Sequence[tuple[SystemRun, TaskAScore]]) -> list[str]:
    header = (
        f"{'system':<11}{'found':>6} | {'strict P':>8} {'R':>5} {'F1':>5} | "
        f"{'relaxed P':>9} {'R':>5} {'F1':>5} | {'value F1':>8} {'type F1':>7} | "
        f"{'docs/s':>8} {'expr/s':>8}"
    )
    lines = [header, "-" * len(header)]
    for run, score in rows:
        lines.append(
            f"{run.name:<11}{score.system:>6} | {percent(score.strict_precision):>8} "
            f"{percent(score.strict_recall):>5} {percent(score.strict_f1):>5} | "
            f"{percent(score.relaxed_precision):>9} {percent(score.relaxed_recall):>5} "
            f"{percent(score.relaxed_f1):>5} | {percent(score.value_f1):>8} "
            f"{percent(score.type_f1):>7} | "
            f"{format_rate(per_second(score.documents, run.seconds)):>8} "
            f"{format_rate(per_second(score.gold, run.seconds)):>8}"
        )
    return lines


def context(text: str, start: int, end: int) -> str:
    """About 60 characters around a span, the span itself in [[ ]], on one line."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{before}[[{text[start:end]}]]{after}".split())


def error_rows(
    document: TimeMLDocument, alignment: Alignment[Annotation, Annotation]
) -> list[tuple[int, list[str]]]:
    """(text position, TSV row) for each missed, spurious or imperfect expression of a document.

    A pair with several faults gets one row whose kind joins them, e.g. `span+value`.
    """
    text = document.text
    dct = document.dct.isoformat() if document.dct else ""
    rows: list[tuple[int, list[str]]] = []

    def row(kind: str, gold: Annotation | None, system: Annotation | None) -> None:
        spans = [a for a in (gold, system) if a is not None]
        start, end = min(a.start for a in spans), max(a.end for a in spans)
        gold_fields = [text[gold.start : gold.end], gold.type, gold.value] if gold else ["", "", ""]
        system_fields = (
            [text[system.start : system.end], system.type, system.value] if system else ["", "", ""]
        )
        around = context(text, start, end)
        fields = [document.doc_id, dct, kind, *gold_fields, *system_fields, around]
        rows.append((start, [" ".join(field.split()) for field in fields]))

    for gold in alignment.missed:
        row("missed", gold, None)
    for system in alignment.spurious:
        row("spurious", None, system)
    for gold, system in alignment.pairs:
        faults = [
            fault
            for fault, wrong in (
                ("span", (gold.start, gold.end) != (system.start, system.end)),
                ("value", gold.value != system.value),
                ("type", gold.type != system.type),
            )
            if wrong
        ]
        if faults:
            row("+".join(faults), gold, system)
    return sorted(rows, key=lambda item: item[0])


def write_errors(
    path: Path,
    documents: Sequence[TimeMLDocument],
    alignments: Sequence[Alignment[Annotation, Annotation]],
) -> int:
    columns = [
        "doc", "dct", "kind",
        "gold_text", "gold_type", "gold_value",
        "system_text", "system_type", "system_value",
        "context",
    ]  # fmt: skip
    written = 0
    # Every field is whitespace-collapsed, so plain tab-joined lines need no quoting.
    with path.open("w", encoding="utf-8") as handle:
        handle.write("\t".join(columns) + "\n")
        for document, alignment in zip(documents, alignments, strict=True):
            for _, row in error_rows(document, alignment):
                handle.write("\t".join(row) + "\n")
                written += 1
    return written


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="directories of .tml files")
    parser.add_argument("--wikiwars", action="store_true", help=f"use {WIKIWARS_DIR}")
    parser.add_argument("--no-baseline", action="store_true", help="skip dateparser (slow)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--errors", type=Path, default=None, help="write tagger errors as TSV")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    directories = list(arguments.dirs) or [WIKIWARS_DIR if arguments.wikiwars else DEFAULT_DIR]
    if arguments.wikiwars and arguments.dirs:
        directories.append(WIKIWARS_DIR)
    files = find_tml_files([directory.resolve() for directory in directories])
    if arguments.limit is not None:
        files = files[: arguments.limit]
    if not files:
        print(f"no .tml files under {', '.join(map(str, directories))}", file=sys.stderr)
        return 1
    documents = read_documents(files, WIKIWARS_DCT if arguments.wikiwars else None)
    gold_count = sum(len(document.timexes) for document in documents)
    characters = sum(len(document.text) for document in documents)

    systems: list[tuple[str, Tagger]] = [("tagger", dateline_tagger)]
    if not arguments.no_baseline:
        systems.append(("dateparser", dateparser_baseline))
    rows: list[tuple[SystemRun, TaskAScore]] = []
    tagger_alignments: list[Alignment[Annotation, Annotation]] = []
    for name, tagger in systems:
        run = run_system(name, tagger, documents)
        alignments = align_run(documents, run)
        rows.append((run, total_score(alignments)))
        if name == "tagger":
            tagger_alignments = alignments

    sources = ", ".join(str(directory.resolve()) for directory in directories)
    print(f"TempEval-3 Task A on {sources}")
    print(
        f"{len(documents)} documents, {gold_count} gold TIMEX3, {characters:,} characters; "
        "scores in %, expr/s = gold expressions per second of tagging"
    )
    print()
    for line in format_table(rows):
        print(line)
    if len(rows) == 2:
        (tagger_run, tagger_score), (baseline_run, baseline_score) = rows
        speed_ratio = per_second(tagger_score.documents, tagger_run.seconds) / per_second(
            baseline_score.documents, baseline_run.seconds
        )
        print(f"\nspeed ratio tagger/baseline (docs/s): {format_rate(speed_ratio)}x")
    if arguments.errors is not None:
        written = write_errors(arguments.errors, documents, tagger_alignments)
        print(f"\n{written} tagger error rows written to {arguments.errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
