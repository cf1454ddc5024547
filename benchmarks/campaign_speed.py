"""Campaign speed: checkpoints per second of a campaign over api, hotline and sms against the
demo operator, for several --concurrency values in one run, and the time the campaign target
(63,758 checkpoints) would take against its 5-minute target.

    .venv/bin/python benchmarks/campaign_speed.py [--customers 2] [--concurrency 1 2 4 8]
    .venv/bin/python benchmarks/campaign_speed.py --checkpoints 63758 --concurrency 8

Each figure is a whole `walkthrough run --channel api --channel hotline --channel sms
--customers N --concurrency K --no-html` (every product line), started the same way, so they
compare with each other. Without --checkpoints the time for the target is projected from the
rate measured; with it, each run walks enough customers to make that many checkpoints, for
real. Compare the ratios, not the absolute seconds, on a busy machine.
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


def campaign(customers: int, concurrency: int, reports: Path) -> tuple[float, int, float]:
    """One campaign run, as a user starts it; its seconds, checkpoints and CPU seconds (the
    run's and its operator's: they share the machine's cores)."""
    argv = [sys.executable, "-m", "walkthrough.cli", "run", "--customers", str(customers),
            "--concurrency", str(concurrency), "--no-html", "--reports", str(reports)]
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
    parser.add_argument("--customers", type=int, default=2,
                        help="customers per walk (default 2); ignored with --checkpoints")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--checkpoints", type=int, default=0, metavar="N",
                        help="walk at least N checkpoints for real in each run (e.g. 63758)")
    args = parser.parse_args()
    customers = args.customers
    with tempfile.TemporaryDirectory() as tmp:
        if args.checkpoints:
            # what one customer makes, measured, decides how many customers make N
            seconds, made, _ = campaign(1, max(args.concurrency), Path(tmp) / "calibrate")
            customers = math.ceil(args.checkpoints / made)
            print(f"one customer per walk makes {made} checkpoints: {customers} customers "
                  f"make {customers * made} (>= {args.checkpoints})")
        figures = {k: campaign(customers, k, Path(tmp) / f"k{k}") for k in args.concurrency}
    base = figures[args.concurrency[0]]
    walked = "walked for real" if args.checkpoints else "projected from the rate"
    print(f"\ncampaign over {', '.join(CHANNELS)}, every product line, --customers "
          f"{customers} ({base[1]} checkpoints a run):")
    for k, (seconds, made, cpu) in figures.items():
        rate = made / seconds
        whole = TARGET_CHECKPOINTS / rate if not args.checkpoints else \
            seconds * TARGET_CHECKPOINTS / made
        print(f"  --concurrency {k:<2} {seconds:7.1f} s  {rate:7.1f} checkpoints/s  "
              f"{TARGET_CHECKPOINTS:,} checkpoints in {whole:7.0f} s ({walked}): "
              f"{whole / TARGET_SECONDS:.2f}x the 5-minute target; "
              f"{base[0] / seconds:.2f}x the speed of --concurrency {args.concurrency[0]}; "
              f"{1000 * cpu / made:.1f} ms CPU per checkpoint (run and operator)")


if __name__ == "__main__":
    main()
