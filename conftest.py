"""The project's tests: this file keeps the project root importable for them, says how they
share the workers, and prints the detection matrix they make. (A run's own pytest session
never reads it: `walkthrough run` starts pytest with --noconftest.)"""


from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

# each test's last measured seconds (setup, call and teardown), written by pytest-split:
#   .venv/bin/pytest --store-durations --durations-path tests/durations.json
DURATIONS = Path(__file__).parent / "tests" / "durations.json"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test file's tests run on one worker (they share its operator and fixtures), except
    the tests marked ``apart``: each of those is a run of its own and goes to whichever worker
    is free, so the long detection matrix is walked by both workers. The groups are handed
    out longest first (pytest.ini turns off pytest-xdist's own order, by test count), so the
    long runs start at once and the short ones fill in at the end: both workers end together."""
    # a worker of pytest-xdist is told of loadgroup by its own option (its `dist` is "no")
    if not getattr(config.option, "loadgroup", False) and \
            config.getoption("dist", "no") != "loadgroup":
        return
    groups: dict[str, list[pytest.Item]] = {}
    for item in items:
        if item.get_closest_marker("apart") is None and \
                item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.name))
        marker = item.get_closest_marker("xdist_group")
        groups.setdefault(marker.args[0] if marker else item.nodeid, []).append(item)
    cost = _costs(items)
    ordered = sorted(groups.values(), key=lambda group: -sum(cost[i.nodeid] for i in group))
    items[:] = [item for group in ordered for item in group]


def _costs(items: list[pytest.Item]) -> dict[str, float]:
    """Each test's expected seconds: its last measure; for a test not measured yet, the mean
    of its measured parametrisations (else a second)."""
    measured: dict[str, float] = json.loads(DURATIONS.read_text(encoding="utf-8")) \
        if DURATIONS.is_file() else {}
    # measured under the workers, a test's id ends in "@" and its group (pytest-xdist's
    # loadgroup adds it after this hook): the id as collected is without it
    known = {re.sub(r"@[^@\]]*$", "", nodeid): seconds for nodeid, seconds in measured.items()}
    by_function: dict[str, list[float]] = {}
    for nodeid, seconds in known.items():
        by_function.setdefault(nodeid.split("[")[0], []).append(seconds)
    return {item.nodeid: known.get(item.nodeid) or statistics.fmean(
        by_function.get(item.nodeid.split("[")[0], [1.0])) for item in items}


DETECTED: list[tuple[str, str, str, int]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """The detection matrix's rows, as each fault's test records them (``detected``), on
    whichever worker walked it: gathered here, where the tests' summary is printed."""
    if report.when == "call":
        DETECTED.extend((str(v[0]), str(v[1]), str(v[2]), int(v[3]))
                        for key, v in report.user_properties if key == "detected")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The detection matrix: each fault of each embedded operator, the channels it was walked
    on, the standards that failed (standard@channel), and how many failed beyond the
    standards the fault owns."""
    if not DETECTED:
        return
    terminalreporter.section("detection matrix: fault × standards failed")
    width = max(len(name) for name, _, _, _ in DETECTED)
    for name, channels, failed, extra in sorted(DETECTED):
        terminalreporter.write_line(f"{name:{width}}  [{channels}]  {failed or 'NOTHING'}"
                                    f"  (extra failures: {extra})")
    terminalreporter.write_line(f"extra failures per fault: "
                                f"{max(extra for _, _, _, extra in DETECTED)} at most")
