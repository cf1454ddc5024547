"""International roaming (README.md, "International roaming"): ordering on a plan, the
welcome on arrival, sessions abroad rated by zone (worked by hand), unsubscribing, every
channel, and the two roaming faults."""

from __future__ import annotations

from typing import Any

import pytest
from operator_pages import Call, P, page, sign_in, unstamped

from demo_operator import catalogue, orders, sms
from demo_operator.catalogue import zone_of

CATALOG = "productCatalogManagement/v4/productOffering"
INVENTORY = "productInventory/v4/product"
BILLS = "customerBillManagement/v4"
USAGE = "usageManagement/v4/usage"
TERMS = ("漫游资费按所在国家和地区分区收取,不占用国内套餐:一区(中国香港、中国澳门、中国台湾)"
         "通话0.99元/分钟、流量0.29元/MB;二区(日本、韩国、新加坡、泰国、马来西亚)通话1.99元/分钟、"
         "流量0.59元/MB;三区(其他国家和地区)通话2.99元/分钟、流量1.99元/MB。")
BACK = "返回上级请按*。"


def test_the_terms_are_the_published_zone_tariff() -> None:
    assert catalogue.roaming_terms() == TERMS
    assert [zone_of(c).name for c in ("HK", "mo", "JP", "MY", "US", "BR")] == \
        ["一区", "一区", "二区", "二区", "三区", "三区"]
    assert catalogue.country_name("BR") == "BR" and catalogue.country_name("jp") == "日本"


# -- the rules, in process ----------------------------------------------------------------------

def _roamer(world: Any) -> tuple[str, str]:
    """A customer with an active plan and active roaming (ordered 10:30 on 23 Nov)."""
    customer_id, _ = world.subscribe("PLAN-58")
    order_id = world.order(customer_id, orders.ItemRequest("add", offering_id="ROAM-INTL"))
    with world.tx() as ctx:
        product_id = orders.items(ctx, order_id)[0]["product_id"]
    world.advance(customer_id, 1800)
    return customer_id, product_id


def _session(world: Any, customer_id: str, kind: str, quantity: int, country: str) -> Any:
    from demo_operator import customers, usage
    with world.tx() as ctx:
        return usage.session(ctx, customers.get(ctx, customer_id), kind, quantity, None, country)


def test_roaming_needs_a_plan(world) -> None:
    customer_id = world.customer()
    with pytest.raises(orders.OrderRefused) as refused:
        world.order(customer_id, orders.ItemRequest("add", offering_id="ROAM-INTL"))
    assert refused.value.reason == orders.VAS_NEEDS_PLAN


def test_abroad_rated_by_zone_not_out_of_the_allowance(world) -> None:
    customer_id, product_id = _roamer(world)
    texts = world.texts(customer_id)
    assert texts[-2].startswith(P + "您已成功订购国际漫游,功能费0.00元/月")
    assert texts[-1] == P + "您的号码" + texts[-1][10:21] + "已开通国际漫游,欢迎使用。"
    assert world.product(product_id)["status"] == "active"
    # 10 minutes in Japan (zone 2: 1.99) and 200 MB in Hong Kong (zone 1: 0.29), 5 minutes at
    # home (inside the 100-minute allowance: 0.00)
    assert _session(world, customer_id, "voice", 10, "JP").connected
    assert world.texts(customer_id)[-1] == (
        P + "欢迎来到日本!您已开通国际漫游,当地属二区,拨打电话1.99元/分钟,上网0.59元/MB,"
        "不占用国内套餐。客服电话+86-10000。")
    assert _session(world, customer_id, "data", 200, "HK").connected
    assert _session(world, customer_id, "voice", 5, "CN").connected
    world.to(customer_id, "2026-12-01T00:00:00+08:00")
    # plan 58.00 × 8/30 days = 15.47; 10 × 1.99 = 19.90; 200 × 0.29 = 58.00 → 93.37
    assert world.bills(customer_id) == {"2026-11": 1547 + 1990 + 5800}


