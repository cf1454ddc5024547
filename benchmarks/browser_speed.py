"""Browser walk speed: page loads and CPU per web-hall walk for each of a walk's trace options,
and walks a minute with 1, 2 and 3 browser walks at once.

    .venv/bin/python benchmarks/browser_speed.py [--repeat 3] [--customers 2] [--parts ...]
        [--flags=--a,--b ...]

Every figure is the mobile plan's walk in the web hall against one demo operator, started the
same way (a `pytest` run of the feature, as `walkthrough run` makes it). CPU is the harness's,
the browser's and the operator's, per walk. The browser's is read from /proc while the run
goes (every process under this one: Playwright's driver, Chromium's browser, renderer, GPU and
utility processes), since the ended processes' own accounting misses most of it: Chromium's
renderers are forked by its zygote, which nobody waits for, so their CPU never reaches the
harness's ``RUSAGE_CHILDREN``. Within each part the variants are interleaved, so compare the
ratios of one run, not the absolute seconds, on a busy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from walkthrough import session
from walkthrough.channels import web
from walkthrough.demo import DemoOperator
from walkthrough.session import BASE_URL_ENV, ROOT

FEATURE = str(ROOT / "features" / "mobile_plan.feature")
TICKS = os.sysconf("SC_CLK_TCK")


def _operator_cpu(pid: int) -> float:
    """The operator's CPU seconds so far (its own and its ended children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICKS


def _own_cpu() -> float:
    return time.process_time()


