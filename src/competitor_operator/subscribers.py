"""Test subscribers: made on demand, or taken from the pool of pre-provisioned test numbers
(as a carrier hands QA a set of test SIMs) and reset between walks."""

from __future__ import annotations

import dataclasses
import secrets
import sqlite3

from competitor_operator import sysclock, written
from competitor_operator.context import Ctx


@dataclasses.dataclass(frozen=True)
class PoolNumber:
    subs_id: str
    tel_no: str
    name: str
    login_pwd: str
    service_pwd: str
    bill_day: int


# Plainly fake people; each test SIM was activated on a different day of the month.
POOL = [PoolNumber(f"BWP{n:08d}", f"1709999{n:04d}", f"测试用户{n:02d}", f"Whale#{n:04d}",
                   f"{n:02d}{n:02d}{n:02d}", day)
        for n, day in enumerate((5, 12, 18, 25, 28), start=1)]


class NotFound(LookupError):
    pass


def get(ctx: Ctx, subs_id: str) -> sqlite3.Row:
    row = ctx.conn.execute("SELECT * FROM subscriber WHERE id = ?", (subs_id,)).fetchone()
    if row is None:
        raise NotFound(f"no subscriber {subs_id}")
    return row


def by_tel(ctx: Ctx, tel_no: str) -> sqlite3.Row:
    row = ctx.conn.execute("SELECT * FROM subscriber WHERE tel_no = ?", (tel_no,)).fetchone()
    if row is None:
        raise NotFound(f"no subscriber with number {tel_no}")
    return row


def create(ctx: Ctx, name: str, bill_day: int | None = None) -> sqlite3.Row:
    from competitor_operator import billing  # billing needs subscribers; the cycle needs both

    today = sysclock.now(ctx).date()
    seq = ctx.next_id("", 6)
    subs_id, tel_no = f"BWS{seq:0>8}", f"17090{seq:0>6}"
    ctx.conn.execute(
        "INSERT INTO subscriber(id, tel_no, name, login_pwd, service_pwd, bill_day, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (subs_id, tel_no, name, "Bw" + secrets.token_hex(4), f"{secrets.randbelow(10**6):06d}",
         bill_day or min(today.day, 28), written.stored(sysclock.now(ctx))))
    billing.schedule_close(ctx, subs_id)
    return get(ctx, subs_id)


def provision_pool(ctx: Ctx) -> None:
    """The pool exists from the environment's first start."""
    for number in POOL:
        if ctx.conn.execute("SELECT 1 FROM subscriber WHERE id = ?",
                            (number.subs_id,)).fetchone() is None:
            reset(ctx, number)


def pool_number(tel_no: str) -> PoolNumber | None:
    return next((n for n in POOL if n.tel_no == tel_no), None)


def reset(ctx: Ctx, number: PoolNumber) -> sqlite3.Row:
    """The test SIM as handed out: no products, no history, no balance, its own passwords."""
    from competitor_operator import billing

    subs = number.subs_id
    for table in ("product", "orders", "usage", "charge", "bill", "payment"):
        ctx.conn.execute(f"DELETE FROM {table} WHERE subs_id = ?", (subs,))  # noqa: S608
    for table in ("message", "confirmation", "sign_in", "ivr_session"):
        ctx.conn.execute(f"DELETE FROM {table} WHERE tel_no = ?", (number.tel_no,))  # noqa: S608
    ctx.conn.execute("DELETE FROM web_session WHERE subs_id = ?", (subs,))
    for kind in ("cycle-close", "activate", "news", "change", "credit"):
        sysclock.cancel(ctx, kind, subs=subs)
    ctx.conn.execute("DELETE FROM subscriber WHERE id = ?", (subs,))
    ctx.conn.execute(
        "INSERT INTO subscriber(id, tel_no, name, login_pwd, service_pwd, bill_day, pooled, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
        (subs, number.tel_no, number.name, number.login_pwd, number.service_pwd,
         number.bill_day, written.stored(sysclock.now(ctx))))
    billing.schedule_close(ctx, subs)
    return get(ctx, subs)
