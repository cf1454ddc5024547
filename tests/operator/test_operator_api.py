"""The TMF API over HTTP: shapes (validated against the TM Forum swagger definitions), the
token, errors, and a plan's life through orders, inventory, usage and bills."""

from __future__ import annotations

from typing import Any

import pytest
from operator_pages import unstamped

from demo_operator.faults import FAULTS

CATALOG = "productCatalogManagement/v4"
ORDERING = "productOrderingManagement/v4"
INVENTORY = "productInventory/v4"
USAGE = "usageManagement/v4"
BILLING = "customerBillManagement/v4"


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def test_the_schema_check_is_not_vacuous(tmf_validate) -> None:
    import jsonschema
    with pytest.raises(jsonschema.ValidationError):
        tmf_validate("TMF620", "ProductOffering", {"id": 58, "@type": "ProductOffering"})
    with pytest.raises(jsonschema.ValidationError):
        tmf_validate("TMF637", "Product", {"status": "sleeping", "@type": "Product"})


def test_catalogue(operator, tmf_validate) -> None:
    offerings = ok(operator.api("GET", f"{CATALOG}/productOffering"))
    tmf_validate("TMF620", "ProductOffering", offerings)
    assert [o["id"] for o in offerings] == ["PLAN-58", "PLAN-88", "PLAN-128",
                                            "VAS-NEWS", "VAS-RBT", "BB-100", "ENT-20M",
                                            "ROAM-INTL", "BUN-FAMILY", "BUN-MOBILE", "BUN-BB",
                                            "BUN-TV"]
    (plan,) = ok(operator.api("GET", f"{CATALOG}/productOffering",
                              params={"name": "5G畅享58元套餐"}))
    assert plan == ok(operator.api("GET", f"{CATALOG}/productOffering/PLAN-58"))
    prices = operator.prices(plan)
    tmf_validate("TMF620", "ProductOfferingPrice", prices)
    prices = {p["priceType"] + ":" + p.get("unitOfMeasure", {}).get(
                  "units", p.get("recurringChargePeriodType")): p["price"] for p in prices}
    assert prices == {"recurring:month": {"unit": "CNY", "value": 58.0},
                      "usage:minute": {"unit": "CNY", "value": 0.15},
                      "usage:MB": {"unit": "CNY", "value": 0.03}}
    allowances = {u["name"]: u["productSpecCharacteristicValue"][0]["value"]
                  for u in plan["prodSpecCharValueUse"]}
    assert allowances == {"includedVoiceMinutes": 100, "includedDataMB": 1024}
    assert plan["productOfferingTerm"][0]["description"].startswith(
        "月费58.00元,含国内通话100分钟、国内流量1024MB;超出后通话0.15元/分钟、流量0.03元/MB")
    assert plan["category"][0]["id"] == "mobile_plan"


def test_the_token_is_required_and_refusals_are_tmf_errors(operator, tmf_validate) -> None:
    for token in (None, "wrong"):
        response = operator.api("GET", f"{CATALOG}/productOffering", token=token)
        assert response.status_code == 401
        tmf_validate("TMF620", "Error", response.json())
    missing = operator.api("GET", f"{INVENTORY}/product/PRD-999999")
    assert missing.status_code == 404
    tmf_validate("TMF637", "Error", missing.json())
    malformed = operator.api("POST", f"{ORDERING}/productOrder", json={"note": "no items"})
    assert malformed.status_code == 400
    assert set(malformed.json()) >= {"code", "reason", "message", "status"}
    unknown = operator.order(operator.customer()["id"],
                             {"action": "add", "productOffering": {"id": "PLAN-1"}})
    assert unknown.status_code == 404 and unknown.json()["reason"] == "套餐不存在"


def test_every_api_route_asks_for_the_token(operator) -> None:
    """Each route checks the token itself (its one dependency gives the operator only to a
    token holder): a route added without it would answer anyone."""
    import re

    import requests

    paths = requests.get(f"{operator.url}/openapi.json", timeout=10).json()["paths"]
    asked = [(method.upper(), path) for path, methods in paths.items()
             if path.startswith("/tmf-api/") for method in methods]
    assert len(asked) >= 40, asked  # TMF620 alone has 25
    for method, path in asked:
        url = operator.url + re.sub(r"\{[^}]+\}", "X", path)
        refused = requests.request(method, url, json={}, timeout=10)
        assert refused.status_code == 401, (method, path, refused.text)


