"""TMF678: bills with their VAT, and their lines as AppliedCustomerBillingRate."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from competitor_operator import billing, written
from competitor_operator.api.common import ROOT, ApiError, Authorised, Op, money, page, party

BASE = f"{ROOT}/tmf678/v4"
router = APIRouter(prefix=BASE, tags=["TMF678 bills"], dependencies=[Authorised])


def _day(text: str, end: bool = False) -> str:
    day = dt.date.fromisoformat(text) + dt.timedelta(days=1 if end else 0)
    return written.iso(dt.datetime(day.year, day.month, day.day, tzinfo=written.TZ))


def bill_json(row: Any, vat_shown: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": row["id"], "href": f"{BASE}/customerBill/{row['id']}", "billNo": row["id"],
        "billDate": written.iso(written.parse(row["issued_at"])), "state": "settled",
        "category": "normal",
        "billingPeriod": {"startDateTime": _day(row["cycle_from"]),
                          "endDateTime": _day(row["cycle_to"], end=True)},
        "amountDue": money(row["amount"]), "taxIncludedAmount": money(row["amount"]),
        "relatedParty": party(row["subs_id"]), "@type": "CustomerBill"}
    if vat_shown:
        rates: dict[str, int] = {}
        for line in json.loads(row["lines"]):
            rates[line["vatRate"]] = rates.get(line["vatRate"], 0) + line["vat"]
        body["taxExcludedAmount"] = money(row["amount"] - row["vat"])
        body["taxItem"] = [{"taxCategory": "VAT", "taxRate": float(rate),
                            "taxAmount": money(amount)} for rate, amount in sorted(rates.items())]
    return body


def rate_json(bill_row: Any, n: int, line: dict[str, Any], vat_shown: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"{bill_row['id']}-{n}", "name": line["item"], "type": line["kind"],
        "date": written.iso(written.parse(bill_row["issued_at"])), "isBilled": True,
        "bill": {"id": bill_row["id"], "href": f"{BASE}/customerBill/{bill_row['id']}"},
        "taxIncludedAmount": money(line["amount"]), "@type": "AppliedCustomerBillingRate"}
    if vat_shown:
        body["taxExcludedAmount"] = money(line["amount"] - line["vat"])
        body["appliedTax"] = [{"taxCategory": "VAT", "taxRate": float(line["vatRate"]),
                               "taxAmount": money(line["vat"])}]
    detail = {k: line[k] for k in ("days", "cycleDays", "quantity", "unit", "allowance", "used")
              if k in line}
    if detail:
        body["characteristic"] = [{"name": k, "value": v} for k, v in detail.items()]
    return body


@router.get("/customerBill")
def bills(op: Op, response: Response, offset: int = 0, limit: int = 20,
          party_id: Annotated[str | None, Query(alias="relatedParty.id")] = None
          ) -> list[dict[str, Any]]:
    shown = "vat-not-shown" not in op.settings.faults
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM bill ORDER BY cycle_from, id").fetchall()
    return page([bill_json(r, shown) for r in rows if party_id in (None, r["subs_id"])],
                response, offset, limit)


@router.get("/customerBill/{bill_id}")
def one(bill_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        row = billing.bill(ctx, bill_id)
    if row is None:
        raise ApiError(404, "没有该账单", f"no customerBill {bill_id}")
    return bill_json(row, "vat-not-shown" not in op.settings.faults)


@router.get("/appliedCustomerBillingRate")
def rates(op: Op, response: Response, offset: int = 0, limit: int = 20,
          bill_id: Annotated[str | None, Query(alias="bill.id")] = None) -> list[dict[str, Any]]:
    shown = "vat-not-shown" not in op.settings.faults
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM bill ORDER BY cycle_from, id").fetchall()
    chosen = [rate_json(r, n, line, shown) for r in rows if bill_id in (None, r["id"])
              for n, line in enumerate(json.loads(r["lines"]), start=1)]
    return page(chosen, response, offset, limit)
