"""What a channel first told a customer, kept for the faults of a channel that repeats it
instead of asking again (``hotline-balance-cached``, ``web-subscriptions-cached``): a copy
that only the channel's own transactions refresh, as a channel's cache that never hears of
what the customer did elsewhere.
"""

from __future__ import annotations

import json
from typing import Any

from demo_operator.context import Ctx


def first(ctx: Ctx, customer_id: str, channel: str, subject: str, now: Any) -> Any:
    """What ``channel`` first told the customer about ``subject``; ``now`` (what is true now)
    where it has told nothing yet, kept as what it told."""
    row = ctx.conn.execute(
        "SELECT said FROM told WHERE customer_id = ? AND channel = ? AND subject = ?",
        (customer_id, channel, subject)).fetchone()
    if row is not None:
        return json.loads(row["said"])
    ctx.conn.execute("INSERT INTO told(customer_id, channel, subject, said) VALUES (?, ?, ?, ?)",
                     (customer_id, channel, subject, json.dumps(now, ensure_ascii=False)))
    return now


def forget(ctx: Ctx, customer_id: str, channel: str, subject: str) -> None:
    """The channel did something about ``subject`` itself: it tells what is true next time."""
    ctx.conn.execute("DELETE FROM told WHERE customer_id = ? AND channel = ? AND subject = ?",
                     (customer_id, channel, subject))
