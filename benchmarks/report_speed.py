"""Report speed: the walkthrough report built from a synthetic history of 10,000 walks.

    .venv/bin/python benchmarks/report_speed.py [--walks 10000] [--per-run 20]
                                                [--history URL] [--keep DIR]

The target is a report in <= 10 s from a history of 1,000,000 checkpoints, which is about
24,000 walks (`--walks 25000 --per-run 50`: 1,057,500 checkpoints; the import alone then
takes minutes).

The history is made through the real import (``History.import_run``: masking, summary,
problem lifecycle) from invented checkpoint records: several org units and carriers, every
channel, four product lines, a few percent of failures of which some persist across runs.
Then `build_report` runs as `walkthrough report` does. Prints the seconds of each part and
the size of the HTML file. Without --history the database is an SQLite file in a
temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from walkthrough import problems, standards
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.history import History, RunInfo
from walkthrough.history.url import parse
from walkthrough.report.commands import build_report
from walkthrough.session import ROOT
from walkthrough.standards import CHANNELS

CATALOGUE_PATH = ROOT / "scenarios" / "standards.yaml"
ORGS = ["集团/广东/广州", "集团/广东/深圳", "集团/广东/佛山", "集团/江苏/南京",
        "集团/江苏/苏州", "集团/四川/成都"]
LINES = ["mobile_plan", "top_up", "broadband", "vas"]
TARGET_SECONDS, TARGET_CHECKPOINTS = 10, 1_000_000
CARRIERS = ["演示电信 (demo)", "对比运营商 (demo)"]


def invent(catalogue: standards.Catalogue, walks: int, per_run: int,
           seed: int = 7) -> list[tuple[RunInfo, list[CheckpointRecord]]]:
    """Runs of ``per_run`` walks each, a day apart per org unit, oldest first."""
    rng = random.Random(seed)
    persistent = {(org, sid): rng.random() < 0.05 for org in ORGS
                  for sid in catalogue.standards}
    runs = []
    start = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)
    for number in range(walks // per_run):
        org = ORGS[number % len(ORGS)]
        carrier = CARRIERS[1] if number % 10 == 9 else CARRIERS[0]
        at = start + dt.timedelta(hours=6 * number)
        run_id = f"{at:%Y%m%d-%H%M%S}-{number:04x}"
        records = []
        for w in range(per_run):
            line, channel = LINES[w % len(LINES)], CHANNELS[w % len(CHANNELS)]
            walk = f"{run_id}-{w + 1:03d}-{channel}"
            for sid, std in catalogue.standards.items():
                if not std.applies_to(channel):
                    continue
                fails = persistent[(org, sid)] and rng.random() < 0.7 or rng.random() < 0.02
                status = "failed" if fails else "errored" if rng.random() < 0.002 else "passed"
                records.append(CheckpointRecord(
                    run=run_id, walk=walk, carrier=carrier, product_line=line,
                    channel=channel, stage=std.stage, standard=sid, title=std.title_en,
                    department=std.department, severity=std.severity, status=status,
                    observed=f"【演示电信】您的号码1390000{w:04d}… observed" if fails else "ok",
                    expected=str(std.threshold), at=at.isoformat()))
        runs.append((RunInfo(id=run_id, carrier=carrier, started=at,
                             finished=at + dt.timedelta(minutes=9), org=org,
                             release=f"2026.{number // 60 + 1:02d}"), records))
    return runs


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=10_000)
    parser.add_argument("--per-run", type=int, default=20)
    parser.add_argument("--history", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--keep", type=Path, help="write the history and report here")
    args = parser.parse_args()
    catalogue = standards.load(CATALOGUE_PATH)
    days = problems.due_days(CATALOGUE_PATH)
    with tempfile.TemporaryDirectory() as tmp:
        folder = (args.keep or Path(tmp)).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        url = parse(args.history or str(folder / "history.db"))
        t0 = time.perf_counter()
        runs = invent(catalogue, args.walks, args.per_run)
        checkpoints = sum(len(r) for _, r in runs)
        t1 = time.perf_counter()
        with History(url) as history:
            for info, records in runs:
                history.import_run(info, records, catalogue, days)
            t2 = time.perf_counter()
            out = folder / "walkthrough.html"
            build_report(history, folder, out)
            t3 = time.perf_counter()
            build_report(history, folder, out)
            t4 = time.perf_counter()
        size = out.stat().st_size
        print(f"history: {len(runs)} runs, {args.walks} walks, {checkpoints} checkpoints "
              f"({history.where})")
        print(f"  invent records         {t1 - t0:7.2f} s")
        print(f"  import into history    {t2 - t1:7.2f} s  "
              f"({(t2 - t1) / len(runs) * 1000:.0f} ms a run)")
        print(f"  build the report       {t3 - t2:7.2f} s  (first, with imports)")
        print(f"  build it again         {t4 - t3:7.2f} s")
        print(f"  walkthrough.html       {size / 1024:7.0f} KiB")
        print(f"  peak memory            {_peak_mib():7.0f} MiB (this process)")
        if checkpoints >= TARGET_CHECKPOINTS:
            print(f"  target: the report in <= {TARGET_SECONDS} s from "
                  f"{TARGET_CHECKPOINTS:,} checkpoints: {t3 - t2:.2f} s, "
                  f"{(t3 - t2) / TARGET_SECONDS:.2f}x the target")
        else:
            print(f"  (the target is judged at {TARGET_CHECKPOINTS:,} checkpoints or more: "
                  f"--walks 25000 --per-run 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
