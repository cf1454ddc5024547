"""Complaints about an information fee on a bill, and the refund rule of DOMAIN.md [004]:
an information fee charged in error is refunded double (双倍返还); one that cannot be verified
within 3 days is refunded, not doubled.

A content provider reports information fees for its customers and the carrier bills them as
reported (``provider_charge``); the test environment plays a provider that reports a fee
for a customer who never ordered anything from it. The customer disputes the line on the
bill on a channel; verification is a job on the customer's clock. A fee with no order
behind it is an error: the refund is credited on the bill of the month it is made in, and
an SMS says so.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from demo_operator import billing, clock, customers, inventory, sms, times
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.money import yuan

VERIFIED_IN = dt.timedelta(days=2)
LATE_VERIFIED_IN = dt.timedelta(days=5)   # refund-late: the provider answers after 5 days
VERIFY_LIMIT = dt.timedelta(days=3)       # past this, refund but do not double
DISPUTABLE = (billing.ONE_TIME, billing.RECURRING)
ACCEPTED = "投诉已受理,工单号{dispute},我们将在3日内核实处理。"


class DisputeRefused(Exception):
    """Why a complaint cannot be taken (a Chinese sentence, as the channels say it)."""


def provider_charge(ctx: Ctx, customer_id: str, provider: str, amount: int) -> str:
    """A content provider reports an information fee for the customer, billed as reported."""
    charge_id = next_id(ctx.conn, "SPC")
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("INSERT INTO provider_charge(id, customer_id, provider, amount, charged_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (charge_id, customer_id, provider, amount, times.stored(now)))
    billing.schedule_month_end(ctx, customer_id, now)
    return charge_id


def disputable(ctx: Ctx, customer_id: str) -> list[sqlite3.Row]:
    """The information-fee lines of the customer's latest bill, in bill order."""
    bills = billing.of_customer(ctx, customer_id)
    if not bills:
        return []
    return [line for line in billing.lines(ctx, bills[-1]["id"])
            if line["type"] in DISPUTABLE and line["name"].endswith("信息费")]


def file(ctx: Ctx, customer_id: str, line_id: str, channel: str) -> str:
    """Take the customer's complaint about a bill line; the answer comes within 3 days."""
    line = ctx.conn.execute(
        "SELECT bill_line.* FROM bill_line JOIN bill ON bill.id = bill_line.bill_id "
        "WHERE bill_line.id = ? AND bill.customer_id = ?", (line_id, customer_id)).fetchone()
    if line is None or line["type"] not in DISPUTABLE or not line["name"].endswith("信息费"):
        raise DisputeRefused("只能对账单中的信息费投诉")
    if ctx.conn.execute("SELECT 1 FROM dispute WHERE bill_line_id = ?", (line_id,)).fetchone():
        raise DisputeRefused("该费用已投诉,请等待处理结果")
    dispute_id = next_id(ctx.conn, "CMP")
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("INSERT INTO dispute(id, customer_id, bill_line_id, channel, filed_at) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (dispute_id, customer_id, line_id, channel, times.stored(now)))
    verify_in = LATE_VERIFIED_IN if ctx.fault("refund-late") else VERIFIED_IN
    clock.schedule(ctx, customer_id, now + verify_in, "dispute_verify", {"dispute": dispute_id})
    return dispute_id


def _ordered(ctx: Ctx, customer_id: str, line: sqlite3.Row) -> bool:
    """Proof that the customer ordered what the line charges for: a product of theirs."""
    return bool(line["product_id"]) and any(
        p["id"] == line["product_id"] for p in inventory.of_customer(ctx, customer_id))


@clock.job("dispute_verify")
def _verify(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    dispute = ctx.conn.execute("SELECT * FROM dispute WHERE id = ?",
                               (payload["dispute"],)).fetchone()
    line = ctx.conn.execute("SELECT * FROM bill_line WHERE id = ?",
                            (dispute["bill_line_id"],)).fetchone()
    now = clock.now(ctx, customer_id)
    if _ordered(ctx, customer_id, line):
        refund, template = 0, sms.DISPUTE_UPHELD
    else:
        in_time = now - times.parse(dispute["filed_at"]) <= VERIFY_LIMIT
        # refund-not-doubled: the error is found, but only the fee itself is given back.
        double = in_time and not ctx.fault("refund-not-doubled")
        refund = line["amount"] * (2 if double else 1)
        template = sms.DISPUTE_REFUNDED if in_time else sms.DISPUTE_UNVERIFIED
    ctx.conn.execute("UPDATE dispute SET resolved_at = ?, refund = ? WHERE id = ?",
                     (times.stored(now), refund, dispute["id"]))
    if refund:
        ctx.conn.execute("INSERT INTO adjustment(id, customer_id, amount, name, at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (next_id(ctx.conn, "ADJ"), customer_id, -refund,
                          f"{line['name']}退费", times.stored(now)))
        billing.schedule_month_end(ctx, customer_id, now)
    # refund-sms-wrong-amount: the answer states one fee less than the refund given.
    told = refund - line["amount"] if refund and ctx.fault("refund-sms-wrong-amount") else refund
    sms.say(ctx, customer_id, template, name=line["name"], fee=yuan(line["amount"]),
            refund=yuan(told), dispute=dispute["id"])


def of_customer(ctx: Ctx, customer_id: str) -> list[sqlite3.Row]:
    assert customers.get(ctx, customer_id) is not None
    return ctx.conn.execute("SELECT * FROM dispute WHERE customer_id = ? ORDER BY filed_at",
                            (customer_id,)).fetchall()
