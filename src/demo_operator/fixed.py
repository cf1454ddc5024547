"""Fixed lines: broadband (宽带) and enterprise leased lines (政企专线) (README.md, "Fixed
lines").

Both are installed at an address and repaired on trouble tickets. Broadband is installed by a
technician in the appointment slot the customer booked; a leased line is provisioned in days.
Enterprise customers get revisit calls (回访) after provisioning and after every repair, and are
told of planned network work (割接) before it starts [DOMAIN 002].

Taking the order is orders.place like any product (it calls ``check_order`` and ``ordered``);
the monthly fee is billed like a plan's. What happens later is a job on the customer's clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

from demo_operator import catalogue, clock, customers, inventory, sms, times
from demo_operator.context import Ctx
from demo_operator.db import next_id

ENTERPRISE = "enterprise"
SLOT_DAYS = 3                                       # slots are offered for the next 3 days
SLOT_TIMES = {"AM": (dt.time(9), dt.time(12)), "PM": (dt.time(14), dt.time(18))}
INSTALL_INTO_SLOT = dt.timedelta(hours=1)           # the technician is done an hour in
INSTALL_MISSED = dt.timedelta(days=1)               # broadband-install-missed: a day later
LEASED_PROVISIONING = dt.timedelta(days=3)
REPAIR = {catalogue.BROADBAND: dt.timedelta(hours=4), catalogue.ENTERPRISE: dt.timedelta(hours=2)}
PROMISED_REPAIR = {catalogue.BROADBAND: dt.timedelta(hours=24),
                   catalogue.ENTERPRISE: dt.timedelta(hours=4)}
REPAIR_LATE = {catalogue.BROADBAND: ("broadband-repair-late", dt.timedelta(days=3)),
               catalogue.ENTERPRISE: ("enterprise-repair-late", dt.timedelta(days=1))}
REVISIT_AFTER = dt.timedelta(hours=2)
OUTAGE_NOTICE_AHEAD = dt.timedelta(hours=48)
CARE_CALLER = "10000"
REVISIT = "回访"

NEEDS_ADDRESS = "缺少安装地址"
NEEDS_SLOT = "请选择可预约的安装时间"
ENTERPRISE_ONLY = "专线业务仅受理政企客户"
NOT_REPAIRABLE = "该业务不支持报修"
NO_LINE = "该号码没有已开通的固定线路"
NO_LEASED_LINE = "该客户没有已开通的专线"

ACTIVATED = "【演示电信】您的账号{msisdn}已开通{offering},装机地址{address},欢迎使用。"
REPAIRED = "【演示电信】您报修的{offering}故障(单号{ticket})已修复,如仍有问题请拨打10000。"
OUTAGE = ("【演示电信】尊敬的客户,因网络割接,您的{offering}(装机地址{address})将于{start}至{end}"
          "中断,请提前做好安排。")
# What a customer who reads English gets instead (README.md, "SMS in English").
sms.ENGLISH.update({
    ACTIVATED: "[Demo Telecom] {offering} is now active on your account {msisdn}, installed at "
               "{address}. Welcome.",
    REPAIRED: "[Demo Telecom] The fault you reported on {offering} (ticket {ticket}) is "
              "repaired. If the problem remains, call 10000.",
    OUTAGE: "[Demo Telecom] Dear customer, network work will interrupt your {offering} (at "
            "{address}) from {start} to {end}. Please plan for it.",
})
REVISIT_NOTES = {"provisioned": "专线开通回访:电路已开通,请问使用是否正常?",
                 "repaired": "故障修复回访:故障已修复,请问是否满意?"}


class Refused(Exception):
    """A fixed-line request the operator says no to (answered like an order refusal)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


# -- customers ----------------------------------------------------------------------------------

def make_enterprise(ctx: Ctx, customer_id: str) -> None:
    ctx.conn.execute("INSERT OR REPLACE INTO customer_segment(customer_id, segment) "
                     "VALUES (?, ?)", (customer_id, ENTERPRISE))


def is_enterprise(ctx: Ctx, customer_id: str) -> bool:
    return ctx.conn.execute("SELECT 1 FROM customer_segment WHERE customer_id = ? AND "
                            "segment = ?", (customer_id, ENTERPRISE)).fetchone() is not None


# -- appointment slots --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Slot:
    id: str
    start: dt.datetime
    end: dt.datetime

    @property
    def label(self) -> str:
        """How the hall's select shows it: YYYY-MM-DD HH:MM-HH:MM."""
        return f"{self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"


def slot(slot_id: str) -> Slot | None:
    """SLOT-20261124-AM → the slot, or None when the id is not one."""
    try:
        _, day, half = slot_id.split("-")
        date = dt.datetime.strptime(day, "%Y%m%d").date()
        begin, end = SLOT_TIMES[half]
    except (ValueError, KeyError):
        return None
    return Slot(slot_id, dt.datetime.combine(date, begin, times.TZ),
                dt.datetime.combine(date, end, times.TZ))


