"""TMF637: the subscriber's products."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from competitor_operator import catalogue, ordering, written
from competitor_operator.api.catalogue import price_json
from competitor_operator.api.common import ROOT, ApiError, Authorised, Op, page, party
from competitor_operator.context import Settings

BASE = f"{ROOT}/tmf637/v4"
router = APIRouter(prefix=BASE, tags=["TMF637 inventory"], dependencies=[Authorised])
STATUS = {"pending": "created", "active": "active", "terminated": "terminated"}


def product_json(row: Any, settings: Settings) -> dict[str, Any]:
    offering = catalogue.OFFERINGS[row["offering"]]
    body: dict[str, Any] = {
        "id": row["id"], "href": f"{BASE}/product/{row['id']}", "name": offering.name,
        "status": STATUS[row["state"]], "isBundle": False,
        "productOffering": {"id": offering.code, "name": offering.name},
        "productOrderItem": [{"productOrderId": row["order_id"], "orderItemId": "1"}],
        "relatedParty": party(row["subs_id"]), "@type": "Product"}
    if row["active_from"]:
        body["startDate"] = written.iso(written.parse(row["active_from"]))
    if row["ended_at"]:
        body["terminationDate"] = written.iso(written.parse(row["ended_at"]))
    if offering.fee:
        price = price_json(offering, settings)
        body["productPrice"] = [{"name": price["name"], "priceType": "recurring",
                                 "recurringChargePeriod": "month", "price": price["price"],
                                 "productOfferingPrice": {"id": price["id"]}}]
    return body


@router.get("/product")
def products(op: Op, response: Response, offset: int = 0, limit: int = 20,
             party_id: Annotated[str | None, Query(alias="relatedParty.id")] = None,
             status: str | None = None) -> list[dict[str, Any]]:
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM product ORDER BY ordered_at, id").fetchall()
        chosen = [product_json(r, op.settings) for r in rows
                  if party_id in (None, r["subs_id"]) and status in (None, STATUS[r["state"]])]
    return page(chosen, response, offset, limit)


@router.get("/product/{product_id}")
def product(product_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        row = ordering.product(ctx, product_id)
    if row is None:
        raise ApiError(404, "没有该产品实例", f"no product {product_id}")
    return product_json(row, op.settings)
