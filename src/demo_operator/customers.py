"""Customers and their SIMs (one number each, from the 199 range)."""

from __future__ import annotations

import random
import sqlite3

from demo_operator import times
from demo_operator.context import Ctx
from demo_operator.db import next_id

_random = random.SystemRandom()


def create(ctx: Ctx, name: str, id_number: str, language: str = "zh") -> sqlite3.Row:
    customer_id = next_id(ctx.conn, "CUST")
    while True:
        msisdn = "199" + "".join(_random.choice("0123456789") for _ in range(8))
        if not ctx.conn.execute("SELECT 1 FROM customer WHERE msisdn = ?", (msisdn,)).fetchone():
            break
    start = times.stored(ctx.settings.start)
    ctx.conn.execute(
        "INSERT INTO customer(id, name, id_number, msisdn, now, created_at, language) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (customer_id, name, id_number, msisdn, start, start, language))
    return get(ctx, customer_id)  # type: ignore[return-value]


def get(ctx: Ctx, customer_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM customer WHERE id = ?", (customer_id,)).fetchone()


def by_msisdn(ctx: Ctx, msisdn: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM customer WHERE msisdn = ?", (msisdn,)).fetchone()
