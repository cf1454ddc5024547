"""What a carrier's test environment gives a tester: fresh customers with fresh SIMs, the
customer's test clock, the fault switchboard, and the customer's phone (inbox, calls, data).

These routes answer plain JSON (no TMF shapes, no token): they stand in for a lab handset and
a test-environment console, not for the carrier's API.
"""

from __future__ import annotations

import math
import secrets
import sqlite3
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from demo_operator import (
    catalogue,
    clock,
    customers,
    disputes,
    fixed,
    orders,
    prepaid,
    roaming,
    routes,
    sms,
    sms_hall,
    times,
    usage,
    vas,
)
from demo_operator.api import oauth
from demo_operator.context import Ctx, Operator
from demo_operator.faults import FAULTS
from demo_operator.money import yuan

TEST_KEY_HEADER = "X-Test-Key"
OPEN = frozenset({"/test/health", "/test/faults"})  # what a launcher may ask before it has a key


class NoTestKey(Exception):
    """The test environment answers only a tester with the test-support credential."""


async def _tester(request: Request) -> Operator:
    """The operator, for a tester with the test-support credential. Every route here takes
    it (the tests ask each route of the OpenAPI document without the key): one dependency a
    request, where the key's check as a router's dependency beside it would be a second
    (FastAPI's solving of each costs more than most of these routes' work)."""
    operator: Operator = request.app.state.operator
    key = operator.settings.test_key
    given = request.headers.get(TEST_KEY_HEADER, "")
    if key and request.url.path not in OPEN and not secrets.compare_digest(given, key):
        raise NoTestKey(f"the test environment needs the {TEST_KEY_HEADER} header "
                        f"(the test-support credential)")
    return operator


Op = Annotated[Operator, Depends(_tester)]
router = APIRouter(tags=["test support"])
phone = APIRouter(prefix="/phone/{msisdn}", tags=["the customer's phone"])


class NotFound(Exception):
    """Answered 404 {"detail": ...}."""


class Conflict(Exception):
    """Answered 409 {"detail": ...}: the clock cannot go back."""


class BadRequest(Exception):
    """Answered 400 {"detail": ...}."""


