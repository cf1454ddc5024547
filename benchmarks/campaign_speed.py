"""Campaign speed: checkpoints per second of a campaign over api, hotline and sms against the
demo operator, for several --concurrency (threads) and --workers (processes) values in one
run, and the time the campaign target (63,758 checkpoints) would take against its 5-minute
target.

    .venv/bin/python benchmarks/campaign_speed.py [--customers 10] [--concurrency 4 8]
        [--workers 1 2]
    .venv/bin/python benchmarks/campaign_speed.py --checkpoints 63758 --workers 2

Each figure is a whole `walkthrough run --channel api --channel hotline --channel sms
--customers N --concurrency K --workers W --no-html` (every product line), started the same
way, so they compare with each other. Without --checkpoints the time for the target is
projected two ways: from the run's own rate (start-up and reports included, paid again for
every run's worth of checkpoints: the pessimistic figure), and from the steady rate (the
time a run of one customer takes, then the seconds each further checkpoint adds, measured
between that run and the run of N: start-up paid once, as a province's campaign pays it).
With --checkpoints each run walks enough customers to make that many checkpoints, for real.
Compare the ratios, not the absolute seconds, on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from walkthrough.session import ROOT

TARGET_CHECKPOINTS = 63_758
TARGET_SECONDS = 300.0
CHANNELS = ("api", "hotline", "sms")


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def campaign(customers: int, concurrency: int, reports: Path,
             workers: int = 1) -> tuple[float, int, float]:
    """One campaign run, as a user starts it; its seconds, checkpoints and CPU seconds (the
    run's, its workers' and its operator's: they share the machine's cores)."""
    argv = [sys.executable, "-m", "walkthrough.cli", "run", "--customers", str(customers),
            "--concurrency", str(concurrency), "--workers", str(workers), "--no-html",
            "--reports", str(reports)]
    for channel in CHANNELS:
        argv += ["--channel", channel]
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu
    summary = reports / "summary.json"
    if done.returncode not in (0, 1) or not summary.is_file():
        sys.exit(f"the campaign with --concurrency {concurrency} did not finish "
                 f"(exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    checkpoints = json.loads(summary.read_text(encoding="utf-8"))["checkpoints"]
    if checkpoints["errored"]:
        sys.exit(f"the campaign with --concurrency {concurrency} errored "
                 f"{checkpoints['errored']} checkpoints; a figure of a broken run means nothing")
    return seconds, int(checkpoints["total"]), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10,
                        help="customers per walk (default 10); ignored with --checkpoints")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--checkpoints", type=int, default=0, metavar="N",
                        help="walk at least N checkpoints for real in each run (e.g. 63758)")
    args = parser.parse_args()
    customers = args.customers
    shapes = [(w, k) for w in args.workers for k in args.concurrency]
    steady: dict[tuple[int, int], tuple[float, int, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for w, k in shapes:  # one customer each: the run's start-up and end, and its rate
            steady[(w, k)] = campaign(1, k, Path(tmp) / f"one-w{w}k{k}", w)
        if args.checkpoints:
            made = steady[shapes[0]][1]
            customers = math.ceil(args.checkpoints / made)
            print(f"one customer per walk makes {made} checkpoints: {customers} customers "
                  f"make {customers * made} (>= {args.checkpoints})")
        figures = {(w, k): campaign(customers, k, Path(tmp) / f"w{w}k{k}", w)
                   for w, k in shapes}
    base = figures[shapes[0]]
    print(f"\ncampaign over {', '.join(CHANNELS)}, every product line, --customers "
          f"{customers} ({base[1]} checkpoints a run):")
    for (w, k), (seconds, made, cpu) in figures.items():
        one_seconds, one_made, _ = steady[(w, k)]
        each = (seconds - one_seconds) / (made - one_made) if made > one_made else math.nan
        print(f"  --workers {w} --concurrency {k:<2} {seconds:7.1f} s  {made / seconds:6.1f} "
              f"checkpoints/s  {1000 * cpu / made:5.1f} ms CPU a checkpoint (run, workers and "
              f"operator); {base[0] / seconds:.2f}x the speed of --workers {shapes[0][0]} "
              f"--concurrency {shapes[0][1]}")
        if args.checkpoints:
            whole = seconds * TARGET_CHECKPOINTS / made
            print(f"      {TARGET_CHECKPOINTS:,} checkpoints in {whole:.0f} s (walked for real, "
                  f"scaled to the target): {whole / TARGET_SECONDS:.2f}x the 5-minute target")
            continue
        from_rate = TARGET_CHECKPOINTS * seconds / made
        from_steady = one_seconds + each * (TARGET_CHECKPOINTS - one_made)
        print(f"      {TARGET_CHECKPOINTS:,} checkpoints: {from_rate:.0f} s from the run's rate "
              f"({from_rate / TARGET_SECONDS:.2f}x the 5-minute target); {from_steady:.0f} s "
              f"from the steady rate ({one_seconds:.1f} s for a run of one customer, then "
              f"{1000 * each:.1f} ms a checkpoint): {from_steady / TARGET_SECONDS:.2f}x the "
              f"5-minute target")


if __name__ == "__main__":
    main()
