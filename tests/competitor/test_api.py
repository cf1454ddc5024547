"""The API: OAuth2 client credentials and bearer refusals, TMF shapes (checked against the TM
Forum specs), prices as ProductOfferingPrice resources, paging, ordering, top-up."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .conftest import CLIENT_ID, CLIENT_SECRET

TMF = Path(__file__).resolve().parents[1] / "tmf"
SPECS = {"TMF620": "TMF620-ProductCatalog-v4.0.0.swagger.json",
         "TMF622": "TMF622-ProductOrder-v4.0.0.swagger.json",
         "TMF635": "TMF635-UsageManagement-v4.0.0.swagger.json",
         "TMF637": "TMF637-ProductInventory-v4.0.0.swagger.json",
         "TMF678": "TMF678-CustomerBill-v4.0.0.swagger.json"}


@cache
def _spec(api: str) -> dict[str, Any]:
    return json.loads((TMF / SPECS[api]).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def valid(api: str, definition: str, instances: Any) -> None:
    schema = {"$ref": f"#/definitions/{definition}", "definitions": _spec(api)["definitions"]}
    for item in instances if isinstance(instances, list) else [instances]:
        jsonschema.Draft4Validator(schema).validate(item)
        assert item["@type"]


def test_no_token_is_refused_with_a_bearer_challenge(bw: Any) -> None:
    response = bw.http.get(f"{bw.url}/bw-api/tmf620/v4/productOffering")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="bw-api"'
    assert response.json()["@type"] == "Error"
    unknown = bw.http.get(f"{bw.url}/bw-api/tmf620/v4/productOffering",
                          headers={"Authorization": "Bearer made-up"})
    assert unknown.status_code == 401
    assert 'error="invalid_token"' in unknown.headers["WWW-Authenticate"]


def test_the_token_endpoint_checks_client_and_grant(bw: Any) -> None:
    url = f"{bw.url}/oauth2/token"
    wrong = bw.http.post(url, data={"grant_type": "client_credentials"},
                         auth=(CLIENT_ID, "not-the-secret"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    grant = bw.http.post(url, data={"grant_type": "password"}, auth=(CLIENT_ID, CLIENT_SECRET))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    form = bw.http.post(url, data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                   "client_secret": CLIENT_SECRET})
    assert form.status_code == 200
    assert form.json()["token_type"] == "Bearer" and form.json()["expires_in"] == 3600


def test_an_expired_token_is_refused(fresh: Any) -> None:
    bw = fresh(extra=("--token-ttl", "1"))
    token = bw.token()
    time.sleep(1.5)      # tokens age in real time; only "at least this late" matters here
    response = bw.http.get(f"{bw.url}/bw-api/tmf620/v4/productOffering",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert 'error_description="expired token"' in response.headers["WWW-Authenticate"]


def test_offerings_refer_to_their_prices(bw: Any) -> None:
    offerings = bw.api("GET", "/tmf620/v4/productOffering").json()
    valid("TMF620", "ProductOffering", offerings)
    plan = next(o for o in offerings if o["id"] == "BW-39")
    assert "price" not in plan
    ref = plan["productOfferingPrice"][0]
    price = bw.http.get(f"{bw.url}{ref['href']}",
                        headers={"Authorization": f"Bearer {bw.token()}"}).json()
    valid("TMF620", "ProductOfferingPrice", price)
    assert price["price"] == {"taxIncludedAmount": {"unit": "CNY", "value": 39.0},
                              "dutyFreeAmount": {"unit": "CNY", "value": 35.78}, "taxRate": 9.0}
    assert {c["name"]: c["productSpecCharacteristicValue"][0]["value"]
            for c in plan["prodSpecCharValueUse"]} == {"voiceMinutes": 100,
                                                       "dataAllowance": 5120}


def test_lists_are_paged_with_a_total_count(bw: Any) -> None:
    first = bw.api("GET", "/tmf620/v4/productOffering", params={"offset": 0, "limit": 2})
    rest = bw.api("GET", "/tmf620/v4/productOffering", params={"offset": 2, "limit": 2})
    assert first.headers["X-Total-Count"] == rest.headers["X-Total-Count"] == "4"
    assert [o["id"] for o in first.json() + rest.json()] == ["BW-39", "BW-69", "BW-NEWS",
                                                             "BW-TOPUP"]
    assert bw.api("GET", "/tmf620/v4/productOffering", params={"limit": 0}).status_code == 400


def test_order_change_and_cancel_through_the_api(bw: Any) -> None:
    subs = bw.subscriber()
    placed = bw.add(subs["subsId"], "BW-39")
    valid("TMF622", "ProductOrder", placed)
    assert placed["state"] == "acknowledged"
    bw.shift(11 * 60)
    order = bw.api("GET", f"/tmf622/v4/productOrder/{placed['id']}").json()
    assert order["state"] == "completed" and order["completionDate"]
    product = bw.products(subs["subsId"])
    valid("TMF637", "Product", product)
    assert product[0]["status"] == "active"
    assert product[0]["productPrice"][0]["price"]["taxIncludedAmount"]["value"] == 39.0
    again = bw.order(subs["subsId"], action="add", productOffering={"id": "BW-69"})
    assert again.status_code == 422 and "套餐变更" in again.json()["reason"]
    change = bw.order(subs["subsId"], action="modify", product={"id": product[0]["id"]},
                      productOffering={"id": "BW-69"})
    assert change.status_code == 201 and change.json()["state"] == "completed"
    active = bw.products(subs["subsId"], status="active")
    assert [p["productOffering"]["id"] for p in active] == ["BW-69"]
    cancel = bw.order(subs["subsId"], action="delete", product={"id": active[0]["id"]})
    assert cancel.status_code == 201
    assert bw.products(subs["subsId"], status="active") == []
    bw.shift(10)        # an SMS takes a few seconds to arrive
    texts = bw.texts(subs["telNo"])
    assert any("变更为鲸享69元套餐，即时生效" in t for t in texts)
    assert any("您已退订鲸享69元套餐，即时生效" in t for t in texts)
    listed = bw.api("GET", "/tmf622/v4/productOrder", params={"relatedParty.id": subs["subsId"]})
    assert listed.headers["X-Total-Count"] == "3"


def test_usage_and_bills_have_tmf_shapes(fresh: Any) -> None:
    bw = fresh()
    subs = bw.subscriber(billDay=23, planCode="BW-39")
    assert bw.call(subs["telNo"], 90).status_code == 201
    usage = bw.api("GET", "/tmf635/v4/usage", params={"relatedParty.id": subs["subsId"]}).json()
    valid("TMF635", "Usage", usage)
    bw.date_to("2026-12-23 00:00:01")
    bills = bw.bills(subs["subsId"])
    valid("TMF678", "CustomerBill", bills)
    valid("TMF678", "AppliedCustomerBillingRate", bw.lines(bills[0]["id"]))
    bw.shift(10)
    assert any("您11月账单（2026年11月23日至2026年12月22日）" in t for t in bw.texts(subs["telNo"]))


def test_a_top_up_is_a_payment_and_reaches_the_balance(bw: Any) -> None:
    subs = bw.subscriber()
    response = bw.api("POST", "/tmf676/v4/payment", json={
        "account": {"id": subs["subsId"]}, "totalAmount": {"unit": "CNY", "value": 50}})
    assert response.status_code == 201 and response.json()["status"] == "succeeded"
    balance = bw.api("GET", f"/tmf676/v4/accountBalance/{subs['subsId']}").json()
    assert balance["remainedAmount"] == {"unit": "CNY", "value": 50.0}
    bw.shift(10)
    assert any("您已充值¥50.00，当前余额¥50.00" in t for t in bw.texts(subs["telNo"]))
    odd = bw.api("POST", "/tmf676/v4/payment", json={
        "account": {"id": subs["subsId"]}, "totalAmount": {"unit": "CNY", "value": 42}})
    assert odd.status_code == 422


@pytest.mark.parametrize("path", ["/tmf620/v4/productOffering/NOPE",
                                  "/tmf622/v4/productOrder/NOPE", "/tmf637/v4/product/NOPE",
                                  "/tmf678/v4/customerBill/NOPE"])
def test_unknown_resources_are_tmf_errors(bw: Any, path: str) -> None:
    response = bw.api("GET", path)
    assert response.status_code == 404 and response.json()["@type"] == "Error"
