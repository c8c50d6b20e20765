"""A parallel ingest started under the app: Textual replaces sys.stderr with an object whose
fileno() is -1, which multiprocessing cannot pass to the helper processes it starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from pathlib import Path
from dateline.core.store.database import MEMORY, Store
from dateline.core.store.ingest import ingest

class Captured:  # what Textual puts in sys.stderr while an app runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

folder = Path(sys.argv[1])
for n in range(20):
    (folder / f"a{n:02d}.txt").write_text(
        f"Talks {n} resumed in Geneva on Oct. 8, 2024, officials said.\\n", encoding="utf-8")
real = sys.stderr
sys.stderr = Captured()
with Store.open(MEMORY) as store:
    report = ingest(store, [folder], jobs=2)
sys.stderr = real
print(len(report.ingested), len(report.failed))
"""


def test_ingest_in_worker_processes_works_when_stderr_has_no_file(tmp_path):
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], cwd=ROOT / "tests",
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["20", "0"]
