"""SIGINT and SIGTERM during `walkthrough run`: the run stops as an interruption the
command can finish, not as a process that vanishes.

pytest ends its session on a KeyboardInterrupt (its hooks run, its exit status says
INTERRUPTED), so a SIGTERM is raised as one too; pytest swallows it, so the command asks
`check` afterwards whether the run was stopped.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM)


class Stopped(KeyboardInterrupt):
    """The run was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    def __str__(self) -> str:
        return f"stopped by {self.name}"

    @property
    def exit_code(self) -> int:
        """128 + the signal, as a shell reports a process the signal ended: 130 for SIGINT,
        143 for SIGTERM."""
        return 128 + self.signum


_received: list[int] = []  # the signal that stopped the run, once one came


def check() -> None:
    """Raise `Stopped` again if a signal came while a caller (pytest) swallowed it."""
    if _received:
        raise Stopped(_received[0])


class Signals:
    """While entered, SIGINT and SIGTERM raise `Stopped` in the main thread."""

    def __init__(self) -> None:
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if not _received:
            _received.append(signum)
        raise Stopped(signum)

    def __enter__(self) -> Signals:
        _received.clear()
        for signum in HANDLED:
            if signal.getsignal(signum) is signal.SIG_IGN:
                continue  # started to be left alone (nohup, a background job): so be it
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
