"""Calls and data sessions from the handset stand-in, and the usage records they leave.
Only a number with an active plan connects."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from competitor_operator import ordering, sysclock, tariff, written
from competitor_operator.context import Ctx


class NoService(Exception):
    pass


def _require_plan(ctx: Ctx, subs: sqlite3.Row) -> None:
    plan = ordering.current_plan(ctx, subs["id"])
    if plan is None or plan["state"] != "active":
        raise NoService("该号码未开通套餐")


def call(ctx: Ctx, subs: sqlite3.Row, called: str, seconds: int) -> int:
    """The minutes charged for a call of ``seconds``."""
    _require_plan(ctx, subs)
    minutes = tariff.started_minutes(seconds)
    if ctx.fault("call-extra-minute") and seconds % 60 == 0:
        minutes += 1
    _record(ctx, subs, "voice", str(seconds), minutes, called)
    return minutes


def data(ctx: Ctx, subs: sqlite3.Row, kb: Decimal) -> int:
    """The KB charged for a data session of ``kb``."""
    _require_plan(ctx, subs)
    rated = tariff.started_kb(kb)
    _record(ctx, subs, "data", str(kb), rated, None)
    return rated


def _record(ctx: Ctx, subs: sqlite3.Row, kind: str, measured: str, rated: int,
            called: str | None) -> None:
    ctx.conn.execute(
        "INSERT INTO usage(id, subs_id, kind, at, measured, rated, called) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (ctx.next_id("BWU", 8), subs["id"], kind, written.stored(sysclock.now(ctx)), measured,
         rated, called))


def records(ctx: Ctx, subs_id: str) -> list[sqlite3.Row]:
    return ctx.conn.execute("SELECT * FROM usage WHERE subs_id = ? ORDER BY at, id",
                            (subs_id,)).fetchall()
