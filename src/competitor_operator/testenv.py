"""The test environment's console (/qa/v2/...): test subscribers on demand and from the pool,
the one system date, provider charges, recharge cards, the fault list; and the handset
stand-ins (/qa/v2/handset/{telNo}/...). Every route but /qa/v2/ping needs the X-QA-Key header.

Answers are ``{"data": ...}``; refusals ``{"error": {"errCode", "errMsg"}}``.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from competitor_operator import (
    billing,
    catalogue,
    messages,
    network,
    ordering,
    payments,
    sms_hall,
    subscribers,
    sysclock,
    written,
)
from competitor_operator.context import Operator
from competitor_operator.faults import FAULTS


class QaError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def qa_error_response(exc: QaError) -> JSONResponse:
    return JSONResponse({"error": {"errCode": exc.code, "errMsg": exc.message}},
                        status_code=exc.status)


def _operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


def _key(request: Request, x_qa_key: Annotated[str | None, Header()] = None) -> None:
    expected = _operator(request).settings.test_key
    if not x_qa_key or not secrets.compare_digest(x_qa_key, expected):
        raise QaError(401, "QA-401", "缺少或错误的 X-QA-Key")


Op = Annotated[Operator, Depends(_operator)]
router = APIRouter(prefix="/qa/v2", tags=["test environment"])
keyed = APIRouter(prefix="/qa/v2", tags=["test environment"], dependencies=[Depends(_key)])


class NewSubscriber(BaseModel):
    custName: str = Field(min_length=1, max_length=40)
    billDay: int | None = Field(None, ge=1, le=28)
    planCode: str | None = None      # a plan active from the start, without an order


class PoolReset(BaseModel):
    planCode: str | None = None


class SysDate(BaseModel):
    offsetSec: float | None = None
    sysDate: str | None = None       # "YYYY-MM-DD HH:MM:SS" (Shanghai) or ISO-8601


class ProviderCharge(BaseModel):
    telNo: str
    spName: str = Field(min_length=1, max_length=40)
    amountFen: int = Field(gt=0, le=100_000)


class CardOrder(BaseModel):
    faceValue: int = Field(50)       # yuan: 30, 50 or 100


class Mo(BaseModel):
    dest: str
    content: str


class Call(BaseModel):
    called: str = "96888"
    durationSec: int = Field(gt=0, le=86_400)


class Data(BaseModel):
    volumeKB: Decimal = Field(gt=0, le=100 * 1024 * 1024)


def _subscriber_data(row: Any) -> dict[str, Any]:
    return {"subsId": row["id"], "telNo": row["tel_no"], "custName": row["name"],
            "loginPwd": row["login_pwd"], "servicePwd": row["service_pwd"],
            "billDay": row["bill_day"]}


def _with_plan(ctx: Any, subs: Any, code: str | None) -> None:
    if code is None:
        return
    offering = catalogue.get(code)
    if offering is None or offering.kind != "plan":
        raise QaError(400, "QA-400", f"planCode {code!r} 不是套餐；可选 "
                      + ", ".join(o.code for o in catalogue.plans()))
    ordering.provision(ctx, subs, offering.code)


@router.get("/ping")
def ping(op: Op) -> dict[str, Any]:
    return {"data": {"status": "UP", "faults": sorted(op.settings.faults)}}


@keyed.post("/subscribers", status_code=201)
def new_subscriber(body: NewSubscriber, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        subs = subscribers.create(ctx, body.custName, body.billDay)
        _with_plan(ctx, subs, body.planCode)
        return {"data": _subscriber_data(subs)}


@keyed.get("/pool")
def pool(op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        rows = [_subscriber_data(subscribers.by_tel(ctx, n.tel_no)) for n in subscribers.POOL]
    return {"data": {"total": len(rows), "rows": rows}}


@keyed.post("/pool/{tel_no}/reset")
def reset(tel_no: str, body: PoolReset, op: Op) -> dict[str, Any]:
    number = subscribers.pool_number(tel_no)
    if number is None:
        raise QaError(404, "QA-404", f"{tel_no} 不是测试号码池中的号码")
    with op.tx() as ctx:
        subs = subscribers.reset(ctx, number)
        _with_plan(ctx, subs, body.planCode)
        return {"data": {**_subscriber_data(subs), "resetAt": written.plain(sysclock.now(ctx))}}


@keyed.get("/system-date")
def system_date(op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        return {"data": {"sysDate": written.plain(sysclock.now(ctx)), "zone": "Asia/Shanghai"}}


@keyed.post("/system-date")
def move_date(body: SysDate, op: Op) -> dict[str, Any]:
    if (body.offsetSec is None) == (body.sysDate is None):
        raise QaError(400, "QA-400", "给出 offsetSec 或 sysDate 之一")
    try:
        target = written.parse(body.sysDate) if body.sysDate is not None else None
    except ValueError as exc:
        raise QaError(400, "QA-400", f"sysDate {body.sysDate!r} 不是 YYYY-MM-DD HH:MM:SS") \
            from exc
    with op.tx() as ctx:
        try:
            moved = sysclock.move_to(ctx, target) if target is not None else \
                sysclock.shift(ctx, body.offsetSec or 0)
        except sysclock.Backwards as exc:
            raise QaError(409, "QA-409", str(exc)) from exc
        return {"data": {"sysDate": written.plain(moved), "zone": "Asia/Shanghai"}}


@keyed.post("/provider-charges", status_code=201)
def provider_charge(body: ProviderCharge, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        subs = _subscriber(ctx, body.telNo)
        charge = billing.add_provider_charge(ctx, subs, body.spName, body.amountFen)
        return {"data": {"chargeId": charge, "telNo": body.telNo, "amountFen": body.amountFen}}


@keyed.post("/recharge-cards", status_code=201)
def recharge_card(body: CardOrder, op: Op) -> dict[str, Any]:
    if body.faceValue * 100 not in catalogue.TOPUP_AMOUNTS:
        raise QaError(400, "QA-400", "faceValue 须为 30、50 或 100")
    with op.tx() as ctx:
        card = payments.sell_card(ctx, body.faceValue * 100)
        return {"data": {"cardNo": card["card_no"], "cardPwd": card["card_pwd"],
                         "faceValue": written.yuan(card["face"])}}


@keyed.get("/faults")
def faults(op: Op) -> dict[str, Any]:
    return {"data": [{**f.as_json(), "active": f.name in op.settings.faults}
                     for f in FAULTS.values()]}


def _subscriber(ctx: Any, tel_no: str) -> Any:
    try:
        return subscribers.by_tel(ctx, tel_no)
    except subscribers.NotFound as exc:
        raise QaError(404, "QA-404", str(exc)) from exc


# -- the handset stand-ins ------------------------------------------------------------------------

@keyed.get("/handset/{tel_no}/sms")
def inbox(tel_no: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        _subscriber(ctx, tel_no)
        rows = messages.inbox(ctx, tel_no)
        return {"data": {"count": len(rows), "list": [
            {"msgId": r["id"], "sender": r["sender"], "content": r["content"],
             "recvTime": written.plain(written.parse(r["delivered_at"]))} for r in rows]}}


@keyed.post("/handset/{tel_no}/sms", status_code=201)
def send_sms(tel_no: str, body: Mo, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        subs = _subscriber(ctx, tel_no)
        if body.dest != messages.SENDER:
            raise QaError(404, "QA-404", f"短信接入号 {body.dest} 不存在；蓝鲸通信的是 "
                          f"{messages.SENDER}")
        sms_hall.receive(ctx, subs, body.content)
        return {"data": {"accepted": True}}


@keyed.post("/handset/{tel_no}/call", status_code=201)
def call(tel_no: str, body: Call, op: Op) -> JSONResponse:
    with op.tx() as ctx:
        subs = _subscriber(ctx, tel_no)
        try:
            minutes = network.call(ctx, subs, body.called, body.durationSec)
        except network.NoService as exc:
            return JSONResponse({"data": {"result": "REJECTED", "cause": str(exc)}},
                                status_code=503)
        return JSONResponse({"data": {"result": "CONNECTED", "durationSec": body.durationSec,
                                      "billedMinutes": minutes}}, status_code=201)


@keyed.post("/handset/{tel_no}/data", status_code=201)
def data(tel_no: str, body: Data, op: Op) -> JSONResponse:
    with op.tx() as ctx:
        subs = _subscriber(ctx, tel_no)
        try:
            kb = network.data(ctx, subs, body.volumeKB)
        except network.NoService as exc:
            return JSONResponse({"data": {"result": "REJECTED", "cause": str(exc)}},
                                status_code=503)
        return JSONResponse({"data": {"result": "CONNECTED", "volumeKB": str(body.volumeKB),
                                      "billedKB": kb}}, status_code=201)
