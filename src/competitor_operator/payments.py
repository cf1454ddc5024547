"""Top-ups to the balance, online or by recharge card (卡号 + 密码), and the cards themselves."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from typing import Any

from competitor_operator import messages, sysclock, written
from competitor_operator.context import Ctx

LATE = dt.timedelta(minutes=10)


class Refused(Exception):
    pass


def sell_card(ctx: Ctx, face: int) -> sqlite3.Row:
    card_no = ctx.next_id("8690", 12)
    ctx.conn.execute("INSERT INTO card(card_no, card_pwd, face) VALUES (?, ?, ?)",
                     (card_no, f"{secrets.randbelow(10**12):012d}", face))
    return ctx.conn.execute("SELECT * FROM card WHERE card_no = ?", (card_no,)).fetchone()


def top_up(ctx: Ctx, subs: sqlite3.Row, amount: int, channel: str) -> sqlite3.Row:
    from competitor_operator import catalogue

    if amount not in catalogue.TOPUP_AMOUNTS:
        raise Refused("充值金额须为30、50或100元")
    return _pay(ctx, subs, amount, channel, "online")


def redeem(ctx: Ctx, subs: sqlite3.Row, card_no: str, card_pwd: str,
           channel: str) -> sqlite3.Row:
    card = ctx.conn.execute("SELECT * FROM card WHERE card_no = ?", (card_no,)).fetchone()
    if card is None or card["card_pwd"] != card_pwd:
        raise Refused("充值卡号或密码不正确")
    if card["used_by"]:
        raise Refused("该充值卡已使用")
    ctx.conn.execute("UPDATE card SET used_by = ?, used_at = ? WHERE card_no = ?",
                     (subs["id"], written.stored(sysclock.now(ctx)), card_no))
    return _pay(ctx, subs, card["face"], channel, "card")


def _pay(ctx: Ctx, subs: sqlite3.Row, amount: int, channel: str, method: str) -> sqlite3.Row:
    now = sysclock.now(ctx)
    credited = now + LATE if ctx.fault("topup-late") else now
    payment_id = ctx.next_id("BWPAY", 8)
    ctx.conn.execute(
        "INSERT INTO payment(id, subs_id, amount, channel, method, at, credited_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (payment_id, subs["id"], amount, channel, method, written.stored(now),
         written.stored(credited)))
    if credited == now:
        _credit(ctx, {"subs": subs["id"], "payment": payment_id})
    else:
        sysclock.schedule(ctx, credited, "credit", subs=subs["id"], payment=payment_id)
    return ctx.conn.execute("SELECT * FROM payment WHERE id = ?", (payment_id,)).fetchone()


@sysclock.job("credit")
def _credit(ctx: Ctx, payload: dict[str, Any]) -> None:
    payment = ctx.conn.execute("SELECT * FROM payment WHERE id = ?",
                               (payload["payment"],)).fetchone()
    if payment is None:
        return
    ctx.conn.execute("UPDATE subscriber SET balance = balance + ? WHERE id = ?",
                     (payment["amount"], payment["subs_id"]))
    subs = ctx.conn.execute("SELECT * FROM subscriber WHERE id = ?",
                            (payment["subs_id"],)).fetchone()
    if not ctx.fault("no-topup-sms"):
        messages.send(ctx, subs["tel_no"],
                      f"您已充值{written.cny(payment['amount'])}，当前余额"
                      f"{written.cny(subs['balance'])}。流水号{payment['id']}。")


def payments(ctx: Ctx, subs_id: str) -> list[sqlite3.Row]:
    return ctx.conn.execute("SELECT * FROM payment WHERE subs_id = ? ORDER BY at, id",
                            (subs_id,)).fetchall()
