"""鲸鱼资讯, the information service: a news SMS every morning at 08:00 from its provider."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from competitor_operator import messages, sysclock
from competitor_operator.context import Ctx

SENDER = "1065588801"    # the content provider's own port; BlueWhale's notices stay on 10655888
HEADLINES = ("蓝鲸港今日晴，气温12至20度。", "本市地铁新线今日开通试运营。",
             "周末文化节在滨海公园举办。")


def start(ctx: Ctx, subs: sqlite3.Row, product_id: str) -> None:
    if ctx.fault("vas-not-delivered"):
        return
    messages.send(ctx, subs["tel_no"], "鲸鱼资讯欢迎您：每日早8点为您送上要闻。",
                  sender=SENDER)
    _next(ctx, subs["id"], product_id, 0)


def _next(ctx: Ctx, subs_id: str, product_id: str, n: int) -> None:
    now = sysclock.now(ctx)
    due = now.replace(hour=8, minute=0, second=0, microsecond=0)
    if due <= now:
        due += dt.timedelta(days=1)
    sysclock.schedule(ctx, due, "news", subs=subs_id, product=product_id, n=n)


@sysclock.job("news")
def _news(ctx: Ctx, payload: dict[str, Any]) -> None:
    row = ctx.conn.execute("SELECT p.state, s.tel_no FROM product p JOIN subscriber s "
                           "ON s.id = p.subs_id WHERE p.id = ?", (payload["product"],)).fetchone()
    if row is None or row["state"] != "active":
        return
    messages.send(ctx, row["tel_no"], "鲸鱼资讯：" + HEADLINES[payload["n"] % len(HEADLINES)],
                  delay=dt.timedelta(0), sender=SENDER)
    _next(ctx, payload["subs"], payload["product"], payload["n"] + 1)
