"""Train the recogniser's model on wikigold and re3d-train and write data/ner_model.json.gz.

    python scripts/train_ner.py [--epochs N]

Reads ../shared/corpora/ner (never re3d-test); see bench/ner.py for the scores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateline.core.entities.ner import MODEL_FILE, save_model  # noqa: E402
from dateline.core.entities.training import common_words, examples, train  # noqa: E402
from dateline.core.evaluation.conll import read_conll  # noqa: E402

NER = ROOT.parent / "shared" / "corpora" / "ner"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args(argv)
    docs = read_conll(NER / "wikigold" / "wikigold.conll.txt") + read_conll(
        NER / "re3d" / "re3d-train.conll"
    )
    common = common_words(d.text for d in docs)
    model = train(examples(((d.text, d.spans) for d in docs), common), common, args.epochs)
    out = ROOT / "data" / MODEL_FILE
    save_model(str(out), model.weights, model.common)
    print(
        f"{len(model.weights)} features, {len(model.common)} common words -> {out} "
        f"({out.stat().st_size / 1024:.0f} KiB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
