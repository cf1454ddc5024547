"""The operator's storage: one SQLite file, one connection, one lock held for each request's
whole transaction (a handful of testers is the load; a clock move must be atomic)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS environment (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL             -- 'sysdate': the one test clock; 'seq:*': id counters
);
CREATE TABLE IF NOT EXISTS job (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    due TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    done_at TEXT
);
CREATE TABLE IF NOT EXISTS subscriber (
    id TEXT PRIMARY KEY,
    tel_no TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    login_pwd TEXT NOT NULL,
    service_pwd TEXT NOT NULL,
    bill_day INTEGER NOT NULL,      -- the day of month each bill cycle starts
    balance INTEGER NOT NULL DEFAULT 0,   -- fen
    pooled INTEGER NOT NULL DEFAULT 0,    -- a pre-provisioned test number
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS product (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    offering TEXT NOT NULL,
    state TEXT NOT NULL,            -- pending | active | terminated
    ordered_at TEXT NOT NULL,
    active_from TEXT,
    ended_at TEXT,
    charged_until TEXT,             -- date (exclusive) up to which the fee is charged
    via TEXT NOT NULL DEFAULT 'order',    -- order | change: how it began
    ended_by TEXT,                  -- change | cancel
    order_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    action TEXT NOT NULL,           -- add | modify | delete
    offering TEXT,
    product_id TEXT,
    state TEXT NOT NULL,            -- acknowledged | completed | rejected
    created_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE IF NOT EXISTS usage (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    kind TEXT NOT NULL,             -- voice | data
    at TEXT NOT NULL,
    measured TEXT NOT NULL,         -- what the network measured: seconds, or KB (may be fractional)
    rated INTEGER NOT NULL,         -- what is charged: started minutes, or started KB
    called TEXT
);
CREATE TABLE IF NOT EXISTS charge (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    amount INTEGER NOT NULL,        -- fen, VAT included
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bill (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    cycle_from TEXT NOT NULL,       -- date, inclusive
    cycle_to TEXT NOT NULL,         -- date, inclusive
    amount INTEGER NOT NULL,        -- fen, VAT included
    vat INTEGER NOT NULL,
    lines TEXT NOT NULL,            -- JSON
    issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS message (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    tel_no TEXT NOT NULL,
    sender TEXT NOT NULL,
    content TEXT NOT NULL,
    delivered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS payment (
    id TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    channel TEXT NOT NULL,
    method TEXT NOT NULL,           -- card | online
    at TEXT NOT NULL,
    credited_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS card (
    card_no TEXT PRIMARY KEY,
    card_pwd TEXT NOT NULL,
    face INTEGER NOT NULL,
    used_by TEXT,
    used_at TEXT
);
CREATE TABLE IF NOT EXISTS confirmation (
    tel_no TEXT PRIMARY KEY,        -- the SMS hall's pending 二次确认, one per number
    action TEXT NOT NULL,
    offering TEXT NOT NULL,
    product_id TEXT,
    asked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS token (
    token TEXT PRIMARY KEY,
    expires REAL NOT NULL           -- wall-clock epoch seconds: tokens age in real time
);
CREATE TABLE IF NOT EXISTS sign_in (
    tel_no TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS web_session (
    token TEXT PRIMARY KEY,
    subs_id TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT '{}'  -- JSON: the cart, the toast to show next
);
CREATE TABLE IF NOT EXISTS ivr_session (
    id TEXT PRIMARY KEY,
    tel_no TEXT NOT NULL,
    menu TEXT NOT NULL,             -- where the caller is
    trail TEXT NOT NULL,            -- JSON: the menus passed, for #
    entered TEXT NOT NULL DEFAULT '',  -- digits keyed so far (a card number, its password)
    ended INTEGER NOT NULL DEFAULT 0
);
-- What a request asks of one subscriber's (or one number's) rows, and the clock's due jobs,
-- found by index: a campaign's thousands of subscribers made each of these a scan.
CREATE INDEX IF NOT EXISTS job_due ON job(done_at, due);
CREATE INDEX IF NOT EXISTS job_kind ON job(kind, done_at);
CREATE INDEX IF NOT EXISTS message_to ON message(tel_no, delivered_at);
CREATE INDEX IF NOT EXISTS product_of ON product(subs_id);
CREATE INDEX IF NOT EXISTS orders_of ON orders(subs_id);
CREATE INDEX IF NOT EXISTS usage_of ON usage(subs_id, at);
CREATE INDEX IF NOT EXISTS charge_of ON charge(subs_id, at);
CREATE INDEX IF NOT EXISTS bill_of ON bill(subs_id, cycle_from);
CREATE INDEX IF NOT EXISTS payment_of ON payment(subs_id);
CREATE INDEX IF NOT EXISTS ivr_session_of ON ivr_session(tel_no);
CREATE INDEX IF NOT EXISTS web_session_of ON web_session(subs_id);
CREATE INDEX IF NOT EXISTS token_expiry ON token(expires);
"""


class Store:
    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
