"""The environment's one test clock (a system date, as most carriers' test environments have)
and the jobs that fall due on it. Moving it runs every due job in due order, the clock standing
at each job's due time while it runs; it never moves back."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from competitor_operator import written
from competitor_operator.context import Ctx

Handler = Callable[[Ctx, dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}


class Backwards(Exception):
    pass


def job(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler
    return register


def now(ctx: Ctx) -> dt.datetime:
    row = ctx.conn.execute("SELECT value FROM environment WHERE key = 'sysdate'").fetchone()
    if row is None:
        start = ctx.settings.start
        ctx.conn.execute("INSERT INTO environment(key, value) VALUES ('sysdate', ?)",
                         (written.stored(start),))
        return start
    return written.parse(row["value"])


def schedule(ctx: Ctx, due: dt.datetime, kind: str, **payload: Any) -> None:
    if kind not in _HANDLERS:
        raise ValueError(f"no handler for job {kind!r}")
    ctx.conn.execute("INSERT INTO job(due, kind, payload) VALUES (?, ?, ?)",
                     (written.stored(max(due, now(ctx))), kind, json.dumps(payload)))


def cancel(ctx: Ctx, kind: str, **match: Any) -> None:
    """Drop the pending jobs of ``kind`` whose payload has these values."""
    for row in ctx.conn.execute("SELECT seq, payload FROM job WHERE kind = ? AND done_at IS NULL",
                                (kind,)).fetchall():
        payload = json.loads(row["payload"])
        if all(payload.get(k) == v for k, v in match.items()):
            ctx.conn.execute("DELETE FROM job WHERE seq = ?", (row["seq"],))


def move_to(ctx: Ctx, target: dt.datetime) -> dt.datetime:
    start = now(ctx)
    if target < start:
        raise Backwards(f"the system date is {written.plain(start)}; "
                        f"{written.plain(target)} is in its past")
    while True:
        row = ctx.conn.execute(
            "SELECT seq, due, kind, payload FROM job WHERE done_at IS NULL AND due <= ? "
            "ORDER BY due, seq LIMIT 1", (written.stored(target),)).fetchone()
        if row is None:
            break
        _set(ctx, max(written.parse(row["due"]), start))
        ctx.conn.execute("UPDATE job SET done_at = ? WHERE seq = ?", (row["due"], row["seq"]))
        _HANDLERS[row["kind"]](ctx, json.loads(row["payload"]))
    _set(ctx, target)
    return target


def shift(ctx: Ctx, seconds: float) -> dt.datetime:
    if seconds < 0:
        raise Backwards(f"cannot shift by {seconds} s: the system date only moves forward")
    return move_to(ctx, now(ctx) + dt.timedelta(seconds=seconds))


def _set(ctx: Ctx, moment: dt.datetime) -> None:
    ctx.conn.execute("UPDATE environment SET value = ? WHERE key = 'sysdate'",
                     (written.stored(moment),))
