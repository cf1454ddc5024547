"""TMF621 trouble tickets (fault reports, 报障) and the installation appointment slots (a
TMF646-shaped subset) of the fixed lines."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from demo_operator import catalogue, fixed, inventory, times
from demo_operator.api import models
from demo_operator.api.common import (
    INVENTORY,
    JSON_OPTS,
    ROOT,
    ApiError,
    Op,
    customer_party,
    href,
    require_customer,
    require_visible,
)
from demo_operator.api.listing import Listing, Query, errors
from demo_operator.context import Ctx

TROUBLE = f"{ROOT}/troubleTicket/v4"
APPOINTMENT = f"{ROOT}/appointment/v4"

router = APIRouter(prefix=TROUBLE, tags=["TMF621 trouble tickets"])
slots = APIRouter(prefix=APPOINTMENT, tags=["TMF646 appointment slots"])


def _moment(value: str | None) -> str | None:
    return times.iso(times.parse(value)) if value else None


def ticket_json(ctx: Ctx, request: Request, t: sqlite3.Row) -> dict[str, Any]:
    product = inventory.get(ctx, t["product_id"])
    offering = catalogue.get(product["offering_id"]) if product else None
    return {
        "id": t["id"], "href": href(request, f"{TROUBLE}/troubleTicket/{t['id']}"),
        "description": t["description"], "severity": t["severity"], "ticketType": "fault",
        "status": t["status"], "creationDate": _moment(t["created_at"]),
        "expectedResolutionDate": _moment(t["expected_at"]),
        "resolutionDate": _moment(t["resolved_at"]),
        "lastUpdate": _moment(t["resolved_at"] or t["created_at"]),
        "channel": {"id": t["channel"], "name": t["channel"]}, "@type": "TroubleTicket",
        "relatedEntity": [{"id": t["product_id"], "role": "affectedProduct",
                           "name": offering.name if offering else None,
                           "href": href(request, f"{INVENTORY}/product/{t['product_id']}"),
                           "@referredType": "Product"}],
        "relatedParty": [customer_party(request, t["customer_id"])],
    }


@router.post("/troubleTicket", status_code=201, response_model=models.TroubleTicket,
             responses=errors(400, 403, 404, 409), **JSON_OPTS)
async def create_ticket(body: models.TroubleTicketCreate, request: Request,
                        op: Op) -> dict[str, Any]:
    customer = next((p for p in body.relatedParty if (p.role or "").lower() == "customer"),
                    body.relatedParty[0] if body.relatedParty else None)
    product = next((e for e in body.relatedEntity if (e.role or "") == "affectedProduct"),
                   body.relatedEntity[0] if body.relatedEntity else None)
    if customer is None or product is None:
        raise ApiError(400, "缺少客户或产品", "relatedParty (customer) and relatedEntity "
                       "(affectedProduct) are needed")
    with op.tx() as ctx:
        require_customer(ctx, request, customer.id)
        try:
            ticket_id = fixed.report(ctx, customer.id, product.id, body.description, "api",
                                     body.severity)
        except fixed.Refused as refused:
            raise ApiError(refused.status, refused.reason) from None
        return ticket_json(ctx, request, fixed.ticket(ctx, ticket_id))  # type: ignore[arg-type]


LIST_TICKETS = Listing(("id", "status", "severity", "ticketType", "relatedParty.id",
                        "relatedEntity.id"))


@router.get("/troubleTicket", **LIST_TICKETS.options(models.TroubleTicket))
async def list_tickets(request: Request, op: Op,
                 query: Annotated[Query, Depends(LIST_TICKETS)]) -> Response:
    customer_id = query.where.get("relatedParty.id")
    with op.tx() as ctx:
        return query.answer((ticket_json(ctx, request, t)
                             for t in fixed.tickets(ctx, customer_id)), models.TroubleTicket)


@router.get("/troubleTicket/{ticket_id}", response_model=models.TroubleTicket,
            responses=errors(404), **JSON_OPTS)
async def get_ticket(ticket_id: str, request: Request, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        found = fixed.ticket(ctx, ticket_id)
        if found is None:
            raise ApiError(404, "故障单不存在", f"no trouble ticket {ticket_id!r}")
        ticket = ticket_json(ctx, request, found)
        require_visible(request, ticket, "trouble ticket")
        return ticket


SLOTS = Listing(("relatedParty.id", "id"))


@slots.get("/timeSlot", **SLOTS.options(models.TimeSlot, 403, 404))
async def time_slots(request: Request, op: Op, query: Annotated[Query, Depends(SLOTS)]) -> Response:
    """The installation slots offered to the customer now (relatedParty.id is needed)."""
    customer_id = query.where.get("relatedParty.id")
    if not customer_id:
        raise ApiError(400, "缺少客户", "relatedParty.id is needed")
    with op.tx() as ctx:
        require_customer(ctx, request, customer_id)
        try:
            offered = fixed.slots(ctx, customer_id)
        except LookupError:
            raise ApiError(404, "客户不存在", f"no customer {customer_id!r}") from None
        # A slot is offered to the customer: it does not carry the customer itself.
        found = [{"id": s.id, "@type": "TimeSlot",
                  "validFor": {"startDateTime": times.iso(s.start),
                               "endDateTime": times.iso(s.end)}} for s in offered]
        return query.without("relatedParty.id").answer(found, models.TimeSlot)
