"""Memory of a run: the peak resident memory of `walkthrough run` (reports included) and of the
embedded operator it starts, each measured apart, for two campaign sizes, and from the slope
between them the memory 10,000 more walks take.

    .venv/bin/python benchmarks/memory_speed.py [--customers 10 50] [--channel api ...]

Each size is one `walkthrough run --channel api --channel hotline --channel sms --customers N`
(every product line; by default N = 10 and 50), started as a user starts it. While it runs,
every process it started is watched: the harness (the command's own process), the operator
(the process the carrier file's launch starts) and Allure (its JVM, at the end). A process's
peak is the kernel's high-water mark of its resident set (VmHWM in /proc, Linux), read about
twenty times a second until it ends: the mark never goes down, so a short peak between two
reads is not missed. The walks a run made are summary.json's. The slope (MiB per walk between
the two sizes) times 10,000 is what 10,000 walks add to a run; the intercept is what a run
takes whatever its size (Python, the libraries, the reports' tools).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from walkthrough.session import ROOT

CHANNELS = ("api", "hotline", "sms")
ROLES = ("harness", "operator", "Allure")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(p) for p in task.read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo += _children(current)
    return pids


def _role(pid: int, root: int) -> str | None:
    if pid == root:
        return "harness"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    if any(part.endswith(b"java") for part in command[:1]):
        return "Allure"
    if b"serve" in command and b"-m" in command:  # every embedded operator's command line
        return "operator"
    return None


def _high_water_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def measured(command: list[str]) -> dict[str, float]:
    """Each role's peak resident memory in MiB over the whole command (the largest of its
    processes, if it had several)."""
    peaks: dict[int, tuple[str, int]] = {}
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    while process.poll() is None:
        for pid in _tree(process.pid):
            role = peaks[pid][0] if pid in peaks else _role(pid, process.pid)
            mark = _high_water_kib(pid) if role else None
            if role and mark is not None:
                peaks[pid] = (role, max(mark, peaks.get(pid, (role, 0))[1]))
        time.sleep(0.05)
    reader.join(timeout=10)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … exited {process.returncode}; it must walk clean "
                 f"first:\n{''.join(output)[-3000:]}")
    by_role = {role: 0.0 for role in ROLES}
    for role, kib in peaks.values():
        by_role[role] = max(by_role[role], kib / 1024)
    return by_role


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs=2, default=[10, 50], metavar="N")
    parser.add_argument("--channel", action="append", default=[],
                        help="the channels walked (default: api, hotline, sms)")
    args = parser.parse_args()
    if not Path("/proc/self/status").is_file():
        sys.exit("this benchmark reads /proc (Linux)")
    channels = args.channel or list(CHANNELS)
    selection = [arg for channel in channels for arg in ("--channel", channel)]
    rows: list[tuple[int, int, dict[str, float], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for customers in sorted(args.customers):
            reports = Path(tmp) / str(customers)
            start = time.perf_counter()
            peaks = measured([sys.executable, "-m", "walkthrough.cli", "run", *selection,
                              "--customers", str(customers), "--reports", str(reports)])
            seconds = time.perf_counter() - start
            summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
            rows.append((customers, int(summary["walks"]["total"]), peaks, seconds))
    print(f"peak resident memory of `walkthrough run` (reports included) over the "
          f"{', '.join(channels)} walks of every product line")
    print(f"  {'customers':>9} {'walks':>6} {'seconds':>8} " +
          " ".join(f"{role + ' MiB':>13}" for role in ROLES))
    for customers, walks, peaks, seconds in rows:
        print(f"  {customers:9} {walks:6} {seconds:8.1f} " +
              " ".join(f"{peaks[role]:13.1f}" for role in ROLES))
    (_c1, small, low, _s1), (_c2, large, high, _s2) = rows
    if large <= small:
        sys.exit("the two sizes walked as many walks: give two different --customers")
    print(f"per 10,000 walks, from the slope between {small} and {large} walks "
          f"(the base is what a run takes whatever its size):")
    for role in ROLES:
        slope = (high[role] - low[role]) / (large - small)
        base = low[role] - slope * small
        print(f"  {role:9} {slope * 10_000:8.1f} MiB per 10,000 walks   (base {base:6.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
