"""Helpers for tests that run whole walks through the real command, against a real demo
operator process and a real browser."""

from __future__ import annotations

import dataclasses
import itertools
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from walkthrough.session import ROOT

from . import forked

COMPETITOR = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"


@dataclasses.dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    reports: Path

    @property
    def summary(self) -> dict[str, Any]:
        return json.loads((self.reports / "summary.json").read_text(encoding="utf-8"))

    def records(self) -> list[dict[str, Any]]:
        lines = []
        for path in sorted((self.reports / "checkpoints").glob("*.jsonl")):
            lines += [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        return lines

    def failed(self) -> set[str]:
        return {r["standard"] for r in self.records() if r["status"] == "failed"}

    def failed_on(self) -> set[tuple[str, str]]:
        return {(r["standard"], r["channel"]) for r in self.records()
                if r["status"] == "failed"}


def walkthrough(*args: str, reports: Path, timeout: float = 600) -> Outcome:
    """The command, as a process of its own (forked: see forked.py)."""
    argv = list(args)
    if args and args[0] == "run":
        argv += ["--reports", str(reports)]
    done = forked.run(argv, ROOT, timeout, logs=reports.with_name(reports.name + "-output"))
    return Outcome(done.returncode, done.stdout, done.stderr, reports)


@pytest.fixture
def run_walks(tmp_path):
    counter = itertools.count()
    lock = threading.Lock()

    def run(*args: str) -> Outcome:
        with lock:  # runs may be made from several threads: each its own reports folder
            reports = tmp_path / f"reports-{next(counter)}"
        return walkthrough("run", *args, reports=reports)
    return run


@pytest.fixture(scope="session")
def fault_list(tmp_path_factory) -> list[dict[str, Any]]:
    outcome = walkthrough("faults", "--json", reports=tmp_path_factory.mktemp("faults"))
    assert outcome.code == 0, outcome.stderr
    return json.loads(outcome.stdout)


@pytest.fixture(scope="session")
def competitor_faults(tmp_path_factory) -> list[dict[str, Any]]:
    outcome = walkthrough("faults", "--json", "--config", str(COMPETITOR),
                          reports=tmp_path_factory.mktemp("faults"))
    assert outcome.code == 0, outcome.stderr
    return json.loads(outcome.stdout)
