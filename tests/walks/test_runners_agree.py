"""pytest and behave run the same features with the same steps and reach the same verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from junitparser import JUnitXml

from walkthrough.session import ROOT


def checkpoints(reports: Path) -> Counter:
    seen: Counter = Counter()
    for path in (reports / "checkpoints").glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            seen[(r["channel"], r["stage"], r["standard"], r["status"])] += 1
    return seen


def allure_counts(results: Path) -> Counter:
    """The Allure test cases of the checkpoints, by status, and those of no checkpoint."""
    seen: Counter = Counter()
    for path in results.glob("*-result.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        standard = [x["value"] for x in data["labels"] if x["name"] == "standard"]
        seen[(standard[0] if standard else "", data["status"])] += 1
    return seen


def junit_counts(reports: Path) -> tuple[int, int, int, int, int, list[str]]:
    xml = JUnitXml.fromfile(str(reports / "junit.xml"))
    return (len(list(xml)), xml.tests, xml.failures, xml.errors, xml.skipped,
            sorted(s.name for s in xml))


@pytest.mark.parametrize("fault", ["", "bill-overcharges-data"])
def test_behave_and_pytest_agree(tmp_path, fault):
    feature = str(ROOT / "features" / "mobile_plan.feature")
    by_pytest, by_behave = tmp_path / "pytest", tmp_path / "behave"
    fault_args = ["--walk-fault", fault] if fault else []
    pytest_run = subprocess.run(
        [sys.executable, "-m", "pytest", feature, "-q", "-p", "no:cacheprovider",
         "--walk-channel", "api", "--walk-reports", str(by_pytest), *fault_args,
         "--alluredir", str(by_pytest / "allure")],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    behave_args = ["-D", f"fault={fault}"] if fault else []
    behave_run = subprocess.run(
        [sys.executable, "-m", "behave", feature, "--no-capture",
         "-f", "allure_behave.formatter:AllureFormatter", "-o", str(by_behave / "allure"),
         "-f", "progress",
         "-D", "channel=api", "-D", f"reports={by_behave}", *behave_args],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert checkpoints(by_pytest), pytest_run.stdout[-2000:]
    assert checkpoints(by_pytest) == checkpoints(by_behave), behave_run.stdout[-2000:]
    # both runners give the same verdict on the scenario
    assert (pytest_run.returncode == 0) == (behave_run.returncode == 0) == (not fault)
    summary_p = json.loads((by_pytest / "summary.json").read_text(encoding="utf-8"))
    summary_b = json.loads((by_behave / "summary.json").read_text(encoding="utf-8"))
    assert summary_p["compliance"] == summary_b["compliance"]
    # and the same junit.xml: a test suite a walk, a test case a checkpoint
    assert junit_counts(by_pytest) == junit_counts(by_behave)
    assert junit_counts(by_pytest)[0] == summary_p["walks"]["total"]
    # and the same Allure test cases: one a checkpoint, with its status
    by_standard = allure_counts(by_pytest / "allure")
    assert sum(by_standard.values()) == summary_p["checkpoints"]["total"], by_standard
    assert by_standard == allure_counts(by_behave / "allure")


def test_behave_leaves_a_walk_across_one_channel_unwalked_as_pytest_does(tmp_path):
    """The broadband is not sold on the one channel selected, so its price cannot be
    compared across channels either: pytest collects no walk, and behave skips them all,
    where it used to error the walk across channels."""
    behave_run = subprocess.run(
        [sys.executable, "-m", "behave", str(ROOT / "features" / "broadband.feature"),
         "--no-capture", "-f", "progress", "-D", "channel=sms", "-D", f"reports={tmp_path}"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert behave_run.returncode == 0, behave_run.stdout[-2000:]
    assert "0 error" in behave_run.stdout and "5 skipped" in behave_run.stdout, \
        behave_run.stdout[-2000:]
    assert junit_counts(tmp_path)[0] == 0
