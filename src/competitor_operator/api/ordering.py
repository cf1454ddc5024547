"""TMF622: one item an order — add (productOffering.id), modify (product.id + the new plan's
productOffering.id), delete (product.id)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from competitor_operator import catalogue, ordering, subscribers, written
from competitor_operator.api.common import ROOT, ApiError, Authorised, Op, page, party
from competitor_operator.context import Ctx

BASE = f"{ROOT}/tmf622/v4"
router = APIRouter(prefix=BASE, tags=["TMF622 ordering"], dependencies=[Authorised])
PartyFilter = Annotated[str | None, Query(alias="relatedParty.id")]


class Ref(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str


class Item(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str = "1"
    action: str = Field(pattern="^(add|modify|delete)$")
    productOffering: Ref | None = None
    product: Ref | None = None


class Party(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    role: str = "customer"


class OrderIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    relatedParty: list[Party] = Field(min_length=1)
    productOrderItem: list[Item] = Field(min_length=1, max_length=1)


def order_json(ctx: Ctx, row: Any) -> dict[str, Any]:
    offering = catalogue.OFFERINGS.get(row["offering"] or "")
    item: dict[str, Any] = {"id": "1", "action": row["action"], "state": row["state"],
                            "@type": "ProductOrderItem"}
    if offering is not None:
        item["productOffering"] = {"id": offering.code, "name": offering.name}
    if row["product_id"]:
        item["product"] = {"id": row["product_id"],
                           "href": f"{ROOT}/tmf637/v4/product/{row['product_id']}"}
    body = {"id": row["id"], "href": f"{BASE}/productOrder/{row['id']}",
            "state": row["state"], "channel": [{"id": row["channel"], "name": row["channel"]}],
            "orderDate": written.iso(written.parse(row["created_at"])),
            "relatedParty": party(row["subs_id"]), "productOrderItem": [item],
            "@type": "ProductOrder"}
    if row["completed_at"]:
        body["completionDate"] = written.iso(written.parse(row["completed_at"]))
    return body


@router.post("/productOrder", status_code=201)
def place(body: OrderIn, op: Op) -> dict[str, Any]:
    customer = next((p for p in body.relatedParty if p.role == "customer"), None)
    if customer is None:
        raise ApiError(400, "缺少客户", "relatedParty needs a party with role customer")
    item = body.productOrderItem[0]
    with op.tx() as ctx:
        try:
            subs = subscribers.get(ctx, customer.id)
        except subscribers.NotFound as exc:
            raise ApiError(404, "没有该用户", str(exc)) from exc
        try:
            if item.action == "add":
                if item.productOffering is None:
                    raise ApiError(400, "缺少产品", "add needs productOffering.id")
                done = ordering.order(ctx, subs, item.productOffering.id, "api")
            elif item.action == "modify":
                if item.product is None or item.productOffering is None:
                    raise ApiError(400, "缺少产品",
                                   "modify needs product.id and productOffering.id")
                done = ordering.change(ctx, subs, item.product.id, item.productOffering.id, "api")
            else:
                if item.product is None:
                    raise ApiError(400, "缺少产品", "delete needs product.id")
                done = ordering.cancel(ctx, subs, item.product.id, "api")
        except ordering.Refused as exc:
            raise ApiError(422, str(exc)) from exc
        row = ordering.order_row(ctx, done["order"])
        return order_json(ctx, row)


@router.get("/productOrder/{order_id}")
def one(order_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        row = ordering.order_row(ctx, order_id)
        if row is None:
            raise ApiError(404, "没有该订单", f"no productOrder {order_id}")
        return order_json(ctx, row)


@router.get("/productOrder")
def listed(op: Op, response: Response, offset: int = 0, limit: int = 20,
           party_id: PartyFilter = None) -> list[dict[str, Any]]:
    with op.tx() as ctx:
        rows = ctx.conn.execute("SELECT * FROM orders ORDER BY created_at, id").fetchall()
        chosen = [order_json(ctx, r) for r in rows if party_id in (None, r["subs_id"])]
    return page(chosen, response, offset, limit)

