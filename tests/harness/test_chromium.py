"""Which Chromium a run drives: the one named, else the headless shell, else the full one."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkthrough import chromium


def test_the_named_chromium_comes_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shell = tmp_path / "chromium-headless-shell"
    shell.write_text("")
    monkeypatch.setattr(chromium, "HEADLESS_SHELL", shell)
    monkeypatch.setenv(chromium.CHROMIUM_ENV, "/opt/other/chrome")
    assert chromium.executable() == "/opt/other/chrome"


def test_the_headless_shell_where_it_is_installed(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    shell = tmp_path / "chromium-headless-shell"
    shell.write_text("")
    monkeypatch.setattr(chromium, "HEADLESS_SHELL", shell)
    monkeypatch.delenv(chromium.CHROMIUM_ENV, raising=False)
    assert chromium.executable() == str(shell)


def test_the_full_browser_where_the_shell_is_not(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setattr(chromium, "HEADLESS_SHELL", tmp_path / "absent")
    monkeypatch.delenv(chromium.CHROMIUM_ENV, raising=False)
    assert chromium.executable() == str(chromium.FULL)
