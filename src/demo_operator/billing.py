"""Rating, proration and the month-end bill (TMF678).

The rules (README.md, "Rules"):
- the monthly fee is charged by calendar month; the first and last month are prorated by day,
  fee × charged days ÷ days in month, rounded half up to the fen; a day counts when the
  product was in service at any time on it (start day and termination day both count);
- allowances are whole each calendar month, from the plan in force that month; usage is
  consumed in time order and only the part of a session past the allowance is charged;
- at 00:00 on the 1st the month just ended is billed, then the bill notice SMS goes out;
- a value-added service is free in its trial (ordered on day 1-20: the order month; day
  21-end: the order month and the next), then charged its whole information fee for each
  month it is subscribed at 00:00 on the 1st (never prorated).

The arithmetic is in pure functions (``prorate``, ``charged_days``, ``recurring_charge``,
``usage_charges``, ``first_charged_month``, ``vas_charge``) so that it can be checked by hand;
``make_bill`` gathers the facts from the database and stores what they give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

from demo_operator import catalogue, clock, inventory, sms, times
from demo_operator.catalogue import Offering
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.money import yuan

RECURRING = "recurringCharge"
USAGE = "usageCharge"
ONE_TIME = "oneTimeCharge"       # a content provider's information fee, as it reported it
ADJUSTMENT = "adjustment"        # a refund credited
DISCOUNT = "discount"
UNIT_WORDS = {"voice": "分钟", "data": "MB"}
TRIAL_LAST_DAY = 20      # ordered on or before this day: only the order month is free
USAGE_NAMES = {"voice": "国内通话", "data": "国内流量"}


# -- arithmetic ---------------------------------------------------------------------------------

def prorate(fee: int, days: int, days_in_month: int) -> int:
    """fee × days ÷ days_in_month in fen, rounded half up (integers only: no float drift)."""
    return (2 * fee * days + days_in_month) // (2 * days_in_month)


def charged_days(start: dt.date, end: dt.date | None, year: int, month: int) -> int:
    """Days of the month on which a product in service from ``start`` to ``end`` (both days
    included; None: still in service) was in service."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, times.days_in_month(year, month))
    low, high = max(start, first), min(end or last, last)
    return max(0, (high - low).days + 1)


@dataclasses.dataclass(frozen=True)
class Session:
    """A usage record as rating sees it."""

    usage_id: str
    usage_type: str          # voice | data
    quantity: int            # minutes | MB
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Charge:
    """One line of a bill before it is stored."""

    type: str                # recurringCharge | usageCharge
    amount: int              # fen
    offering_id: str         # the plan it was rated on
    name: str
    description: str
    period_from: dt.date
    period_to: dt.date
    charged_days: int | None = None
    days_in_month: int | None = None
    session: Session | None = None
    charged_quantity: int | None = None


def recurring_charge(plan: Offering, start: dt.date, end: dt.date | None, year: int,
                     month: int, *, full_after_termination: bool = False) -> Charge | None:
    """The month's fee for a product in service from ``start`` to ``end``; None when it was
    not in service that month.

    ``full_after_termination`` is the charges-after-cancel fault: from the termination month
    on, the whole monthly fee is charged as if nothing had been cancelled.
    """
    dim = times.days_in_month(year, month)
    first, last = dt.date(year, month, 1), dt.date(year, month, dim)
    if start > last:
        return None
    if full_after_termination and end is not None and end <= last:
        days, low, high = dim, first, last
    else:
        days = charged_days(start, end, year, month)
        if days == 0:
            return None
        low, high = max(start, first), min(end or last, last)
    amount = plan.fee if days == dim else prorate(plan.fee, days, dim)
    how = "整月" if days == dim else f"按日折算{days}/{dim}天"
    return Charge(RECURRING, amount, plan.id, f"{plan.name}月费",
                  f"{low.isoformat()}至{high.isoformat()},{how}", low, high,
                  charged_days=days, days_in_month=dim)


def first_charged_month(ordered: dt.date) -> tuple[int, int]:
    """The first month a value-added service ordered on ``ordered`` is charged for: the next
    month when ordered on day 1-20, the month after that when ordered on day 21-end."""
    month = times.next_month(ordered.year, ordered.month)
    return month if ordered.day <= TRIAL_LAST_DAY else times.next_month(*month)


def last_free_month(ordered: dt.date) -> tuple[int, int]:
    return times.previous_month(*first_charged_month(ordered))


