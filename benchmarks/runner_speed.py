"""Runner speed: `walkthrough run`, reports included, against plain `behave` on the same walks.

    .venv/bin/python benchmarks/runner_speed.py [--repeat 3] [--channel api --channel sms ...]

Each command is started as a user starts it, as its own process, on the same selection (by
default the API, hotline and SMS walks of every product line, against the embedded demo
operator that each command starts for itself), alternately, so a busy moment of the machine
falls on both. `behave` writes its summary.json and junit.xml (its hooks do, as they always
do) but no Allure and no HTML; `walkthrough run` writes every report: junit.xml,
summary.json, the Allure results and report, the history and walkthrough.html; and
`walkthrough run --no-html` the same without the two HTML reports. The target: `walkthrough
run` is no slower than plain behave (ratio <= 1.00). Compare the ratios, not the seconds.

The first Allure report made on a machine also writes the class-data archive its JVM maps on
every later one (report/allure.py, class_archive): the benchmark says whether the archive was
there before its first run, i.e. whether one of the runs measured paid for making it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from walkthrough.report import allure
from walkthrough.session import ROOT

TARGET = 1.00


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … exited {done.returncode}; it must walk clean "
                 f"first:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--channel", action="append", default=[],
                        help="the channels walked (default: api, hotline, sms)")
    args = parser.parse_args()
    channels = args.channel or ["api", "hotline", "sms"]
    cli = [sys.executable, "-m", "walkthrough.cli", "run"]
    selection = [arg for channel in channels for arg in ("--channel", channel)]
    seconds: dict[str, list[float]] = {"behave": [], "walkthrough run": [],
                                       "walkthrough run --no-html": []}
    # the English wording, as `walkthrough run` walks by default
    english = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "features").glob("*.feature")
                     if not p.name.endswith(".zh-CN.feature"))
    command, _why = allure.locate()
    archive = allure.class_archive(command) if command else None
    archived = "JAVA_OPTS set: none used" if "JAVA_OPTS" in os.environ else \
        "none (no cache folder)" if archive is None else \
        "present before the first run" if archive.is_file() else "made by the first run"
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.repeat):
            folder = Path(tmp) / str(n)
            seconds["behave"].append(timed(
                [sys.executable, "-m", "behave", *english, "-f", "progress",
                 "-D", f"channel={','.join(channels)}", "-D", f"reports={folder / 'behave'}"]))
            seconds["walkthrough run"].append(timed(
                [*cli, *selection, "--reports", str(folder / "run")]))
            seconds["walkthrough run --no-html"].append(timed(
                [*cli, *selection, "--no-html", "--reports", str(folder / "bare")]))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    print(f"the {', '.join(channels)} walks of every product line (median of {args.repeat}, "
          f"each command a process of its own, operator start-up included)")
    for name, value in medians.items():
        print(f"  {name:28} {value:7.1f} s   {value / medians['behave']:.2f}x behave")
    print(f"  Allure's class-data archive: {archived}")
    ratio = medians["walkthrough run"] / medians["behave"]
    print(f"target: `walkthrough run`, reports included, <= {TARGET:.2f}x plain behave: "
          f"{ratio:.2f}x ({'met' if ratio <= TARGET else 'not met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
