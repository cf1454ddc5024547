"""Walks made by threads of one run (`--concurrency K`) are judged as the same walks made one
after another: the same checkpoints with the same statuses, the same tests' outcomes, the
same Allure results; a harness bug in a thread walk is errored, never the carrier's defect.

Real runs against the demo operator, on the channels without a browser only (the threads'
channels) and one product line, so they stay short."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from walkthrough.carrier import Carrier
from walkthrough.session import ROOT
from walkthrough.summary import EXIT_ENVIRONMENT
from walkthrough.walk_pool import threadable

from .conftest import COMPETITOR, Outcome

SELECTION = ("--channel", "api", "--channel", "hotline", "--channel", "sms",
             "--product", "mobile_plan", "--no-html")
DEMO = ROOT / "scenarios" / "carriers" / "demo.yaml"


def _checkpoints(outcome: Outcome) -> Counter:
    return Counter((r["channel"], r["feature"], r["standard"], r["status"])
                   for r in outcome.records())


def _tests(outcome: Outcome) -> Counter:
    """junit.xml's test cases (one a checkpoint) by name and outcome (failure, error,
    skipped or passed)."""
    root = ET.parse(outcome.reports / "junit.xml").getroot()
    found: Counter = Counter()
    for case in root.iter("testcase"):
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[(case.get("name"), kinds[0] if kinds else "passed")] += 1
    return found


def _allure(outcome: Outcome) -> Counter:
    """Each walk's Allure record: its steps (title and status) and attachments' names."""
    found: Counter = Counter()
    for path in (outcome.reports / "allure-results").glob("*-container.json"):
        container = json.loads(path.read_text(encoding="utf-8"))
        for walk in container["befores"]:
            found[(container["name"], walk.get("status"),
                   tuple((s["name"], s["status"]) for s in walk.get("steps", [])),
                   tuple(sorted(a["name"] for a in walk.get("attachments", []))))] += 1
    return found


@pytest.mark.parametrize("fault", [None, "no-bill-notice"], ids=["clean", "no-bill-notice"])
def test_threads_walk_what_a_serial_run_walks(run_walks, fault: str | None) -> None:
    faults = ("--fault", fault) if fault else ()
    serial = run_walks(*SELECTION, *faults, "--concurrency", "1")
    threads = run_walks(*SELECTION, *faults, "--concurrency", "4")
    assert serial.code == threads.code == (1 if fault else 0), threads.stdout[-3000:]
    assert _checkpoints(threads) == _checkpoints(serial)
    assert threads.summary["checkpoints"] == serial.summary["checkpoints"]
    assert threads.summary["walks"] == serial.summary["walks"]
    assert _tests(threads) == _tests(serial)
    assert _allure(threads) == _allure(serial)
    statuses = Counter(r["status"] for r in threads.records())
    if fault:  # the fault is seen, by the threads too
        assert statuses["failed"] > 0 and "BILL-NOTICE" in threads.failed()
    else:
        assert set(statuses) == {"passed"}
    # each thread walk's steps kept the times they were walked at, inside their walk's
    for path in (threads.reports / "allure-results").glob("*-container.json"):
        container = json.loads(path.read_text(encoding="utf-8"))
        for walk in container["befores"]:
            for step in walk.get("steps", []):
                assert container["start"] <= step["start"] <= step["stop"] <= container["stop"]


def test_a_harness_bug_in_a_thread_walk_is_errored(run_walks, tmp_path: Path) -> None:
    # the order reply's pattern lacks the group the SMS order task reads: an IndexError in
    # the harness's driver, met by walks on the threads
    demo = DEMO.read_text(encoding="utf-8")
    old = r'order: "订单号(?P<order>[\\w-]+)"'
    assert old in demo
    carrier = tmp_path / "carrier.yaml"
    carrier.write_text(demo.replace(old, r'order: "订单号(?P<number>[\\w-]+)"', 1),
                       encoding="utf-8")
    outcome = run_walks("--channel", "sms", "--product", "mobile_plan", "--customers", "3",
                        "--no-html", "--config", str(carrier), "--concurrency", "3")
    statuses = Counter(r["status"] for r in outcome.records())
    assert statuses["errored"] > 0 and statuses["failed"] == statuses["blocked"] == 0, \
        outcome.stdout[-3000:]
    assert outcome.code != 1  # never "below target": the carrier did nothing wrong
    assert all("harness error: IndexError" in r["reason"]
               for r in outcome.records() if r["status"] == "errored")
    kinds = Counter()
    for (_, kind), count in _tests(outcome).items():
        kinds[kind] += count
    assert kinds["error"] == statuses["errored"] and kinds["failure"] == 0, kinds


def _walkers(outcome: Outcome) -> Counter:
    """The processes that walked the run's walks, as Allure's thread label names them
    (``pid-thread``): walks by process id."""
    found: Counter = Counter()
    for path in (outcome.reports / "allure-results").glob("*-result.json"):
        labels = json.loads(path.read_text(encoding="utf-8")).get("labels", [])
        walk = next(x["value"] for x in labels if x["name"] == "walk")
        thread = next(x["value"] for x in labels if x["name"] == "thread")
        found[(thread.split("-")[0], walk)] = 1
    return Counter(pid for pid, _ in found)


def test_workers_walk_shares_of_their_own_on_threads(run_walks) -> None:
    # each worker is given its share of the walks whole, so its threads walk it ahead; the
    # shares cover every walk once: the run counts as one process's does
    serial = run_walks(*SELECTION, "--customers", "2", "--concurrency", "1")
    both = run_walks(*SELECTION, "--customers", "2", "--workers", "2", "--concurrency", "3")
    assert serial.code == both.code == 0, both.stdout[-3000:] + both.stderr[-2000:]
    assert _checkpoints(both) == _checkpoints(serial)
    assert both.summary["walks"] == serial.summary["walks"]
    assert both.summary["checkpoints"] == serial.summary["checkpoints"]
    assert _tests(both) == _tests(serial)
    walkers = _walkers(both)
    assert len(walkers) == 2 and sum(walkers.values()) == serial.summary["walks"]["total"]
    assert all(count >= 2 for count in walkers.values()), walkers  # a share each


def _workers_of(pid: int) -> list[int]:
    """The run's xdist workers: the processes under ``pid`` that execnet started."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1]
                                               .split()[1])
            except (OSError, IndexError, ValueError):
                continue
    under, todo = [], [pid]
    while todo:
        looked = todo.pop()
        found = [p for p, parent in parents.items() if parent == looked]
        todo += found
        under += found
    workers = []
    for child in under:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"sys.stdin.readline" in command:
            workers.append(child)
    return workers