def test_a_plan_through_its_life(operator, tmf_validate) -> None:
    customer = operator.customer("王五")
    cid, msisdn = customer["id"], customer["msisdn"]
    assert customer["now"] == "2026-11-23T10:00:00+08:00"
    assert msisdn.startswith("199") and len(msisdn) == 11

    order = ok(operator.order(cid, {"action": "add", "productOffering": {"id": "PLAN-58"}}), 201)
    tmf_validate("TMF622", "ProductOrder", order)
    assert order["state"] == "acknowledged"
    product_id = order["productOrderItem"][0]["product"]["id"]
    product = ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))
    assert product["status"] == "pendingActive" and "startDate" not in product

    # SMS at +30 s, activation at +30 min
    operator.clock(cid, advance=1800)
    product = ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))
    tmf_validate("TMF637", "Product", product)
    assert product["status"] == "active"
    assert product["startDate"] == "2026-11-23T10:30:00+08:00"
    assert {c["name"]: c["value"] for c in product["productCharacteristic"]} == {"msisdn": msisdn}
    order = ok(operator.api("GET", f"{ORDERING}/productOrder/{order['id']}"))
    assert order["state"] == "completed"
    assert order["completionDate"] == "2026-11-23T10:30:00+08:00"

    assert ok(operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12}),
              201) == {"connected": True, "minutes": 12}
    assert ok(operator.post(f"/phone/{msisdn}/data", json={"megabytes": 1500}), 201) == {
        "connected": True, "megabytes": 1500}
    usages = ok(operator.api("GET", f"{USAGE}/usage", params={"relatedParty.id": cid}))
    tmf_validate("TMF635", "Usage", usages)
    assert [(u["usageType"], {c["name"]: c["value"] for c in u["usageCharacteristic"]}["unit"])
            for u in usages] == [("voice", "minute"), ("data", "MB")]

    ok(operator.clock(cid, to="2026-12-01T00:00:00+08:00"))
    (bill,) = ok(operator.api("GET", f"{BILLING}/customerBill", params={"relatedParty.id": cid}))
    tmf_validate("TMF678", "CustomerBill", bill)
    assert bill["amountDue"] == {"unit": "CNY", "value": 29.75}
    assert bill["taxIncludedAmount"]["value"] == 29.75 and bill["state"] == "sent"
    assert bill["billingPeriod"]["startDateTime"] == "2026-11-01T00:00:00+08:00"
    assert bill["billDate"] == "2026-12-01T00:00:00+08:00" and bill["billNo"]
    rates = ok(operator.api("GET", f"{BILLING}/appliedCustomerBillingRate",
                            params={"bill.id": bill["id"]}))
    tmf_validate("TMF678", "AppliedCustomerBillingRate", rates)
    assert [(r["type"], r["taxIncludedAmount"]["value"]) for r in rates] == [
        ("recurringCharge", 15.47), ("usageCharge", 0.0), ("usageCharge", 14.28)]
    usage_ids = [{c["name"]: c["value"] for c in r["characteristic"]}.get("usageId")
                 for r in rates]
    assert usage_ids == [None, *(u["id"] for u in usages)]
    assert ok(operator.api("GET", f"{BILLING}/appliedCustomerBillingRate/{rates[2]['id']}")) \
        == rates[2]

    # a plan change waits for the 1st of next month
    change = ok(operator.order(cid, {"action": "modify", "product": {"id": product_id},
                                     "productOffering": {"id": "PLAN-88"}}), 201)
    tmf_validate("TMF622", "ProductOrder", change)
    # TMF622 tells when the change starts, and the item waits for it
    assert change["requestedStartDate"] == "2027-01-01T00:00:00+08:00"
    assert [(i["action"], i["state"]) for i in change["productOrderItem"]] == \
        [("modify", "acknowledged")]
    product = ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))
    assert product["productOffering"]["id"] == "PLAN-58"
    assert {c["name"]: c["value"] for c in product["productCharacteristic"]} == {
        "msisdn": msisdn, "scheduledOffering": "PLAN-88", "scheduledChangeDate": "2027-01-01"}
    ok(operator.clock(cid, to="2027-01-01T10:00:00+08:00"))
    product = ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))
    assert product["productOffering"]["id"] == "PLAN-88" and product["name"] == "5G畅享88元套餐"

    # cancellation: pendingTerminate at once, terminated 2 hours later
    ok(operator.order(cid, {"action": "delete", "product": {"id": product_id}}), 201)
    assert ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))["status"] == \
        "pendingTerminate"
    ok(operator.clock(cid, advance=7200))
    product = ok(operator.api("GET", f"{INVENTORY}/product/{product_id}"))
    assert product["status"] == "terminated"
    assert product["terminationDate"] == "2027-01-01T12:00:00+08:00"
    refused = operator.order(cid, {"action": "delete", "product": {"id": product_id}})
    assert refused.status_code == 409

    ok(operator.clock(cid, to="2027-03-05T00:00:00+08:00"))
    bills = ok(operator.api("GET", f"{BILLING}/customerBill", params={"relatedParty.id": cid}))
    assert [(b["billingPeriod"]["startDateTime"][:7], b["amountDue"]["value"]) for b in bills] == [
        ("2026-11", 29.75), ("2026-12", 58.0), ("2027-01", 2.84)]
    orders = ok(operator.api("GET", f"{ORDERING}/productOrder", params={"relatedParty.id": cid}))
    tmf_validate("TMF622", "ProductOrder", orders)
    assert [(o["productOrderItem"][0]["action"], o["state"]) for o in orders] == [
        ("add", "completed"), ("modify", "completed"), ("delete", "completed")]

    texts = [unstamped(m["text"]) for m in operator.inbox(msisdn)]
    assert texts == [
        f"【演示电信】您已成功订购5G畅享58元套餐,月费58.00元,自开通之日起按日折算计费,"
        f"退订请发送TD至10001或拨打10000。订单号{orders[0]['id']}。",
        f"【演示电信】您的号码{msisdn}已开通5G畅享58元套餐,欢迎使用。",
        "【演示电信】尊敬的客户,您2026年11月账单已出,应缴金额29.75元。",
        "【演示电信】您已申请将套餐由5G畅享58元套餐变更为5G畅享88元套餐,将于2027-01-01生效。",
        "【演示电信】尊敬的客户,您2026年12月账单已出,应缴金额58.00元。",
        "【演示电信】您已申请退订5G畅享88元套餐,将于<by>前生效,生效后不再收取月费。",
        "【演示电信】尊敬的客户,您2027年1月账单已出,应缴金额2.84元。",
    ]
    assert all(m["from"] == "10001" for m in operator.inbox(msisdn))


