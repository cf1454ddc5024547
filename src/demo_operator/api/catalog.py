"""TMF620: the product offerings (plans and value-added services), with their prices,
allowances and terms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from demo_operator import catalogue
from demo_operator.api import models
from demo_operator.api.common import CATALOG, JSON_OPTS, ApiError, Op, href, require_token
from demo_operator.catalogue import Offering
from demo_operator.context import Ctx
from demo_operator.money import yuan_value

router = APIRouter(prefix=CATALOG, tags=["TMF620 product catalogue"],
                   dependencies=[Depends(require_token)])


PRICE_NAMES = {catalogue.VAS: "信息费", catalogue.ROAMING: "功能费"}


def _price(id_: str, name: str, fen: int, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "name": name, "@type": "ProductOfferingPrice", **fields,
            "price": {"taxIncludedAmount": {"unit": "CNY", "value": yuan_value(fen)}}}


def _allowance(name: str, description: str, value: int, unit: str) -> dict[str, Any]:
    return {"name": name, "description": description, "valueType": "integer",
            "minCardinality": 1, "maxCardinality": 1,
            "@type": "ProductSpecificationCharacteristicValueUse",
            "productSpecCharacteristicValue": [{"value": value, "valueType": "integer",
                                                "unitOfMeasure": unit, "isDefault": True}]}


def offering_json(ctx: Ctx, request: Request, o: Offering) -> dict[str, Any]:
    fee = catalogue.shown_fee(ctx, o)  # what the catalogue shows (catalogue-price-wrong)
    shift = catalogue.shown_shift(ctx, o)
    terms = catalogue.terms(o, fee, shift)
    monthly = _price(f"{o.id}-MONTHLY", PRICE_NAMES.get(o.category, "月费"), fee,
                     priceType="recurring", recurringChargePeriodType="month",
                     recurringChargePeriodLength=1)
    if o.is_roaming:
        prices = [monthly] + [
            _price(f"{o.id}-{n}-{kind.upper()}", f"{z.name}{word}", rate, priceType="usage",
                   unitOfMeasure=unit)
            for n, z in enumerate(catalogue.ZONES, start=1)
            for kind, word, rate, unit in (("voice", "通话费", z.voice_rate + shift, "minute"),
                                           ("data", "流量费", z.data_rate, "MB"))]
    elif not o.is_mobile:
        prices = [monthly]
    else:
        prices = [
            monthly,
            _price(f"{o.id}-VOICE", "超出套餐通话费", o.voice_rate, priceType="usage",
                   unitOfMeasure="minute"),
            _price(f"{o.id}-DATA", "超出套餐流量费", o.data_rate, priceType="usage",
                   unitOfMeasure="MB"),
        ]
    return {
        "id": o.id, "href": href(request, f"{CATALOG}/productOffering/{o.id}"),
        "name": o.name, "description": terms, "isBundle": o.is_bundle,
        "isSellable": not o.is_member,
        "lifecycleStatus": "Launched", "version": "1.0", "@type": "ProductOffering",
        "category": [{"id": o.category, "name": catalogue.CATEGORY_NAMES[o.category],
                      "@referredType": "Category"}],
        "productOfferingPrice": prices,
        "prodSpecCharValueUse": [] if not o.is_mobile else [
            _allowance("includedVoiceMinutes", "每月含国内通话分钟数", o.voice_minutes, "minute"),
            _allowance("includedDataMB", "每月含国内流量", o.data_mb, "MB"),
        ],
        "productOfferingTerm": [{"name": "资费说明", "description": terms,
                                 "@type": "ProductOfferingTerm"}],
        **({"bundledProductOffering": [
            {"id": m, "name": catalogue.OFFERINGS[m].name, "@referredType": "ProductOffering",
             "href": href(request, f"{CATALOG}/productOffering/{m}")} for m in o.members]}
           if o.is_bundle else {}),
    }


@router.get("/productOffering", response_model=list[models.ProductOffering], **JSON_OPTS)
def list_offerings(request: Request, op: Op, name: str | None = None,
                   category: str | None = Query(None, alias="category.id"),
                   ) -> list[dict[str, Any]]:
    with op.tx() as ctx:
        return [offering_json(ctx, request, o) for o in catalogue.OFFERINGS.values()
                if (name is None or o.name == name)
                and (category is None or o.category == category)]


@router.get("/productOffering/{offering_id}", response_model=models.ProductOffering, **JSON_OPTS)
def get_offering(offering_id: str, request: Request,
                 op: Op) -> dict[str, Any]:
    offering = catalogue.get(offering_id)
    if offering is None:
        raise ApiError(404, "套餐不存在", f"no product offering {offering_id!r}")
    with op.tx() as ctx:
        return offering_json(ctx, request, offering)
