"""Runs that end before their time, and runs that share a reports folder, through the real
command: a `walkthrough run` process stopped by SIGTERM or killed by SIGKILL mid-walk, and
two runs started at once on one folder. The demo operator is found in the process tree
(/proc) and watched until it is gone; nothing here counts on how fast the machine is."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from walkthrough import reports_lock
from walkthrough.history import History
from walkthrough.history.importer import write_sidecar
from walkthrough.history.store import RunInfo
from walkthrough.history.url import parse
from walkthrough.records import RecordFile
from walkthrough.session import ROOT

from .helpers import T0, record

# generous: the machine is shared, and a slow machine must not fail a test
PATIENCE = 300.0
FAULT, BROKEN = "bill-overcharges-data", "BILL-ACCURATE"


def _environ() -> dict[str, str]:
    # real operator processes, not forked ones (tests/walks/operator_forks.py): the tests
    # follow the run's process tree down to its operator
    return {k: v for k, v in os.environ.items()
            if k not in ("WALKTHROUGH_HISTORY", "WALKTHROUGH_OPERATOR_FORKS")}


def command(reports: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "walkthrough.cli", *args, "--reports", str(reports)]


def _as_from_a_terminal() -> None:
    """SIGINT as a user's shell leaves it (the tests themselves may run as a background job,
    which starts every command with SIGINT ignored, and a run leaves an ignored one alone)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_run(reports: Path, log: Path, *args: str) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    try:
        return subprocess.Popen(command(reports, "run", *args), stdout=out,
                                stderr=subprocess.STDOUT, cwd=ROOT, env=_environ(),
                                preexec_fn=_as_from_a_terminal)  # noqa: PLW1509 - one call
    finally:
        out.close()


def finish(reports: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(reports, *args), capture_output=True, text=True,
                          timeout=PATIENCE, cwd=ROOT, env=_environ())