def slots(ctx: Ctx, customer_id: str) -> list[Slot]:
    """The slots offered now: the next days' mornings and afternoons, not begun."""
    now = clock.now(ctx, customer_id)
    today = times.local_date(now)
    found = []
    for n in range(1, SLOT_DAYS + 1):
        day = today + dt.timedelta(days=n)
        for half in SLOT_TIMES:
            found.append(slot(f"SLOT-{day:%Y%m%d}-{half}"))
    return [s for s in found if s is not None and s.start > now]


# -- ordering -----------------------------------------------------------------------------------

def check_order(ctx: Ctx, customer_id: str, offering: catalogue.Offering, address: str | None,
                slot_id: str | None) -> None:
    """Refuse (Refused) a fixed-line order that lacks what installing it needs."""
    if offering.category == catalogue.ENTERPRISE and not is_enterprise(ctx, customer_id):
        raise Refused(409, ENTERPRISE_ONLY)
    if not (address or "").strip():
        raise Refused(400, NEEDS_ADDRESS)
    if offering.category == catalogue.BROADBAND and slot_id not in {
            s.id for s in slots(ctx, customer_id)}:
        raise Refused(409, NEEDS_SLOT)


def ordered(ctx: Ctx, customer_id: str, product_id: str, offering: catalogue.Offering,
            address: str, slot_id: str | None, now: dt.datetime) -> dt.datetime:
    """Record the site (and the appointment); returns when the line is to be active."""
    booked = slot(slot_id) if slot_id else None
    ctx.conn.execute("INSERT INTO fixed_site(product_id, address, slot_id, slot_start, slot_end) "
                     "VALUES (?, ?, ?, ?, ?)",
                     (product_id, address.strip(), slot_id,
                      times.stored(booked.start) if booked else None,
                      times.stored(booked.end) if booked else None))
    if booked is None:
        return now + LEASED_PROVISIONING
    # broadband-install-missed: the technician does not come; the visit is made a day later.
    late = INSTALL_MISSED if ctx.fault("broadband-install-missed") else dt.timedelta(0)
    return booked.start + INSTALL_INTO_SLOT + late


def site(ctx: Ctx, product_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM fixed_site WHERE product_id = ?",
                            (product_id,)).fetchone()


def activated(ctx: Ctx, customer_id: str, product: sqlite3.Row) -> None:
    """The line is active: the notice, and for a leased line the revisit call to come."""
    offering = catalogue.get(product["offering_id"])
    assert offering is not None
    where = site(ctx, product["id"])
    msisdn = product["msisdn"]
    if ctx.fault("activation-notice-wrong"):
        from demo_operator.orders import misnumbered  # orders imports this module
        msisdn = misnumbered(msisdn)
    sms.say(ctx, customer_id, ACTIVATED, msisdn=msisdn, offering=offering.name,
            address=where["address"] if where else "")
    if offering.category == catalogue.ENTERPRISE:
        _schedule_revisit(ctx, customer_id, product["id"], "provisioned")


# -- use ----------------------------------------------------------------------------------------

def connect(ctx: Ctx, customer: sqlite3.Row, megabytes: int) -> tuple[bool, str]:
    """A session on the customer's fixed line: (connected, why not)."""
    product = inventory.fixed_in_service(ctx, customer["id"])
    if product is None:
        return False, NO_LINE
    ctx.conn.execute(
        "INSERT INTO usage(id, customer_id, product_id, msisdn, usage_type, quantity, unit, "
        "usage_date) VALUES (?, ?, ?, ?, 'data', ?, 'MB', ?)",
        (next_id(ctx.conn, "USG"), customer["id"], product["id"], customer["msisdn"], megabytes,
         times.stored(clock.now(ctx, customer["id"]))))
    return True, ""


# -- trouble tickets ----------------------------------------------------------------------------

def report(ctx: Ctx, customer_id: str, product_id: str, description: str, channel: str,
           severity: str = "Major") -> str:
    """A fault report (报障): the ticket id; Refused for anything but an active fixed line."""
    product = inventory.get(ctx, product_id)
    if product is None or product["customer_id"] != customer_id:
        raise Refused(404, "产品不存在")
    offering = catalogue.get(product["offering_id"])
    if offering is None or not offering.is_fixed or product["status"] != "active":
        raise Refused(409, NOT_REPAIRABLE)
    now = clock.now(ctx, customer_id)
    ticket_id = next_id(ctx.conn, "TT")
    ctx.conn.execute(
        "INSERT INTO trouble_ticket(id, customer_id, product_id, channel, description, severity, "
        "status, created_at, expected_at) VALUES (?, ?, ?, ?, ?, ?, 'acknowledged', ?, ?)",
        (ticket_id, customer_id, product_id, channel, description.strip() or "故障", severity,
         times.stored(now), times.stored(now + PROMISED_REPAIR[offering.category])))
    fault, late = REPAIR_LATE[offering.category]
    # broadband-repair-late / enterprise-repair-late: the repair crew gets to it days late.
    delay = late if ctx.fault(fault) else REPAIR[offering.category]
    clock.schedule(ctx, customer_id, now + delay, "repair", {"ticket": ticket_id})
    return ticket_id


