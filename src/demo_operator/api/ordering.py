"""TMF622: product orders (add a plan, modify it, delete it)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from demo_operator import catalogue, orders, times
from demo_operator.api import models
from demo_operator.api.common import (
    CATALOG,
    INVENTORY,
    JSON_OPTS,
    ORDERING,
    ApiError,
    Op,
    customer_party,
    href,
    require_customer,
    require_visible,
)
from demo_operator.api.listing import Listing, Query, errors
from demo_operator.context import Ctx

router = APIRouter(prefix=ORDERING, tags=["TMF622 product ordering"])


def order_json(ctx: Ctx, request: Request, order: sqlite3.Row) -> dict[str, Any]:
    items = []
    for item in orders.items(ctx, order["id"]):
        entry: dict[str, Any] = {
            "id": item["item_id"], "action": item["action"], "state": item["state"],
            "quantity": 1, "@type": "ProductOrderItem",
            "product": {"id": item["product_id"],
                        "href": href(request, f"{INVENTORY}/product/{item['product_id']}"),
                        "@referredType": "Product"},
        }
        if item["offering_id"]:
            offering = catalogue.get(item["offering_id"])
            entry["productOffering"] = {
                "id": item["offering_id"], "name": offering.name if offering else None,
                "href": href(request, f"{CATALOG}/productOffering/{item['offering_id']}"),
                "@referredType": "ProductOffering"}
        items.append(entry)
    # A plan change starts on the date the customer was told (the 1st): TMF622 says so with
    # the order's requestedStartDate, and the item stays acknowledged until then.
    stated = next((item["stated_date"] for item in orders.items(ctx, order["id"])
                   if item["action"] == "modify" and item["stated_date"]), None)
    return {
        "requestedStartDate": (times.iso(dt.datetime.combine(
            dt.date.fromisoformat(stated), dt.time(0), times.TZ)) if stated else None),
        "id": order["id"], "href": href(request, f"{ORDERING}/productOrder/{order['id']}"),
        "orderDate": times.iso(times.parse(order["order_date"])),
        "completionDate": (times.iso(times.parse(order["completion_date"]))
                           if order["completion_date"] else None),
        "state": order["state"], "category": catalogue.CATEGORY, "@type": "ProductOrder",
        "channel": [{"id": order["channel"], "name": order["channel"],
                     "@referredType": "SalesChannel"}],
        "relatedParty": [customer_party(request, order["customer_id"])],
        "productOrderItem": items,
    }


def _customer_of(body: models.ProductOrderCreate) -> str:
    parties = body.relatedParty
    chosen = next((p for p in parties if (p.role or "").lower() == "customer"), None)
    chosen = chosen or (parties[0] if parties else None)
    if chosen is None:
        raise ApiError(400, "缺少客户", "relatedParty must name the customer (role customer)")
    return chosen.id


def _address(item: models.OrderItemIn) -> str | None:
    """The installation address a new fixed line's product value carries."""
    places = item.product.place if item.product else []
    chosen = next((p for p in places if (p.role or "") == "installationAddress"), None)
    chosen = chosen or (places[0] if places else None)
    return chosen.name if chosen else None


@router.post("/productOrder", status_code=201, response_model=models.ProductOrder,
             responses=errors(400, 403, 404, 409, 503), **JSON_OPTS)
async def create_order(body: models.ProductOrderCreate, request: Request,
                 op: Op) -> dict[str, Any]:
    customer_id = _customer_of(body)
    items = [orders.ItemRequest(
        action=item.action, item_id=item.id or "",
        offering_id=item.productOffering.id if item.productOffering else None,
        product_id=item.product.id if item.product else None,
        address=_address(item), slot=item.appointment.id if item.appointment else None)
        for item in body.productOrderItem]
    with op.tx() as ctx:
        require_customer(ctx, request, customer_id)
        try:
            order_id = orders.place(ctx, customer_id, items, channel="api")
        except orders.OrderRefused as refused:
            raise ApiError(refused.status, refused.reason, refused.message) from None
        return order_json(ctx, request, orders.get(ctx, order_id))  # type: ignore[arg-type]


LIST_ORDERS = Listing(("id", "state", "category", "relatedParty.id",
                       "productOrderItem.productOffering.id", "productOrderItem.product.id"))


@router.get("/productOrder", **LIST_ORDERS.options(models.ProductOrder))
async def list_orders(request: Request, op: Op,
                query: Annotated[Query, Depends(LIST_ORDERS)]) -> Response:
    customer_id = query.where.get("relatedParty.id")
    with op.tx() as ctx:
        return query.answer((order_json(ctx, request, o)
                             for o in orders.of_customer(ctx, customer_id)), models.ProductOrder)


@router.get("/productOrder/{order_id}", response_model=models.ProductOrder,
            responses=errors(404), **JSON_OPTS)
async def get_order(order_id: str, request: Request,
              op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        order = orders.get(ctx, order_id)
        if order is None:
            raise ApiError(404, "订单不存在", f"no product order {order_id!r}")
        found = order_json(ctx, request, order)
        require_visible(request, found, "product order")
        return found
