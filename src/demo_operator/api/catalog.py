"""TMF620: the catalog, its categories, product specifications, product offerings and their
prices (each price its own ProductOfferingPrice resource, referenced by the offering).

The published tariff (catalogue.py) is served read-only: it is what billing applies, so it is
never changed over the API (403). Entities a client creates are kept beside it, and can be
read, filtered, changed and deleted like any TMF resource; they are not orderable.
"""


import datetime as dt
import json
import secrets
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request, Response
from fastapi.responses import JSONResponse

from demo_operator import catalogue
from demo_operator.api import models
from demo_operator.api.common import CATALOG, ApiError, Op, href
from demo_operator.api.listing import Listing, Query, errors, one, shape
from demo_operator.catalogue import Offering
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

router = APIRouter(prefix=CATALOG, tags=["TMF620 product catalogue"])

PRICE_NAMES = {catalogue.VAS: "信息费", catalogue.ROAMING: "功能费"}
CATALOG_ID = "DEMO-CATALOG"
LAUNCHED = "Launched"
# Attributes the server keeps: a client neither sets nor changes them.
SERVER_SET = ("id", "href", "lastUpdate")


def published(ctx: Ctx) -> str:
    """When the published tariff was last updated: the operator's start, in UTC (a '+' would
    not survive a client's query string unencoded)."""
    return _utc(ctx.settings.start)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ref(request: Request, kind: str, id_: str, name: str | None, referred: str
         ) -> dict[str, Any]:
    return {"id": id_, "href": href(request, f"{CATALOG}/{kind}/{id_}"), "name": name,
            "@referredType": referred}


# -- the published tariff as TMF620 resources ---------------------------------------------------

def _prices(ctx: Ctx, request: Request, o: Offering) -> list[dict[str, Any]]:
    fee = catalogue.shown_fee(ctx, o)  # what the catalogue shows (catalogue-price-wrong)
    shift = catalogue.shown_shift(ctx, o)

    def price(suffix: str, name: str, fen: int, **fields: Any) -> dict[str, Any]:
        id_ = f"{o.id}-{suffix}"
        return {"id": id_, "href": href(request, f"{CATALOG}/productOfferingPrice/{id_}"),
                "name": name, "@type": "ProductOfferingPrice", "lifecycleStatus": LAUNCHED,
                "lastUpdate": published(ctx), "version": "1.0", "isBundle": False, **fields,
                "price": {"unit": "CNY", "value": yuan_value(fen)}}

    def usage(suffix: str, name: str, fen: int, unit: str) -> dict[str, Any]:
        return price(suffix, name, fen, priceType="usage",
                     unitOfMeasure={"amount": 1, "units": unit})

    prices = [price("MONTHLY", PRICE_NAMES.get(o.category, "月费"), fee,
                    priceType="recurring", recurringChargePeriodType="month",
                    recurringChargePeriodLength=1)]
    if o.is_roaming:
        prices += [usage(f"{n}-{kind.upper()}", f"{z.name}{word}", rate, unit)
                   for n, z in enumerate(catalogue.ZONES, start=1)
                   for kind, word, rate, unit in (
                       ("voice", "通话费", z.voice_rate + shift, "minute"),
                       ("data", "流量费", z.data_rate, "MB"))]
    elif o.is_mobile:
        prices += [usage("VOICE", "超出套餐通话费", o.voice_rate, "minute"),
                   usage("DATA", "超出套餐流量费", o.data_rate, "MB")]
    return prices


def _allowance(name: str, description: str, value: int, unit: str) -> dict[str, Any]:
    return {"name": name, "description": description, "valueType": "integer",
            "minCardinality": 1, "maxCardinality": 1,
            "@type": "ProductSpecificationCharacteristicValueUse",
            "productSpecCharacteristicValue": [{"value": value, "valueType": "integer",
                                                "unitOfMeasure": unit, "isDefault": True}]}


def _spec_id(category: str) -> str:
    return f"SPEC-{category.upper()}"


def offering_json(ctx: Ctx, request: Request, o: Offering) -> dict[str, Any]:
    terms = catalogue.terms(o, catalogue.shown_fee(ctx, o), catalogue.shown_shift(ctx, o))
    return {
        "id": o.id, "href": href(request, f"{CATALOG}/productOffering/{o.id}"),
        "name": o.name, "description": terms, "isBundle": o.is_bundle,
        "isSellable": not o.is_member, "lastUpdate": published(ctx),
        "lifecycleStatus": LAUNCHED, "version": "1.0", "@type": "ProductOffering",
        "category": [_ref(request, "category", o.category,
                          catalogue.CATEGORY_NAMES[o.category], "Category")],
        "productSpecification": _ref(request, "productSpecification", _spec_id(o.category),
                                     catalogue.CATEGORY_NAMES[o.category],
                                     "ProductSpecification"),
        "productOfferingPrice": [_ref(request, "productOfferingPrice", p["id"], p["name"],
                                      "ProductOfferingPrice")
                                 for p in _prices(ctx, request, o)],
        "prodSpecCharValueUse": [] if not o.is_mobile else [
            _allowance("includedVoiceMinutes", "每月含国内通话分钟数", o.voice_minutes, "minute"),
            _allowance("includedDataMB", "每月含国内流量", o.data_mb, "MB"),
        ],
        "productOfferingTerm": [{"name": "资费说明", "description": terms,
                                 "@type": "ProductOfferingTerm"}],
        **({"bundledProductOffering": [
            _ref(request, "productOffering", m, catalogue.OFFERINGS[m].name, "ProductOffering")
            for m in o.members]} if o.is_bundle else {}),
    }


