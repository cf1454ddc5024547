"""Whole walks of the mobile plan through `walkthrough run`, on the API and in Chromium."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys

import pytest

from demo_operator.faults import FAULTS as DEMO_FAULTS
from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.matrix import SoldOn
from walkthrough.session import ROOT

from .conftest import Outcome

CATALOGUE = standards.load(ROOT / "scenarios" / "standards.yaml")
STANDARDS_PER_WALK = 17  # on the API


@pytest.mark.apart  # the longest run of the tests: started first, on either worker
def test_clean_operator_passes_every_checkpoint_on_every_channel(run_walks):
    outcome = run_walks()
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    summary = outcome.summary
    counts = summary["checkpoints"]
    assert summary["compliance"] == 1.0
    assert counts["passed"] == counts["total"] > 0
    assert counts["failed"] == counts["blocked"] == counts["errored"] == 0
    # every cell of the sold-on matrix was walked: its own walk, and the cross-channel walk
    sold_on = SoldOn.load()
    for line, channels in sold_on.cells.items():
        assert set(summary["matrix"][line]) == set(channels)
        assert all(summary["matrix"][line][c]["walks"] >= 2 for c in channels)
    assert list(summary["by_stage"]) == ["order", "activate", "use", "bill", "change", "cancel"]
    plan = [r for r in outcome.records() if r["product_line"] == "mobile_plan"]
    assert all(len({r["standard"] for r in plan if r["stage"] == stage}) >= 2
               for stage in summary["by_stage"])
    assert {r["standard"] for r in outcome.records()} == set(CATALOGUE.standards)
    assert "Compliance 100.0 %" in outcome.stdout
    assert any((outcome.reports / "allure-results").glob("*-result.json"))


# standards a walk can only see broken with other customers walked in the same run (a bill
# shown to the wrong customer needs a customer billed before)
AMONG_CUSTOMERS = frozenset({"BILL-OWN"})


def _fault_channels(fault: dict) -> list[str]:
    """The channels a fault is proven on. A fault of every channel: the quickest channel on
    which what it breaks is checked at all. A fault of some channels: those channels only,
    the clean run having proven the others pass; beside two others only when a standard it
    breaks is judged by comparing channels (a cross-channel walk needs a majority to tell
    which channel is wrong) or among customers (AMONG_CUSTOMERS)."""
    if not fault.get("channels"):
        return [next(c for c in ("api", "hotline", "sms", "web", "mobile", "counter")
                     if all(CATALOGUE.get(s).applies_to(c) for s in fault["breaks"]))]
    if not set(fault["breaks"]) & (checked_across() | AMONG_CUSTOMERS):
        return list(fault["channels"])
    others = [c for c in ("api", "hotline", "sms") if c not in fault["channels"]][:2]
    return [*fault["channels"], *others]


@functools.cache
def checked_across() -> frozenset[str]:
    """The standards the cross-channel walks judge (their scenarios name no channel)."""
    from behave.parser import parse_file

    return frozenset(
        m.group(1) for path in (ROOT / "features").glob("*.feature")
        for scenario in parse_file(str(path)).walk_scenarios()
        if not any(t.startswith("channel:") for t in scenario.effective_tags)
        for step in scenario.all_steps if (m := re.search(r"\[([A-Z0-9-]+)\]$", step.name)))


def _checked_by_line() -> dict[str, set[str]]:
    """Product line → the standards its features check."""
    from behave.parser import parse_file

    checked: dict[str, set[str]] = {}
    for path in (ROOT / "features").glob("*.feature"):
        feature = parse_file(str(path))
        line = next(t[8:] for t in feature.tags if t.startswith("product:"))
        for scenario in feature.walk_scenarios():
            checked.setdefault(line, set()).update(
                m.group(1) for step in scenario.all_steps
                if (m := re.search(r"\[([A-Z0-9-]+)\]$", step.name)))
    return checked


# channels walked in Chromium: a walk there costs seconds of the browser's CPU, not a few
# hundred requests
BROWSER = frozenset({"web", "mobile", "counter"})


@functools.cache
def _steps_by_line() -> dict[str, int]:
    """Product line → the steps of its features: what walking it costs, roughly."""
    from behave.parser import parse_file

    steps: dict[str, int] = {}
    for path in (ROOT / "features").glob("*.feature"):
        feature = parse_file(str(path))
        line = next(t[8:] for t in feature.tags if t.startswith("product:"))
        steps[line] = steps.get(line, 0) + sum(len(list(s.all_steps))
                                               for s in feature.walk_scenarios())
    return steps


def lines_walked(breaks: set[str], channels: list[str],
                 sold: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The product lines a fault is walked on: every line sold on its channels whose features
    check what it breaks. With a browser channel among them, only the fewest of those lines
    that check all it breaks between them (the cheapest first): the clean runs prove every
    line passes on every channel, so one line failing where the fault is proves it caught,
    and each further line in Chromium would cost seconds to prove it again."""
    cells = sold if sold is not None else SoldOn.load().cells
    by_line = _checked_by_line()
    lines = [line for line, checked in by_line.items() if line in cells and checked & breaks]
    browser = BROWSER & set(channels)
    if not browser:
        return lines
    left = breaks & set().union(*(by_line[line] for line in lines))
    candidates = [line for line in lines if browser <= set(cells[line])]
    chosen: list[str] = []
    while left and candidates:
        best = max(candidates, key=lambda line: (len(by_line[line] & left),
                                                 -_steps_by_line()[line]))
        chosen.append(best)
        candidates.remove(best)
        left -= by_line[best]
    return lines if left else chosen  # none sold on all those channels checks it all


