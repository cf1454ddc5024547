"""Orders and the products they make: order (add), plan change (modify), unsubscribe (delete).

A plan is provisioned 10 minutes after its order; a value-added service is on at once; a plan
change takes effect at once (both plans charged by the day in that cycle); an unsubscribe takes
effect at once, the fee charged up to and including that day.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from competitor_operator import catalogue, messages, sysclock, written
from competitor_operator.catalogue import Offering
from competitor_operator.context import Ctx

PROVISIONING = dt.timedelta(minutes=10)
LATE_PROVISIONING = dt.timedelta(days=3)


class Refused(Exception):
    """The order is not accepted; the message says why, in the customer's words."""


def products(ctx: Ctx, subs_id: str, live: bool = True) -> list[sqlite3.Row]:
    sql = "SELECT * FROM product WHERE subs_id = ?"
    if live:
        sql += " AND state != 'terminated'"
    return ctx.conn.execute(sql + " ORDER BY ordered_at, id", (subs_id,)).fetchall()


def product(ctx: Ctx, product_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM product WHERE id = ?", (product_id,)).fetchone()


def current_plan(ctx: Ctx, subs_id: str) -> sqlite3.Row | None:
    return next((p for p in products(ctx, subs_id)
                 if catalogue.OFFERINGS[p["offering"]].kind == "plan"), None)


def order_row(ctx: Ctx, order_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM orders WHERE id = ?", (order_id,)).fetchone()


def _order(ctx: Ctx, subs: sqlite3.Row, channel: str, action: str, offering: str,
           product_id: str | None, state: str) -> str:
    order_id = ctx.next_id("BWO", 8)
    now = written.stored(sysclock.now(ctx))
    ctx.conn.execute(
        "INSERT INTO orders(id, subs_id, channel, action, offering, product_id, state, "
        "created_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (order_id, subs["id"], channel, action, offering, product_id, state, now,
         now if state == "completed" else None))
    return order_id


def _new_product(ctx: Ctx, subs_id: str, offering: str, order_id: str, state: str,
                 via: str = "order") -> str:
    product_id = ctx.next_id("BWP-", 8)
    now = written.stored(sysclock.now(ctx))
    ctx.conn.execute(
        "INSERT INTO product(id, subs_id, offering, state, ordered_at, active_from, order_id, "
        "via) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (product_id, subs_id, offering, state, now, now if state == "active" else None,
         order_id, via))
    return product_id


def price_words(offering: Offering, ctx: Ctx) -> str:
    """``¥39.00（含增值税¥3.22）``: the fee with the VAT it includes."""
    if ctx.fault("vat-not-shown"):
        return written.cny(offering.fee)
    return f"{written.cny(offering.fee)}（含增值税{written.cny(offering.vat)}）"


def order(ctx: Ctx, subs: sqlite3.Row, code: str, channel: str) -> dict[str, Any]:
    """A new plan or value-added service: {"order", "product"}."""
    offering = catalogue.get(code)
    if offering is None or offering.kind not in ("plan", "vas"):
        raise Refused(f"没有可订购的产品“{code}”")
    if ctx.fault("order-rejected"):
        raise Refused("系统忙，请稍后再试")
    live = products(ctx, subs["id"])
    if offering.kind == "plan" and current_plan(ctx, subs["id"]) is not None:
        raise Refused("您已有套餐，如需更换请办理套餐变更")
    if any(p["offering"] == offering.code for p in live):
        raise Refused(f"您已订购{offering.name}，无需重复订购")
    state = "active" if offering.kind == "vas" else "pending"
    order_id = _order(ctx, subs, channel, "add", offering.code, None, "acknowledged")
    product_id = _new_product(ctx, subs["id"], offering.code, order_id, state)
    ctx.conn.execute("UPDATE orders SET product_id = ? WHERE id = ?", (product_id, order_id))
    now = sysclock.now(ctx)
    if offering.kind == "plan":
        delay = LATE_PROVISIONING if ctx.fault("activation-late") else PROVISIONING
        sysclock.schedule(ctx, now + delay, "activate", subs=subs["id"], product=product_id)
        if not ctx.fault("no-order-sms"):
            messages.send(ctx, subs["tel_no"],
                          f"您已订购{offering.name}，月费{price_words(offering, ctx)}，首个账期"
                          f"月费与套餐内容均按天折算，10分钟内生效。退订请发送QX{offering.word}"
                          f"至{messages.SENDER}或拨打96888。订单号{order_id}。")
    else:
        _complete(ctx, order_id)
        from competitor_operator import news
        news.start(ctx, subs, product_id)
        if not ctx.fault("no-order-sms"):
            messages.send(ctx, subs["tel_no"],
                          f"您已订购{offering.name}，信息费{price_words(offering, ctx)}/月，由"
                          f"{offering.provider}提供、蓝鲸通信代收，首个账期按天折算。退订请发送"
                          f"QX{offering.word}至{messages.SENDER}或拨打96888。订单号{order_id}。")
    return {"order": order_id, "product": product_id}