def test_after_the_unsubscribe_abroad_is_refused(world) -> None:
    customer_id, product_id = _roamer(world)
    world.order(customer_id, orders.ItemRequest("delete", product_id=product_id))
    world.advance(customer_id, 60)
    assert unstamped(world.texts(customer_id)[-1]) == (
        P + "您已申请退订国际漫游,将于<by>前生效,生效后在境外不能通话和上网。")
    assert _session(world, customer_id, "voice", 1, "US").connected  # still pendingTerminate
    world.advance(customer_id, 7200)
    assert world.product(product_id)["status"] == "terminated"
    refused = _session(world, customer_id, "voice", 3, "US")
    assert (refused.connected, refused.reason) == (False, "未开通国际漫游")
    assert _session(world, customer_id, "voice", 3, "CN").connected  # home still works
    world.to(customer_id, "2026-12-01T00:00:00+08:00")
    assert world.bills(customer_id) == {"2026-11": 1547 + 299}


def test_arriving_without_roaming_says_how_to_open_it(world) -> None:
    from demo_operator import roaming
    customer_id, _ = world.subscribe("PLAN-58")
    with world.tx() as ctx:
        assert roaming.arrive(ctx, customer_id, "FR") == "三区"
        assert roaming.arrive(ctx, customer_id, "FR") == "三区"   # no second welcome
    assert world.texts(customer_id)[-1] == sms.ROAMING_NOT_OPEN.format(country="法国")
    assert len([t for t in world.texts(customer_id) if "欢迎来到" in t]) == 1
    assert not _session(world, customer_id, "data", 10, "FR").connected


def test_roaming_rated_wrong_rates_abroad_at_the_domestic_rate(world_with) -> None:
    world = world_with("roaming-rated-wrong")
    customer_id, _ = _roamer(world)
    _session(world, customer_id, "voice", 10, "JP")
    _session(world, customer_id, "data", 200, "HK")
    world.to(customer_id, "2026-12-01T00:00:00+08:00")
    assert world.bills(customer_id) == {"2026-11": 1547 + 10 * 15 + 200 * 3}


def test_roaming_no_welcome_sends_nothing_on_arrival(world_with) -> None:
    world = world_with("roaming-no-welcome")
    customer_id, _ = _roamer(world)
    assert _session(world, customer_id, "voice", 10, "JP").connected
    assert not any("欢迎来到" in t for t in world.texts(customer_id))


# -- the channels, over HTTP --------------------------------------------------------------------

