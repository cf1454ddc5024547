"""Prepaid accounts (预付费): the balance, top-ups (充值缴费), recharge cards and arrears.

The rules (README.md, "Prepaid top-up and payment"):
- a prepaid customer comes from the test support with a plan and a starting balance; the
  plan's fee for the rest of the month it starts in (prorated by day, as on a bill) is
  deducted at once, then the whole monthly fee at 00:00 on every 1st while the plan is in
  service; each call or data session is deducted as it is rated (the part past the month's
  allowance, at the overage rate);
- when a deduction takes the balance below zero the customer is in arrears: an arrears notice
  at once, a reminder at 09:00 every day while it lasts, and after 24 hours of arrears calls
  and data are barred;
- a top-up (online payment on the API, web or mobile hall; a recharge card by SMS or on the
  hotline; cash at the counter) is credited to the balance at once, followed by a
  payment-received SMS; a top-up that brings the balance back to zero or above ends the
  arrears and the barring.

The arithmetic is billing's (``recurring_charge``, ``usage_charges``), so a prepaid balance
and a bill agree on every figure.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3

from demo_operator import billing, catalogue, clock, inventory, sms, times, told
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.money import yuan

GRACE = dt.timedelta(hours=24)          # arrears this long → barred
REMIND_AT = dt.time(9, 0)
LATE_CREDIT = dt.timedelta(minutes=2)   # the topup-credited-late fault
NOTICE_DELAY = dt.timedelta(seconds=3)  # the payment-received SMS follows the credit
FAIL_EVERY = 10                         # the topup-card-fails fault: the 1st, 11th, 21st…
MIN_TOPUP, MAX_TOPUP = 100, 50000       # fen: an online or cash top-up is 1.00 to 500.00
CARD_AMOUNTS = (3000, 5000, 10000)      # the recharge cards the test support issues
CARD_DIGITS, PASSWORD_DIGITS = 10, 8
METHODS = ("online", "card", "cash")

P = "【演示电信】"
ARREARS = (P + "尊敬的客户,您的账户已欠费,当前余额{balance}元,请及时充值,"
           "欠费超过24小时将暂停通话和上网服务。")
BARRED = P + "您的号码因欠费已暂停通话和上网服务,充值后即可恢复。"
PAID = P + "您已成功充值{amount}元,当前余额{balance}元。感谢您的支持。"
# what a customer who reads English gets instead (README.md, "Prepaid top-up")
sms.ENGLISH.update({
    ARREARS: ("[Demo Telecom] Dear customer, your account is in arrears: balance CNY {balance}. "
              "Please top up; calls and data stop after 24 hours in arrears."),
    BARRED: ("[Demo Telecom] Calls and data on your number are stopped for arrears; they "
             "resume once you top up."),
    PAID: "[Demo Telecom] You topped up CNY {amount}; your balance is CNY {balance}. Thank you.",
})
BARRED_REASON = "您的号码已欠费停机,请充值后使用"
FAILED = "充值失败,请稍后重试"
NOT_PREPAID = "该号码不是预付费用户"
BAD_CARD = "充值卡卡号或密码错误"
USED_CARD = "该充值卡已使用"
BAD_AMOUNT = "充值金额须为1至500元"


class TopUpRefused(Exception):
    """The top-up was not taken; ``reason`` is what the customer is told."""

    def __init__(self, reason: str, status: int = 422) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


# -- accounts -----------------------------------------------------------------------------------

def account(ctx: Ctx, customer_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM account WHERE customer_id = ?",
                            (customer_id,)).fetchone()


def open_account(ctx: Ctx, customer_id: str, balance: int, product_id: str) -> None:
    """A prepaid account with ``balance`` fen for a customer whose plan starts now: the rest
    of this month's fee is deducted at once, the next month's at 00:00 on the 1st."""
    ctx.conn.execute("INSERT INTO account(customer_id, payment, balance) VALUES (?, 'prepaid', ?)",
                     (customer_id, balance))
    now = clock.now(ctx, customer_id)
    product = inventory.get(ctx, product_id)
    assert product is not None
    plan = inventory.plan_before(ctx, product_id, now)
    local = now.astimezone(times.TZ)
    first = billing.recurring_charge(plan, local.date(), None, local.year, local.month)
    if first is not None:
        deduct(ctx, customer_id, first.amount)
    clock.schedule(ctx, customer_id, times.next_month_start(now), "prepaid_month", once=True)


def deduct(ctx: Ctx, customer_id: str, amount: int) -> None:
    """Take ``amount`` fen off the balance; going below zero starts the arrears."""
    if amount <= 0:
        return
    ctx.conn.execute("UPDATE account SET balance = balance - ? WHERE customer_id = ?",
                     (amount, customer_id))
    row = account(ctx, customer_id)
    if row is None or row["balance"] >= 0 or row["arrears_since"] is not None:
        return
    now = clock.now(ctx, customer_id)
    since = times.stored(now)
    ctx.conn.execute("UPDATE account SET arrears_since = ? WHERE customer_id = ?",
                     (since, customer_id))
    sms.say(ctx, customer_id, ARREARS, balance=yuan(row["balance"]))
    clock.schedule(ctx, customer_id, now + GRACE, "prepaid_bar", {"since": since})
    clock.schedule(ctx, customer_id, _next_reminder(now), "prepaid_remind",
                   {"since": since, "balance": row["balance"]})


def _next_reminder(after: dt.datetime) -> dt.datetime:
    local = after.astimezone(times.TZ)
    due = dt.datetime.combine(local.date(), REMIND_AT, times.TZ)
    return due if due > local else due + dt.timedelta(days=1)


def barred(ctx: Ctx, customer_id: str) -> bool:
    row = account(ctx, customer_id)
    return row is not None and bool(row["barred"])


def shown_balance(ctx: Ctx, customer_id: str, channel: str) -> int | None:
    """The balance a channel tells the customer (None: not a prepaid customer)."""
    row = account(ctx, customer_id)
    if row is None:
        return None
    balance = int(row["balance"])
    # topup-sms-balance-stale: the SMS hall answers YE from a copy taken before the last
    # top-up was credited.
    if channel == "sms" and ctx.fault("topup-sms-balance-stale"):
        last = ctx.conn.execute(
            "SELECT amount FROM topup WHERE customer_id = ? AND state = 'succeeded' "
            "ORDER BY credited_at DESC, seq DESC LIMIT 1", (customer_id,)).fetchone()
        if last is not None:
            balance -= int(last["amount"])
    # hotline-balance-cached: the voice menu repeats the balance it first told the customer;
    # only a top-up on the hotline itself refreshes it (top_up, below).
    if channel == "hotline" and ctx.fault("hotline-balance-cached"):
        balance = int(told.first(ctx, customer_id, channel, "balance", balance))
    return balance


# -- top-ups ------------------------------------------------------------------------------------

def issue_card(ctx: Ctx, amount: int) -> sqlite3.Row:
    """A recharge card of ``amount`` fen, as a shop would sell it (test support)."""
    if amount not in CARD_AMOUNTS:
        raise TopUpRefused(f"充值卡面值须为{'、'.join(yuan(a) for a in CARD_AMOUNTS)}元", 400)
    while True:
        number = "".join(secrets.choice("0123456789") for _ in range(CARD_DIGITS))
        if not ctx.conn.execute("SELECT 1 FROM recharge_card WHERE number = ?",
                                (number,)).fetchone():
            break
    password = "".join(secrets.choice("0123456789") for _ in range(PASSWORD_DIGITS))
    ctx.conn.execute("INSERT INTO recharge_card(number, password, amount) VALUES (?, ?, ?)",
                     (number, password, amount))
    return ctx.conn.execute("SELECT * FROM recharge_card WHERE number = ?",  # type: ignore[return-value]
                            (number,)).fetchone()


def _card(ctx: Ctx, number: str, password: str) -> sqlite3.Row:
    card = ctx.conn.execute("SELECT * FROM recharge_card WHERE number = ?",
                            (number,)).fetchone()
    if card is None or not secrets.compare_digest(card["password"], password):
        raise TopUpRefused(BAD_CARD)
    if card["used_by"] is not None:
        raise TopUpRefused(USED_CARD)
    return card  # type: ignore[no-any-return]


def top_up(ctx: Ctx, customer_id: str, channel: str, method: str, *, amount: int = 0,
           card: str = "", password: str = "") -> sqlite3.Row:
    """Take a top-up: by ``method`` online or cash (``amount`` fen) or card (``card`` number
    and ``password``). Returns the top-up (succeeded, or pending while the credit waits);
    TopUpRefused when it is not taken."""
    if method not in METHODS:
        raise ValueError(f"no top-up method {method!r}")
    if account(ctx, customer_id) is None:
        raise TopUpRefused(NOT_PREPAID, 409)
    if method == "card":
        found = _card(ctx, card, password)
        amount = int(found["amount"])
    elif not MIN_TOPUP <= amount <= MAX_TOPUP:
        raise TopUpRefused(BAD_AMOUNT, 400)
    now = clock.now(ctx, customer_id)
    topup_id = next_id(ctx.conn, "PAY")
    attempt = ctx.conn.execute("SELECT COUNT(*) FROM topup WHERE customer_id = ?",
                               (customer_id,)).fetchone()[0] + 1
    # topup-card-fails: the charging platform drops one request in ten (each number's 1st,
    # 11th, 21st…); nothing is credited and a card stays unused.
    failed = ctx.fault("topup-card-fails") and attempt % FAIL_EVERY == 1
    ctx.conn.execute(
        "INSERT INTO topup(id, customer_id, channel, method, amount, card, requested_at, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (topup_id, customer_id, channel, method, amount, card or None, times.stored(now),
         "failed" if failed else "pending"))
    if failed:
        raise TopUpRefused(FAILED, 503)
    if channel == "hotline" and ctx.fault("hotline-balance-cached"):
        told.forget(ctx, customer_id, channel, "balance")
    if method == "card":
        ctx.conn.execute("UPDATE recharge_card SET used_by = ?, used_at = ? WHERE number = ?",
                         (customer_id, times.stored(now), card))
    # topup-credited-late: the balance is updated by a batch two minutes later.
    if ctx.fault("topup-credited-late"):
        clock.schedule(ctx, customer_id, now + LATE_CREDIT, "prepaid_credit",
                       {"topup": topup_id})
    else:
        _credit(ctx, customer_id, topup_id)
    return get(ctx, topup_id)  # type: ignore[return-value]


def _credit(ctx: Ctx, customer_id: str, topup_id: str) -> None:
    topup = get(ctx, topup_id)
    if topup is None or topup["state"] != "pending":
        return
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("UPDATE topup SET state = 'succeeded', credited_at = ? WHERE id = ?",
                     (times.stored(now), topup_id))
    ctx.conn.execute("UPDATE account SET balance = balance + ? WHERE customer_id = ?",
                     (topup["amount"], customer_id))
    row = account(ctx, customer_id)
    assert row is not None
    if row["balance"] >= 0:
        ctx.conn.execute("UPDATE account SET arrears_since = NULL, barred = 0 "
                         "WHERE customer_id = ?", (customer_id,))
    # topup-no-notice: the payment-received SMS is never sent.
    if not ctx.fault("topup-no-notice"):
        sms.say(ctx, customer_id, PAID, NOTICE_DELAY, amount=yuan(topup["amount"]),
                balance=yuan(row["balance"]))


def get(ctx: Ctx, topup_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM topup WHERE id = ?", (topup_id,)).fetchone()


def of_customer(ctx: Ctx, customer_id: str | None = None) -> list[sqlite3.Row]:
    if customer_id is None:
        return ctx.conn.execute("SELECT * FROM topup ORDER BY requested_at, seq").fetchall()
    return ctx.conn.execute("SELECT * FROM topup WHERE customer_id = ? ORDER BY requested_at, seq",
                            (customer_id,)).fetchall()


# -- rating a session ---------------------------------------------------------------------------

def rate_session(ctx: Ctx, customer_id: str, product_id: str, usage_id: str) -> None:
    """Deduct a session of a prepaid customer as it is rated: against the month's allowance
    of the plan in force, in time order, as on the bill."""
    if account(ctx, customer_id) is None:
        return
    session = ctx.conn.execute("SELECT * FROM usage WHERE id = ?", (usage_id,)).fetchone()
    at = times.parse(session["usage_date"])
    plan = inventory.plan_before(ctx, product_id, at + dt.timedelta(microseconds=1))
    # topup-calls-overcharged: prepaid calls are rated from the first minute, as if the plan
    # had no voice allowance.
    if session["usage_type"] == "voice" and ctx.fault("topup-calls-overcharged"):
        deduct(ctx, customer_id, session["quantity"] * plan.voice_rate)
        return
    start = times.month_start(at.year, at.month)
    sessions = [billing.Session(r["id"], r["usage_type"], r["quantity"],
                                times.parse(r["usage_date"]))
                for r in ctx.conn.execute(
                    "SELECT * FROM usage WHERE product_id = ? AND usage_date >= ? "
                    "AND usage_date <= ? ORDER BY usage_date, seq",
                    (product_id, times.stored(start), session["usage_date"]))]
    charge = next((c for c in billing.usage_charges(plan, sessions)
                   if c.session is not None and c.session.usage_id == usage_id), None)
    if charge is not None:
        deduct(ctx, customer_id, charge.amount)


# -- jobs on the customer's clock ---------------------------------------------------------------

@clock.job("prepaid_month")
def _month(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    """00:00 on the 1st: the whole monthly fee of every plan in service."""
    now = clock.now(ctx, customer_id)
    keeps = False
    for product in inventory.of_customer(ctx, customer_id):
        if product["status"] in inventory.IN_SERVICE and not catalogue.is_vas(
                product["offering_id"]):
            plan = inventory.plan_before(ctx, product["id"],
                                         now + dt.timedelta(microseconds=1))
            deduct(ctx, customer_id, plan.fee)
        keeps = keeps or product["status"] != "terminated"
    if keeps:
        clock.schedule(ctx, customer_id, times.next_month_start(now), "prepaid_month",
                       once=True)


@clock.job("prepaid_bar")
def _bar(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    row = account(ctx, customer_id)
    if row is None or row["arrears_since"] != payload["since"] or row["balance"] >= 0:
        return
    ctx.conn.execute("UPDATE account SET barred = 1 WHERE customer_id = ?", (customer_id,))
    sms.say(ctx, customer_id, BARRED)


@clock.job("prepaid_remind")
def _remind(ctx: Ctx, customer_id: str, payload: dict[str, object]) -> None:
    """09:00 each day of arrears: the reminder; the next one while the arrears last."""
    row = account(ctx, customer_id)
    if row is None:
        return
    if row["arrears_since"] == payload["since"] and row["balance"] < 0:
        sms.say(ctx, customer_id, ARREARS, balance=yuan(row["balance"]))
        clock.schedule(ctx, customer_id, _next_reminder(clock.now(ctx, customer_id)),
                       "prepaid_remind", payload)
    elif ctx.fault("topup-arrears-after-payment"):
        # topup-arrears-after-payment: the reminder batch works from the morning's arrears
        # list, taken before the top-up was credited, and reminds the customer once more.
        sms.say(ctx, customer_id, ARREARS, balance=yuan(int(payload["balance"])))


@clock.job("prepaid_credit")
def _late_credit(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    _credit(ctx, customer_id, payload["topup"])
