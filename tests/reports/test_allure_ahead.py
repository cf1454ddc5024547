"""Allure's generator started ahead: the same report as the usual way, compiled once, and
never the reason a report is missing or a JVM is left behind."""

from __future__ import annotations

import json
from pathlib import Path

from walkthrough.report import allure, allure_ahead


def _results(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for n, status in enumerate(("passed", "failed")):
        (folder / f"w{n}-result.json").write_text(json.dumps({
            "uuid": f"w{n}", "historyId": f"h{n}", "name": f"walk {n} 移动套餐",
            "status": status, "start": 1, "stop": 2,
            "labels": [{"name": "parentSuite", "value": "演示电信"}]}), encoding="utf-8")
    return folder


def _cases(report: Path) -> list[tuple[str, str]]:
    return sorted((case.name, case.status) for case in allure.test_cases(report))


def test_the_report_made_ahead_is_the_usual_report(tmp_path: Path, tool: list[str]) -> None:
    results = _results(tmp_path / "results")
    assert allure.generate(tool, results, tmp_path / "usual", "a run") == ""
    with allure_ahead.started(tool):
        ahead = allure_ahead.take(tool)
        assert ahead is not None
        assert ahead.generate(allure._arguments(results, tmp_path / "ahead", "a run"),
                              timeout=300) == ""
        assert allure_ahead.take(tool) is None  # one report for one JVM
    assert _cases(tmp_path / "ahead") == _cases(tmp_path / "usual") == [
        ("walk 0 移动套餐", "passed"), ("walk 1 移动套餐", "failed")]
    # compiled once into the cache folder, and found there by the next run
    compiled = list((tmp_path / "cache" / "walkthrough").glob("allure-ahead-*/AllureAhead.class"))
    assert len(compiled) == 1
    made = compiled[0].stat().st_mtime_ns
    with allure_ahead.started(tool):
        assert allure.generate(tool, results, tmp_path / "again", "a run") == ""
    assert compiled[0].stat().st_mtime_ns == made
    assert _cases(tmp_path / "again") == _cases(tmp_path / "usual")


def test_a_generator_that_died_ahead_still_gives_the_report(tmp_path: Path,
                                                            tool: list[str]) -> None:
    results = _results(tmp_path / "results")
    with allure_ahead.started(tool):
        ahead = allure_ahead.take(tool)
        assert ahead is not None
        process = ahead._starting.result(timeout=120)
        assert process is not None
        process.kill()  # what the kernel's OOM killer does
        process.wait()
        assert allure.generate(tool, results, tmp_path / "report", "r") == ""
        assert ahead.used  # it was asked first, and failed: the usual way made the report
        assert "failed (exit" in ahead.generate([], timeout=60)
    assert _cases(tmp_path / "report") == [("walk 0 移动套餐", "passed"),
                                           ("walk 1 移动套餐", "failed")]


def test_a_run_that_asks_no_report_leaves_no_jvm(tmp_path: Path, tool: list[str]) -> None:
    with allure_ahead.started(tool):
        ahead = allure_ahead.take(tool)
        assert ahead is not None
        process = ahead._starting.result(timeout=120)
        assert process is not None and process.poll() is None  # warming up or waiting
    assert process.poll() is not None
    assert not ahead.folder.exists()  # its sample and log are gone with it
    assert allure_ahead.take(tool) is None


def test_no_generator_ahead_for_a_run_without_allure() -> None:
    with allure_ahead.started(None):
        assert allure_ahead.take(["/usr/bin/allure"]) is None