def test_the_phone(operator) -> None:
    customer = operator.customer()
    msisdn = customer["msisdn"]
    refused = operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 3})
    assert refused.status_code == 503
    assert refused.json()["connected"] is False and refused.json()["reason"]
    assert operator.post(f"/phone/{msisdn}/data", json={"megabytes": 3}).status_code == 503
    assert operator.get("/phone/19900000000/inbox").status_code == 404
    assert operator.post(f"/phone/{msisdn}/calls", json={"minutes": 0}).status_code == 400
    # the inbox shows only what has arrived by the customer's now
    operator.order(customer["id"], {"action": "add", "productOffering": {"id": "PLAN-88"}})
    assert operator.inbox(msisdn) == []
    operator.clock(customer["id"], advance=30)
    (sms,) = operator.inbox(msisdn)
    assert sms["receivedAt"] == "2026-11-23T10:00:30+08:00" and sms["from"] == "10001"


def test_the_test_clock_over_http(operator) -> None:
    first, second = operator.customer()["id"], operator.customer()["id"]
    assert ok(operator.get(f"/test/customers/{first}/clock")) == {
        "now": "2026-11-23T10:00:00+08:00"}
    assert ok(operator.clock(first, advance=90.5)) == {"now": "2026-11-23T10:01:30.500000+08:00"}
    assert ok(operator.clock(first, to="2026-11-24T00:00:00Z")) == {
        "now": "2026-11-24T08:00:00+08:00"}
    assert operator.clock(first, to="2026-11-24T07:59:59+08:00").status_code == 409
    assert operator.clock(first, advance=-1).status_code == 409
    assert operator.clock(first).status_code == 400
    assert operator.clock("CUST-NOPE", advance=1).status_code == 404
    assert ok(operator.get(f"/test/customers/{second}/clock"))["now"] == \
        "2026-11-23T10:00:00+08:00"


def test_health_faults_and_openapi(operator) -> None:
    assert ok(operator.get("/test/health")) == {"status": "ok", "faults": []}
    faults = ok(operator.get("/test/faults"))
    assert len(faults) == len(FAULTS) and not any(f["active"] for f in faults)
    assert all(set(f) == {"name", "title", "breaks", "channels", "active"} for f in faults)
    # the API lists what the registry holds (test_operator_faults checks the registry itself)
    assert {f["name"]: f["channels"] for f in faults if f["channels"]} == {
        name: list(f.channels) for name, f in FAULTS.items() if f.channels}
    paths = ok(operator.get("/openapi.json"))["paths"]
    for path in ("/tmf-api/productCatalogManagement/v4/productOffering",
                 "/tmf-api/productOrderingManagement/v4/productOrder",
                 "/tmf-api/productInventory/v4/product",
                 "/tmf-api/usageManagement/v4/usage",
                 "/tmf-api/customerBillManagement/v4/customerBill",
                 "/tmf-api/customerBillManagement/v4/appliedCustomerBillingRate",
                 "/tmf-api/paymentManagement/v4/payment",
                 "/tmf-api/prepayBalanceManagement/v4/bucket", "/test/recharge-cards",
                 "/phone/{msisdn}/sms", "/hotline/calls", "/hotline/calls/{call_id}/keys"):
        assert path in paths


