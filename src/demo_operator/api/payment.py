"""Top-ups and the prepaid balance, in TM Forum shapes: a top-up is a TMF676 ``Payment``, the
balance a TMF654 ``Bucket`` of usage type ``monetary``.

No TMF676 or TMF654 document ships here, so the resources keep the published names of their
main fields (``totalAmount``, ``paymentMethod``, ``payer``, ``status``; ``remainingValue``,
``usageType``, ``partyAccount``) and leave the rest out.
"""

from __future__ import annotations

import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from demo_operator import customers, prepaid, times
from demo_operator.api.common import (
    ROOT,
    ApiError,
    Op,
    customer_party,
    grant,
    href,
    require_customer,
    require_visible,
)
from demo_operator.api.listing import Listing, Query, errors
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

PAYMENT = f"{ROOT}/paymentManagement/v4"
BALANCE = f"{ROOT}/prepayBalanceManagement/v4"
CHANNEL = "api"

payments = APIRouter(prefix=PAYMENT, tags=["TMF676 payment (top-up)"])
balances = APIRouter(prefix=BALANCE, tags=["TMF654 prepay balance"])

_STATES = {"succeeded": "succeeded", "pending": "pending", "failed": "failed"}
_METHODS = {"online": "DigitalWallet", "card": "Voucher", "cash": "Cash"}


class Ref(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    id: str = Field(min_length=1)


class Money(BaseModel):
    model_config = ConfigDict(extra="allow")
    unit: str = "CNY"
    value: float


class PaymentMethod(BaseModel):
    """``@type`` Voucher: a recharge card (``code`` its number, ``password``); anything else
    is an online payment of ``totalAmount``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    type_: str = Field("DigitalWallet", alias="@type")
    code: str = ""
    password: str = ""


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    payer: Ref | None = None
    account: Ref | None = None
    totalAmount: Money | None = None
    paymentMethod: PaymentMethod = PaymentMethod()
    description: str = ""


def payment_json(request: Request, row: sqlite3.Row) -> dict[str, Any]:
    amount = {"unit": "CNY", "value": yuan_value(row["amount"])}
    return {
        "id": row["id"], "href": href(request, f"{PAYMENT}/payment/{row['id']}"),
        "@type": "Payment", "description": "充值缴费",
        "paymentDate": times.iso(times.parse(row["requested_at"])),
        "status": _STATES[row["state"]],
        "statusDate": times.iso(times.parse(row["credited_at"] or row["requested_at"])),
        "totalAmount": amount, "amount": amount,
        "channel": {"id": row["channel"], "name": row["channel"]},
        "paymentMethod": {"@type": _METHODS[row["method"]]},
        "payer": customer_party(request, row["customer_id"]),
        "account": {"id": row["customer_id"], "@referredType": "BillingAccount"},
    }


def _fen(money: Money | None) -> int:
    if money is None:
        raise ApiError(400, "缺少充值金额", "give totalAmount {unit, value} for an online payment")
    if money.unit != "CNY":
        raise ApiError(400, "币种有误", f"totalAmount.unit must be CNY, not {money.unit!r}")
    try:
        value = Decimal(str(money.value))
    except InvalidOperation:
        raise ApiError(400, "充值金额有误") from None
    if value != value.quantize(Decimal("0.01")):
        raise ApiError(400, "充值金额有误", "at most two decimals")
    return int(value * 100)


@payments.post("/payment", status_code=201, responses=errors(400, 403, 404, 409, 422, 503))
async def create_payment(body: PaymentCreate, request: Request, op: Op) -> dict[str, Any]:
    """A top-up of the payer's prepaid balance: online (``totalAmount``) or by a recharge
    card (``paymentMethod`` Voucher)."""
    who = body.payer or body.account
    if who is None:
        raise ApiError(400, "缺少付款人", "give payer.id (the customer)")
    card = body.paymentMethod.type_.lower() == "voucher"
    amount = 0 if card else _fen(body.totalAmount)
    with op.tx() as ctx:
        if customers.get(ctx, who.id) is None:
            raise ApiError(404, "客户不存在", f"no customer {who.id!r}")
        require_customer(ctx, request, who.id)
        try:
            row = prepaid.top_up(ctx, who.id, CHANNEL, "card" if card else "online",
                                 amount=amount, card=body.paymentMethod.code,
                                 password=body.paymentMethod.password)
        except prepaid.TopUpRefused as refused:
            failure = refused  # answered once the failed attempt is on record
        else:
            return payment_json(request, row)
    raise ApiError(failure.status, failure.reason)


LIST_PAYMENTS = Listing(("id", "status", "payer.id", "channel.id"))


@payments.get("/payment", response_model=None, openapi_extra=LIST_PAYMENTS.openapi,
    responses={**LIST_PAYMENTS.responses, 200: {**LIST_PAYMENTS.responses[200]}})
async def list_payments(request: Request, op: Op,
                  query: Annotated[Query, Depends(LIST_PAYMENTS)]) -> Response:
    customer_id = query.where.get("payer.id")
    with op.tx() as ctx:
        return query.answer(payment_json(request, r) for r in prepaid.of_customer(ctx, customer_id))


@payments.get("/payment/{payment_id}", responses=errors(404))
async def get_payment(payment_id: str, request: Request, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        row = prepaid.get(ctx, payment_id)
        if row is None:
            raise ApiError(404, "充值记录不存在", f"no payment {payment_id!r}")
        found = payment_json(request, row)
        require_visible(request, found, "payment")
        return found


def bucket_json(ctx: Ctx, request: Request, customer_id: str) -> dict[str, Any]:
    balance = prepaid.shown_balance(ctx, customer_id, CHANNEL)
    assert balance is not None
    account = prepaid.account(ctx, customer_id)
    bucket_id = f"BKT-{customer_id}"
    return {
        "id": bucket_id, "href": href(request, f"{BALANCE}/bucket/{bucket_id}"),
        "@type": "Bucket", "name": "账户余额", "usageType": "monetary", "isShared": False,
        "status": "suspended" if account is not None and account["barred"] else "active",
        "remainingValue": {"amount": yuan_value(balance), "units": "CNY"},
        "partyAccount": {"id": customer_id, "@referredType": "BillingAccount"},
        "relatedParty": [customer_party(request, customer_id)],
    }


BUCKETS = Listing(("id", "usageType", "status", "relatedParty.id", "partyAccount.id"))


@balances.get("/bucket", response_model=None, openapi_extra=BUCKETS.openapi,
              responses=BUCKETS.responses)
async def list_buckets(request: Request, op: Op,
                 query: Annotated[Query, Depends(BUCKETS)]) -> Response:
    """The prepaid balance of the customer (or of every prepaid customer)."""
    customer_id = query.where.get("relatedParty.id")
    with op.tx() as ctx:
        ids = [customer_id] if customer_id else [r["customer_id"] for r in ctx.conn.execute(
            "SELECT customer_id FROM account ORDER BY customer_id")]
        return query.answer(bucket_json(ctx, request, c) for c in ids if prepaid.account(ctx, c))


@balances.get("/bucket/{bucket_id}", responses=errors(404))
async def get_bucket(bucket_id: str, request: Request, op: Op) -> dict[str, Any]:
    customer_id = bucket_id.removeprefix("BKT-")
    with op.tx() as ctx:
        if not bucket_id.startswith("BKT-") or prepaid.account(ctx, customer_id) is None or \
                not grant(request).owns(ctx, customer_id):
            raise ApiError(404, "余额账本不存在", f"no bucket {bucket_id!r}")
        return bucket_json(ctx, request, customer_id)
