"""TMF678: customer bills and their itemised record (applied customer billing rates)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from demo_operator import billing, catalogue, times
from demo_operator.api import models
from demo_operator.api.common import (
    BILLING,
    INVENTORY,
    JSON_OPTS,
    ApiError,
    Op,
    customer_party,
    grant,
    href,
    require_visible,
)
from demo_operator.api.listing import Listing, Query, errors
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

router = APIRouter(prefix=BILLING, tags=["TMF678 customer bill"])


def _money(fen: int) -> dict[str, Any]:
    return {"unit": "CNY", "value": yuan_value(fen)}


def _day_span(first: dt.date, last: dt.date) -> dict[str, str]:
    """A period of whole days: from 00:00:00 on the first to 23:59:59 on the last."""
    start = dt.datetime.combine(first, dt.time(0, 0), times.TZ)
    end = dt.datetime.combine(last, dt.time(23, 59, 59), times.TZ)
    return {"startDateTime": times.iso(start), "endDateTime": times.iso(end)}


def bill_json(request: Request, b: sqlite3.Row) -> dict[str, Any]:
    year, month = b["period_year"], b["period_month"]
    billed_on = times.parse(b["bill_date"])
    return {
        "id": b["id"], "href": href(request, f"{BILLING}/customerBill/{b['id']}"),
        "billNo": b["bill_no"], "billDate": times.iso(billed_on), "category": "normal",
        "runType": "onCycle", "state": b["state"], "@type": "CustomerBill",
        "billingPeriod": _day_span(dt.date(year, month, 1),
                                   dt.date(year, month, times.days_in_month(year, month))),
        "nextBillDate": times.iso(times.next_month_start(billed_on)),
        "amountDue": _money(b["amount_due"]), "remainingAmount": _money(b["amount_due"]),
        "taxIncludedAmount": _money(b["amount_due"]),
        "relatedParty": [customer_party(request, b["customer_id"])],
    }


def rate_json(request: Request, bill: sqlite3.Row, line: sqlite3.Row) -> dict[str, Any]:
    offering = catalogue.get(line["offering_id"])
    characteristics: list[dict[str, Any]] = []
    if line["type"] == billing.RECURRING:
        characteristics += [
            {"name": "chargedDays", "valueType": "integer", "value": line["charged_days"]},
            {"name": "daysInMonth", "valueType": "integer", "value": line["days_in_month"]}]
    elif line["type"] == billing.DISCOUNT:
        characteristics += [{"name": "basis", "valueType": "string",
                             "value": line["description"]}]
    else:
        characteristics += [
            {"name": "usageId", "valueType": "string", "value": line["usage_id"]},
            {"name": "usageType", "valueType": "string", "value": line["usage_type"]},
            {"name": "quantity", "valueType": "integer", "value": line["quantity"]},
            {"name": "chargedQuantity", "valueType": "integer",
             "value": line["charged_quantity"]}]
    date = times.parse(line["at"]) if line["at"] else times.parse(bill["bill_date"])
    return {
        "id": line["id"],
        "href": href(request, f"{BILLING}/appliedCustomerBillingRate/{line['id']}"),
        "name": line["name"], "type": line["type"], "description": line["description"],
        "@type": "AppliedCustomerBillingRate", "date": times.iso(date), "isBilled": True,
        "bill": {"id": bill["id"], "href": href(request, f"{BILLING}/customerBill/{bill['id']}"),
                 "@referredType": "CustomerBill"},
        "product": {"id": line["product_id"], "name": offering.name if offering else None,
                    "href": href(request, f"{INVENTORY}/product/{line['product_id']}"),
                    "@referredType": "Product"},
        "periodCoverage": _day_span(dt.date.fromisoformat(line["period_from"]),
                                    dt.date.fromisoformat(line["period_to"])),
        "taxIncludedAmount": _money(line["amount"]),
        "characteristic": characteristics,
    }


def _rates(ctx: Ctx, request: Request, bill: sqlite3.Row) -> list[dict[str, Any]]:
    return [rate_json(request, bill, line) for line in billing.itemised(ctx, bill["id"])]


LIST_BILLS = Listing(("id", "billNo", "state", "category", "runType", "relatedParty.id"))


@router.get("/customerBill", **LIST_BILLS.options(models.CustomerBill))
async def list_bills(request: Request, op: Op,
               query: Annotated[Query, Depends(LIST_BILLS)]) -> Response:
    customer_id = query.where.get("relatedParty.id")
    with op.tx() as ctx:
        return query.answer((bill_json(request, b)
                             for b in billing.of_customer(ctx, customer_id)), models.CustomerBill)


@router.get("/customerBill/{bill_id}", response_model=models.CustomerBill,
            responses=errors(404), **JSON_OPTS)
async def get_bill(bill_id: str, request: Request, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        bill = billing.get(ctx, bill_id)
        if bill is None:
            raise ApiError(404, "账单不存在", f"no customer bill {bill_id!r}")
        found = bill_json(request, bill)
        require_visible(request, found, "customer bill")
        return found


LIST_RATES = Listing(("id", "type", "name", "isBilled", "bill.id", "product.id"))


@router.get("/appliedCustomerBillingRate", **LIST_RATES.options(models.AppliedCustomerBillingRate))
async def list_rates(request: Request, op: Op,
               query: Annotated[Query, Depends(LIST_RATES)]) -> Response:
    bill_id = query.where.get("bill.id")
    with op.tx() as ctx:
        bills = [billing.get(ctx, bill_id)] if bill_id else billing.of_customer(ctx)
        # A rate names its bill, not the customer: the bill says whose it is.
        bills = [b for b in bills if b is not None and grant(request).owns(ctx, b["customer_id"])]
        return query.answer((rate for bill in bills
                             for rate in _rates(ctx, request, bill)),
                            models.AppliedCustomerBillingRate)


@router.get("/appliedCustomerBillingRate/{rate_id}",
            response_model=models.AppliedCustomerBillingRate, responses=errors(404),
            **JSON_OPTS)
async def get_rate(rate_id: str, request: Request, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        row = ctx.conn.execute("SELECT bill_id FROM bill_line WHERE id = ?", (rate_id,)).fetchone()
        bill = billing.get(ctx, row["bill_id"]) if row else None
        if bill is not None and not grant(request).owns(ctx, bill["customer_id"]):
            bill = None
        # Only what the itemised record shows can be fetched one by one.
        found = [r for r in _rates(ctx, request, bill) if r["id"] == rate_id] if bill else []
        if not found:
            raise ApiError(404, "费用明细不存在", f"no applied customer billing rate {rate_id!r}")
        return found[0]
