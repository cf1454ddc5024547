"""Calls and data sessions on the customer's SIM, and the usage records they leave (TMF635)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from typing import Any

from demo_operator import catalogue, clock, inventory, prepaid, roaming, times
from demo_operator.context import Ctx
from demo_operator.db import next_id

UNITS = {"voice": "minute", "data": "MB"}
NO_PLAN = "该号码未开通套餐,暂不能使用"
DATA_DOWN = "该号段暂不支持数据业务"


@dataclasses.dataclass(frozen=True)
class Outcome:
    connected: bool
    reason: str = ""
    usage_id: str | None = None


def session(ctx: Ctx, customer: sqlite3.Row, usage_type: str, quantity: int,
            called_number: str | None = None, country: str | None = None) -> Outcome:
    """One call (minutes) or data session (MB) at the customer's now, where the phone is
    (``country``: the phone is there now; a session abroad needs roaming in service and is
    recorded against the roaming product, with the country)."""
    if country:
        roaming.arrive(ctx, customer["id"], country)
    where = roaming.location(ctx, customer["id"])
    abroad = where != catalogue.HOME
    product = inventory.in_service(ctx, customer["id"])
    if product is None:
        return Outcome(False, NO_PLAN)
    if prepaid.barred(ctx, customer["id"]):
        return Outcome(False, prepaid.BARRED_REASON)
    # data-service-down: this number range cannot use data at all.
    if usage_type == "data" and ctx.fault("data-service-down"):
        return Outcome(False, DATA_DOWN)
    if abroad:
        product = roaming.in_service(ctx, customer["id"])
        if product is None:
            return Outcome(False, roaming.NOT_OPEN)
    # usage-not-recorded: the call goes through, the home mediation record is lost (records
    # abroad come from the visited network's files, another path).
    elif usage_type == "voice" and ctx.fault("usage-not-recorded"):
        return Outcome(True)
    usage_id = next_id(ctx.conn, "USG")
    ctx.conn.execute(
        "INSERT INTO usage(id, customer_id, product_id, msisdn, usage_type, quantity, unit, "
        "called_number, usage_date, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (usage_id, customer["id"], product["id"], customer["msisdn"], usage_type, quantity,
         UNITS[usage_type], called_number, times.stored(clock.now(ctx, customer["id"])),
         where if abroad else None))
    prepaid.rate_session(ctx, customer["id"], product["id"], usage_id)
    return Outcome(True, usage_id=usage_id)


def get(ctx: Ctx, usage_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM usage WHERE id = ?", (usage_id,)).fetchone()


def of_customer(ctx: Ctx, customer_id: str | None = None) -> list[Any]:
    """The usage records the channels list (the rating engine reads its own)."""
    if customer_id is None:
        return ctx.conn.execute("SELECT * FROM usage ORDER BY usage_date, seq").fetchall()
    rows: list[Any] = ctx.conn.execute(
        "SELECT * FROM usage WHERE customer_id = ? ORDER BY usage_date, seq",
        (customer_id,)).fetchall()
    # usage-phantom-record: the listings show a 20 MB data record an hour after the last one,
    # for a session nobody made; it is never rated.
    if ctx.fault("usage-phantom-record") and rows:
        last = dict(rows[-1])
        at = times.parse(last["usage_date"]) + dt.timedelta(hours=1)
        rows.append({**last, "id": f"{last['id']}-P", "usage_type": "data", "quantity": 20,
                     "usage_date": times.stored(at)})
    return rows