# -- faults as the API shows them ---------------------------------------------------------------

def test_order_rejected_over_the_api(operator_with, tmf_validate) -> None:
    running = operator_with("order-rejected")
    assert ok(running.get("/test/health"))["faults"] == ["order-rejected"]
    response = running.order(running.customer()["id"],
                             {"action": "add", "productOffering": {"id": "PLAN-58"}})
    assert response.status_code == 503
    tmf_validate("TMF622", "Error", response.json())
    assert response.json()["reason"] == "系统繁忙"


def test_catalogue_data_and_itemised_faults_over_the_api(operator_with) -> None:
    running = operator_with("catalogue-price-wrong", "data-service-down",
                            "itemised-record-missing-lines")
    active = {f["name"] for f in ok(running.get("/test/faults")) if f["active"]}
    assert active == {"catalogue-price-wrong", "data-service-down",
                      "itemised-record-missing-lines"}
    plan = ok(running.api("GET", f"{CATALOG}/productOffering/PLAN-58"))
    recurring = next(p for p in running.prices(plan) if p["priceType"] == "recurring")
    assert recurring["price"]["value"] == 48.0

    customer, product_id = running.subscribe("PLAN-58")
    msisdn = customer["msisdn"]
    refused = running.post(f"/phone/{msisdn}/data", json={"megabytes": 100})
    assert refused.status_code == 503
    assert refused.json() == {"connected": False, "reason": "该号段暂不支持数据业务"}
    ok(running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 90}), 201)
    ok(running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 20}), 201)
    ok(running.clock(customer["id"], to="2026-12-01T00:00:00+08:00"))
    (bill,) = ok(running.api("GET", f"{BILLING}/customerBill",
                             params={"relatedParty.id": customer["id"]}))
    assert bill["amountDue"]["value"] == 16.97   # 15.47 + 10 minutes over × 0.15
    rates = ok(running.api("GET", f"{BILLING}/appliedCustomerBillingRate",
                           params={"bill.id": bill["id"]}))
    assert [r["type"] for r in rates] == ["recurringCharge", "usageCharge"]  # the 20 min is gone
    assert sum(r["taxIncludedAmount"]["value"] for r in rates) == 15.47


def test_lists_filter_select_and_page_as_tmf630_has_it(operator, tmf_validate) -> None:
    listed = operator.api("GET", f"{CATALOG}/productOffering", params={"limit": 5})
    assert listed.status_code == 200
    assert (listed.headers["X-Total-Count"], listed.headers["X-Result-Count"]) == ("12", "5")
    rest = ok(operator.api("GET", f"{CATALOG}/productOffering",
                           params={"offset": 5, "limit": 100}))
    everything = ok(operator.api("GET", f"{CATALOG}/productOffering"))
    assert [o["id"] for o in listed.json() + rest] == [o["id"] for o in everything]
    # fields: what was asked for, and what finds the item again
    names = ok(operator.api("GET", f"{CATALOG}/productOffering",
                            params={"fields": "name", "category.id": "vas"}))
    assert [sorted(o) for o in names] == [["@type", "href", "id", "name"]] * 2
    # a filter the list does not offer is refused, never ignored
    for path, params in ((f"{CATALOG}/productOffering", {"colour": "red"}),
                         (f"{INVENTORY}/product", {"relatedparty.id": "CUST-000001"}),
                         (f"{BILLING}/customerBill", {"limit": "0"}),
                         (f"{USAGE}/usage", {"offset": "-1"})):
        refused = operator.api("GET", path, params=params)
        assert refused.status_code == 400, (path, refused.text)
        tmf_validate("TMF620", "Error", refused.json())
    # the published tariff is read-only; what a client creates can be changed and deleted
    assert operator.api("PATCH", f"{CATALOG}/productOffering/PLAN-58",
                        json={"name": "cheap"}).status_code == 403
    made = ok(operator.api("POST", f"{CATALOG}/category", json={"name": "试用"}), 201)
    tmf_validate("TMF620", "Category", made)
    changed = ok(operator.api("PATCH", f"{CATALOG}/category/{made['id']}",
                              json={"lifecycleStatus": "Retired"}))
    assert (changed["name"], changed["lifecycleStatus"]) == ("试用", "Retired")
    assert operator.api("DELETE", f"{CATALOG}/category/{made['id']}").status_code == 204
    assert operator.api("GET", f"{CATALOG}/category/{made['id']}").status_code == 404
    # the prices an offering refers to are resources of their own
    prices = ok(operator.api("GET", f"{CATALOG}/productOfferingPrice",
                             params={"priceType": "recurring", "id": "PLAN-58-MONTHLY"}))
    assert [p["price"] for p in prices] == [{"unit": "CNY", "value": 58.0}]
