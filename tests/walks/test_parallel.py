"""Walks run by several pytest-xdist workers are counted as a serial run counts them: each
walk keeps its own id, in the summary, the history and the Allure results."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

from .conftest import Outcome


def _history(outcome: Outcome) -> tuple[int, int]:
    """The run's walk count as the history stores it, and its rows in the walks table."""
    run = outcome.summary["run"]
    with sqlite3.connect(outcome.reports / "history.db") as db:
        counted = db.execute("SELECT walks FROM runs WHERE id = ?", (run,)).fetchone()[0]
        rows = db.execute("SELECT COUNT(*) FROM walks WHERE run_id = ?", (run,)).fetchone()[0]
    return counted, rows


def _allure_walks(outcome: Outcome) -> int:
    """The walks Allure shows: each checkpoint's result names its walk."""
    results = [json.loads(p.read_text(encoding="utf-8"))
               for p in (outcome.reports / "allure-results").glob("*-result.json")]
    return len({label["value"] for r in results for label in r.get("labels", [])
                if label["name"] == "walk"})


def _allure_checkpoints(outcome: Outcome) -> int:
    """Allure's test cases: one a checkpoint."""
    return sum(1 for p in (outcome.reports / "allure-results").glob("*-result.json")
               if any(label["name"] == "standard" for label in
                      json.loads(p.read_text(encoding="utf-8")).get("labels", [])))


def _walk_ids(outcome: Outcome) -> Counter:
    """Walk ids by (product line, channel, feature): one id a walk."""
    ids: dict[str, tuple[str, str, str]] = {}
    for record in outcome.records():
        ids.setdefault(record["walk"], (record["product_line"], record["channel"],
                                        record["feature"]))
    return Counter(ids.values())


def test_two_workers_count_the_same_walks_as_one(run_walks):
    serial = run_walks("--channel", "api", "--no-html")
    parallel = run_walks("--channel", "api", "--workers", "2", "--no-html")
    assert serial.code == 0, serial.stdout[-2000:] + serial.stderr[-2000:]
    assert parallel.code == 0, parallel.stdout[-2000:] + parallel.stderr[-2000:]
    walks = serial.summary["walks"]["total"]
    assert walks >= 7  # a walk for each product line sold on the API
    assert parallel.summary["walks"]["total"] == walks
    assert parallel.summary["matrix"] == serial.summary["matrix"]
    assert parallel.summary["checkpoints"] == serial.summary["checkpoints"]
    assert _walk_ids(parallel) == _walk_ids(serial)
    assert _history(parallel) == _history(serial) == (walks, walks)
    assert _allure_walks(parallel) == _allure_walks(serial) == walks
    checkpoints = serial.summary["checkpoints"]["total"]
    assert _allure_checkpoints(parallel) == _allure_checkpoints(serial) == checkpoints