def test_a_worker_that_dies_ends_the_run_incomplete_and_blames_no_carrier(tmp_path) -> None:
    # a worker killed while it walks its share (out of memory, say): the run keeps what it
    # gathered and ends as an environment error that says so, never as the carrier's defect
    reports = tmp_path / "reports"
    run = subprocess.Popen(
        [sys.executable, "-m", "walkthrough.cli", "run", *SELECTION, "--customers", "20",
         "--workers", "2", "--concurrency", "2", "--reports", str(reports)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        killed = None
        while killed is None and run.poll() is None:
            walked = [p for p in (reports / "checkpoints").glob("*-gw*.jsonl")
                      if p.stat().st_size]
            workers = _workers_of(run.pid)
            if walked and workers:
                killed = workers[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
        output, _ = run.communicate(timeout=600)
    finally:
        run.kill()
    assert killed is not None, f"the run ended before a worker could be killed:\n{output}"
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert run.returncode == EXIT_ENVIRONMENT, output[-3000:]
    assert summary["complete"] is False and summary["verdict"] == "incomplete"
    assert any(e.startswith("worker gw") and "incomplete" in e for e in summary["errors"])
    assert "ENVIRONMENT ERROR: worker gw" in output
    counts = summary["checkpoints"]
    assert counts["failed"] == counts["blocked"] == 0 and counts["passed"] > 0, counts
    # what it gathered is reported and stored; junit.xml says the run lost a worker (and,
    # when the worker died under a walk of it rather than between two, that walk crashed)
    root = ET.parse(reports / "junit.xml").getroot()
    errors = [(e.get("type"), e.get("message", "")) for e in root.iter("error")]
    assert ("incomplete", summary["lost"][0]) in errors, errors
    assert all(kind == "incomplete" or "crashed" in message for kind, message in errors)
    assert not list(root.iter("failure"))
    assert f"history       {reports / 'history.db'}" in output


def test_only_our_browserless_drivers_walk_on_threads() -> None:
    demo, competitor = Carrier.load(DEMO), Carrier.load(COMPETITOR)
    assert [c for c in ("api", "hotline", "sms", "web", "mobile", "counter")
            if threadable(demo, c)] == ["api", "hotline", "sms"]
    # the competitor's hotline asks the SMS hall for states: both without a browser
    assert threadable(competitor, "hotline")