def _spec_characteristics(category: str) -> list[dict[str, Any]]:
    def char(name: str, value_type: str, description: str) -> dict[str, Any]:
        return {"name": name, "valueType": value_type, "description": description,
                "configurable": False, "minCardinality": 1, "maxCardinality": 1,
                "@type": "ProductSpecificationCharacteristic"}

    found = [char("msisdn", "string", "号码")]
    if category == catalogue.CATEGORY:
        found += [char("includedVoiceMinutes", "integer", "每月含国内通话分钟数"),
                  char("includedDataMB", "integer", "每月含国内流量")]
    if category in catalogue.FIXED:
        found += [char("installationAddress", "string", "安装地址")]
    return found


def _specifications(ctx: Ctx, request: Request) -> list[dict[str, Any]]:
    return [{"id": _spec_id(c), "href": href(request, f"{CATALOG}/productSpecification/"
                                                      f"{_spec_id(c)}"),
             "name": name, "lifecycleStatus": LAUNCHED, "lastUpdate": published(ctx),
             "version": "1.0", "isBundle": c == catalogue.BUNDLE, "brand": "演示电信",
             "@type": "ProductSpecification",
             "productSpecCharacteristic": _spec_characteristics(c),
             **({"bundledProductSpecification": []} if c == catalogue.BUNDLE else {})}
            for c, name in catalogue.CATEGORY_NAMES.items()]


def _categories(ctx: Ctx, request: Request) -> list[dict[str, Any]]:
    return [{"id": c, "href": href(request, f"{CATALOG}/category/{c}"), "name": name,
             "isRoot": True, "lifecycleStatus": LAUNCHED, "lastUpdate": published(ctx),
             "version": "1.0", "@type": "Category",
             "productOffering": [_ref(request, "productOffering", o.id, o.name,
                                      "ProductOffering")
                                 for o in catalogue.OFFERINGS.values() if o.category == c]}
            for c, name in catalogue.CATEGORY_NAMES.items()]


def _catalogs(ctx: Ctx, request: Request) -> list[dict[str, Any]]:
    return [{"id": CATALOG_ID, "href": href(request, f"{CATALOG}/catalog/{CATALOG_ID}"),
             "name": "演示电信产品目录", "catalogType": "productCatalog",
             "lifecycleStatus": LAUNCHED, "lastUpdate": published(ctx), "version": "1.0",
             "@type": "Catalog",
             "category": [_ref(request, "category", c, name, "Category")
                          for c, name in catalogue.CATEGORY_NAMES.items()]}]


def _offerings(ctx: Ctx, request: Request) -> list[dict[str, Any]]:
    return [offering_json(ctx, request, o) for o in catalogue.OFFERINGS.values()]


def _offering_prices(ctx: Ctx, request: Request) -> list[dict[str, Any]]:
    return [p for o in catalogue.OFFERINGS.values() for p in _prices(ctx, request, o)]


# -- the resources, published and created -------------------------------------------------------

Builder = Callable[[Ctx, Request], list[dict[str, Any]]]


def _stored(ctx: Ctx, request: Request, kind: str) -> list[dict[str, Any]]:
    # href is made from the address asked, so it is right behind any proxy.
    return [{**json.loads(r["body"]), "href": href(request, f"{CATALOG}/{kind}/{r['id']}")}
            for r in ctx.conn.execute("SELECT id, body FROM catalog_entity WHERE kind = ? "
                                      "ORDER BY rowid", (kind,))]


def _stored_one(ctx: Ctx, kind: str, id_: str) -> dict[str, Any] | None:
    row = ctx.conn.execute("SELECT body FROM catalog_entity WHERE kind = ? AND id = ?",
                           (kind, id_)).fetchone()
    return json.loads(row["body"]) if row else None