def _with_plan(running: Any) -> dict[str, str]:
    response = running.post("/test/customers",
                            json={"name": "漫游客户", "idNumber": "1101", "plan": "PLAN-58"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_the_api_sells_and_rates_roaming(operator) -> None:
    (offering,) = operator.api("GET", CATALOG, params={"category.id": "roaming"}).json()
    assert (offering["name"], offering["category"][0]["name"]) == ("国际漫游", "国际漫游")
    assert offering["productOfferingTerm"][0]["description"] == TERMS
    prices = {p["name"]: p["price"]["value"] for p in operator.prices(offering)}
    assert prices == {"功能费": 0.0, "一区通话费": 0.99, "一区流量费": 0.29, "二区通话费": 1.99,
                      "二区流量费": 0.59, "三区通话费": 2.99, "三区流量费": 1.99}
    customer = _with_plan(operator)
    ordered = operator.order(customer["id"], {"action": "add",
                                              "productOffering": {"id": "ROAM-INTL"}})
    assert ordered.status_code == 201, ordered.text
    operator.clock(customer["id"], advance=1800)
    moved = operator.post(f"/phone/{customer['msisdn']}/location", json={"country": "kr"})
    assert moved.json() == {"country": "KR", "zone": "二区"}
    call = operator.post(f"/phone/{customer['msisdn']}/calls", json={"minutes": 7})
    assert call.status_code == 201, call.text
    (record,) = operator.api("GET", USAGE, params={"relatedParty.id": customer["id"]}).json()
    chars = {c["name"]: c["value"] for c in record["usageCharacteristic"]}
    assert (chars["country"], chars["roamingZone"], record["description"]) == \
        ("KR", "二区", "国际漫游通话 韩国 7分钟")
    operator.clock(customer["id"], to="2026-12-01T01:00:00+08:00")
    (bill,) = operator.api("GET", f"{BILLS}/customerBill",
                           params={"relatedParty.id": customer["id"]}).json()
    lines = operator.api("GET", f"{BILLS}/appliedCustomerBillingRate",
                         params={"bill.id": bill["id"]}).json()
    assert [(x["name"], x["taxIncludedAmount"]["value"]) for x in lines] == \
        [("5G畅享58元套餐月费", 15.47), ("国际漫游通话(韩国)", 13.93)]
    assert bill["amountDue"]["value"] == 29.4
    bad = operator.post(f"/phone/{customer['msisdn']}/location", json={"country": "Japan"})
    assert bad.status_code == 400


def test_the_sms_hall_and_hotline_sell_roaming(operator) -> None:
    customer = _with_plan(operator)
    operator.post(f"/phone/{customer['msisdn']}/sms", json={"to": "10001", "text": "zf my"})
    assert operator.inbox(customer["msisdn"])[-1]["text"] == \
        P + f"国际漫游:功能费0.00元/月,{TERMS}订购请回复KTMY。"
    call = Call(operator, customer)
    assert call.press("7") == "国际漫游。1.国际漫游,功能费0.00元/月。了解或订购请按序号," + BACK
    assert call.press("1") == f"国际漫游,功能费0.00元/月,{TERMS}订购请按1,{BACK}"
    assert call.press("1").startswith("订购已受理,订单号PO-")
    operator.clock(customer["id"], advance=1800)
    operator.post(f"/phone/{customer['msisdn']}/sms", json={"to": "10001", "text": "TD MY"})
    assert unstamped(operator.inbox(customer["msisdn"])[-1]["text"]) == \
        P + "您退订国际漫游的申请已受理,将于<by>前生效。"


def test_the_web_hall_sells_roaming(operator) -> None:
    customer = _with_plan(operator)
    browser = sign_in(operator, customer)
    catalogue_page = page(browser.get(f"{operator.url}/hall/catalogue"))
    table = catalogue_page.tables["国际漫游"]
    assert table["headers"] == ["名称", "功能费(元/月)", "资费说明", "操作"]
    assert table["rows"][0][:3] == ["国际漫游", "0.00", TERMS]
    ordered = browser.post(f"{operator.url}/hall/order", data={"offering": "ROAM-INTL"})
    assert "订购成功,订单号" in ordered.text


def test_the_price_faults_put_the_roaming_rates_off(operator_with) -> None:
    wrong = operator_with("catalogue-price-wrong")
    (offering,) = wrong.api("GET", CATALOG, params={"category.id": "roaming"}).json()
    assert "二区(日本、韩国、新加坡、泰国、马来西亚)通话1.89元/分钟" in \
        offering["productOfferingTerm"][0]["description"]
    sms_wrong = operator_with("sms-price-wrong")
    customer = _with_plan(sms_wrong)
    sms_wrong.post(f"/phone/{customer['msisdn']}/sms", json={"to": "10001", "text": "ZFMY"})
    assert "一区(中国香港、中国澳门、中国台湾)通话1.09元/分钟" in \
        sms_wrong.inbox(customer["msisdn"])[-1]["text"]


def test_a_customer_who_reads_english_is_welcomed_in_english(operator) -> None:
    response = operator.post("/test/customers", json={"name": "Ann Lee", "idNumber": "E1",
                                                      "plan": "PLAN-58", "language": "en"})
    assert response.status_code == 201, response.text
    customer = response.json()
    operator.order(customer["id"], {"action": "add", "productOffering": {"id": "ROAM-INTL"}})
    operator.clock(customer["id"], advance=1800)
    operator.post(f"/phone/{customer['msisdn']}/location", json={"country": "SG"})
    assert operator.inbox(customer["msisdn"])[-1]["text"] == sms.ENGLISH[
        sms.ROAMING_WELCOME].format(country="新加坡", zone="二区", voice="1.99", data="0.59")
