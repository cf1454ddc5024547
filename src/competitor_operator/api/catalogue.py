"""TMF620: offerings refer to their prices; each price is its own ProductOfferingPrice."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from competitor_operator import catalogue as shop
from competitor_operator.api.common import ROOT, ApiError, Authorised, Op, money, page
from competitor_operator.catalogue import Offering, vat_of
from competitor_operator.context import Settings

BASE = f"{ROOT}/tmf620/v4"
router = APIRouter(prefix=BASE, tags=["TMF620 catalogue"], dependencies=[Authorised])


def stated_fee(offering: Offering, settings: Settings) -> int:
    if "api-price-wrong" in settings.faults and offering.code == "BW-39":
        return offering.fee - 1000
    return offering.fee


def offering_json(offering: Offering) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": offering.code, "href": f"{BASE}/productOffering/{offering.code}",
        "name": offering.name, "description": offering.description,
        "lifecycleStatus": "Launched", "isBundle": False, "isSellable": True,
        "category": [{"id": offering.kind, "name": offering.kind}],
        "@type": "ProductOffering"}
    if offering.fee:
        body["productOfferingPrice"] = [{"id": offering.price_id, "name": offering.name,
                                         "href": f"{BASE}/productOfferingPrice/"
                                                 f"{offering.price_id}",
                                         "@referredType": "ProductOfferingPrice"}]
    if offering.kind == "plan":
        body["prodSpecCharValueUse"] = [
            {"name": "voiceMinutes", "productSpecCharacteristicValue": [
                {"value": offering.minutes, "unitOfMeasure": "min"}]},
            {"name": "dataAllowance", "productSpecCharacteristicValue": [
                {"value": offering.data_mb, "unitOfMeasure": "MB"}]}]
    return body


def price_json(offering: Offering, settings: Settings) -> dict[str, Any]:
    fee = stated_fee(offering, settings)
    price: dict[str, Any] = {"taxIncludedAmount": money(fee)}
    if "vat-not-shown" not in settings.faults:
        price |= {"dutyFreeAmount": money(fee - vat_of(fee, offering.vat_rate)),
                  "taxRate": float(offering.vat_rate * 100)}
    return {"id": offering.price_id, "href": f"{BASE}/productOfferingPrice/{offering.price_id}",
            "name": f"{offering.name}月费" if offering.kind == "plan" else f"{offering.name}信息费",
            "priceType": "recurring", "recurringChargePeriodType": "month",
            "recurringChargePeriodLength": 1, "lifecycleStatus": "Launched",
            "price": price, "@type": "ProductOfferingPrice"}


@router.get("/productOffering")
def offerings(response: Response, offset: int = 0, limit: int = 20,
              name: str | None = None) -> list[dict[str, Any]]:
    chosen = [offering_json(o) for o in shop.OFFERINGS.values() if name in (None, o.name)]
    return page(chosen, response, offset, limit)


@router.get("/productOffering/{code}")
def offering(code: str) -> dict[str, Any]:
    found = shop.get(code)
    if found is None:
        raise ApiError(404, "没有该产品", f"no productOffering {code}")
    return offering_json(found)


@router.get("/productOfferingPrice")
def prices(op: Op, response: Response, offset: int = 0, limit: int = 20
           ) -> list[dict[str, Any]]:
    chosen = [price_json(o, op.settings) for o in shop.OFFERINGS.values() if o.fee]
    return page(chosen, response, offset, limit)


@router.get("/productOfferingPrice/{price_id}")
def price(price_id: str, op: Op) -> dict[str, Any]:
    found = next((o for o in shop.OFFERINGS.values() if o.fee and o.price_id == price_id), None)
    if found is None:
        raise ApiError(404, "没有该资费", f"no productOfferingPrice {price_id}")
    return price_json(found, op.settings)
