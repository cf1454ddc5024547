"""A walk's Allure result becomes its checkpoints' results, and junit.xml counts the same:
made here from records and results written by hand, without a walk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from walkthrough.checkpoint import CheckpointRecord
from walkthrough.report import allure_checkpoints, junit


def record(walk: str, channel: str, standard: str, status: str, **extra: str) -> CheckpointRecord:
    return CheckpointRecord(run="r1", walk=walk, carrier="演示电信 (demo)",
                            product_line="mobile_plan", channel=channel, stage="order",
                            standard=standard, title=f"{standard} holds", department="it",
                            severity="major", status=status, at="2026-12-01T10:00:01+00:00",
                            **extra)


RECORDS = [
    record("w1-api", "api", "ORD-PRICE-SHOWN", "passed"),
    record("w1-api", "api", "ORD-ACK", "failed", observed="refused", expected="a number"),
    record("w1-api", "api", "ACT-NOTICE", "blocked", reason="blocked: 'order' failed"),
    record("w1-api", "api", "ACT-NOTICE", "errored", reason="test environment: inbox 500"),
    record("w2-api", "api", "PRICE-CONSISTENT", "passed"),
    record("w2-sms", "sms", "PRICE-CONSISTENT", "passed"),
]


def walk_result(results: Path, name: str, status: str, walks: list[str]) -> str:
    uid = f"{name.replace(' ', '-')}"
    data: dict[str, Any] = {
        "uuid": uid, "historyId": f"h-{uid}", "testCaseId": f"t-{uid}", "name": name,
        "fullName": f"features.x#{name}", "status": status, "start": 1796119200000,
        "stop": 1796119203000, "steps": [{"name": "Given a customer", "status": "passed"}],
        "attachments": [{"name": "SMS inbox", "source": "a-attachment.txt"}],
        "labels": [{"name": "tag", "value": "channel_api"},
                   *({"name": "walk", "value": w} for w in walks)]}
    if status != "passed":
        data["statusDetails"] = {"message": "the walk could not be completed: it broke"}
    (results / f"{uid}-result.json").write_text(json.dumps(data), encoding="utf-8")
    return uid


def results_of(results: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in results.glob("*-result.json")]


def label(result: dict[str, Any], name: str) -> str:
    return next((x["value"] for x in result["labels"] if x["name"] == name), "")


def test_each_checkpoint_is_a_result_inside_its_walk(tmp_path: Path) -> None:
    walk_result(tmp_path, "Mobile plan walk on the api channel", "broken", ["w1-api"])
    walk_result(tmp_path, "One price on every channel", "passed", ["w2-api", "w2-sms"])
    walk_result(tmp_path, "Mobile plan walk on the hotline channel", "skipped", [])  # not sold
    assert allure_checkpoints.split(tmp_path, RECORDS) == len(RECORDS)
    found = results_of(tmp_path)
    assert sorted(r["status"] for r in found) == sorted(
        ["passed", "failed", "broken", "unknown", "passed", "passed"])
    assert len({r["historyId"] for r in found}) == len(RECORDS)  # never taken for retries
    assert {label(r, "subSuite") for r in found} == {
        "Mobile plan walk on the api channel", "One price on every channel — api",
        "One price on every channel — sms"}
    assert all(label(r, "tag") == "channel_api" for r in found)  # allure-pytest's, kept
    failed = next(r for r in found if r["status"] == "failed")
    assert failed["statusDetails"]["message"].startswith("standards not met: [ORD-ACK]")
    assert failed["links"][0]["url"] == "../walkthrough.html#std-ORD-ACK"
    containers = [json.loads(p.read_text(encoding="utf-8"))
                  for p in tmp_path.glob("*-container.json")]
    assert len(containers) == 3  # a walk each, its steps and attachments its checkpoints' set-up
    assert sum(len(c["children"]) for c in containers) == len(RECORDS)
    assert all(c["befores"][0]["attachments"][0]["name"] == "SMS inbox" for c in containers)
    # a second pass (the second operator's session) leaves what is split as it is
    assert allure_checkpoints.split(tmp_path, RECORDS) == 0
    assert len(results_of(tmp_path)) == len(RECORDS)


def test_a_walk_that_broke_with_no_checkpoint_to_say_so_stays(tmp_path: Path) -> None:
    # the walk broke, yet none of its checkpoints is errored: the trouble is kept in sight
    passed = [record("w3-api", "api", "ORD-ACK", "passed")]
    walk_result(tmp_path, "Broken walk", "broken", ["w3-api"])
    walk_result(tmp_path, "Never began", "broken", [])
    assert allure_checkpoints.split(tmp_path, passed) == 1
    assert sorted(r["name"] for r in results_of(tmp_path)) == [
        "Broken walk", "Never began", "[ORD-ACK] ORD-ACK holds"]
    xml = junit.build(passed, [junit.Scenario("Broken walk", "f.feature", ["w3-api"], "broken",
                                              "harness error: KeyError")],
                      "演示电信 (demo)")
    assert (xml.tests, xml.errors) == (2, 1)


def test_junit_counts_as_the_summary_does() -> None:
    scenarios = [junit.Scenario("Mobile plan walk on the api channel", "f.feature", ["w1-api"],
                                "failed"),
                 junit.Scenario("One price on every channel", "p.feature", ["w2-api", "w2-sms"],
                                "passed")]
    xml = junit.build(RECORDS, scenarios, "演示电信 (demo)")
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 1, 1, 1)
    assert [s.name for s in xml] == ["Mobile plan walk on the api channel",
                                     "One price on every channel — api",
                                     "One price on every channel — sms"]
    names = [case.name for case in next(iter(xml))]
    assert names == ["[ORD-PRICE-SHOWN] ORD-PRICE-SHOWN holds", "[ORD-ACK] ORD-ACK holds",
                     "[ACT-NOTICE] ACT-NOTICE holds", "[ACT-NOTICE] ACT-NOTICE holds (2)"]


def test_a_run_that_lost_a_worker_says_so_in_junit_even_between_walks() -> None:
    # the worker died after its last walk's report: no walk crashed, yet the run is not whole
    lost = "worker gw1 of the run stopped (Not properly terminated) before it had walked its share"
    whole = junit.build(RECORDS, [], "演示电信 (demo)")
    xml = junit.build(RECORDS, [], "演示电信 (demo)", lost=[lost])
    assert (xml.tests, xml.errors) == (whole.tests + 1, whole.errors + 1)
    errors = [(r.type, r.message) for suite in xml for case in suite for r in case.result
              if isinstance(r, junit.Error)]
    assert ("incomplete", lost) in errors