def provision(ctx: Ctx, subs: sqlite3.Row, code: str) -> str:
    """A product the test environment hands over already active (no order SMS, no delay)."""
    order_id = _order(ctx, subs, "qa", "add", code, None, "completed")
    product_id = _new_product(ctx, subs["id"], code, order_id, "active")
    ctx.conn.execute("UPDATE orders SET product_id = ? WHERE id = ?", (product_id, order_id))
    return product_id


def _complete(ctx: Ctx, order_id: str) -> None:
    ctx.conn.execute("UPDATE orders SET state = 'completed', completed_at = ? WHERE id = ?",
                     (written.stored(sysclock.now(ctx)), order_id))


@sysclock.job("activate")
def _activate(ctx: Ctx, payload: dict[str, Any]) -> None:
    row = product(ctx, payload["product"])
    if row is None or row["state"] != "pending":
        return
    ctx.conn.execute("UPDATE product SET state = 'active', active_from = ? WHERE id = ?",
                     (written.stored(sysclock.now(ctx)), row["id"]))
    _complete(ctx, row["order_id"])
    tel = ctx.conn.execute("SELECT tel_no FROM subscriber WHERE id = ?",
                           (row["subs_id"],)).fetchone()["tel_no"]
    name = catalogue.OFFERINGS[row["offering"]].name
    messages.send(ctx, tel, f"您的号码{tel}已开通{name}，欢迎使用。")


def change(ctx: Ctx, subs: sqlite3.Row, product_id: str, code: str,
           channel: str) -> dict[str, Any]:
    """A plan change: at once, both plans charged by the day in this cycle."""
    old = product(ctx, product_id)
    new = catalogue.get(code)
    if old is None or old["subs_id"] != subs["id"] or old["state"] != "active" \
            or catalogue.OFFERINGS[old["offering"]].kind != "plan":
        raise Refused("没有可变更的在用套餐")
    if new is None or new.kind != "plan":
        raise Refused(f"没有名为“{code}”的套餐")
    if new.code == old["offering"]:
        raise Refused(f"您已在使用{new.name}")
    order_id = _order(ctx, subs, channel, "modify", new.code, product_id, "acknowledged")
    if ctx.fault("change-next-cycle"):
        from competitor_operator import billing
        sysclock.schedule(ctx, billing.next_cycle_start(ctx, subs), "change", subs=subs["id"],
                          product=product_id, offering=new.code, order=order_id)
    else:
        switch(ctx, product_id, new.code, order_id)
    if not ctx.fault("no-change-sms"):
        old_name = catalogue.OFFERINGS[old["offering"]].name
        messages.send(ctx, subs["tel_no"],
                      f"您的套餐已由{old_name}变更为{new.name}，即时生效，本账期两个套餐的月费与"
                      f"套餐内容均按天折算。订单号{order_id}。")
    return {"order": order_id, "product": product_id}


def switch(ctx: Ctx, product_id: str, code: str, order_id: str) -> str:
    """End the old plan (charged to yesterday) and start the new one (from today)."""
    old = product(ctx, product_id)
    assert old is not None
    now = sysclock.now(ctx)
    ctx.conn.execute(
        "UPDATE product SET state = 'terminated', ended_at = ?, charged_until = ?, "
        "ended_by = 'change' WHERE id = ?",
        (written.stored(now), now.date().isoformat(), product_id))
    new_id = _new_product(ctx, old["subs_id"], code, order_id, "active", via="change")
    ctx.conn.execute("UPDATE orders SET product_id = ? WHERE id = ?", (new_id, order_id))
    _complete(ctx, order_id)
    return new_id


@sysclock.job("change")
def _change_later(ctx: Ctx, payload: dict[str, Any]) -> None:
    row = product(ctx, payload["product"])
    if row is not None and row["state"] == "active":
        switch(ctx, payload["product"], payload["offering"], payload["order"])


def cancel(ctx: Ctx, subs: sqlite3.Row, product_id: str, channel: str) -> dict[str, Any]:
    row = product(ctx, product_id)
    if row is None or row["subs_id"] != subs["id"] or row["state"] == "terminated":
        raise Refused("没有可退订的在用业务")
    order_id = _order(ctx, subs, channel, "delete", row["offering"], product_id, "completed")
    now = sysclock.now(ctx)
    ctx.conn.execute(
        "UPDATE product SET state = 'terminated', ended_at = ?, charged_until = ?, "
        "ended_by = 'cancel' WHERE id = ?",
        (written.stored(now), (now.date() + dt.timedelta(days=1)).isoformat(), product_id))
    sysclock.cancel(ctx, "activate", product=product_id)
    sysclock.cancel(ctx, "news", product=product_id)
    if not ctx.fault("no-cancel-sms"):
        name = catalogue.OFFERINGS[row["offering"]].name
        messages.send(ctx, subs["tel_no"],
                      f"您已退订{name}，即时生效，月费按天计至{written.chinese_date(now)}。"
                      f"订单号{order_id}。")
    return {"order": order_id, "product": product_id}
