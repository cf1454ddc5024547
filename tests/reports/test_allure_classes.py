"""Allure's class-data archive: made once, used after, and never the reason a report is
missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from walkthrough.report import allure


def _results(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a-result.json").write_text(json.dumps({
        "uuid": "a", "historyId": "h", "name": "a walk", "status": "passed",
        "start": 1, "stop": 2, "labels": []}), encoding="utf-8")
    return folder


def test_the_first_report_makes_the_archive_the_next_uses_it(tmp_path: Path,
                                                              tool: list[str]) -> None:
    results = _results(tmp_path / "results")
    archive = allure.class_archive(tool)
    assert archive is not None and archive.parent == tmp_path / "cache" / "walkthrough"
    assert allure.generate(tool, results, tmp_path / "one", "one") == ""
    assert archive.is_file() and archive.stat().st_size > 0
    assert not list(archive.parent.glob("*.tmp"))  # the one being written was renamed
    made = archive.stat().st_mtime_ns
    assert allure.generate(tool, results, tmp_path / "two", "two") == ""
    assert (tmp_path / "two" / "index.html").is_file()
    assert archive.stat().st_mtime_ns == made  # mapped, not written again


def test_a_broken_archive_still_gives_the_report_and_is_made_again(tmp_path: Path,
                                                                    tool: list[str]) -> None:
    results = _results(tmp_path / "results")
    archive = allure.class_archive(tool)
    assert archive is not None
    archive.write_bytes(b"\0" * 100_000)  # what a full disk leaves: the JVM dies mapping it
    assert allure.generate(tool, results, tmp_path / "report", "r") == ""
    assert (tmp_path / "report" / "index.html").is_file()
    assert not archive.is_file()  # dropped; the next report makes it again
    assert allure.generate(tool, results, tmp_path / "again", "r") == ""
    assert archive.is_file() and archive.stat().st_size > 100_000


def test_no_cache_folder_means_no_archive(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert allure.class_archive(["/bin/sh"]) is None


def test_the_users_own_jvm_options_are_left_alone(tmp_path: Path, tool: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_OPTS", "-XX:+UseSerialGC")
    assert allure.generate(tool, _results(tmp_path / "results"), tmp_path / "r", "r") == ""
    archive = allure.class_archive(tool)
    assert archive is not None and not archive.exists()
