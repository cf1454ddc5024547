"""The project's tests: this file keeps the project root importable for them, says how they
share the workers, and prints the detection matrix they make. (A run's own pytest session
never reads it: `walkthrough run` starts pytest with --noconftest.)"""


from __future__ import annotations

from typing import Any

import pytest


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test file's tests run on one worker (they share its operator and fixtures), except
    the tests marked ``apart``: each of those is a run of its own and goes to whichever worker
    is free, so the long detection matrix is walked by both workers."""
    if config.getoption("dist", "no") != "loadgroup":
        return
    for item in items:
        if item.get_closest_marker("apart") is None and \
                item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.name))


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
