"""Carrier time: the operator's test clock where it has one, the real clock where it does not.

Time standards are measured the same way on both: look, let time pass, look again, until the
deadline. With a test clock "letting time pass" means advancing the customer's clock over HTTP,
so a month-end bill comes in seconds; without one it means sleeping.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

import tenacity

from walkthrough.backstage import Backstage, Refused, moment
from walkthrough.checkpoint import EnvironmentBroken

T = TypeVar("T")

# Past this a real-time wait is not a walk any more: a stage that needs a month to pass cannot
# be walked on a carrier without a test clock.
REAL_WAIT_LIMIT = 15 * 60


class Clock(Protocol):
    poll: float

    def now(self) -> dt.datetime: ...

    def advance(self, seconds: float) -> dt.datetime:
        """Let ``seconds`` pass; returns the time after."""
        ...

    def advance_to(self, when: dt.datetime) -> None: ...


class TestClock:
    """The carrier's test clock, moved through the backstage (``clock``, ``clock_advance`` and
    ``clock_set`` hooks): one customer's, or the whole test environment's system date."""

    __test__ = False  # not a pytest test class

    def __init__(self, backstage: Backstage, tz: ZoneInfo, poll: float) -> None:
        self.backstage, self.tz, self.poll = backstage, tz, poll

    def now(self) -> dt.datetime:
        return self._answer("clock")

    def advance(self, seconds: float) -> dt.datetime:
        # a test environment counting in whole seconds is given whole seconds
        return self._answer("clock_advance", seconds=int(seconds) if seconds == int(seconds)
                            else seconds)

    def advance_to(self, when: dt.datetime) -> None:
        if when > self.now():
            self._answer("clock_set", to=when.astimezone(self.tz))

    def _answer(self, hook: str, **values: Any) -> dt.datetime:
        try:
            found = self.backstage.call(hook, **values)
        except Refused as exc:  # a walk without its clock cannot go on
            raise EnvironmentBroken(str(exc)) from None
        if hook != "clock" and found.get("now") is None:
            return self.now()  # a test environment that answers a move with nothing more
        return moment(found.get("now"), self.tz)


class RealClock:
    def __init__(self, tz: ZoneInfo, poll: float) -> None:
        self.tz, self.poll = tz, poll

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.tz)

    def advance(self, seconds: float) -> dt.datetime:
        time.sleep(seconds)
        return self.now()

    def advance_to(self, when: dt.datetime) -> None:
        wait = (when - self.now()).total_seconds()
        if wait > REAL_WAIT_LIMIT:
            raise EnvironmentBroken(
                f"this carrier has no test clock, and the walk needs {wait / 86400:.1f} days to "
                f"pass; give it a test clock (clock.kind: test-api) or walk this stage by hand")
        if wait > 0:
            time.sleep(wait)


def wait_for(clock: Clock, probe: Callable[[], T | None], within: float, *,
             since: dt.datetime | None = None, poll: float | None = None,
             ) -> tuple[T | None, float]:
    """Look with ``probe`` until it returns something or ``within`` seconds of carrier time
    have passed since ``since`` (default: now). Returns what it found and the carrier seconds
    from ``since`` to the look that found it (to the poll step)."""
    origin = clock.now() if since is None else since
    found = look_for(clock, probe, within, since=since, poll=poll)
    return found, (clock.now() - origin).total_seconds()


def look_for(clock: Clock, probe: Callable[[], T | None], within: float, *,
             since: dt.datetime | None = None, poll: float | None = None) -> T | None:
    """As ``wait_for``, for a caller that needs what was found and not when: a look that finds
    something at once costs the carrier no clock read (a test clock is read over HTTP)."""
    step = max(poll or clock.poll, within / 24, 1.0)
    if since is None:  # looking that starts now has the whole wait left
        return _looks(clock, probe, int(within // step) + 1, step)
    # The first look is made whatever is left of the wait, so it is made before the clock is
    # read: what it finds is found, and only a wait that goes on asks how much is left.
    found = probe()
    if found is not None:
        return found
    left = within - (clock.now() - since).total_seconds()
    first = True

    def look() -> T | None:
        nonlocal first
        if first:  # the first look, made above
            first = False
            return None
        return probe()

    return _looks(clock, look, max(int(left // step), 0) + 1, step)


def _looks(clock: Clock, probe: Callable[[], T | None], looks: int, step: float) -> T | None:
    """Up to ``looks`` looks with ``probe``, ``step`` seconds of carrier time apart."""
    def let_pass(seconds: float) -> None:
        clock.advance(seconds)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(looks),
        wait=tenacity.wait_fixed(step),
        sleep=let_pass,
        retry=tenacity.retry_if_result(lambda found: found is None),
        retry_error_callback=lambda state: None,
    )
    return retrying(probe)


def wait_late(clock: Clock, probe: Callable[[], T | None], within: float, late: float, *,
              since: dt.datetime) -> tuple[T | None, float]:
    """As ``wait_for``, and when nothing came in time, go on looking (more coarsely) for up to
    ``late`` seconds more, as a customer would, to say how late it came and to go on walking."""
    found, seconds = wait_for(clock, probe, within, since=since)
    if found is None:
        found, seconds = wait_for(clock, probe, within + late, since=since,
                                  poll=max(late / 24, clock.poll))
    return found, seconds
