"""`walkthrough run` gates the features once and tells its pytest so (gate.PASSED_ENV); the
pytest it starts, and its workers, then skip the same gate. A fingerprint that is not of the
very features pytest walks never lets a bad feature through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.harness.test_bad_inputs import feature
from walkthrough import gate, pytest_plugin
from walkthrough.session import ROOT

MOBILE = ROOT / "features" / "mobile_plan.feature"


def test_the_fingerprint_changes_with_the_features_and_the_products(tmp_path: Path) -> None:
    path = tmp_path / "f.feature"
    path.write_text(feature(), encoding="utf-8")
    first = gate.fingerprint([path])
    assert gate.fingerprint([str(path)]) == first  # a path as text or as a Path: the same
    assert gate.fingerprint([path], ["mobile_plan"]) != first
    assert gate.fingerprint([path, MOBILE]) != first
    path.write_text(feature({"mobile plan": "mobil plan"}), encoding="utf-8")
    assert gate.fingerprint([path]) != first


def test_only_the_fingerprint_of_the_same_features_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gate.PASSED_ENV, raising=False)
    assert not gate.passed_already([MOBILE])
    monkeypatch.setenv(gate.PASSED_ENV, gate.fingerprint([MOBILE]))
    assert gate.passed_already([MOBILE])
    assert not gate.passed_already([MOBILE], ["mobile_plan"])
    assert not gate.passed_already([MOBILE, ROOT / "features" / "broadband.feature"])
    monkeypatch.setenv(gate.PASSED_ENV, "")
    assert not gate.passed_already([MOBILE])


def _session(features: list[Path]) -> SimpleNamespace:
    stash = {pytest_plugin.FEATURES_KEY: features}
    return SimpleNamespace(config=SimpleNamespace(stash=stash, getoption=lambda name: []))


def test_pytest_skips_the_gate_its_command_passed_and_no_other(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[list[Path]] = []

    def check(features: list[Path], **kwargs: object) -> gate.Checked:
        checked.append(list(features))
        return gate.Checked()

    monkeypatch.setattr(gate, "check", check)
    monkeypatch.setenv(gate.PASSED_ENV, gate.fingerprint([MOBILE]))
    pytest_plugin.pytest_collection_finish(_session([MOBILE]))  # type: ignore[arg-type]
    assert checked == []
    other = [MOBILE, ROOT / "features" / "broadband.feature"]
    pytest_plugin.pytest_collection_finish(_session(other))  # type: ignore[arg-type]
    assert checked == [other]


@pytest.mark.parametrize("workers", ["-n0", "-n2"])
def test_a_bad_feature_is_refused_under_the_fingerprint_of_its_good_self(
        tmp_path: Path, workers: str) -> None:
    """The fingerprint of the feature before its typo, left set: pytest still refuses the
    feature as it now is, at collection (one process) or in the controller (workers)."""
    path = tmp_path / "f.feature"
    path.write_text(feature(), encoding="utf-8")
    env = {**os.environ, gate.PASSED_ENV: gate.fingerprint([path])}
    env.pop("WALKTHROUGH_BASE_URL", None)
    path.write_text(feature({"mobile plan": "mobil plan"}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                           workers, str(path)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=240, check=False)
    said = f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert done.returncode == 2, said
    assert "no step definition matches" in done.stderr, said
