"""SMS to the customer's handset. Notices and the SMS hall's replies come from one sender."""

from __future__ import annotations

import datetime as dt
import sqlite3

from competitor_operator import sysclock, written
from competitor_operator.context import Ctx

SENDER = "10655888"
SIGNATURE = "【蓝鲸通信】"


def send(ctx: Ctx, tel_no: str, content: str, delay: dt.timedelta = dt.timedelta(seconds=5),
         sender: str = SENDER) -> None:
    """Delivered ``delay`` after now on the system date (the network takes a moment)."""
    at = sysclock.now(ctx) + delay
    ctx.conn.execute(
        "INSERT INTO message(id, tel_no, sender, content, delivered_at) VALUES (?, ?, ?, ?, ?)",
        (ctx.next_id("MSG", 8), tel_no, sender, SIGNATURE + content, written.stored(at)))


def inbox(ctx: Ctx, tel_no: str) -> list[sqlite3.Row]:
    return ctx.conn.execute(
        "SELECT * FROM message WHERE tel_no = ? AND delivered_at <= ? ORDER BY delivered_at, seq",
        (tel_no, written.stored(sysclock.now(ctx)))).fetchall()
