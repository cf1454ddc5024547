"""TMF676-ish: a top-up is a Payment to the subscriber's account; the balance is its own
resource."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict

from competitor_operator import payments, subscribers, written
from competitor_operator.api.common import ROOT, ApiError, Authorised, Op, money, page

BASE = f"{ROOT}/tmf676/v4"
router = APIRouter(prefix=BASE, tags=["TMF676 payment"], dependencies=[Authorised])


class Ref(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str


class Money(BaseModel):
    unit: str = "CNY"
    value: Decimal


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    account: Ref
    totalAmount: Money


def payment_json(row: Any) -> dict[str, Any]:
    credited = row["credited_at"] <= row["at"]
    return {"id": row["id"], "href": f"{BASE}/payment/{row['id']}",
            "paymentDate": written.iso(written.parse(row["at"])),
            "status": "succeeded" if credited else "pending",
            "totalAmount": money(row["amount"]), "channel": {"name": row["channel"]},
            "paymentMethod": {"@type": "rechargeCard" if row["method"] == "card"
                              else "onlineTopUp"},
            "account": {"id": row["subs_id"], "@referredType": "BillingAccount"},
            "@type": "Payment"}


@router.post("/payment", status_code=201)
def pay(body: PaymentIn, op: Op) -> dict[str, Any]:
    if body.totalAmount.unit != "CNY":
        raise ApiError(400, "币种错误", "totalAmount.unit must be CNY")
    with op.tx() as ctx:
        try:
            subs = subscribers.get(ctx, body.account.id)
        except subscribers.NotFound as exc:
            raise ApiError(404, "没有该用户", str(exc)) from exc
        try:
            row = payments.top_up(ctx, subs, int(body.totalAmount.value * 100), "api")
        except payments.Refused as exc:
            raise ApiError(422, str(exc)) from exc
        return payment_json(row)


@router.get("/payment")
def listed(op: Op, response: Response, offset: int = 0, limit: int = 20,
           account: Annotated[str | None, Query(alias="account.id")] = None
           ) -> list[dict[str, Any]]:
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM payment ORDER BY at, id").fetchall()
    return page([payment_json(r) for r in rows if account in (None, r["subs_id"])],
                response, offset, limit)


@router.get("/accountBalance/{subs_id}")
def balance(subs_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        try:
            subs = subscribers.get(ctx, subs_id)
        except subscribers.NotFound as exc:
            raise ApiError(404, "没有该用户", str(exc)) from exc
    return {"id": subs_id, "account": {"id": subs_id}, "remainedAmount": money(subs["balance"]),
            "@type": "AccountBalance"}