class Descendants:
    """The CPU seconds of every process under this one that is not the operator (Playwright's
    driver and all of Chromium's), sampled from /proc while they run: a process that ended
    keeps its last sample, so at most one interval of its last moments is missed. The
    sampling's own CPU (``sampling``, this process's) is not the harness's."""

    def __init__(self, operator_pid: int, interval: float = 0.1) -> None:
        self.operator_pid, self.interval = operator_pid, interval
        self.seen: dict[tuple[int, str], float] = {}  # (pid, start time) → CPU seconds
        self.sampling = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def total(self) -> float:
        self._sample()
        return sum(self.seen.values())

    def close(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()
            self.sampling = time.thread_time()

    def _sample(self) -> None:
        children: dict[int, list[tuple[int, list[str]]]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended between the listing and the read
            children.setdefault(int(fields[1]), []).append((int(entry), fields))
        below = [os.getpid()]
        while below:
            for pid, fields in children.get(below.pop(), []):
                if pid == self.operator_pid:
                    continue
                below.append(pid)
                self.seen[(pid, fields[19])] = (int(fields[11]) + int(fields[12])) / TICKS


def _args(reports: Path, customers: int) -> list[str]:
    return [FEATURE, "-c", os.devnull, "--rootdir", str(ROOT), "-q", "-p", "no:cacheprovider",
            "--walk-channel", "web", "--walk-customers", str(customers),
            "--walk-reports", str(reports), "-o", "console_output_style=classic"]


class Pages:
    """The pages every web walk of this process loaded."""

    def __init__(self) -> None:
        self.loaded: list[int] = []
        self._close = web.WebChannel.close

        def close(channel: web.WebChannel, failed: bool) -> None:
            self.loaded.append(channel.pages_loaded)
            self._close(channel, failed)
        web.WebChannel.close = close  # type: ignore[method-assign]


def walk_in_process(reports: Path, customers: int, operator_pid: int,
                    browser: Descendants) -> tuple[float, float]:
    """``customers`` web walks in one pytest run in this process: wall and CPU seconds per
    walk (harness, browser and operator)."""
    cpu, op, start = _own_cpu() - browser.sampling + browser.total(), \
        _operator_cpu(operator_pid), time.perf_counter()
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        code = pytest.main(_args(reports, customers), plugins=[])
    wall = time.perf_counter() - start
    used = _own_cpu() - browser.sampling + browser.total() - cpu + \
        _operator_cpu(operator_pid) - op
    if code != 0:
        sys.exit(f"the web walk did not pass (pytest exit {code}); fix that first")
    return wall / customers, used / customers


@contextlib.contextmanager
def patched(owner: Any, name: str, value: Any) -> Iterator[None]:
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)


def _tracing(options: dict[str, bool] | None) -> contextlib.AbstractContextManager[None]:
    if options is None:  # no trace at all
        init = web.WebChannel.__init__

        def untraced(self: web.WebChannel, *args: Any, **kwargs: Any) -> None:
            kwargs["trace_path"] = None
            init(self, *args, **kwargs)
        return patched(web.WebChannel, "__init__", untraced)
    return patched(web, "TRACING", options)


def _flags(extra: list[str], without: tuple[str, ...] = ()) -> \
        contextlib.AbstractContextManager[None]:
    """Chromium started with the run's own flags but ``without``, and ``extra`` after them."""
    return patched(session, "BROWSER_ARGS",
                   [*(f for f in session.BROWSER_ARGS if f not in without), *extra])


def compare(variants: dict[str, Callable[[], contextlib.AbstractContextManager[None]]],
            repeat: int, customers: int, tmp: Path, pid: int,
            pages: Pages, browser: Descendants) -> dict[str, dict[str, list[float]]]:
    figures: dict[str, dict[str, list[float]]] = {
        name: {"wall": [], "cpu": [], "pages": []} for name in variants}
    # imports and the first browser start paid here
    walk_in_process(tmp / "warm", 1, pid, browser)
    for i in range(repeat):
        for name, variant in variants.items():
            pages.loaded.clear()
            with variant():
                wall, cpu = walk_in_process(tmp / f"{name}-{i}", customers, pid, browser)
            figures[name]["wall"].append(wall)
            figures[name]["cpu"].append(cpu)
            figures[name]["pages"].append(statistics.mean(pages.loaded))
    return figures


def show(title: str, figures: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n{title}")
    base = next(iter(figures))
    b_cpu = statistics.median(figures[base]["cpu"])
    b_wall = statistics.median(figures[base]["wall"])
    for name, f in figures.items():
        cpu, wall = statistics.median(f["cpu"]), statistics.median(f["wall"])
        print(f"  {name:28} {statistics.median(f['pages']):5.1f} pages  "
              f"{cpu:5.2f} CPU-s/walk ({cpu / b_cpu:4.2f}x)  {wall:5.2f} s/walk "
              f"({wall / b_wall:4.2f}x)  {60 / wall:5.1f} walks/min   "
              f"(cpu {', '.join(f'{v:.2f}' for v in f['cpu'])})")


def at_once(n: int, customers: int, tmp: Path, base_url: str) -> float:
    """Walks a minute with ``n`` pytest runs of ``customers`` web walks each going at once,
    each with its own browser: the most any parallel arrangement of browser walks on this
    machine can get (no thread, no shared browser holds them back)."""
    env = {**os.environ, BASE_URL_ENV: base_url}
    start = time.perf_counter()
    runs = [subprocess.Popen([sys.executable, "-m", "pytest",
                              *_args(tmp / f"at-once-{n}-{k}-{time.monotonic_ns()}", customers)],
                             cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for k in range(n)]
    codes = [run.wait() for run in runs]
    wall = time.perf_counter() - start
    if any(codes):
        sys.exit(f"{n} web runs at once did not all pass (exits {codes})")
    return 60 * n * customers / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--customers", type=int, default=2,
                        help="web walks in each pytest run (default 2)")
    parser.add_argument("--parts", nargs="+", default=["parallel", "traces"],
                        choices=["parallel", "traces", "flags"])
    parser.add_argument("--flags", action="append", default=[], metavar="FLAGS",
                        help="with --parts flags: a set of Chromium flags to try, joined by "
                             "commas, written --flags=--a,--b (a flag's leading dashes would "
                             "read as an option); again for another set (default: "
                             "--in-process-gpu)")
    args = parser.parse_args()
    print(f"load average at the start: {', '.join(f'{v:.2f}' for v in os.getloadavg())}; "
          f"{os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as name, \
            DemoOperator([], db=Path(name) / "b.db") as demo:
        tmp = Path(name)
        assert demo.process is not None
        pid = demo.process.pid
        os.environ[BASE_URL_ENV] = demo.base_url
        pages = Pages()
        browser = Descendants(pid)
        if "flags" in args.parts:
            tried: dict[str, Callable[[], contextlib.AbstractContextManager[None]]] = {
                " ".join(f): (lambda f=f: _flags(f))
                for f in (each.split(",") for each in args.flags)}
            show("Chromium's flags (the run's own, then each set added to them):",
                 compare({"the run's own": lambda: _flags([]),
                          **(tried or {"--in-process-gpu": lambda: _flags(
                              ["--in-process-gpu"])})},
                         args.repeat, args.customers, tmp, pid, pages, browser))
        if "traces" in args.parts:
            show("trace options (a trace is written for a failed walk only):",
                 compare({"DOM snapshots (today)": lambda: _tracing(dict(web.TRACING)),
                          "no trace": lambda: _tracing(None),
                          "actions only, no snapshots": lambda: _tracing(
                              {"screenshots": False, "snapshots": False}),
                          "snapshots and screenshots": lambda: _tracing(
                              {"screenshots": True, "snapshots": True})},
                         args.repeat, args.customers, tmp, pid, pages, browser))
        if "parallel" in args.parts:
            rates: dict[int, list[float]] = {1: [], 2: [], 3: []}
            for _ in range(args.repeat):
                for n in rates:
                    rates[n].append(at_once(n, args.customers, tmp, demo.base_url))
            print(f"\nbrowser walks at once (each a pytest run of {args.customers} web walks "
                  f"with its own browser), one operator:")
            one = statistics.median(rates[1])
            for n, values in rates.items():
                rate = statistics.median(values)
                print(f"  {n} at once: {rate:5.1f} walks/min ({rate / one:4.2f}x)   "
                      f"({', '.join(f'{v:.1f}' for v in values)})")
        browser.close()
        del os.environ[BASE_URL_ENV]
    print(f"load average at the end: {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
