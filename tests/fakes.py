"""Fakes the unit tests share, one per idea: a carrier clock that moves only when told."""

from __future__ import annotations

import datetime as dt


class FakeClock:
    """A test clock at ``now`` that moves forward only when a walk advances it."""

    poll = 60.0

    def __init__(self, now: dt.datetime) -> None:
        self.moment = now

    def now(self) -> dt.datetime:
        return self.moment

    def advance(self, seconds: float) -> dt.datetime:
        self.moment += dt.timedelta(seconds=seconds)
        return self.moment

    def advance_to(self, when: dt.datetime) -> None:
        self.moment = max(self.moment, when)