def _walk_compliance(outcome: Outcome) -> dict[str, float]:
    judged: dict[str, list[str]] = {}
    for r in outcome.records():
        if r["status"] != "errored":
            judged.setdefault(r["walk"], []).append(r["status"])
    return {walk: s.count("passed") / len(s) for walk, s in judged.items()}


def assert_caught(outcome: Outcome, expected: set[tuple[str, str]], name: str) -> None:
    """The fault fails exactly its standards; each walk it touches shows it in its compliance
    (one minor failure in a walk of 20 checkpoints leaves it at the 95 % target: that is the
    target's meaning); the exit code follows the run's compliance; nothing is mistaken for an
    environment error."""
    assert outcome.failed_on() == expected, (name, outcome.stdout[-2500:])
    failing_walks = {r["walk"] for r in outcome.records() if r["status"] == "failed"}
    assert all(_walk_compliance(outcome)[w] < 1.0 for w in failing_walks), name
    summary = outcome.summary
    assert outcome.code == (1 if summary["compliance"] < 0.95 else 0), name
    assert summary["checkpoints"]["errored"] == 0, name


@pytest.mark.apart
@pytest.mark.parametrize("name", sorted(DEMO_FAULTS))
def test_the_fault_fails_exactly_the_standards_it_breaks(run_walks, name, record_property):
    """Each fault is walked on the product lines that check what it breaks and fails exactly
    its standards, on the channels it names, and nothing else. Each fault is its own run: its
    own operator and command; the detection matrix is printed at the end of the tests."""
    fault = DEMO_FAULTS[name].as_json()
    channels = _fault_channels(fault)
    lines = lines_walked(set(fault["breaks"]), channels)
    args = [arg for channel in channels for arg in ("--channel", channel)] + \
        [arg for line in lines for arg in ("--product", line)]
    outcome = run_walks(*args, "--fault", name, "--no-html")
    broken_on = fault.get("channels") or channels
    expected = {(sid, ch) for sid in fault["breaks"] for ch in broken_on}
    record_property("detected", (name, ", ".join(channels),
                                 ", ".join(sorted(f"{s}@{c}" for s, c in outcome.failed_on())),
                                 len(outcome.failed_on() - expected)))
    assert_caught(outcome, expected, name)


def test_every_standard_is_broken_by_some_fault(fault_list):
    """With each fault failing exactly what it breaks (above), every standard is proven able
    to fail; the command lists the operator's faults as the operator does."""
    assert {f["name"] for f in fault_list} == set(DEMO_FAULTS)
    broken = {sid for f in fault_list for sid in f["breaks"]}
    assert broken == set(CATALOGUE.standards), "standards no fault can fail"


@pytest.mark.apart
@pytest.mark.parametrize("fault", ["no-confirmation-sms", "bill-overcharges-data",
                                   "itemised-record-missing-lines", "plan-change-early"])
def test_the_web_hall_catches_faults_too(run_walks, fault_list, fault):
    breaks = next(f["breaks"] for f in fault_list if f["name"] == fault)
    outcome = run_walks("--channel", "web", "--product", "mobile_plan", "--fault", fault,
                        "--no-html")
    assert_caught(outcome, {(b, "web") for b in breaks}, fault)