def _resource(kind: str, title: str, model: type[models.Tmf], create: type[models.Tmf],
              update: type[models.Tmf], builder: Builder, filters: tuple[str, ...]) -> None:
    """GET (list and one), POST, PATCH and DELETE for one TMF620 resource."""
    listing = Listing(filters)
    path, item_path = f"/{kind}", f"/{kind}/{{id}}"
    at_type = title.replace(" ", "")

    def find(ctx: Ctx, request: Request, id_: str) -> tuple[dict[str, Any], bool]:
        """(the resource, whether it is part of the published tariff)"""
        for item in builder(ctx, request):
            if item["id"] == id_:
                return item, True
        stored = _stored_one(ctx, kind, id_)
        if stored is None:
            raise ApiError(404, "资源不存在", f"no {title} {id_!r}")
        return {**stored, "href": href(request, f"{CATALOG}/{kind}/{id_}")}, False

    def writable(ctx: Ctx, request: Request, id_: str) -> dict[str, Any]:
        item, published_ = find(ctx, request, id_)
        if published_:
            raise ApiError(403, "已发布资费不可修改",
                           f"{title} {id_!r} is part of the published tariff")
        return item

    @router.get(path, summary=f"List or find {title} objects", operation_id=f"list{at_type}",
                **listing.options(model))
    async def list_(request: Request, op: Op,
                    query: Annotated[Query, Depends(listing)]) -> Response:
        with op.tx() as ctx:
            return query.answer(builder(ctx, request) + _stored(ctx, request, kind), model)

    @router.get(item_path, response_model=None, summary=f"Retrieve a {title} by id",
                operation_id=f"retrieve{at_type}",
                responses={200: {"model": model, "description": "Success"},
                           **errors(400, 401, 404)})
    async def get(id: str, request: Request, op: Op,
            query: Annotated[Query, Depends(Listing())]) -> Response:
        with op.tx() as ctx:
            item, _ = find(ctx, request, id)
        return one(query, model, item)

    @router.post(path, status_code=201, response_model=None, summary=f"Create a {title}",
                 operation_id=f"create{at_type}",
                 responses={201: {"model": model, "description": "Created"},
                            **errors(400, 401)})
    async def create_(body: Annotated[create, Body()], request: Request,  # type: ignore[valid-type]
                op: Op) -> Response:
        fields = body.model_dump(mode="json", by_alias=True, exclude_none=True)  # type: ignore[attr-defined]
        id_ = secrets.token_hex(8)
        item = {"lifecycleStatus": "In design", **fields, "id": id_, "@type": at_type,
                "lastUpdate": _utc(dt.datetime.now(dt.UTC))}
        with op.tx() as ctx:
            ctx.conn.execute("INSERT INTO catalog_entity (kind, id, body) VALUES (?, ?, ?)",
                             (kind, id_, json.dumps(item, ensure_ascii=False)))
        item["href"] = href(request, f"{CATALOG}/{kind}/{id_}")
        return JSONResponse(shape(model, item), status_code=201,
                            headers={"Location": item["href"]})

    @router.patch(item_path, response_model=None, summary=f"Update a {title} partially",
                  operation_id=f"patch{at_type}",
                  responses={200: {"model": model, "description": "Updated"},
                             **errors(400, 401, 403, 404)})
    async def patch(id: str, body: Annotated[update, Body()],  # type: ignore[valid-type]
              request: Request, op: Op) -> Response:
        changes = body.model_dump(mode="json", by_alias=True, exclude_unset=True)  # type: ignore[attr-defined]
        if fixed := sorted(set(changes) & set(SERVER_SET)):
            raise ApiError(400, "字段不可修改", f"{', '.join(fixed)} cannot be changed")
        with op.tx() as ctx:
            item = writable(ctx, request, id)
            item = {**item, **changes, "lastUpdate": _utc(dt.datetime.now(dt.UTC))}
            ctx.conn.execute("UPDATE catalog_entity SET body = ? WHERE kind = ? AND id = ?",
                             (json.dumps(item, ensure_ascii=False), kind, id))
        return JSONResponse(shape(model, item))

    @router.delete(item_path, status_code=204, response_model=None, summary=f"Delete a {title}",
                   operation_id=f"delete{at_type}",
                   responses={204: {"description": "Deleted"}, **errors(401, 403, 404)})
    async def delete(id: str, request: Request, op: Op) -> Response:
        with op.tx() as ctx:
            writable(ctx, request, id)
            ctx.conn.execute("DELETE FROM catalog_entity WHERE kind = ? AND id = ?", (kind, id))
        return Response(status_code=204)


COMMON = ("id", "name", "lifecycleStatus", "lastUpdate", "version")
_resource("catalog", "Catalog", models.Catalog, models.CatalogCreate, models.CatalogUpdate,
          _catalogs, COMMON + ("catalogType", "category.id"))
_resource("category", "Category", models.Category, models.CategoryCreate, models.CategoryUpdate,
          _categories, COMMON + ("isRoot", "parentId", "productOffering.id"))
_resource("productSpecification", "Product Specification", models.ProductSpecification,
          models.ProductSpecificationCreate, models.ProductSpecificationUpdate,
          _specifications, COMMON + ("brand", "isBundle", "productNumber"))
_resource("productOffering", "Product Offering", models.ProductOffering,
          models.ProductOfferingCreate, models.ProductOfferingUpdate, _offerings,
          COMMON + ("isBundle", "isSellable", "category.id", "productSpecification.id",
                    "productOfferingPrice.id"))
_resource("productOfferingPrice", "Product Offering Price", models.ProductOfferingPrice,
          models.ProductOfferingPriceCreate, models.ProductOfferingPriceUpdate,
          _offering_prices, COMMON + ("priceType", "isBundle", "recurringChargePeriodType"))
