"""What SQLite's query plan says of a statement: the tables it reads whole (a scan), which a
campaign's thousands of customers make slower with every walk."""

from __future__ import annotations

import re
import sqlite3


def schema_only(schema: str) -> sqlite3.Connection:
    """An empty database with the store's tables and indexes, to ask plans of."""
    plans = sqlite3.connect(":memory:")
    plans.executescript(schema)
    return plans


def whole_table_reads(plans: sqlite3.Connection, statement: str,
                      params: tuple[object, ...] = ()) -> list[str]:
    """The plan's steps that read a table whole ("SCAN product"), none when each table is
    found by an index."""
    plan = [row[3] for row in plans.execute(f"EXPLAIN QUERY PLAN {statement}", params)]
    return [step for step in plan if re.match(r"SCAN (\w+)$", step)]
