"""Reading the single-file Allure report back (its history, its test cases) takes about one of
the files it embeds at a time, never the page's size: the page grows by about 135 KB a walk,
and reading it whole (as text, every file decoded at once) made the end of a run take 0.7 MiB
more a walk. Python's own count of its allocations (tracemalloc) is exact, so the bound below
is the same on any machine and under any load."""

from __future__ import annotations

import base64
import json
import tracemalloc
from pathlib import Path

import pytest

from walkthrough.report import allure

CASES = 40
PADDING = 200_000  # bytes of attachment-like text in each test case: the page is ~10 MB


def _page(report: Path) -> int:
    """A single-file report of CASES test cases and a history file; its size in bytes."""
    lines = ["<!DOCTYPE html>", "<html><head><title>Walkthrough 演示电信</title></head><body>",
             "<script>"]
    for n in range(CASES):
        case = {"uid": f"uid{n}", "historyId": f"h{n}", "name": f"case {n}", "status": "passed",
                "time": {"start": n, "stop": n + 1},
                "labels": [{"name": "suite", "value": "walks"}], "padding": "x" * PADDING}
        encoded = base64.b64encode(json.dumps(case).encode()).decode()
        lines.append(f"        d('data/test-cases/{n:016x}.json','{encoded}')")
        lines.append(f"        d('data/attachments/{n:016x}.txt','{encoded}')")
    history = base64.b64encode(b'{"trend": []}').decode()
    lines += [f"        d('history/history.json','{history}')", "</script></body></html>"]
    report.mkdir()
    page = report / "index.html"
    page.write_text("\n".join(lines), encoding="utf-8")
    return page.stat().st_size


def test_the_test_cases_are_read_one_at_a_time(tmp_path: Path) -> None:
    report = tmp_path / "allure-report"
    size = _page(report)
    tracemalloc.start()
    try:
        cases = allure.test_cases(report)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sorted(c.uid for c in cases) == sorted(f"uid{n}" for n in range(CASES))
    assert cases[0].label("suite") == "walks"
    # a few of its files (a line, its decoding, its JSON), not the page (about 16 files)
    assert peak < size / 8, f"reading the test cases took {peak} bytes of a {size}-byte page"


def test_only_the_files_asked_for_are_decoded(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "allure-report"
    _page(report)
    decoded: list[int] = []
    decode = base64.b64decode

    def counted(value: bytes) -> bytes:
        decoded.append(len(value))
        return decode(value)

    monkeypatch.setattr(allure.base64, "b64decode", counted)
    assert allure.keep_history(report) == 1
    assert len(decoded) == 1  # the history only, not the test cases nor the attachments
    assert (report / "history" / "history.json").read_text() == '{"trend": []}'
    decoded.clear()
    assert len(allure.test_cases(report)) == CASES
    assert len(decoded) == CASES  # the test cases only, not the attachments