def vas_charge(service: Offering, ordered: dt.date, start: dt.datetime,
               end: dt.datetime | None, year: int, month: int, *,
               trial_charged: bool = False, fee_late: bool = False) -> Charge | None:
    """The month's information fee for a service ordered on ``ordered``, active from
    ``start`` until ``end`` (when the unsubscribe was asked; None: still subscribed): the
    whole fee when the month is past the trial and the service was active at 00:00 on its
    1st, else None.

    ``trial_charged`` is the vas-trial-charged fault: every month the service was subscribed
    in at all is charged in full, the free months too. ``fee_late`` is the vas-fee-late
    fault: the first month after the trial is not charged (the fee starts a month late).
    """
    dim = times.days_in_month(year, month)
    first, last = dt.date(year, month, 1), dt.date(year, month, dim)
    if trial_charged:
        charged = start < times.month_start(*times.next_month(year, month)) and (
            end is None or end >= times.month_start(year, month))
    else:
        at_first = times.month_start(year, month)
        charged = ((year, month) >= first_charged_month(ordered) and start <= at_first
                   and (end is None or end > at_first))
        if fee_late and (year, month) == first_charged_month(ordered):
            charged = False
    if not charged:
        return None
    return Charge(RECURRING, service.fee, service.id, f"{service.name}信息费",
                  f"{first.isoformat()}至{last.isoformat()},整月", first, last,
                  charged_days=dim, days_in_month=dim)


def usage_charges(plan: Offering, sessions: Iterable[Session], *,
                  data_rate: int | None = None) -> list[Charge]:
    """Rate a month's sessions of one product in time order against the plan's allowances.
    ``data_rate`` overrides the plan's data overage rate (the bill-overcharges-data fault)."""
    used = {"voice": 0, "data": 0}
    charges = []
    for session in sorted(sessions, key=lambda s: s.at):
        kind = session.usage_type
        allowance = plan.allowance(kind)
        before, used[kind] = used[kind], used[kind] + session.quantity
        over = max(0, used[kind] - max(allowance, before))
        rate = data_rate if kind == "data" and data_rate is not None else plan.rate(kind)
        unit = UNIT_WORDS[kind]
        description = f"{session.quantity}{unit}" + (
            f",超出套餐{over}{unit},{yuan(rate)}元/{unit}" if over else ",套餐内")
        day = times.local_date(session.at)
        charges.append(Charge(USAGE, over * rate, plan.id, USAGE_NAMES[kind], description, day, day,
                              session=session, charged_quantity=over))
    return charges


