"""Long repeats of one short unit: time of the tagger and of the cleaner as the text grows.

    python bench/repeats.py [--factor 8]

Catastrophic backtracking shows as time growing much faster than the text. For each unit the
tagger (`core.temporal.engine.tag`) runs on 4,000 characters and on --factor times that, and
the cleaner (`clean` + `split_sentences`) on a one-megabyte line of "a ": CPU time
(time.process_time), and the ratio large/small (linear is about the factor; quadratic its
square). These figures used to be timed assertions in tests/test_fuzz.py; tests now check
what the output is, the benches how long it takes.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.articles.clean import clean, split_sentences  # noqa: E402
from dateline.core.temporal.engine import tag  # noqa: E402

UNITS = ["9", "a ", "2024 ", "Monday ", "“", "[bold]", "1 "]


def _cpu(function: Callable[..., object], *args: object) -> float:
    began = time.process_time()
    function(*args)
    return max(time.process_time() - began, 1e-3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=8)
    args = parser.parse_args(argv)
    tag("warm-up on Monday", date(2024, 10, 23))
    print(f"{'unit':>10} {'4k s':>7} {f'{4 * args.factor}k s':>7} {'ratio':>6}")
    for unit in UNITS:
        small = unit * (4_000 // len(unit))
        large = unit * (4_000 * args.factor // len(unit))
        t_small = _cpu(tag, small, date(2024, 10, 23))
        t_large = _cpu(tag, large, date(2024, 10, 23))
        print(f"{unit!r:>10} {t_small:7.3f} {t_large:7.3f} {t_large / t_small:6.1f}")
    line = "a " * 500_000
    seconds = _cpu(lambda text: split_sentences(text, clean(text)), line)
    print(f"clean + split_sentences of a 1 MB line: {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
