"""Bills: one per bill cycle, cut at 00:00 of the next bill day, paid from the balance.

A bill's lines: each monthly fee by the days its product covered in the cycle; the cycle's
allowances (each plan's, prorated by its days, added up) against the calls and data used;
calls beyond at 0.15 a started minute, data beyond at 0.003 a started KB (the line half up to
the fen); each provider charge. Every line shows the VAT it includes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from decimal import Decimal
from typing import Any

from competitor_operator import catalogue, messages, sysclock, tariff, written
from competitor_operator.catalogue import BASIC_VAT, VALUE_ADDED_VAT, vat_of
from competitor_operator.context import Ctx


def bill_day(ctx: Ctx, subs: sqlite3.Row) -> int:
    return 1 if ctx.fault("cycle-on-the-1st") else int(subs["bill_day"])


def next_cycle_start(ctx: Ctx, subs: sqlite3.Row) -> dt.datetime:
    today = sysclock.now(ctx).date()
    _, last = tariff.cycle_of(bill_day(ctx, subs), today)
    day = last + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=written.TZ)


def schedule_close(ctx: Ctx, subs_id: str) -> None:
    subs = ctx.conn.execute("SELECT * FROM subscriber WHERE id = ?", (subs_id,)).fetchone()
    sysclock.schedule(ctx, next_cycle_start(ctx, subs), "cycle-close", subs=subs_id)


@sysclock.job("cycle-close")
def _close(ctx: Ctx, payload: dict[str, Any]) -> None:
    subs = ctx.conn.execute("SELECT * FROM subscriber WHERE id = ?",
                            (payload["subs"],)).fetchone()
    if subs is None:
        return
    yesterday = sysclock.now(ctx).date() - dt.timedelta(days=1)
    first, last = tariff.cycle_of(bill_day(ctx, subs), yesterday)
    lines = lines_for(ctx, subs["id"], first, last)
    if lines:
        issue(ctx, subs, first, last, lines)
    schedule_close(ctx, subs["id"])


def _line(item: str, amount: int, rate: Decimal, **detail: Any) -> dict[str, Any]:
    return {"item": item, "amount": amount, "vat": vat_of(amount, rate),
            "vatRate": str(rate), **detail}


def lines_for(ctx: Ctx, subs_id: str, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    cycle_days = tariff.days(first, last)
    lines: list[dict[str, Any]] = []
    minutes_allowed = kb_allowed = 0
    for product in ctx.conn.execute(
            "SELECT * FROM product WHERE subs_id = ? AND active_from IS NOT NULL "
            "ORDER BY active_from, id", (subs_id,)).fetchall():
        offering = catalogue.OFFERINGS[product["offering"]]
        start = max(written.parse(product["active_from"]).date(), first)
        until = dt.date.fromisoformat(product["charged_until"]) - dt.timedelta(days=1) \
            if product["charged_until"] else last
        covered = tariff.days(start, min(until, last))
        if covered == 0:
            continue
        fee_days = allowance_days = covered
        first_cycle = product["via"] == "order" and start > first
        if first_cycle and ctx.fault("first-month-fee-full"):
            fee_days = cycle_days
        if first_cycle and ctx.fault("first-month-allowance-full"):
            allowance_days = cycle_days
        if ctx.fault("change-not-prorated") and \
                (product["via"] == "change" or product["ended_by"] == "change"):
            fee_days = cycle_days
        if ctx.fault("cancel-still-charged") and product["ended_by"] == "cancel":
            fee_days = cycle_days
        fee = tariff.prorated_fee(offering.fee, fee_days, cycle_days)
        lines.append(_line(offering.name, fee, offering.vat_rate, kind=offering.kind,
                           product=product["id"], days=fee_days, cycleDays=cycle_days))
        if offering.kind == "plan":
            minutes_allowed += tariff.prorated_allowance(offering.minutes, allowance_days,
                                                         cycle_days)
            kb_allowed += tariff.prorated_allowance(offering.data_mb, allowance_days,
                                                    cycle_days) * 1024
    minutes_used, kb_used = _used(ctx, subs_id, first, last)
    over_minutes = max(0, minutes_used - minutes_allowed)
    if over_minutes:
        lines.append(_line("超出套餐通话", over_minutes * catalogue.VOICE_OVERAGE, BASIC_VAT,
                           kind="voice", quantity=over_minutes, unit="分钟",
                           allowance=minutes_allowed, used=minutes_used))
    over_kb = max(0, kb_used - kb_allowed)
    if over_kb:
        rated_kb = math.ceil(over_kb / 1024) * 1024 if ctx.fault("data-per-mb") else over_kb
        lines.append(_line("超出套餐流量", written.half_up(rated_kb * catalogue.DATA_OVERAGE),
                           BASIC_VAT, kind="data", quantity=over_kb, unit="KB",
                           allowance=kb_allowed, used=kb_used))
    for charge in ctx.conn.execute(
            "SELECT * FROM charge WHERE subs_id = ? AND at >= ? AND at < ? ORDER BY at",
            (subs_id, *_bounds(first, last))).fetchall():
        lines.append(_line(f"{charge['provider']}信息费", charge["amount"], VALUE_ADDED_VAT,
                           kind="provider"))
    return lines


def _bounds(first: dt.date, last: dt.date) -> tuple[str, str]:
    begin = dt.datetime(first.year, first.month, first.day, tzinfo=written.TZ)
    end = dt.datetime(last.year, last.month, last.day, tzinfo=written.TZ) + dt.timedelta(days=1)
    return written.stored(begin), written.stored(end)


def _used(ctx: Ctx, subs_id: str, first: dt.date, last: dt.date) -> tuple[int, int]:
    rows = ctx.conn.execute(
        "SELECT kind, SUM(rated) AS total FROM usage WHERE subs_id = ? AND at >= ? AND at < ? "
        "GROUP BY kind", (subs_id, *_bounds(first, last))).fetchall()
    totals = {r["kind"]: int(r["total"]) for r in rows}
    return totals.get("voice", 0), totals.get("data", 0)


def issue(ctx: Ctx, subs: sqlite3.Row, first: dt.date, last: dt.date,
          lines: list[dict[str, Any]]) -> str:
    amount = sum(line["amount"] for line in lines)
    vat = sum(line["vat"] for line in lines)
    bill_id = ctx.next_id("BWB", 8)
    ctx.conn.execute(
        "INSERT INTO bill(id, subs_id, cycle_from, cycle_to, amount, vat, lines, issued_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (bill_id, subs["id"], first.isoformat(), last.isoformat(), amount, vat,
         json.dumps(lines, ensure_ascii=False), written.stored(sysclock.now(ctx))))
    ctx.conn.execute("UPDATE subscriber SET balance = balance - ? WHERE id = ?",
                     (amount, subs["id"]))
    balance = ctx.conn.execute("SELECT balance FROM subscriber WHERE id = ?",
                               (subs["id"],)).fetchone()["balance"]
    if not ctx.fault("no-bill-sms"):
        vat_words = "" if ctx.fault("vat-not-shown") else f"（含增值税{written.cny(vat)}）"
        messages.send(ctx, subs["tel_no"],
                      f"尊敬的客户，您{written.month_word(first)}账单（{written.chinese_date(first)}"
                      f"至{written.chinese_date(last)}）消费{written.cny(amount)}{vat_words}，"
                      f"已从余额扣除，当前余额{written.cny(balance)}。")
    if balance < 0:
        messages.send(ctx, subs["tel_no"],
                      f"您的余额已不足（{written.cny(balance)}），请及时充值，以免影响使用。")
    return bill_id


def bills(ctx: Ctx, subs_id: str) -> list[sqlite3.Row]:
    return ctx.conn.execute("SELECT * FROM bill WHERE subs_id = ? ORDER BY cycle_from",
                            (subs_id,)).fetchall()


def bill(ctx: Ctx, bill_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM bill WHERE id = ?", (bill_id,)).fetchone()


def add_provider_charge(ctx: Ctx, subs: sqlite3.Row, provider: str, amount: int) -> str:
    charge_id = ctx.next_id("BWC", 8)
    ctx.conn.execute("INSERT INTO charge(id, subs_id, provider, amount, at) VALUES (?, ?, ?, ?, ?)",
                     (charge_id, subs["id"], provider, amount, written.stored(sysclock.now(ctx))))
    return charge_id