def record_lines(reports: Path, run: str | None = None) -> list[dict[str, Any]]:
    found = []
    for path in sorted((reports / "checkpoints").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue  # the half line of a process killed while writing
            if run is None or data["run"] == run:
                found.append(data)
    return found


def summary_of(reports: Path) -> dict[str, Any]:
    return json.loads((reports / "summary.json").read_text(encoding="utf-8"))


def wait_for_first_record(reports: Path, proc: subprocess.Popen[bytes], log: Path,
                          earlier: set[str]) -> str:
    """Until the run has made a checkpoint in ``reports``; its run id."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = [r for r in record_lines(reports) if r["run"] not in earlier]
        if found:
            return str(found[0]["run"])
        assert proc.poll() is None, f"the run ended first:\n{log.read_text()[-3000:]}"
        time.sleep(0.2)
    pytest.fail(f"no checkpoint in {PATIENCE:.0f} s:\n{log.read_text()[-3000:]}")


# -- the process tree, from /proc ---------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) ": state, ppid, ...


def _processes() -> Iterator[tuple[int, int]]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields:
                yield int(entry.name), int(fields[1])


def operators_under(pid: int) -> list[tuple[int, str]]:
    """The demo operators among the descendants of ``pid``: (pid, start time), so a pid the
    kernel gives to another process later is not mistaken for the operator."""
    children: dict[int, list[int]] = {}
    for child, parent in _processes():
        children.setdefault(parent, []).append(child)
    found, todo = [], list(children.get(pid, []))
    while todo:
        each = todo.pop()
        todo += children.get(each, [])
        try:
            cmdline = Path(f"/proc/{each}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        fields = _stat(each)
        if b"demo_operator" in cmdline and fields:
            found.append((each, fields[19]))
    return found


def running(process: tuple[int, str]) -> bool:
    fields = _stat(process[0])
    # a zombie has died: nobody may have reaped it yet (a container's pid 1 often does not)
    return fields is not None and fields[19] == process[1] and fields[0] != "Z"


def wait_until_gone(processes: list[tuple[int, str]]) -> list[tuple[int, str]]:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and any(running(p) for p in processes):
        time.sleep(0.2)
    return [p for p in processes if running(p)]


def a_pass_first(reports: Path) -> set[str]:
    """A finished run that passed, in the folder: what a stopped run must not leave behind
    as its own. Its run id."""
    done = finish(reports, "run", "--channel", "api", "--product", "mobile_plan")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert summary_of(reports)["verdict"] == "pass"
    return {summary_of(reports)["run"]}


# -- SIGTERM ------------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_signal_mid_run_stops_the_operator_and_ends_the_run_as_incomplete(
        tmp_path: Path, signum: signal.Signals, exit_code: int) -> None:
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    earlier = a_pass_first(reports)
    # every web walk: far longer than the moment between its first checkpoint and the signal
    proc = start_run(reports, log, "--channel", "web")
    run = wait_for_first_record(reports, proc, log, earlier)
    operators = operators_under(proc.pid)
    assert operators, "no demo operator under the run"
    proc.send_signal(signum)
    code = proc.wait(timeout=PATIENCE)
    output = log.read_text()
    assert code == exit_code, output[-3000:]
    assert wait_until_gone(operators) == [], "the demo operator outlived the run"

    kept = record_lines(reports, run)
    summary = summary_of(reports)
    assert (summary["run"], summary["complete"], summary["verdict"]) == (
        run, False, "incomplete")
    assert summary["checkpoints"]["total"] == len(kept) > 0
    assert f"stopped by {signum.name}: run {run} incomplete" in output
    assert "INCOMPLETE" in output

    with History(parse(str(reports / "history.db"))) as history:
        stored = history.run(run)
        assert stored is not None and stored["complete"] is False
        assert len(history.records(run)) == len(kept)
    page = (reports / "walkthrough.html").read_text(encoding="utf-8")
    assert run in page and 'data-figure="incomplete"' in page
    assert 'data-figure="verdict">达标<' not in page


@pytest.mark.browser
def test_a_stop_while_the_second_operator_walks_keeps_ours_and_ends_its_run_incomplete(
        tmp_path: Path) -> None:
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    proc = start_run(reports, log, "--channel", "web", "--product", "mobile_plan",
                     "--competitor-fault", FAULT)
    other = wait_for_first_record(reports / "competitor", proc, log, set())
    operators = operators_under(proc.pid)
    assert operators, "no second operator under the run"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=PATIENCE) == 143, log.read_text()[-3000:]
    assert wait_until_gone(operators) == [], "the second operator outlived the run"
    ours = other.removesuffix("-vs")
    assert summary_of(reports)["complete"] is True  # our walks had all been made
    theirs = summary_of(reports / "competitor")
    assert (theirs["run"], theirs["complete"]) == (other, False)
    with History(parse(str(reports / "history.db"))) as history:
        runs = {r["id"]: r for r in history.runs()}
        assert (runs[ours]["complete"], runs[other]["complete"]) == (True, False)
        assert runs[other]["beside"] == ours
        assert len(history.records(other)) == len(record_lines(reports / "competitor", other))


# -- SIGKILL ------------------------------------------------------------------------------------
@pytest.mark.browser
def test_sigkill_leaves_no_operator_and_the_run_is_stored_later_as_incomplete(tmp_path: Path
                                                                            ) -> None:
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    earlier = a_pass_first(reports)
    proc = start_run(reports, log, "--channel", "web")
    run = wait_for_first_record(reports, proc, log, earlier)
    operators = operators_under(proc.pid)
    assert operators, "no demo operator under the run"
    proc.kill()
    assert proc.wait(timeout=PATIENCE) == -signal.SIGKILL
    assert wait_until_gone(operators) == [], "the demo operator was orphaned"

    # the killed run could write nothing more: the summary it left at its start speaks
    summary = summary_of(reports)
    assert (summary["run"], summary["complete"], summary["verdict"]) == (
        run, False, "incomplete")
    kept = record_lines(reports, run)
    done = finish(reports, "history", "import")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"imported {run}" in done.stdout and "INCOMPLETE" in done.stdout
    assert "1 run(s) imported, 1 already" in done.stdout  # the run that passed before
    with History(parse(str(reports / "history.db"))) as history:
        stored = history.run(run)
        assert stored is not None and stored["complete"] is False
        assert len(history.records(run)) == len(kept) > 0


@pytest.mark.browser
def test_the_next_run_stores_a_run_that_was_killed(tmp_path: Path) -> None:
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    proc = start_run(reports, log, "--channel", "web")
    killed = wait_for_first_record(reports, proc, log, set())
    operators = operators_under(proc.pid)
    proc.kill()
    proc.wait(timeout=PATIENCE)
    assert wait_until_gone(operators) == []
    kept = record_lines(reports, killed)

    done = finish(reports, "run", "--channel", "api", "--product", "mobile_plan")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert f"stored the earlier run {killed}" in done.stdout
    with History(parse(str(reports / "history.db"))) as history:
        runs = {r["id"]: r for r in history.runs()}
        assert runs[killed]["complete"] is False
        assert len(history.records(killed)) == len(kept)
        assert runs[summary_of(reports)["run"]]["complete"] is True


# -- two runs, one folder -----------------------------------------------------------------------
def test_two_runs_started_at_once_in_one_folder_are_both_stored_with_their_own_verdict(
        tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    walk = ("--channel", "api", "--product", "mobile_plan")
    clean = start_run(reports, tmp_path / "clean.log", *walk)
    faulty = start_run(reports, tmp_path / "faulty.log", *walk, "--fault", FAULT)
    codes = {"clean": clean.wait(timeout=PATIENCE), "faulty": faulty.wait(timeout=PATIENCE)}
    logs = {name: (tmp_path / f"{name}.log").read_text() for name in codes}
    assert codes == {"clean": 0, "faulty": 1}, logs

    with History(parse(str(reports / "history.db"))) as history:
        runs = history.runs()
        assert len(runs) == 2 and all(r["complete"] for r in runs)
        by_failed = {r["failed"] > 0: r for r in runs}
        assert set(by_failed) == {False, True}
        for r in runs:
            kept = record_lines(reports, r["id"])
            assert r["passed"] + r["failed"] + r["blocked"] + r["errored"] == len(kept) > 0
            assert r["id"] in logs["faulty" if r["failed"] else "clean"]
        assert BROKEN in {c.standard for c in history.records(by_failed[True]["id"])
                          if c.status == "failed"}
        assert by_failed[False]["compliance"] == 1.0
    last = summary_of(reports)  # the one that finished last owns the folder's summary
    assert last["complete"] is True and last["run"] in {r["id"] for r in runs}


def test_history_import_leaves_a_run_that_is_still_walking_alone(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    live, dead = "20261102-090000-live", "20261101-090000-dead"
    for run in (dead, live):
        RecordFile(reports / "checkpoints" / f"{run}-main.jsonl").write(
            record(run, "ORD-ACK", "passed"))
        write_sidecar(reports / "checkpoints", RunInfo(id=run, carrier="", started=T0,
                                                       complete=False))
    with reports_lock.hold(reports, live):
        assert reports_lock.live_run(reports) == live
        done = finish(reports, "history", "import")
    assert done.returncode == 0, done.stderr
    assert f"imported {dead}" in done.stdout and f"run {live} is still walking" in done.stdout
    assert reports_lock.live_run(reports) is None
    with History(parse(str(reports / "history.db"))) as history:
        assert history.run(live) is None and history.run(dead) is not None


def test_a_signal_while_threads_walk_keeps_what_they_walked_and_errors_nothing(
        tmp_path: Path) -> None:
    # walks on threads (--concurrency): the signal comes to the main thread, the walks on
    # their way end at their next step, before the operator stops under them
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    proc = start_run(reports, log, "--channel", "hotline", "--channel", "sms", "--product",
                     "mobile_plan", "--customers", "6", "--concurrency", "4", "--no-html")
    run = wait_for_first_record(reports, proc, log, set())
    operators = operators_under(proc.pid)
    assert operators, "no demo operator under the run"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=PATIENCE) == 143, log.read_text()[-3000:]
    assert wait_until_gone(operators) == [], "the demo operator outlived the run"
    kept = record_lines(reports, run)
    summary = summary_of(reports)
    assert (summary["run"], summary["complete"], summary["verdict"]) == (
        run, False, "incomplete")
    assert summary["checkpoints"]["total"] == len(kept) > 0
    assert [r for r in kept if r["status"] != "passed"] == []  # no walk broke at the stop