def repairable(ctx: Ctx, customer_id: str) -> list[sqlite3.Row]:
    """The customer's active fixed lines, oldest first."""
    return [p for p in inventory.active(ctx, customer_id) if catalogue.is_fixed(p["offering_id"])]


def ticket(ctx: Ctx, ticket_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM trouble_ticket WHERE id = ?", (ticket_id,)).fetchone()


def tickets(ctx: Ctx, customer_id: str | None = None) -> list[sqlite3.Row]:
    if customer_id is None:
        return ctx.conn.execute("SELECT * FROM trouble_ticket ORDER BY seq").fetchall()
    return ctx.conn.execute("SELECT * FROM trouble_ticket WHERE customer_id = ? ORDER BY seq",
                            (customer_id,)).fetchall()


@clock.job("repair")
def _repair(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    found = ticket(ctx, payload["ticket"])
    if found is None or found["status"] == "resolved":
        return
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("UPDATE trouble_ticket SET status = 'resolved', resolved_at = ? WHERE id = ?",
                     (times.stored(now), found["id"]))
    product = inventory.get(ctx, found["product_id"])
    offering = catalogue.get(product["offering_id"])
    assert offering is not None
    # repair-sms-wrong-ticket: the notice names the ticket numbered one higher.
    named = _next_ref(found["id"]) if ctx.fault("repair-sms-wrong-ticket") else found["id"]
    sms.say(ctx, customer_id, REPAIRED, offering=offering.name, ticket=named)
    if offering.category == catalogue.ENTERPRISE:
        _schedule_revisit(ctx, customer_id, product["id"], "repaired")


# -- enterprise care: revisit calls and planned work --------------------------------------------

def _schedule_revisit(ctx: Ctx, customer_id: str, product_id: str, after: str) -> None:
    # enterprise-revisit-missing: the account manager's revisit list is never worked.
    if ctx.fault("enterprise-revisit-missing"):
        return
    clock.schedule(ctx, customer_id, clock.now(ctx, customer_id) + REVISIT_AFTER, "revisit",
                   {"product": product_id, "after": after})


@clock.job("revisit")
def _revisit(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    customer = customers.get(ctx, customer_id)
    ctx.conn.execute(
        "INSERT INTO inbound_call(id, customer_id, msisdn, caller, purpose, about, note, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (next_id(ctx.conn, "IC"), customer_id, customer["msisdn"], CARE_CALLER, REVISIT,
         payload["product"], REVISIT_NOTES[payload["after"]],
         times.stored(clock.now(ctx, customer_id))))


def calls_received(ctx: Ctx, customer: sqlite3.Row) -> list[sqlite3.Row]:
    """The calls the phone has rung with by the customer's now, oldest first."""
    return ctx.conn.execute(
        "SELECT * FROM inbound_call WHERE msisdn = ? AND at <= ? ORDER BY at, seq",
        (customer["msisdn"], customer["now"])).fetchall()


def plan_work(ctx: Ctx, customer_id: str, start: dt.datetime, hours: float) -> dict[str, object]:
    """Network work that interrupts the customer's leased lines from ``start``."""
    lines = [p for p in repairable(ctx, customer_id)
             if catalogue.get(p["offering_id"]).category == catalogue.ENTERPRISE]  # type: ignore[union-attr]
    if not lines:
        raise Refused(409, NO_LEASED_LINE)
    now = clock.now(ctx, customer_id)
    if start <= now:
        raise Refused(400, "割接开始时间须晚于当前时间")
    end = start + dt.timedelta(hours=hours)
    work_id = next_id(ctx.conn, "NW")
    ids = [p["id"] for p in lines]
    ctx.conn.execute("INSERT INTO network_work(id, customer_id, products, start_at, end_at) "
                     "VALUES (?, ?, ?, ?, ?)", (work_id, customer_id, json.dumps(ids),
                                               times.stored(start), times.stored(end)))
    # enterprise-outage-not-notified: network operations never tell the customer.
    if not ctx.fault("enterprise-outage-not-notified"):
        clock.schedule(ctx, customer_id, max(now, start - OUTAGE_NOTICE_AHEAD), "outage_notice",
                       {"work": work_id})
    return {"id": work_id, "start": times.iso(start), "end": times.iso(end), "products": ids}


@clock.job("outage_notice")
def _outage_notice(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    work = ctx.conn.execute("SELECT * FROM network_work WHERE id = ?",
                            (payload["work"],)).fetchone()
    start, end = times.parse(work["start_at"]), times.parse(work["end_at"])
    for product_id in json.loads(work["products"]):
        product = inventory.get(ctx, product_id)
        offering = catalogue.get(product["offering_id"])
        where = site(ctx, product_id)
        sms.say(ctx, customer_id, OUTAGE, offering=offering.name if offering else "",
                address=where["address"] if where else "", start=f"{start:%Y-%m-%d %H:%M}",
                end=f"{end:%Y-%m-%d %H:%M}")


def _next_ref(ref: str) -> str:
    """TT-000042 → TT-000043."""
    prefix, _, number = ref.rpartition("-")
    return f"{prefix}-{int(number) + 1:0{len(number)}d}"