class CustomerIn(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    name: str = Field(min_length=1)
    idNumber: str = ""
    plan: str | None = None     # a mobile plan the customer already has, active from the start
    language: Literal["zh", "en"] = "zh"  # the language of the SMS the customer gets
    segment: str = "personal"   # personal | enterprise (the name is then the contact person)
    payment: str = "postpaid"   # prepaid: the plan is paid from a balance (needs a plan)
    balance: str = "0.00"       # a prepaid customer's starting balance, in yuan


class ProviderChargeIn(BaseModel):
    provider: str = Field(min_length=1, max_length=40)
    fee: str = Field(pattern=r"^\d{1,4}(\.\d{1,2})?$")  # yuan, e.g. "10.00"


class NetworkWorkIn(BaseModel):
    start: str
    hours: float = Field(gt=0, le=72)


class ConnectIn(BaseModel):
    megabytes: int = Field(gt=0)
class CardIn(BaseModel):
    amount: str = "50.00"       # the card's face value, in yuan


class ClockMove(BaseModel):
    advance: float | None = None
    to: str | None = None


COUNTRY = r"^[A-Za-z]{2}$"   # ISO 3166 alpha-2; CN is home


class CallIn(BaseModel):
    to: str = "10000"
    minutes: int = Field(gt=0)
    country: str | None = Field(None, pattern=COUNTRY)   # default: where the phone is


class DataIn(BaseModel):
    megabytes: int = Field(gt=0)
    country: str | None = Field(None, pattern=COUNTRY)


class LocationIn(BaseModel):
    country: str = Field(pattern=COUNTRY)


class SmsIn(BaseModel):
    to: str = Field(min_length=1)
    text: str


# -- test environment ---------------------------------------------------------------------------

@router.post("/test/customers", status_code=201)
async def new_customer(body: CustomerIn, request: Request, op: Op) -> dict[str, str]:
    plan = catalogue.get(body.plan) if body.plan is not None else None
    if body.segment not in ("personal", fixed.ENTERPRISE):
        raise BadRequest("'segment' must be personal or enterprise")
    if body.plan is not None and (plan is None or not plan.is_plan):
        raise BadRequest(f"'plan' must be a mobile plan: "
                         f"{', '.join(o.id for o in catalogue.PLANS)}")
    if body.payment not in ("postpaid", "prepaid"):
        raise BadRequest("'payment' must be postpaid or prepaid")
    if body.payment == "prepaid" and plan is None:
        raise BadRequest("a prepaid customer needs a 'plan' to pay for")
    balance = _fen(body.balance, "balance")
    with op.tx() as ctx:
        row = customers.create(ctx, body.name, body.idNumber, body.language)
        oauth.record_owner(ctx, request, row["id"])
        if plan is not None:
            product_id = orders.preload(ctx, row["id"], plan.id)
            if body.payment == "prepaid":
                prepaid.open_account(ctx, row["id"], balance, product_id)
        if body.segment == fixed.ENTERPRISE:
            fixed.make_enterprise(ctx, row["id"])
        return {"id": row["id"], "msisdn": row["msisdn"], "name": row["name"],
                "language": row["language"], "now": times.iso(times.parse(row["now"]))}


def _fen(text: str, field: str) -> int:
    """An amount in yuan ("12.30", "-5") as fen."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise BadRequest(f"'{field}' is not an amount in yuan: {text!r}") from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise BadRequest(f"'{field}' must be yuan with at most two decimals: {text!r}")
    return int(value * 100)


@router.post("/test/recharge-cards", status_code=201)
async def new_card(body: CardIn, op: Op) -> dict[str, str]:
    """A recharge card (充值卡) as a shop sells it: number, password and face value."""
    with op.tx() as ctx:
        try:
            card = prepaid.issue_card(ctx, _fen(body.amount, "amount"))
        except prepaid.TopUpRefused as refused:
            raise BadRequest(refused.reason) from None
        return {"number": card["number"], "password": card["password"],
                "amount": yuan(card["amount"])}


@router.get("/test/customers/{customer_id}")
async def get_customer(customer_id: str, op: Op) -> dict[str, str]:
    with op.tx() as ctx:
        row = customers.get(ctx, customer_id)
        if row is None:
            raise NotFound(f"no customer {customer_id!r}")
        return {"id": row["id"], "msisdn": row["msisdn"], "name": row["name"],
                "language": row["language"], "now": times.iso(times.parse(row["now"]))}


@router.get("/test/customers/{customer_id}/clock")
async def get_clock(customer_id: str, op: Op) -> dict[str, str]:
    with op.tx() as ctx:
        try:
            return {"now": times.iso(clock.now(ctx, customer_id))}
        except clock.UnknownCustomer:
            raise NotFound(f"no customer {customer_id!r}") from None


@router.post("/test/customers/{customer_id}/clock")
async def move_clock(customer_id: str, body: ClockMove, op: Op) -> dict[str, str]:
    """{"advance": seconds} or {"to": ISO-8601}; runs every job due on the way."""
    if (body.advance is None) == (body.to is None):
        raise BadRequest("give exactly one of 'advance' (seconds) or 'to' (ISO-8601)")
    if body.advance is not None and not math.isfinite(body.advance):
        raise BadRequest("'advance' must be a finite number of seconds")
    try:
        target = times.parse(body.to) if body.to is not None else None
    except ValueError:
        raise BadRequest(f"'to' is not an ISO-8601 moment: {body.to!r}") from None
    with op.tx() as ctx:
        try:
            if target is None:
                now = clock.advance(ctx, customer_id, body.advance or 0.0)
            else:
                now = clock.advance_to(ctx, customer_id, target)
        except clock.UnknownCustomer:
            raise NotFound(f"no customer {customer_id!r}") from None
        except clock.ClockBackwards as exc:
            raise Conflict(str(exc)) from None
        return {"now": times.iso(now)}


@router.post("/test/customers/{customer_id}/provider-charges", status_code=201)
async def provider_charge(customer_id: str, body: ProviderChargeIn, op: Op) -> dict[str, str]:
    """A content provider reports an information fee for the customer (who never ordered
    anything from it): the carrier bills it on this month's bill, as reported."""
    whole, _, cents = body.fee.partition(".")
    fen = int(whole) * 100 + int((cents + "00")[:2])
    with op.tx() as ctx:
        if customers.get(ctx, customer_id) is None:
            raise NotFound(f"no customer {customer_id!r}")
        return {"id": disputes.provider_charge(ctx, customer_id, body.provider, fen)}


@router.post("/test/customers/{customer_id}/network-work", status_code=201)
async def network_work(customer_id: str, body: NetworkWorkIn, op: Op) -> JSONResponse:
    """Planned network work (割接) interrupting the customer's leased lines, as the network
    operations department would schedule it."""
    try:
        start = times.parse(body.start)
    except ValueError:
        raise BadRequest(f"'start' is not an ISO-8601 moment: {body.start!r}") from None
    with op.tx() as ctx:
        if customers.get(ctx, customer_id) is None:
            raise NotFound(f"no customer {customer_id!r}")
        try:
            work = fixed.plan_work(ctx, customer_id, start, body.hours)
        except fixed.Refused as refused:
            return JSONResponse({"detail": refused.reason}, status_code=refused.status)
    return JSONResponse(work, status_code=201)


@router.get("/test/faults")
async def list_faults(op: Op) -> list[dict[str, Any]]:
    return [{**fault.as_json(), "active": fault.name in op.settings.faults}
            for fault in FAULTS.values()]


@router.get("/test/health")
async def health(op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        ctx.conn.execute("SELECT 1").fetchone()
    return {"status": "ok", "faults": [name for name in FAULTS if name in op.settings.faults]}


# -- the customer's phone -----------------------------------------------------------------------

def _owner(ctx: Ctx, msisdn: str) -> sqlite3.Row:
    """The customer whose SIM has the number, or 404."""
    customer = customers.by_msisdn(ctx, msisdn)
    if customer is None:
        raise NotFound(f"no SIM with number {msisdn}")
    return customer


@phone.get("/inbox")
async def inbox(msisdn: str, op: Op) -> list[dict[str, str]]:
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        return [{"id": m["id"], "from": m["sender"], "text": m["text"],
                 "receivedAt": times.iso(times.parse(m["delivered_at"]))}
                for m in sms.inbox(ctx, customer)]


def _session(op: Operator, msisdn: str, usage_type: str, quantity: int,
             called: str | None, country: str | None = None) -> JSONResponse:
    key = "minutes" if usage_type == "voice" else "megabytes"
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        outcome = usage.session(ctx, customer, usage_type, quantity, called, country)
    if outcome.connected:
        return JSONResponse({"connected": True, key: quantity}, status_code=201)
    return JSONResponse({"connected": False, "reason": outcome.reason}, status_code=503)


@phone.post("/calls", status_code=201)
async def call(msisdn: str, body: CallIn, op: Op) -> JSONResponse:
    return _session(op, msisdn, "voice", body.minutes, body.to, body.country)


@phone.post("/data", status_code=201)
async def data(msisdn: str, body: DataIn, op: Op) -> JSONResponse:
    return _session(op, msisdn, "data", body.megabytes, None, body.country)


@phone.post("/location")
async def move(msisdn: str, body: LocationIn, op: Op) -> dict[str, str]:
    """The phone registers in a country (CN: home); abroad the welcome SMS goes out."""
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        zone = roaming.arrive(ctx, customer["id"], body.country)
    return {"country": body.country.upper(), "zone": zone}


@phone.get("/calls")
async def calls_received(msisdn: str, op: Op) -> list[dict[str, str]]:
    """The calls the phone has received (revisit calls from the carrier), oldest first."""
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        return [{"id": c["id"], "from": c["caller"], "at": times.iso(times.parse(c["at"])),
                 "purpose": c["purpose"], "about": c["about"], "note": c["note"]}
                for c in fixed.calls_received(ctx, customer)]


line = APIRouter(prefix="/line/{msisdn}", tags=["the customer's fixed line"])


@line.post("/connect", status_code=201)
async def connect(msisdn: str, body: ConnectIn, op: Op) -> JSONResponse:
    """A session on the fixed line registered to the number (broadband at home, a leased line
    at the site)."""
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        connected, reason = fixed.connect(ctx, customer, body.megabytes)
    if connected:
        return JSONResponse({"connected": True, "megabytes": body.megabytes, "mbps": 100},
                            status_code=201)
    return JSONResponse({"connected": False, "reason": reason}, status_code=503)


@phone.get("/ringback")
async def ringback(msisdn: str, op: Op) -> dict[str, str]:
    """What a caller to the number hears: the 彩铃 while subscribed, else the default tone."""
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        return {"tone": vas.ringback(ctx, customer["id"])}


@phone.post("/sms", status_code=201)
async def send_sms(msisdn: str, body: SmsIn, op: Op) -> dict[str, bool]:
    """A text from the phone; one to 10001 (the SMS hall) is answered in the inbox at once."""
    with op.tx() as ctx:
        customer = _owner(ctx, msisdn)
        sms_hall.receive(ctx, customer["id"], body.to, body.text)
    return {"sent": True}


def install(app: Any) -> None:
    """Routes and the answers for the two refusals these routes make."""
    routes.include(app, router)
    routes.include(app, phone)
    routes.include(app, line)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.exception_handler(NoTestKey)
    async def _no_key(request: Request, exc: NoTestKey) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=401,
                            headers={"WWW-Authenticate": TEST_KEY_HEADER})

    @app.exception_handler(BadRequest)
    async def _bad_request(request: Request, exc: BadRequest) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=409)

