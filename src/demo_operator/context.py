"""What every piece of operator work is given: the open transaction and the settings."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator

from demo_operator.db import Store
from demo_operator.faults import FAULTS


@dataclasses.dataclass(frozen=True)
class Settings:
    start: dt.datetime                      # where every new customer's clock starts
    faults: frozenset[str] = frozenset()
    api_token: str = ""
    token_seconds: int = 3600               # lifetime of an OAuth access token (real time)
    counter_password: str = ""              # the store counter's agent A001
    test_key: str = ""                      # the test-support credential (X-Test-Key)
    # A carrier without a test clock: every customer's time follows the wall clock, and the
    # harness measures time standards by waiting in real time.
    real_time: bool = False


@dataclasses.dataclass
class Ctx:
    conn: sqlite3.Connection
    settings: Settings

    def fault(self, name: str) -> bool:
        """Is this fault switched on? (A misspelt name is a bug here, not a quiet False.)"""
        if name not in FAULTS:
            raise KeyError(f"no fault named {name!r}")
        return name in self.settings.faults


class Operator:
    """The store and settings of one running operator; ``tx()`` opens a unit of work."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    @contextlib.contextmanager
    def tx(self) -> Iterator[Ctx]:
        with self.store.transaction() as conn:
            yield Ctx(conn, self.settings)
