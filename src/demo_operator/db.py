"""The operator's storage: one SQLite file, one connection, one lock.

Load is a handful of walkers, so every request takes the lock for its whole transaction. That
keeps a clock advance (which runs jobs that touch several tables) atomic without any cleverness.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS oauth_token (     -- client-credentials access tokens
    token TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    scopes TEXT NOT NULL,           -- space-separated
    expires_at TEXT NOT NULL        -- UTC, real time
);
CREATE TABLE IF NOT EXISTS customer_owner (  -- the OAuth client whose token made the customer
    customer_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS catalog_entity (  -- TMF620 resources a client created
    kind TEXT NOT NULL,             -- productOffering, productOfferingPrice, ...
    id TEXT NOT NULL,
    body TEXT NOT NULL,             -- JSON, as served (without href)
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS counter (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS customer (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    msisdn TEXT NOT NULL UNIQUE,
    now TEXT NOT NULL,              -- the customer's own test clock
    created_at TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'zh'  -- the SMS the customer reads: zh or en
);
CREATE TABLE IF NOT EXISTS job (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    due TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,          -- JSON
    done_at TEXT
);
CREATE INDEX IF NOT EXISTS job_pending ON job(customer_id, done_at, due);
CREATE TABLE IF NOT EXISTS sms (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    msisdn TEXT NOT NULL,
    sender TEXT NOT NULL,
    text TEXT NOT NULL,
    delivered_at TEXT NOT NULL      -- on the customer's clock; the inbox shows what is due
);
CREATE INDEX IF NOT EXISTS sms_inbox ON sms(msisdn, delivered_at);
CREATE TABLE IF NOT EXISTS sign_in_code (
    msisdn TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hall_session (
    token TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counter_session (
    token TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    customer_id TEXT REFERENCES customer(id),   -- the customer being served, once identified
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sms_list (
    customer_id TEXT PRIMARY KEY REFERENCES customer(id),
    product_ids TEXT NOT NULL       -- JSON: the products of the last 0000 reply, in order
);
CREATE TABLE IF NOT EXISTS hotline_call (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    msisdn TEXT NOT NULL,
    started_at TEXT NOT NULL,
    path TEXT NOT NULL,             -- JSON: the keys from the root menu to where the caller is
    prompt TEXT NOT NULL,           -- what the current menu says (# repeats it)
    listed TEXT NOT NULL,           -- JSON: the product ids menu 3 last read out, in order
    ended INTEGER NOT NULL DEFAULT 0,
    transcript TEXT NOT NULL        -- JSON: [{"prompt": ...} | {"keys": ...}]
);
CREATE TABLE IF NOT EXISTS product_order (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    channel TEXT NOT NULL,
    order_date TEXT NOT NULL,
    state TEXT NOT NULL,
    completion_date TEXT
);
CREATE TABLE IF NOT EXISTS order_item (
    order_id TEXT NOT NULL REFERENCES product_order(id),
    item_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    action TEXT NOT NULL,           -- add | modify | delete
    product_id TEXT NOT NULL,
    offering_id TEXT,               -- add: the offering; modify: the new one
    old_offering_id TEXT,           -- modify: the plan it replaces
    stated_date TEXT,               -- modify: the effective date the customer was told
    state TEXT NOT NULL,
    PRIMARY KEY (order_id, item_id)
);
CREATE TABLE IF NOT EXISTS product (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    msisdn TEXT NOT NULL,
    offering_id TEXT NOT NULL,      -- the plan in force now
    status TEXT NOT NULL,
    order_date TEXT NOT NULL,
    start_date TEXT,
    termination_date TEXT,
    scheduled_offering TEXT,
    scheduled_change_date TEXT,     -- YYYY-MM-DD
    scheduled_order_id TEXT,
    parent_id TEXT                  -- a bundle member: the bundle's product
);
CREATE TABLE IF NOT EXISTS plan_period (
    product_id TEXT NOT NULL REFERENCES product(id),
    offering_id TEXT NOT NULL,
    effective_from TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS usage (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    msisdn TEXT NOT NULL,
    usage_type TEXT NOT NULL,       -- voice | data
    quantity INTEGER NOT NULL,
    unit TEXT NOT NULL,             -- minute | MB
    called_number TEXT,
    usage_date TEXT NOT NULL,
    bill_id TEXT,
    country TEXT                    -- abroad: ISO 3166 code of the visited country; home: NULL
);
CREATE TABLE IF NOT EXISTS phone_location (
    customer_id TEXT PRIMARY KEY REFERENCES customer(id),
    country TEXT NOT NULL           -- where the phone is registered; no row: at home (CN)
);
CREATE TABLE IF NOT EXISTS bill (
    id TEXT PRIMARY KEY,
    bill_no TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    bill_date TEXT NOT NULL,
    period_year INTEGER NOT NULL,
    period_month INTEGER NOT NULL,
    amount_due INTEGER NOT NULL,    -- fen
    state TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS provider_charge (
    id TEXT PRIMARY KEY,            -- a content provider's information fee, billed as reported
    customer_id TEXT NOT NULL REFERENCES customer(id),
    provider TEXT NOT NULL,
    amount INTEGER NOT NULL,        -- fen
    charged_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS dispute (
    id TEXT PRIMARY KEY,            -- a complaint about an information fee on a bill
    customer_id TEXT NOT NULL REFERENCES customer(id),
    bill_line_id TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    filed_at TEXT NOT NULL,
    resolved_at TEXT,
    refund INTEGER                  -- fen, once resolved
);
CREATE TABLE IF NOT EXISTS adjustment (
    id TEXT PRIMARY KEY,            -- a credit, on the bill of the month it was made in
    customer_id TEXT NOT NULL REFERENCES customer(id),
    amount INTEGER NOT NULL,        -- fen, negative for a credit
    name TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bill_line (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    bill_id TEXT NOT NULL REFERENCES bill(id),
    type TEXT NOT NULL,             -- recurringCharge | usageCharge | oneTimeCharge | adjustment
    product_id TEXT NOT NULL,       -- "" for a provider's charge or an adjustment
    offering_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    amount INTEGER NOT NULL,        -- fen
    usage_id TEXT,
    usage_type TEXT,
    quantity INTEGER,
    charged_quantity INTEGER,       -- the part past the allowance
    at TEXT,                        -- usage lines: when the session was
    period_from TEXT NOT NULL,      -- YYYY-MM-DD, inclusive
    period_to TEXT NOT NULL,        -- YYYY-MM-DD, inclusive
    charged_days INTEGER,
    days_in_month INTEGER
);
-- fixed lines (broadband, leased lines): where and when they are installed, tickets, care
CREATE TABLE IF NOT EXISTS customer_segment (
    customer_id TEXT PRIMARY KEY REFERENCES customer(id),
    segment TEXT NOT NULL           -- enterprise (a customer without a row is personal)
);
CREATE TABLE IF NOT EXISTS fixed_site (
    product_id TEXT PRIMARY KEY REFERENCES product(id),
    address TEXT NOT NULL,
    slot_id TEXT,                   -- broadband: the appointment booked
    slot_start TEXT,
    slot_end TEXT
);
CREATE TABLE IF NOT EXISTS trouble_ticket (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    product_id TEXT NOT NULL REFERENCES product(id),
    channel TEXT NOT NULL,
    description TEXT NOT NULL,
    severity TEXT NOT NULL,
    status TEXT NOT NULL,           -- acknowledged | resolved
    created_at TEXT NOT NULL,
    expected_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE TABLE IF NOT EXISTS inbound_call (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    msisdn TEXT NOT NULL,
    caller TEXT NOT NULL,
    purpose TEXT NOT NULL,
    about TEXT NOT NULL,
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS network_work (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    products TEXT NOT NULL,         -- JSON: the product ids it interrupts
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS account (
    customer_id TEXT PRIMARY KEY REFERENCES customer(id),
    payment TEXT NOT NULL,          -- prepaid (a postpaid customer has no row)
    balance INTEGER NOT NULL,       -- fen; below zero: in arrears
    arrears_since TEXT,             -- when the balance last went below zero (NULL: not in arrears)
    barred INTEGER NOT NULL DEFAULT 0    -- outgoing service stopped for arrears
);
CREATE TABLE IF NOT EXISTS topup (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL REFERENCES customer(id),
    channel TEXT NOT NULL,
    method TEXT NOT NULL,           -- online | card | cash
    amount INTEGER NOT NULL,        -- fen
    card TEXT,
    requested_at TEXT NOT NULL,
    credited_at TEXT,
    state TEXT NOT NULL             -- pending | succeeded | failed
);
CREATE TABLE IF NOT EXISTS recharge_card (
    number TEXT PRIMARY KEY,
    password TEXT NOT NULL,
    amount INTEGER NOT NULL,        -- fen
    used_by TEXT,
    used_at TEXT
);
CREATE TABLE IF NOT EXISTS hotline_entry (
    call_id TEXT PRIMARY KEY,
    digits TEXT NOT NULL            -- what the caller has keyed in so far (a recharge card)
);
CREATE TABLE IF NOT EXISTS told (     -- what a channel first told a customer (told.py)
    customer_id TEXT NOT NULL REFERENCES customer(id),
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,          -- balance, or a product's id
    said TEXT NOT NULL,             -- JSON
    PRIMARY KEY (customer_id, channel, subject)
);
-- Every request asks for one customer's (or one product's, or one bill's) rows: without these
-- each was a scan of the table, and a campaign of thousands of customers slowed as it went.
CREATE INDEX IF NOT EXISTS product_of ON product(customer_id);
CREATE INDEX IF NOT EXISTS product_member ON product(parent_id);
CREATE INDEX IF NOT EXISTS order_of ON product_order(customer_id);
CREATE INDEX IF NOT EXISTS order_item_product ON order_item(product_id);
CREATE INDEX IF NOT EXISTS plan_period_product ON plan_period(product_id, effective_from);
CREATE INDEX IF NOT EXISTS usage_product ON usage(product_id, usage_date);
CREATE INDEX IF NOT EXISTS usage_of ON usage(customer_id);
CREATE INDEX IF NOT EXISTS bill_of ON bill(customer_id);
CREATE INDEX IF NOT EXISTS bill_line_bill ON bill_line(bill_id);
CREATE INDEX IF NOT EXISTS bill_line_usage ON bill_line(usage_id);
CREATE INDEX IF NOT EXISTS provider_charge_of ON provider_charge(customer_id, charged_at);
CREATE INDEX IF NOT EXISTS adjustment_of ON adjustment(customer_id, at);
CREATE INDEX IF NOT EXISTS dispute_of ON dispute(customer_id);
CREATE INDEX IF NOT EXISTS ticket_of ON trouble_ticket(customer_id);
CREATE INDEX IF NOT EXISTS inbound_call_to ON inbound_call(msisdn, at);
CREATE INDEX IF NOT EXISTS network_work_of ON network_work(customer_id);
CREATE INDEX IF NOT EXISTS topup_of ON topup(customer_id);
"""


class Store:
    """The SQLite file behind the operator."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we say BEGIN and COMMIT ourselves, under the lock.
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        # The file is a test environment's, rebuilt for every run: a commit need not wait
        # for the disk (in WAL mode NORMAL still survives the process dying, only not a
        # power cut). Waiting for fsync under the one lock was what bounded the requests.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.executescript(SCHEMA)
        self.lock = threading.RLock()
        self._depth = 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Everything inside happens or nothing does; nested uses join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def next_id(conn: sqlite3.Connection, prefix: str, width: int = 6) -> str:
    """PREFIX-000042: readable ids that keep counting across restarts on the same file."""
    conn.execute("INSERT INTO counter(name, value) VALUES (?, 1) "
                 "ON CONFLICT(name) DO UPDATE SET value = value + 1", (prefix,))
    value = conn.execute("SELECT value FROM counter WHERE name = ?", (prefix,)).fetchone()[0]
    return f"{prefix}-{value:0{width}d}"
