"""What a customer is shown of the catalogue, their products, usage and bills, whichever channel
asks: the words and written forms the web hall, mobile hall, counter, SMS hall and hotline
share, so that every channel states the same facts the same way.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from demo_operator import billing, catalogue, clock, inventory, prepaid, times
from demo_operator import usage as usage_records
from demo_operator.context import Ctx
from demo_operator.money import yuan

STATUS_WORDS = {"pendingActive": "开通中", "active": "已开通", "pendingTerminate": "退订中",
                "terminated": "已退订"}
USAGE_WORDS = {"voice": "通话", "data": "流量"}
UNIT_WORDS = {"voice": "分钟", "data": "MB"}
BILL_STATES = {"sent": "已出账", "settled": "已缴清"}
HOME_WORD = "国内"


def offering(ctx: Ctx, o: catalogue.Offering, fee: int | None = None,
             shift: int | None = None) -> dict[str, Any]:
    """An offering as a catalogue view shows it; ``fee`` (fen) overrides the shown fee,
    ``shift`` (fen) how far the roaming rates are shown off."""
    if fee is None:
        fee = catalogue.shown_fee(ctx, o)  # the catalogue-price-wrong fault shows here too
    if shift is None:
        shift = catalogue.shown_shift(ctx, o)
    return {"id": o.id, "code": o.code, "name": o.name, "fee": yuan(fee), "vas": o.is_vas,
            "fixed": o.is_fixed, "kind": o.category,
            "voice": o.voice_minutes, "data": o.data_mb,
            "terms": catalogue.terms(o, fee, shift)}


def offerings(ctx: Ctx) -> list[dict[str, Any]]:
    """The mobile plans, in catalogue order."""
    return [offering(ctx, o) for o in catalogue.PLANS]


def services(ctx: Ctx) -> list[dict[str, Any]]:
    """The value-added services (增值业务), in catalogue order."""
    return [offering(ctx, o) for o in catalogue.SERVICES]


def bundles(ctx: Ctx) -> list[dict[str, Any]]:
    """The converged bundles (融合套餐)."""
    return [offering(ctx, o) for o in catalogue.BUNDLES]


def roaming(ctx: Ctx) -> list[dict[str, Any]]:
    """The roaming add-on (国际漫游)."""
    return [offering(ctx, o) for o in catalogue.ROAMING_OFFERINGS]


def fixed_lines(ctx: Ctx, enterprise: bool) -> list[tuple[str, list[dict[str, Any]]]]:
    """The fixed-line tables of a catalogue page: (caption, offerings); leased lines only
    where the enterprise desk sells them."""
    tables = [(catalogue.BROADBAND_NAME, [offering(ctx, o) for o in catalogue.BROADBANDS])]
    if enterprise:
        tables.append((catalogue.ENTERPRISE_NAME,
                       [offering(ctx, o) for o in catalogue.LEASED_LINES]))
    return tables


TICKET_WORDS = {"acknowledged": "已受理", "inProgress": "处理中", "resolved": "已修复"}


def ticket(ctx: Ctx, t: sqlite3.Row) -> dict[str, Any]:
    """A row of 我的报修: 故障单号, 业务, 状态, 报修时间, 修复时间."""
    product = inventory.get(ctx, t["product_id"])
    o = catalogue.get(product["offering_id"]) if product else None
    return {"id": t["id"], "name": o.name if o else "", "status": TICKET_WORDS.get(
        t["status"], t["status"]), "created": times.shown(times.parse(t["created_at"])),
        "resolved": times.shown(times.parse(t["resolved_at"])) if t["resolved_at"] else ""}


def _day(stored: str | None) -> str:
    return times.parse(stored).date().isoformat() if stored else ""


def product(p: sqlite3.Row) -> dict[str, Any]:
    """A row of "my services": 业务, 号码, 状态, 开通日期, 停用日期, 待生效变更."""
    current = catalogue.get(p["offering_id"])
    scheduled = catalogue.get(p["scheduled_offering"] or "")
    return {
        "id": p["id"], "name": current.name if current else p["offering_id"],
        "msisdn": p["msisdn"], "status": STATUS_WORDS.get(p["status"], p["status"]),
        "active": p["status"] == "active",
        "plan": current is not None and current.is_plan,   # only a plan can be changed
        "start": _day(p["start_date"]), "end": _day(p["termination_date"]),
        "pending": f"{scheduled.name}({p['scheduled_change_date']}生效)" if scheduled else "",
    }


def products(ctx: Ctx, customer_id: str) -> list[dict[str, Any]]:
    """All the customer's products, oldest first."""
    return [product(p) for p in inventory.of_customer(ctx, customer_id)]


def usage(ctx: Ctx, customer_id: str, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    """The customer's usage records in time order (from ``since`` on, when given)."""
    return [{"at": times.shown(times.parse(u["usage_date"])), "kind": u["usage_type"],
             "type": USAGE_WORDS[u["usage_type"]], "quantity": u["quantity"],
             "unit": UNIT_WORDS[u["usage_type"]],
             "where": catalogue.country_name(u["country"]) if u["country"] else HOME_WORD}
            for u in usage_records.of_customer(ctx, customer_id)
            if since is None or times.parse(u["usage_date"]) >= since]


def this_month(ctx: Ctx, customer_id: str) -> dt.datetime:
    """00:00 on the 1st of the calendar month the customer's clock stands in."""
    now = clock.now(ctx, customer_id)
    return times.month_start(now.year, now.month)


def period(b: sqlite3.Row) -> str:
    return f"{b['period_year']:04d}-{b['period_month']:02d}"


def bills(ctx: Ctx, customer_id: str) -> list[dict[str, Any]]:
    """The customer's bills, oldest first."""
    return [{"id": b["id"], "period": period(b), "year": b["period_year"],
             "month": b["period_month"], "amount": yuan(b["amount_due"]),
             "state": BILL_STATES.get(b["state"], b["state"])}
            for b in billing.of_customer(ctx, customer_id)]


def itemised(ctx: Ctx, bill_id: str) -> list[dict[str, Any]]:
    """The bill's 详单: one row per usage session (the itemised-record faults apply)."""
    return [{"at": times.shown(times.parse(line["at"])),
             "type": USAGE_WORDS[line["usage_type"]], "quantity": line["quantity"],
             "unit": UNIT_WORDS[line["usage_type"]], "amount": yuan(line["amount"])}
            for line in billing.itemised(ctx, bill_id) if line["type"] == billing.USAGE]


def readout(ctx: Ctx, bill_id: str) -> list[str]:
    """The bill's lines as a voice menu reads them out (详单查询): each fee, discount and
    session by the name the bill gives it, a session with its quantity ("国内通话 12分钟
    0.00元"); the itemised-record faults apply."""
    said = []
    for line in billing.itemised(ctx, bill_id):
        used = (f" {line['quantity']}{UNIT_WORDS[line['usage_type']]}"
                if line["type"] == billing.USAGE else "")
        said.append(f"{line['name']}{used} {yuan(line['amount'])}元")
    return said


TOPUP_METHODS = {"online": "在线支付", "card": "充值卡", "cash": "现金"}
TOPUP_STATES = {"succeeded": "已到账", "pending": "处理中", "failed": "失败"}


def topups(ctx: Ctx, customer_id: str) -> list[dict[str, Any]]:
    """The customer's top-ups (充值记录), newest first."""
    return [{"at": times.shown(times.parse(t["requested_at"])),
             "method": TOPUP_METHODS[t["method"]], "amount": yuan(t["amount"]),
             "state": TOPUP_STATES[t["state"]]}
            for t in reversed(prepaid.of_customer(ctx, customer_id))]
