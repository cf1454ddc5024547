"""TMF635: usage records (one per call or data session)."""

from __future__ import annotations

import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from demo_operator import catalogue, times, usage
from demo_operator.api import models
from demo_operator.api.common import (
    INVENTORY,
    JSON_OPTS,
    USAGE,
    ApiError,
    Op,
    customer_party,
    href,
    require_visible,
)
from demo_operator.api.listing import Listing, Query, errors
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

router = APIRouter(prefix=USAGE, tags=["TMF635 usage"])

_WORDS = {"voice": "通话", "data": "流量"}
_UNIT_WORDS = {"voice": "分钟", "data": "MB"}


def usage_json(ctx: Ctx, request: Request, u: sqlite3.Row) -> dict[str, Any]:
    characteristics: list[dict[str, Any]] = [
        {"name": "quantity", "valueType": "integer", "value": u["quantity"]},
        {"name": "unit", "valueType": "string", "value": u["unit"]},
        {"name": "msisdn", "valueType": "string", "value": u["msisdn"]},
    ]
    if u["country"]:
        characteristics += [
            {"name": "country", "valueType": "string", "value": u["country"]},
            {"name": "roamingZone", "valueType": "string",
             "value": catalogue.zone_of(u["country"]).name}]
    if u["called_number"]:
        characteristics.append({"name": "calledNumber", "valueType": "string",
                                "value": u["called_number"]})
    rated: list[dict[str, Any]] = []
    line = ctx.conn.execute("SELECT * FROM bill_line WHERE usage_id = ?", (u["id"],)).fetchone()
    if line is not None:
        offering = catalogue.get(line["offering_id"])
        rated.append({
            "isBilled": True, "usageRatingTag": "usage", "@type": "RatedProductUsage",
            "ratingDate": times.iso(times.parse(ctx.conn.execute(
                "SELECT bill_date FROM bill WHERE id = ?", (line["bill_id"],)).fetchone()[0])),
            "taxIncludedRatingAmount": {"unit": "CNY", "value": yuan_value(line["amount"])},
            "productRef": {"id": u["product_id"], "name": offering.name if offering else None,
                           "href": href(request, f"{INVENTORY}/product/{u['product_id']}"),
                           "@referredType": "Product"}})
    return {
        "id": u["id"], "href": href(request, f"{USAGE}/usage/{u['id']}"),
        "usageDate": times.iso(times.parse(u["usage_date"])), "usageType": u["usage_type"],
        "description": (f"国际漫游{_WORDS[u['usage_type']]} {catalogue.country_name(u['country'])} "
                        if u["country"] else f"{_WORDS[u['usage_type']]} ")
        + f"{u['quantity']}{_UNIT_WORDS[u['usage_type']]}",
        "status": "billed" if line is not None else "received", "@type": "Usage",
        "usageCharacteristic": characteristics, "ratedProductUsage": rated,
        "relatedParty": [customer_party(request, u["customer_id"])],
    }


LIST_USAGE = Listing(("id", "usageType", "status", "relatedParty.id",
                      "ratedProductUsage.productRef.id"))


@router.get("/usage", **LIST_USAGE.options(models.Usage))
async def list_usage(request: Request, op: Op,
               query: Annotated[Query, Depends(LIST_USAGE)]) -> Response:
    customer_id = query.where.get("relatedParty.id")
    with op.tx() as ctx:
        return query.answer((usage_json(ctx, request, u)
                             for u in usage.of_customer(ctx, customer_id)), models.Usage)


@router.get("/usage/{usage_id}", response_model=models.Usage, responses=errors(404),
            **JSON_OPTS)
async def get_usage(usage_id: str, request: Request,
              op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        record = usage.get(ctx, usage_id)
        if record is None:
            raise ApiError(404, "使用记录不存在", f"no usage {usage_id!r}")
        found = usage_json(ctx, request, record)
        require_visible(request, found, "usage")
        return found
