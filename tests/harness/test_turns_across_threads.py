"""On a test environment with one clock, walks on threads of one run take turns as walks in
separate processes do: the turn's file lock counts a process's holds, not a thread's."""

from __future__ import annotations

import threading

from walkthrough.carrier import Carrier
from walkthrough.customers import LOCKS_ENV, Customers
from walkthrough.session import ROOT

COMPETITOR = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"


def test_a_second_thread_waits_for_the_first_walks_turn(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(LOCKS_ENV, str(tmp_path))
    customers = Customers(Carrier.load(COMPETITOR))
    assert customers.shared_clock
    holding, done, second_in = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        customers.take_turn()
        holding.set()
        done.wait()
        customers.end_turn()

    def second() -> None:
        customers.take_turn()
        second_in.set()
        customers.end_turn()

    one = threading.Thread(target=first, daemon=True)
    one.start()
    assert holding.wait(60)
    two = threading.Thread(target=second, daemon=True)
    two.start()
    two.join(0.5)
    assert not second_in.is_set(), "a second walk took the environment's turn while it was held"
    done.set()
    one.join(60)
    two.join(60)
    assert second_in.is_set()
    customers.close()
