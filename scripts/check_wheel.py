"""CI's check of the package as users install it: build the wheel, install it into a fresh venv,
and run the installed `dateline` from a folder outside the checkout.

    python scripts/check_wheel.py            # builds into a temporary folder, removes it after

Checks: the wheel's only top-level package is `dateline` and it carries the data files and the
stylesheet; `dateline --version` prints the metadata's version; `dateline tag` and
`dateline export SEEDS` work; the app starts headless on the seeds and draws their events.
Exits 1 with one line per failed check.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs inside the fresh venv: the app on a store of the seeds, driven by Textual's Pilot.
APP_PROBE = """
import asyncio, sys
from dateline.core.store.database import Store
from dateline.tui.app import DatelineApp
from dateline.tui.data import StoreSource

async def main(db, seeds):
    source = StoreSource(db, [seeds])
    app = DatelineApp(source, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(600):
            await pilot.pause(0.05)
            main = getattr(app, "main", None)
            if main is not None and main.index is not None and main.index.events:
                break
        events = len(app.main.index.events)
        await pilot.press("j", "tab", "escape", "q")
    source.close()
    print(events)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def run(command: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600,
                          **kwargs)


def check_wheel_contents(wheel: Path) -> list[str]:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if ".dist-info/" not in name}
    problems = [f"wheel has top-level entries other than dateline: {sorted(tops)}"] \
        if tops != {"dateline"} else []
    for needed in ("dateline/data/temporal_rules.toml", "dateline/data/claims.toml",
                   "dateline/data/ner_model.json.gz", "dateline/data/name_priors.json.gz",
                   "dateline/tui/app.tcss", "dateline/core/temporal/engine.py"):
        if needed not in names:
            problems.append(f"wheel lacks {needed}")
    return problems


def main() -> int:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dateline-wheel-") as tmp:
        work = Path(tmp)
        built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                     str(work / "dist"), str(ROOT)], cwd=work)
        if built.returncode:
            print(f"check_wheel: pip wheel failed: {built.stderr.strip()[-400:]}")
            return 1
        wheel = next((work / "dist").glob("dateline-*.whl"))
        problems += check_wheel_contents(wheel)
        venv = work / "venv"
        run([sys.executable, "-m", "venv", str(venv)], cwd=work).check_returncode()
        installed = run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], cwd=work)
        if installed.returncode:
            print(f"check_wheel: installing the wheel failed: {installed.stderr.strip()[-400:]}")
            return 1
        dateline = str(venv / "bin" / "dateline")
        outside = work / "elsewhere"
        outside.mkdir()
        seeds = ROOT / "seeds"

        shown = run([dateline, "--version"], cwd=outside)
        if shown.stdout.strip() != f"dateline {version}":
            problems.append(f"--version printed {shown.stdout.strip()!r}, not 'dateline {version}'")
        tagged = run([dateline, "tag", "-", "--dct", "2024-10-03"], cwd=outside,
                     input="Talks resumed last Tuesday.\n")
        if tagged.returncode or '"2024-10-01"' not in tagged.stdout:
            problems.append(f"dateline tag: exit {tagged.returncode}, {tagged.stderr.strip()}")
        exported = run([dateline, "export", str(seeds), "--format", "json"], cwd=outside)
        if exported.returncode or '"events"' not in exported.stdout:
            problems.append(f"dateline export seeds: exit {exported.returncode}, "
                            f"{exported.stderr.strip()}")
        drawn = run([str(venv / "bin" / "python"), "-c", APP_PROBE, str(work / "app.db"),
                     str(seeds)], cwd=outside)
        if drawn.returncode or not drawn.stdout.strip().isdigit() or int(drawn.stdout) < 10:
            problems.append(f"headless app: exit {drawn.returncode}, printed "
                            f"{drawn.stdout.strip()!r} {drawn.stderr.strip()[-400:]}")
    for problem in problems:
        print(f"check_wheel: {problem}")
    if not problems:
        print(f"check_wheel: ok: dateline {version} wheel installs and runs outside the checkout")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
