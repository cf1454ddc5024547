"""The tests' runs take their embedded operators forked from a preloaded process
(operator_forks.py): started through the harness's own launcher, such an operator must behave
as one started anew does — it serves on the launcher's socket and writes to its log, a bad
start is said on its stderr with its exit status, a signal to it stops it, and when what the
launcher started dies, the operator is gone too."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from walkthrough.errors import UsageError
from walkthrough.launch import Launch, Operator

from . import forked

DEMO = Launch(module="demo_operator", ready="/test/health")
PATIENCE = 120.0


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in forked.operator_forks().items():
        monkeypatch.setenv(name, value)
    yield


def _forked(operator: Operator) -> bool:
    """Whether the operator serving is a child of the forks, not of what the launcher ran."""
    assert operator.process is not None
    client = operator.process.pid
    forks_pid = forked._forks[0].pid if forked._forks else -1
    children = Path(f"/proc/{forks_pid}/task/{forks_pid}/children").read_text().split()
    return str(client) not in children and bool(children)


def _gone(url: str) -> bool:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=5)
        except requests.ConnectionError:
            return True
        time.sleep(0.2)
    return False


def test_a_forked_operator_serves_on_the_launchers_socket_and_stops_on_a_signal(
        forks: None, tmp_path: Path) -> None:
    log = tmp_path / "operator.log"
    operator = Operator(DEMO, ["no-bill-notice"], tmp_path / "op.db", log=log).start(PATIENCE)
    try:
        assert _forked(operator)
        assert requests.get(operator.base_url + "/hall/", timeout=30).status_code == 200
        assert "faults: no-bill-notice" in log.read_text(encoding="utf-8")
        process = operator.process
        assert process is not None
        process.send_signal(signal.SIGTERM)
        # uvicorn ends gracefully, then raises the signal again: a real start's status too
        assert process.wait(PATIENCE) == -signal.SIGTERM
        assert _gone(operator.base_url + "/test/health")
    finally:
        operator.stop()


def test_a_bad_start_is_said_on_stderr_with_its_status(forks: None, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="did not start: demo_operator: unknown fault"):
        Operator(DEMO, ["no-such-fault"], tmp_path / "op.db").start(PATIENCE)


def test_the_operator_dies_with_what_the_launcher_started(forks: None, tmp_path: Path) -> None:
    operator = Operator(DEMO, [], tmp_path / "op.db").start(PATIENCE)
    try:
        assert operator.process is not None and _forked(operator)
        os.kill(operator.process.pid, signal.SIGKILL)
        assert operator.process.wait(PATIENCE) == -signal.SIGKILL
        assert _gone(operator.base_url + "/test/health")
    finally:
        operator.stop()
