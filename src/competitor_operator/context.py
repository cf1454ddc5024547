"""What every piece of operator work is given: the open transaction and the settings."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator

from competitor_operator.faults import FAULTS
from competitor_operator.store import Store


@dataclasses.dataclass(frozen=True)
class Settings:
    start: dt.datetime                  # where the environment's system date starts
    faults: frozenset[str] = frozenset()
    test_key: str = ""                  # X-QA-Key of the test environment and handsets
    client_id: str = "bw-qa-client"     # the API's OAuth2 client
    client_secret: str = ""
    token_ttl: float = 3600.0           # seconds of real time a bearer token lives


@dataclasses.dataclass
class Ctx:
    conn: sqlite3.Connection
    settings: Settings

    def fault(self, name: str) -> bool:
        if name not in FAULTS:
            raise KeyError(f"no fault named {name!r}")
        return name in self.settings.faults

    def next_id(self, prefix: str, width: int = 6) -> str:
        key = f"seq:{prefix}"
        row = self.conn.execute("SELECT value FROM environment WHERE key = ?", (key,)).fetchone()
        value = int(row["value"]) + 1 if row else 1
        self.conn.execute("INSERT OR REPLACE INTO environment(key, value) VALUES (?, ?)",
                          (key, str(value)))
        return f"{prefix}{value:0{width}d}"


class Operator:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    @contextlib.contextmanager
    def tx(self) -> Iterator[Ctx]:
        with self.store.transaction() as conn:
            yield Ctx(conn, self.settings)
