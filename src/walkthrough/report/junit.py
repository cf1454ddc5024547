"""reports/junit.xml: the run's checkpoints for CI servers that read JUnit XML (Jenkins,
GitLab), counted as summary.json counts them.

A test suite is a walk (one customer, one product line, one channel: a scenario walked
across channels is a walk on each), a test case is a checkpoint: a failed checkpoint is a
``<failure>``, an errored one an ``<error>``, a blocked one ``<skipped>`` (it was never
reached). A not-applicable checkpoint is no checkpoint, so it is in neither. A scenario that
failed or broke in a way no checkpoint records stays a test case of its own, an error or a
failure, as in Allure. What the run lost on its way (a worker that died, whether or not a
walk of it was under way) is an error of a test case "the run", so a CI server reading the
file alone still sees the run was not whole.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite
from junitparser.junitparser import (
    FinalResult,  # a case's result, whichever it is
    etree,  # the ElementTree junitparser builds with
)

from walkthrough.checkpoint import CheckpointRecord
from walkthrough.report.allure_checkpoints import unrecorded_trouble, walk_title


@dataclasses.dataclass
class Scenario:
    """One test as pytest ran it: its scenario's name, the walks it made and how it ended
    (passed, failed, broken or skipped) with pytest's message."""

    name: str
    path: str
    walks: list[str]
    status: str
    message: str = ""


def build(records: Iterable[CheckpointRecord], scenarios: Iterable[Scenario],
          carrier: str, lost: Iterable[str] = ()) -> JUnitXml:
    by_walk: dict[str, list[CheckpointRecord]] = defaultdict(list)
    for record in records:
        by_walk[record.walk].append(record)
    scenarios = list(scenarios)
    of_walk = {walk: s for s in scenarios for walk in s.walks}
    xml = JUnitXml(f"walkthrough {carrier}")
    for walk, found in by_walk.items():
        first = found[0]
        scenario = of_walk.get(walk)
        title = walk_title(scenario.name, first.channel, len(scenario.walks) > 1) \
            if scenario else f"{first.product_line} on {first.channel}"
        suite = TestSuite(title)
        for name, value in (("walk", walk), ("carrier", first.carrier),
                            ("product_line", first.product_line), ("channel", first.channel),
                            ("feature", scenario.path if scenario else first.feature)):
            suite.add_property(name, value)
        seen: dict[str, int] = defaultdict(int)
        cases = []
        for record in found:
            seen[record.standard] += 1
            nth = seen[record.standard]
            case = TestCase(f"[{record.standard}] {record.title}" + (f" ({nth})" if nth > 1
                                                                    else ""),
                            classname=f"{first.product_line}.{title}", time=record.seconds)
            case.result = _result(record)
            cases.append(case)
        suite.add_testcases(cases)  # one count of the suite, not one per case
        # A walk's suite is its own (its walk property): add_testsuite would look for an
        # equal suite among all before it, which at a province's thousands of walks was
        # quadratic.
        xml.append(suite)
    for scenario in scenarios:
        recorded = {r.status for walk in scenario.walks for r in by_walk.get(walk, [])}
        if not unrecorded_trouble(scenario.status, recorded):
            continue
        suite = TestSuite(scenario.name)
        suite.add_property("feature", scenario.path)
        case = TestCase("the walk", classname=scenario.name)
        first_line = (scenario.message.strip().splitlines() or [scenario.status])[0]
        kind = Failure if scenario.status == "failed" else Error
        case.result = [kind(first_line)]
        case.result[0].text = scenario.message
        suite.add_testcase(case)
        xml.add_testsuite(suite)
    for reason in lost:
        suite = TestSuite("the run")
        case = TestCase("the run", classname="the run")
        case.result = [Error(reason, "incomplete")]
        suite.add_testcase(case)
        xml.add_testsuite(suite)
    xml.update_statistics()
    return xml


def _result(record: CheckpointRecord) -> list[FinalResult]:
    if record.status == "failed":
        failure = Failure(f"[{record.standard}] observed {record.observed}; expected "
                          f"{record.expected}", "failed")
        return [failure]
    if record.status == "errored":
        error = Error((record.reason.splitlines() or ["errored"])[0], "errored")
        error.text = record.reason
        return [error]
    if record.status == "blocked":
        return [Skipped(record.reason or "blocked", "blocked")]
    return []


def write(records: Iterable[CheckpointRecord], scenarios: Iterable[Scenario], carrier: str,
          path: Path, lost: Iterable[str] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    xml = build(records, scenarios, carrier, lost)
    # Indented where it is built: junitparser's pretty=True parses the whole file again into
    # a DOM to print it, 5 s of a province's 64,000 checkpoints against a tenth of that here.
    etree.indent(xml._elem, space="\t")
    xml.write(str(path))
