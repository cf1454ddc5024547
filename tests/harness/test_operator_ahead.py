"""The embedded operator started ahead of the walks' session: taken by the session of its
run, and stopped if none takes it."""

from __future__ import annotations

from pathlib import Path

import requests

from walkthrough import session as session_module
from walkthrough.carrier import Carrier
from walkthrough.session import Options, Session, operator_ahead


def test_the_session_of_the_run_takes_the_operator_started_ahead(tmp_path: Path) -> None:
    carrier = Carrier.load()
    assert carrier.launch is not None
    with operator_ahead(carrier, [], "20261201-120000-ahea"):
        (early,) = session_module._EARLY.values()
        walking = Session(Options(reports=tmp_path, run_id="20261201-120000-ahea"))
        try:
            walking.start()
            assert walking.operator is early
            assert walking.carrier.base_url == early.base_url
            assert requests.get(early.base_url + carrier.launch.ready, timeout=10).ok
            assert not session_module._EARLY  # taken: no second session gets it
        finally:
            walking.close()
        assert early.process is None  # the session stopped what it took


def test_another_run_s_session_starts_its_own(tmp_path: Path) -> None:
    with operator_ahead(Carrier.load(), [], "20261201-120000-mine"):
        (early,) = session_module._EARLY.values()
        other = Session(Options(reports=tmp_path, run_id="20261201-120000-else"))
        try:
            other.start()
            assert other.operator is not None and other.operator is not early
            assert other.carrier.base_url != early.base_url
        finally:
            other.close()
        assert session_module._EARLY  # still waiting for its own run's session


def test_an_operator_no_session_took_is_stopped() -> None:
    with operator_ahead(Carrier.load(), [], "20261201-120000-none"):
        (early,) = session_module._EARLY.values()
        process = early.process
        assert process is not None
    assert process.poll() is not None
    assert not session_module._EARLY