def test_faults_combine(run_walks):
    outcome = run_walks("--channel", "api", "--fault", "no-bill-notice",
                        "--fault", "no-cancel-sms", "--no-html")
    assert outcome.failed() == {"BILL-NOTICE", "CAN-CONFIRM"}
    # --no-html: what a gate reads, and no HTML
    assert (outcome.reports / "junit.xml").is_file() and outcome.summary["complete"]
    assert any((outcome.reports / "allure-results").glob("*-result.json"))
    assert not (outcome.reports / "walkthrough.html").exists()
    assert not (outcome.reports / "allure-report").exists()
    assert "no HTML: --no-html" in outcome.stdout


def test_a_failed_order_blocks_what_follows_instead_of_failing_it(run_walks):
    outcome = run_walks("--channel", "api", "--product", "mobile_plan",
                        "--fault", "order-rejected")
    counts = outcome.summary["checkpoints"]
    assert outcome.failed() == {"ORD-ACK"}
    assert counts["passed"] == 1  # the price was seen before ordering
    assert counts["blocked"] == STANDARDS_PER_WALK - 2
    assert outcome.code == 1
    links = [link for path in (outcome.reports / "allure-results").glob("*-result.json")
             for link in json.loads(path.read_text(encoding="utf-8")).get("links", [])]
    assert {"type": "link", "url": "../walkthrough.html#std-ORD-ACK",
            "name": "standard ORD-ACK"} in links


def test_stage_selection_checks_only_that_stage(run_walks):
    outcome = run_walks("--channel", "api", "--product", "mobile_plan", "--stage", "bill",
                        "--no-html")
    assert outcome.code == 0, outcome.stdout[-2000:]
    assert set(outcome.summary["by_stage"]) == {"bill"}
    assert outcome.summary["checkpoints"]["passed"] == 4


def test_operator_down_is_an_environment_error_not_defects(run_walks, tmp_path):
    carrier = tmp_path / "down.yaml"
    text = (ROOT / "scenarios" / "carriers" / "demo.yaml").read_text(encoding="utf-8")
    text = re.sub(r"  launch:\n(    .*\n)+", "", text, count=1).replace(
        "http://127.0.0.1:8700", "http://127.0.0.1:9")  # the discard port: nothing answers
    carrier.write_text(text, encoding="utf-8")
    outcome = run_walks("--channel", "api", "--product", "mobile_plan",
                        "--config", str(carrier))
    # the command asks the carrier before walking, and walks nothing
    assert outcome.code == 3
    assert outcome.stderr.startswith("walkthrough: environment: the carrier ") and \
        "does not answer at http://127.0.0.1:9" in outcome.stderr, outcome.stderr
    assert not list((outcome.reports / "checkpoints").glob("*.jsonl"))
    # a walk that meets the carrier down records every checkpoint as errored, none failed
    reports = tmp_path / "walked"
    # the credentials the carrier file names, as a carrier's QA would have them set: what
    # fails is the carrier not answering, whichever tests ran before
    launch = Carrier.load(ROOT / "scenarios" / "carriers" / "demo.yaml").launch
    assert launch is not None
    env = {**os.environ, **{name: "not-used" for name in launch.secrets}}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         str(ROOT / "features" / "mobile_plan.feature"), "--walk-channel", "api",
         "--walk-config", str(carrier), "--walk-reports", str(reports)],
        capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert done.returncode == 1, done.stdout[-2000:]  # pytest: the walk's test errored
    assert summary["verdict"] == "environment error"
    assert summary["checkpoints"]["errored"] == STANDARDS_PER_WALK
    assert summary["checkpoints"]["failed"] == summary["checkpoints"]["blocked"] == 0
    assert "did not answer" in summary["errors"][0]


def test_bad_carrier_file_is_a_short_usage_error(run_walks, tmp_path):
    carrier = tmp_path / "broken.yaml"
    carrier.write_text("carrier:\n  name: x\n  launch: [demo\n", encoding="utf-8")
    outcome = run_walks("--config", str(carrier))
    assert outcome.code == 2
    assert f"{carrier}:" in outcome.stderr and "Traceback" not in outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) <= 3


def test_unknown_fault_is_a_short_usage_error(run_walks):
    outcome = run_walks("--channel", "api", "--fault", "no-such-fault")
    assert outcome.code in (2, 3)
    assert "no-such-fault" in outcome.stdout + outcome.stderr
    assert "Traceback" not in outcome.stderr
