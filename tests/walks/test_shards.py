"""A campaign on two machines: two shard runs against the embedded operator, merged, count
what one run of every walk counts, and merge refuses a campaign with a shard missing or
given twice."""

from __future__ import annotations

import concurrent.futures
import json
import sqlite3

from .conftest import Outcome, walkthrough

SELECTION = ("--channel", "api", "--channel", "sms", "--product", "mobile_plan")
FIGURES = ("checkpoints", "walks", "matrix", "compliance", "weighted_compliance",
           "by_product_line", "by_channel", "by_stage", "verdict", "selection", "carrier")


def _allure_checkpoints(outcome: Outcome) -> int:
    """The Allure results of the run's checkpoints (not those of walks not sold)."""
    return sum(1 for p in (outcome.reports / "allure-results").glob("*-result.json")
               if json.loads(p.read_text(encoding="utf-8")).get("status") != "skipped")


def test_two_shards_merged_count_what_one_run_counts(run_walks, tmp_path):
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        whole = pool.submit(run_walks, *SELECTION)
        shards = [pool.submit(run_walks, *SELECTION, "--shard", f"{k}/2", "--campaign", "t1")
                  for k in (1, 2)]
        whole_run, shard_runs = whole.result(), [s.result() for s in shards]
    for outcome in (whole_run, *shard_runs):
        assert outcome.code == 0, outcome.stdout[-2000:] + outcome.stderr[-2000:]
    plans = [s.summary["shard"] for s in shard_runs]
    assert [p["index"] for p in plans] == [1, 2]
    assert all(p["campaign"] == "t1" and p["total"] == 2 for p in plans)
    assert plans[0]["split"] == plans[1]["split"]
    walked = plans[0]["walks"] + plans[1]["walks"]
    assert len(walked) == len(set(walked)) == plans[0]["walks_in_campaign"] == 3
    assert all(s.summary["walks"]["total"] >= 1 for s in shard_runs)
    # a shard's run is not stored: the history would read a third of a run as a whole one
    for s in shard_runs:
        assert "Shard" in s.stdout and "walkthrough merge" in s.stdout
        assert not (s.reports / "walkthrough.html").exists()
        if (s.reports / "history.db").exists():
            with sqlite3.connect(s.reports / "history.db") as db:
                assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0

    merged = walkthrough("merge", str(shard_runs[1].reports), str(shard_runs[0].reports),
                         "--reports", str(tmp_path / "merged"), reports=tmp_path / "merged")
    assert merged.code == 0, merged.stdout[-2000:] + merged.stderr[-2000:]
    assert "Traceback" not in merged.stderr
    one, both = whole_run.summary, merged.summary
    for key in FIGURES:
        assert both[key] == one[key], key
    assert both["complete"] is True
    assert both["campaign"] == {"id": "t1", "shards": 2,
                                "runs": [s.summary["run"] for s in shard_runs]}
    # one Allure result a checkpoint, as in the run of every walk at once
    assert _allure_checkpoints(merged) == _allure_checkpoints(whole_run) == \
        one["checkpoints"]["total"]
    assert (merged.reports / "walkthrough.html").is_file()
    with sqlite3.connect(merged.reports / "history.db") as db:
        runs = db.execute("SELECT id, walks, passed, failed, blocked, errored, complete "
                          "FROM runs").fetchall()
    c = one["checkpoints"]
    assert runs == [(both["run"], one["walks"]["total"], c["passed"], c["failed"],
                     c["blocked"], c["errored"], 1)]

    missing = walkthrough("merge", str(shard_runs[0].reports), "--reports",
                          str(tmp_path / "m2"), reports=tmp_path / "m2")
    assert missing.code == 2
    assert missing.stderr.splitlines()[0] == \
        "walkthrough: error: shard 2 of 2 of campaign t1 is missing (given: 1)"
    twice = walkthrough("merge", *(str(s.reports) for s in shard_runs),
                        str(shard_runs[0].reports), "--reports", str(tmp_path / "m3"),
                        reports=tmp_path / "m3")
    assert twice.code == 2
    assert twice.stderr.splitlines()[0].startswith(
        "walkthrough: error: shard 1 of 2 is given twice: ")
    assert not (tmp_path / "m2" / "summary.json").exists()
    assert not (tmp_path / "m3" / "summary.json").exists()
