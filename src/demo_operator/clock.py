"""One test clock per customer, and the jobs that fall due on it.

All operator work for a customer that happens later (provisioning, plan changes, termination,
month-end billing) is a job with a due time on that customer's clock. Moving the clock runs the
due jobs one by one in due-time order, with the clock standing at each job's due time while it
runs, so whatever the job records carries the right time, and jobs it schedules that are also
due run in the same advance.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from demo_operator import times
from demo_operator.context import Ctx

Handler = Callable[[Ctx, str, dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}


class ClockBackwards(Exception):
    """A customer's clock only moves forward."""


class UnknownCustomer(LookupError):
    pass


def job(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that does jobs of ``kind``: f(ctx, customer_id, payload)."""
    def register(handler: Handler) -> Handler:
        if kind in _HANDLERS:
            raise ValueError(f"two handlers for job kind {kind!r}")
        _HANDLERS[kind] = handler
        return handler
    return register


def now(ctx: Ctx, customer_id: str) -> dt.datetime:
    row = ctx.conn.execute("SELECT now FROM customer WHERE id = ?", (customer_id,)).fetchone()
    if row is None:
        raise UnknownCustomer(customer_id)
    return times.parse(row["now"])


def schedule(ctx: Ctx, customer_id: str, due: dt.datetime, kind: str,
             payload: dict[str, Any] | None = None, once: bool = False) -> None:
    """Put a job on the customer's clock. ``once``: not if the same kind is already pending
    at that due time (month-end billing is scheduled from several places)."""
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    if due < now(ctx, customer_id):
        raise ValueError(f"job {kind} due {due} is in the customer's past")
    if once and ctx.conn.execute(
            "SELECT 1 FROM job WHERE customer_id = ? AND kind = ? AND due = ? AND done_at IS NULL",
            (customer_id, kind, times.stored(due))).fetchone():
        return
    ctx.conn.execute("INSERT INTO job(customer_id, due, kind, payload) VALUES (?, ?, ?, ?)",
                     (customer_id, times.stored(due), kind,
                      json.dumps(payload or {}, ensure_ascii=False)))


def pending(ctx: Ctx, customer_id: str) -> list[tuple[dt.datetime, str, dict[str, Any]]]:
    rows = ctx.conn.execute(
        "SELECT due, kind, payload FROM job WHERE customer_id = ? AND done_at IS NULL "
        "ORDER BY due, seq", (customer_id,)).fetchall()
    return [(times.parse(r["due"]), r["kind"], json.loads(r["payload"])) for r in rows]


def advance_to(ctx: Ctx, customer_id: str, target: dt.datetime) -> dt.datetime:
    """Move the customer's clock to ``target``, running every job due on the way."""
    start = now(ctx, customer_id)
    if target < start:
        raise ClockBackwards(f"the clock stands at {times.iso(start)}; "
                             f"{times.iso(target)} is in its past")
    while True:
        row = ctx.conn.execute(
            "SELECT seq, due, kind, payload FROM job "
            "WHERE customer_id = ? AND done_at IS NULL AND due <= ? ORDER BY due, seq LIMIT 1",
            (customer_id, times.stored(target))).fetchone()
        if row is None:
            break
        _set(ctx, customer_id, max(times.parse(row["due"]), start))
        _HANDLERS[row["kind"]](ctx, customer_id, json.loads(row["payload"]))
        ctx.conn.execute("UPDATE job SET done_at = ? WHERE seq = ?", (row["due"], row["seq"]))
    _set(ctx, customer_id, target)
    return target


def catch_up(operator: Any) -> None:
    """Real-time mode: bring every customer's clock up to the wall clock."""
    wall = dt.datetime.now(times.TZ).replace(microsecond=0)
    with operator.tx() as ctx:
        customers = [r["id"] for r in ctx.conn.execute("SELECT id FROM customer").fetchall()]
        for customer_id in customers:
            if now(ctx, customer_id) < wall:
                advance_to(ctx, customer_id, wall)


def advance(ctx: Ctx, customer_id: str, seconds: float) -> dt.datetime:
    if seconds < 0:
        raise ClockBackwards(f"cannot advance by {seconds} s: the clock only moves forward")
    return advance_to(ctx, customer_id, now(ctx, customer_id) + dt.timedelta(seconds=seconds))


def _set(ctx: Ctx, customer_id: str, moment: dt.datetime) -> None:
    ctx.conn.execute("UPDATE customer SET now = ? WHERE id = ?",
                     (times.stored(moment), customer_id))