def bundle_discount(member_fees: Iterable[int], percent: int) -> int:
    """The bundle's discount (a negative amount, fen): ``percent`` of the members' fees for
    the month, rounded half up."""
    base = sum(member_fees)
    return -((2 * base * percent + 100) // 200)


def _bundle_charges(ctx: Ctx, bundle: sqlite3.Row, found: list[tuple[str, Charge]],
                    year: int, month: int) -> Charge | None:
    """The discount line of a bundle product for the month, from its members' fee lines in
    ``found``: the rate of the members in service at 00:00 on the 1st (in the month the
    bundle starts: all it was ordered with)."""
    offering = catalogue.get(bundle["offering_id"])
    assert offering is not None
    members = inventory.members(ctx, bundle["id"])
    ids = {m["id"] for m in members}
    fees = [c.amount for pid, c in found if pid in ids and c.type == RECURRING]
    if not fees or bundle["start_date"] is None:
        return None
    period_start = times.month_start(year, month)
    started_in_month = times.parse(bundle["start_date"]) >= period_start
    # bundle-discount-missing: the billing system applies the discount only from the first
    # whole month, so the month the bundle starts in is billed without it.
    if started_in_month and ctx.fault("bundle-discount-missing"):
        return None
    in_service = {m["offering_id"] for m in members
                  if m["termination_date"] is None
                  or times.parse(m["termination_date"]) >= period_start}
    percent = catalogue.discount_percent(offering, in_service)
    if not percent:
        return None
    dim = times.days_in_month(year, month)
    first, last = dt.date(year, month, 1), dt.date(year, month, dim)
    return Charge(DISCOUNT, bundle_discount(fees, percent), offering.id,
                  f"融合优惠({percent}%)", f"成员月费合计{yuan(sum(fees))}元的{percent}%",
                  first, last)


# -- the month-end bill run ---------------------------------------------------------------------

def schedule_month_end(ctx: Ctx, customer_id: str, after: dt.datetime) -> None:
    """Make sure the bill run for the month ``after`` falls in is on the customer's clock."""
    clock.schedule(ctx, customer_id, times.next_month_start(after), "month_end", once=True)


@clock.job("month_end")
def _month_end(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    now = clock.now(ctx, customer_id)
    year, month = times.previous_month(now.year, now.month)
    make_bill(ctx, customer_id, year, month)
    products = inventory.of_customer(ctx, customer_id)
    keeps_charging = any(p["status"] != "terminated" for p in products) or (
        ctx.fault("charges-after-cancel") and bool(products))
    if keeps_charging:
        schedule_month_end(ctx, customer_id, now)


def month_charges(ctx: Ctx, customer_id: str, year: int,
                  month: int) -> list[tuple[str, Charge]]:
    """Every charge of the customer's month as (product id, charge): recurring lines first,
    then the sessions in time order, the order the itemised record is read in."""
    period_start = times.month_start(year, month)
    period_end = times.month_start(*times.next_month(year, month))
    found: list[tuple[str, Charge]] = []
    bundles = []
    for product in inventory.of_customer(ctx, customer_id):
        if product["start_date"] is None:
            continue
        if catalogue.is_bundle(product["offering_id"]):
            bundles.append(product)  # its members carry the fees; its discount comes last
            continue
        ended = times.parse(product["termination_date"]) if product["termination_date"] else None
        service = catalogue.get(product["offering_id"])
        if service is not None and service.is_roaming:
            # no fee: only the sessions abroad, each at its zone's rate
            from demo_operator import roaming  # roaming rates with billing's Charge
            found.extend((product["id"], c) for c in roaming.charges(ctx, product, year, month))
            continue
        if service is not None and service.is_vas:
            # Active until the unsubscribe was asked for, once it has taken effect (while the
            # termination waits, or never comes, the fee runs on). charges-after-cancel: the
            # fee runs on as if nothing had been cancelled.
            unsubscribed = None if ctx.fault("charges-after-cancel") else \
                inventory.unsubscribed_at(ctx, product["id"])
            fee = vas_charge(service, times.local_date(times.parse(product["order_date"])),
                             times.parse(product["start_date"]), unsubscribed, year, month,
                             trial_charged=ctx.fault("vas-trial-charged"),
                             fee_late=ctx.fault("vas-fee-late"))
            if fee:
                found.append((product["id"], fee))
            continue
        start = times.local_date(times.parse(product["start_date"]))
        # The plan of the month: the one in force at the last moment the product had service
        # in it (a change effective 00:00 on the 1st belongs to the next month).
        plan = inventory.plan_before(ctx, product["id"],
                                     min(period_end, ended) if ended else period_end)
        # charges-after-cancel: a cancellation keeps being charged; a bundle member only when
        # the whole bundle was cancelled (removing a member is a change, not a cancellation).
        parent = inventory.get(ctx, product["parent_id"]) if product["parent_id"] else None
        recurring = recurring_charge(
            plan, start, times.local_date(ended) if ended else None, year, month,
            full_after_termination=ctx.fault("charges-after-cancel") and (
                parent is None or parent["status"] == "terminated"))
        if recurring:
            found.append((product["id"], recurring))
        sessions = [Session(r["id"], r["usage_type"], r["quantity"], times.parse(r["usage_date"]))
                    for r in ctx.conn.execute(
                        "SELECT * FROM usage WHERE product_id = ? AND bill_id IS NULL "
                        "AND usage_date >= ? AND usage_date < ? ORDER BY usage_date, seq",
                        (product["id"], times.stored(period_start), times.stored(period_end)))]
        # bill-overcharges-data: the rating engine has the data overage rate doubled.
        data_rate = plan.data_rate * 2 if ctx.fault("bill-overcharges-data") else None
        found.extend((product["id"], c) for c in usage_charges(plan, sessions,
                                                               data_rate=data_rate))
    for bundle in bundles:
        discount = _bundle_charges(ctx, bundle, found, year, month)
        if discount:
            found.append((bundle["id"], discount))
    found.sort(key=lambda pc: (pc[1].type == USAGE, pc[1].session.at if pc[1].session
                               else period_start))
    return found + [("", c) for c in _other_charges(ctx, customer_id, period_start, period_end)]


def _other_charges(ctx: Ctx, customer_id: str, start: dt.datetime,
                   end: dt.datetime) -> list[Charge]:
    """Charges that belong to no product: information fees content providers reported for
    the month, and refunds credited in it."""
    found = []
    span = (customer_id, times.stored(start), times.stored(end))
    for row in ctx.conn.execute("SELECT * FROM provider_charge WHERE customer_id = ? AND "
                                "charged_at >= ? AND charged_at < ? ORDER BY charged_at", span):
        day = times.local_date(times.parse(row["charged_at"]))
        found.append(Charge(ONE_TIME, row["amount"], "", f"{row['provider']}信息费",
                            f"{row['provider']}报送的信息费", day, day))
    for row in ctx.conn.execute("SELECT * FROM adjustment WHERE customer_id = ? AND "
                                "at >= ? AND at < ? ORDER BY at", span):
        day = times.local_date(times.parse(row["at"]))
        found.append(Charge(ADJUSTMENT, row["amount"], "", row["name"], row["name"], day, day))
    return found


def make_bill(ctx: Ctx, customer_id: str, year: int, month: int) -> str | None:
    """Bill the month for the customer; None when nothing was in service or used in it."""
    lines = month_charges(ctx, customer_id, year, month)
    if not lines:
        return None
    now = clock.now(ctx, customer_id)
    total = sum(charge.amount for _, charge in lines)
    bill_id = next_id(ctx.conn, "CB")
    bill_no = f"{year:04d}{month:02d}{bill_id.split('-')[1]}"
    ctx.conn.execute(
        "INSERT INTO bill(id, bill_no, customer_id, bill_date, period_year, period_month, "
        "amount_due, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'sent')",
        (bill_id, bill_no, customer_id, times.stored(now), year, month, total))
    for product_id, charge in lines:
        session = charge.session
        ctx.conn.execute(
            "INSERT INTO bill_line(id, bill_id, type, product_id, offering_id, name, description, "
            "amount, usage_id, usage_type, quantity, charged_quantity, at, period_from, "
            "period_to, charged_days, days_in_month) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (next_id(ctx.conn, "ACBR"), bill_id, charge.type, product_id, charge.offering_id,
             charge.name, charge.description, charge.amount,
             session.usage_id if session else None, session.usage_type if session else None,
             session.quantity if session else None, charge.charged_quantity,
             times.stored(session.at) if session else None, charge.period_from.isoformat(),
             charge.period_to.isoformat(), charge.charged_days, charge.days_in_month))
        if session:
            ctx.conn.execute("UPDATE usage SET bill_id = ? WHERE id = ?",
                             (bill_id, session.usage_id))
    if not ctx.fault("no-bill-notice"):
        # bill-notice-wrong-amount: the notice states 10.00 more than the bill.
        told = total + 1000 if ctx.fault("bill-notice-wrong-amount") else total
        sms.say(ctx, customer_id, sms.BILL, year=year, month=month, amount=yuan(told))
    return bill_id


# -- reading bills ------------------------------------------------------------------------------

def get(ctx: Ctx, bill_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM bill WHERE id = ?", (bill_id,)).fetchone()


def of_customer(ctx: Ctx, customer_id: str | None = None) -> list[sqlite3.Row]:
    order = "ORDER BY period_year, period_month, id"
    if customer_id is None:
        return ctx.conn.execute(f"SELECT * FROM bill {order}").fetchall()
    return ctx.conn.execute(f"SELECT * FROM bill WHERE customer_id = ? {order}",
                            (customer_id,)).fetchall()


def lines(ctx: Ctx, bill_id: str) -> list[sqlite3.Row]:
    """Every line of the bill, as charged (they add up to its amount due)."""
    return ctx.conn.execute(
        "SELECT * FROM bill_line WHERE bill_id = ? ORDER BY type = 'usageCharge', at, seq",
        (bill_id,)).fetchall()


def itemised(ctx: Ctx, bill_id: str) -> list[dict[str, Any]]:
    """The itemised record the customer is shown (API, halls, counter, SMS hall). The
    itemised-record faults are the detail export's: the bill total (from the rating engine)
    stays right."""
    shown = [dict(line) for line in lines(ctx, bill_id)]
    usage_positions = [n for n, line in enumerate(shown) if line["type"] == USAGE]
    # itemised-record-missing-lines: the export drops the bill's last usage line.
    if ctx.fault("itemised-record-missing-lines") and usage_positions:
        del shown[usage_positions[-1]]
    # itemised-charges-swapped: the export shows the call's charge on the data line and the
    # data's on the call line.
    calls = [line for line in shown if line["usage_type"] == "voice"]
    data = [line for line in shown if line["usage_type"] == "data"]
    if ctx.fault("itemised-charges-swapped") and calls and data:
        calls[0]["amount"], data[0]["amount"] = data[0]["amount"], calls[0]["amount"]
    # itemised-phantom-line: the export adds a free 20 MB data line an hour after the last
    # session, for a session nobody made (no usage record behind it).
    if ctx.fault("itemised-phantom-line") and usage_positions:
        last = shown[usage_positions[-1]]
        at = times.parse(last["at"]) + dt.timedelta(hours=1)
        shown.append({**last, "id": f"{last['id']}-P", "usage_id": "", "usage_type": "data",
                      "name": USAGE_NAMES["data"], "quantity": 20, "charged_quantity": 0,
                      "amount": 0, "at": times.stored(at)})
    return shown
