"""The SMS hall on 10655888: command words in, replies from the same number that sends every
notice. Orders and plan changes need a second confirmation (二次确认): the hall asks, and the
customer replies Y within 15 minutes on the system date."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

from competitor_operator import billing, catalogue, messages, ordering, payments, sysclock, written
from competitor_operator.context import Ctx

CONFIRM_WINDOW = dt.timedelta(minutes=15)
REPLY_DELAY = dt.timedelta(seconds=3)
HELP = ("蓝鲸通信短信营业厅：KT39/KT69订购套餐，KTZX订购鲸鱼资讯，BG69(或BG39)变更套餐，"
        "QX39/QX69/QXZX退订，CX查询业务，ZD查询账单，YE查询余额，JG查询资费，"
        "CZ 卡号 密码 充值卡充值。")


def receive(ctx: Ctx, subs: sqlite3.Row, content: str) -> None:
    words = content.strip().upper()
    compact = re.sub(r"\s+", "", words)
    reply = _answer(ctx, subs, compact, words)
    messages.send(ctx, subs["tel_no"], reply, delay=REPLY_DELAY)


def _answer(ctx: Ctx, subs: sqlite3.Row, compact: str, words: str) -> str:
    if compact in ("Y", "是"):
        return _confirm(ctx, subs)
    command, rest = compact[:2], compact[2:]
    offering = catalogue.by_word(rest) if rest else None
    if command == "KT" and offering is not None:
        return _ask(ctx, subs, "add", offering, None)
    if command == "BG" and offering is not None and offering.kind == "plan":
        plan = ordering.current_plan(ctx, subs["id"])
        if plan is None or plan["state"] != "active":
            return "您没有在用套餐，无法变更。"
        return _ask(ctx, subs, "modify", offering, plan["id"])
    if command == "QX" and offering is not None:
        live = [p for p in ordering.products(ctx, subs["id"]) if p["offering"] == offering.code]
        if not live:
            return f"您未订购{offering.name}。"
        try:
            ordering.cancel(ctx, subs, live[0]["id"], "sms")
        except ordering.Refused as exc:
            return str(exc)
        return f"退订{offering.name}已受理，即时生效。"
    if compact == "CX":
        return _products(ctx, subs)
    if compact == "ZD":
        return _bill(ctx, subs)
    if compact == "YE":
        return f"您的当前余额为{written.cny(_balance(ctx, subs))}。"
    if compact == "JG":
        return "；".join(f"{o.name}{ordering.price_words(o, ctx)}/月"
                        for o in catalogue.OFFERINGS.values() if o.fee) + "。"
    if compact.startswith("CZ"):
        return _card(ctx, subs, words)
    return HELP


def _ask(ctx: Ctx, subs: sqlite3.Row, action: str, offering: catalogue.Offering,
         product_id: str | None) -> str:
    ctx.conn.execute(
        "INSERT OR REPLACE INTO confirmation(tel_no, action, offering, product_id, asked_at) "
        "VALUES (?, ?, ?, ?, ?)", (subs["tel_no"], action, offering.code, product_id,
                                   written.stored(sysclock.now(ctx))))
    what = "订购" if action == "add" else "变更为"
    fee = "信息费" if offering.kind == "vas" else "月费"
    return (f"您将{what}{offering.name}，{fee}{ordering.price_words(offering, ctx)}/月，"
            f"首个账期按天折算。请在15分钟内回复Y确认，回复其他内容不办理。")


def _confirm(ctx: Ctx, subs: sqlite3.Row) -> str:
    row = ctx.conn.execute("SELECT * FROM confirmation WHERE tel_no = ?",
                           (subs["tel_no"],)).fetchone()
    if row is None:
        return "您没有待确认的业务。" + HELP
    ctx.conn.execute("DELETE FROM confirmation WHERE tel_no = ?", (subs["tel_no"],))
    if sysclock.now(ctx) - written.parse(row["asked_at"]) > CONFIRM_WINDOW:
        return "确认已超过15分钟，本次办理已取消，请重新发送指令。"
    offering = catalogue.OFFERINGS[row["offering"]]
    if ctx.fault("sms-confirm-ignored"):
        return f"感谢您的确认，{offering.name}正在办理中。"
    try:
        if row["action"] == "add":
            done = ordering.order(ctx, subs, offering.code, "sms")
        else:
            done = ordering.change(ctx, subs, row["product_id"], offering.code, "sms")
    except ordering.Refused as exc:
        return f"办理失败：{exc}"
    return f"已受理{offering.name}，订单号{done['order']}。"


def _products(ctx: Ctx, subs: sqlite3.Row) -> str:
    live = ordering.products(ctx, subs["id"])
    state = {"active": "生效中", "pending": "开通中"}
    listed = "；".join(f"{catalogue.OFFERINGS[p['offering']].name}（{state[p['state']]}）"
                      for p in live) or "无"
    return f"您当前业务：{listed}。余额{written.cny(_balance(ctx, subs))}。"


def _bill(ctx: Ctx, subs: sqlite3.Row) -> str:
    bills = billing.bills(ctx, subs["id"])
    if not bills:
        return "您暂无已出账单。"
    last = bills[-1]
    first = dt.date.fromisoformat(last["cycle_from"])
    vat = "" if ctx.fault("vat-not-shown") else f"（含增值税{written.cny(last['vat'])}）"
    return (f"您{written.month_word(first)}账单（{written.chinese_date(first)}至"
            f"{written.chinese_date(dt.date.fromisoformat(last['cycle_to']))}）消费"
            f"{written.cny(last['amount'])}{vat}。")


def _balance(ctx: Ctx, subs: sqlite3.Row) -> int:
    return int(ctx.conn.execute("SELECT balance FROM subscriber WHERE id = ?",
                                (subs["id"],)).fetchone()["balance"])


def _card(ctx: Ctx, subs: sqlite3.Row, words: str) -> str:
    parts = words.split()
    if len(parts) != 3:
        return "充值格式：CZ 卡号 密码（以空格分隔）。"
    try:
        payment = payments.redeem(ctx, subs, parts[1], parts[2], "sms")
    except payments.Refused as exc:
        return str(exc)
    return f"充值{written.cny(payment['amount'])}已受理。"
