"""TMF637: the customer's products and their status."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from demo_operator import catalogue, fixed, inventory, times
from demo_operator.api import models
from demo_operator.api.common import (
    CATALOG,
    INVENTORY,
    ORDERING,
    ApiError,
    Op,
    customer_party,
    href,
)
from demo_operator.api.listing import Listing, Query, errors, one
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

router = APIRouter(prefix=INVENTORY, tags=["TMF637 product inventory"])


def _moment(value: str | None) -> str | None:
    return times.iso(times.parse(value)) if value else None


def product_json(ctx: Ctx, request: Request, p: sqlite3.Row) -> dict[str, Any]:
    offering = catalogue.get(p["offering_id"])
    assert offering is not None
    characteristics: list[dict[str, Any]] = [
        {"name": "msisdn", "valueType": "string", "value": p["msisdn"]}]
    if p["scheduled_offering"]:
        characteristics += [
            {"name": "scheduledOffering", "valueType": "string", "value": p["scheduled_offering"]},
            {"name": "scheduledChangeDate", "valueType": "date",
             "value": p["scheduled_change_date"]}]
    if (where := fixed.site(ctx, p["id"])) is not None:
        characteristics.append({"name": "installationAddress", "valueType": "string",
                                "value": where["address"]})
        if where["slot_id"]:
            characteristics += [
                {"name": "appointment", "valueType": "string", "value": where["slot_id"]},
                {"name": "appointmentStart", "valueType": "dateTime",
                 "value": _moment(where["slot_start"])},
                {"name": "appointmentEnd", "valueType": "dateTime",
                 "value": _moment(where["slot_end"])}]
    order_items = [
        {"orderItemId": r["item_id"], "productOrderId": r["order_id"],
         "orderItemAction": r["action"], "@referredType": "ProductOrderItem",
         "productOrderHref": href(request, f"{ORDERING}/productOrder/{r['order_id']}")}
        for r in ctx.conn.execute("SELECT * FROM order_item WHERE product_id = ? "
                                  "ORDER BY rowid", (p["id"],))]
    if offering.is_bundle:
        relations = [{"relationshipType": "bundles", "@type": "ProductRelationship",
                      "product": {"id": m["id"], "href": href(request,
                                                              f"{INVENTORY}/product/{m['id']}"),
                                  "@referredType": "Product"}}
                     for m in inventory.members(ctx, p["id"])]
    elif p["parent_id"]:
        relations = [{"relationshipType": "isBundledBy", "@type": "ProductRelationship",
                      "product": {"id": p["parent_id"],
                                  "href": href(request, f"{INVENTORY}/product/{p['parent_id']}"),
                                  "@referredType": "Product"}}]
    else:
        relations = []
    return {
        "id": p["id"], "href": href(request, f"{INVENTORY}/product/{p['id']}"),
        "name": offering.name, "status": p["status"], "isBundle": offering.is_bundle,
        "productRelationship": relations,
        "isCustomerVisible": True, "@type": "Product",
        "orderDate": _moment(p["order_date"]), "startDate": _moment(p["start_date"]),
        "terminationDate": _moment(p["termination_date"]),
        "productOffering": {"id": offering.id, "name": offering.name,
                            "href": href(request, f"{CATALOG}/productOffering/{offering.id}"),
                            "@referredType": "ProductOffering"},
        "productCharacteristic": characteristics,
        "productPrice": [{"name": "信息费" if offering.is_vas else
                          "功能费" if offering.is_roaming else "月费",
                          "priceType": "recurring", "@type": "ProductPrice",
                          "recurringChargePeriod": "month",
                          "price": {"taxIncludedAmount": {"unit": "CNY",
                                                          "value": yuan_value(offering.fee)}}}],
        "productOrderItem": order_items,
        "relatedParty": [customer_party(request, p["customer_id"])],
        # One account per customer: the monthly bill is the customer's, whatever it holds.
        "billingAccount": {"id": p["customer_id"], "name": "默认账户",
                           "@referredType": "BillingAccount"},
    }


LISTING = Listing(("id", "status", "name", "relatedParty.id", "productOffering.id",
                   "billingAccount.id", "isBundle"))


@router.get("/product", **LISTING.options(models.Product))
async def list_products(request: Request, op: Op,
                  query: Annotated[Query, Depends(LISTING)]) -> Response:
    with op.tx() as ctx:
        # Asked for one customer's products, only theirs are built.
        customer_id = query.where.get("relatedParty.id")
        return query.answer((product_json(ctx, request, p)
                             for p in inventory.of_customer(ctx, customer_id)),
                            models.Product)


@router.get("/product/{product_id}", response_model=None,
            responses={200: {"model": models.Product, "description": "Success"},
                       **errors(400, 401, 404)})
async def get_product(product_id: str, request: Request, op: Op,
                query: Annotated[Query, Depends(Listing())]) -> Response:
    with op.tx() as ctx:
        product = inventory.get(ctx, product_id)
        if product is None:
            raise ApiError(404, "产品不存在", f"no product {product_id!r}")
        return one(query, models.Product, product_json(ctx, request, product))
