"""The converged bundle (README.md, "Converged bundle"): one order makes the bundle and its
members, one bill with each member's fee and the discount (worked by hand), removing a member,
cancelling the bundle, the channels, and the two bundle faults."""

from __future__ import annotations

from typing import Any

import pytest
from operator_pages import P, page, sign_in

from demo_operator import billing, catalogue, inventory, orders

CATALOG = "productCatalogManagement/v4/productOffering"
INVENTORY = "productInventory/v4/product"
BILLS = "customerBillManagement/v4"
MEMBERS = ["BUN-MOBILE", "BUN-BB", "BUN-TV"]


@pytest.mark.parametrize(("in_service", "percent"), [
    ({"BUN-MOBILE", "BUN-BB", "BUN-TV"}, 30), ({"BUN-MOBILE", "BUN-BB"}, 20),
    ({"BUN-MOBILE", "BUN-TV"}, 0), ({"BUN-BB"}, 0), (set(), 0)])
def test_the_discount_rule(in_service, percent) -> None:
    assert catalogue.discount_percent(catalogue.OFFERINGS["BUN-FAMILY"], in_service) == percent


@pytest.mark.parametrize(("fees", "percent", "discount"), [
    # 26.40 + 21.33 + 5.33 = 53.06; 30 % = 15.918 -> 15.92
    ([2640, 2133, 533], 30, -1592),
    # 99.00 + 80.00 + 6.45 = 185.45; 30 % = 55.635 -> 55.64 (half up)
    ([9900, 8000, 645], 30, -5564),
    # 99.00 + 80.00 = 179.00; 20 % = 35.80
    ([9900, 8000], 20, -3580),
    ([9900], 0, 0),
])
def test_the_discount_is_rounded_half_up(fees, percent, discount) -> None:
    assert billing.bundle_discount(fees, percent) == discount


def _bundle(world: Any) -> tuple[str, dict[str, str]]:
    """A customer who ordered the bundle at 10:00 on 23 Nov, all active by 12:00."""
    customer_id = world.customer()
    order_id = world.order(customer_id, orders.ItemRequest("add", offering_id="BUN-FAMILY"))
    world.advance(customer_id, 1800)
    with world.tx() as ctx:
        parent = orders.items(ctx, order_id)[0]["product_id"]
        products = {p["offering_id"]: p["id"] for p in inventory.of_customer(ctx, customer_id)}
        assert products["BUN-FAMILY"] == parent
        assert inventory.get(ctx, products["BUN-MOBILE"])["status"] == "active"
        assert inventory.get(ctx, parent)["status"] == "pendingActive"
        assert orders.get(ctx, order_id)["state"] == "acknowledged"
    world.advance(customer_id, 5400)
    with world.tx() as ctx:
        assert orders.get(ctx, order_id)["state"] == "completed"
    return customer_id, products


def test_one_order_one_bill_with_the_discount(world) -> None:
    customer_id, products = _bundle(world)
    assert all(world.product(p)["status"] == "active" for p in products.values())
    texts = world.texts(customer_id)
    assert texts[0].startswith(P + "您已成功订购我的e家融合套餐,含手机、宽带、电视,"
                                   "月费合计199.00元")
    assert texts[-1].startswith(P + "您的我的e家融合套餐已全部开通(手机号码")
    assert world.use(customer_id, "voice", 20)   # the mobile member is the number's plan
    world.to(customer_id, "2026-12-01T00:00:00+08:00")
    # 26.40 + 21.33 + 5.33 - 15.92 (30 %) = 37.14; the call is inside the 500 minutes
    assert world.bills(customer_id) == {"2026-11": 3714}
    with world.tx() as ctx:
        (bill,) = billing.of_customer(ctx, customer_id)
        lines = [(x["type"], x["name"], x["amount"]) for x in billing.lines(ctx, bill["id"])]
    assert lines == [("recurringCharge", "我的e家手机月费", 2640),
                     ("recurringCharge", "我的e家宽带300M月费", 2133),
                     ("recurringCharge", "我的e家高清电视月费", 533),
                     ("discount", "融合优惠(30%)", -1592),
                     ("usageCharge", "国内通话", 0)]


def test_removing_the_tv_keeps_the_rest_and_the_next_month_gets_the_lower_rate(world) -> None:
    customer_id, products = _bundle(world)
    world.to(customer_id, "2026-12-10T10:00:00+08:00")
    world.order(customer_id, orders.ItemRequest("delete", product_id=products["BUN-TV"]))
    world.advance(customer_id, 3 * 3600)
    status = {o: world.product(p)["status"] for o, p in products.items()}
    assert status == {"BUN-FAMILY": "active", "BUN-MOBILE": "active", "BUN-BB": "active",
                      "BUN-TV": "terminated"}
    world.to(customer_id, "2027-02-01T01:00:00+08:00")
    bills = world.bills(customer_id)
    # Dec: 99.00 + 80.00 + 20 x 10/31 = 6.45 -> 185.45 - 55.64 (30 %) = 129.81
    # Jan: 99.00 + 80.00 = 179.00 - 35.80 (20 %) = 143.20
    assert (bills["2026-12"], bills["2027-01"]) == (12981, 14320)


def test_cancelling_the_bundle_ends_every_member(world) -> None:
    customer_id, products = _bundle(world)
    world.order(customer_id, orders.ItemRequest("delete", product_id=products["BUN-FAMILY"]))
    world.advance(customer_id, 3 * 3600)
    assert {world.product(p)["status"] for p in products.values()} == {"terminated"}
    world.to(customer_id, "2027-01-01T01:00:00+08:00")
    # 23 Nov only: 99/30 = 3.30, 80/30 = 2.67, 20/30 = 0.67; 6.64 - 1.99 (30 %) = 4.65
    assert world.bills(customer_id) == {"2026-11": 465}


def test_members_are_not_sold_alone_and_one_bundle_at_a_time(world) -> None:
    customer_id, _ = _bundle(world)
    for offering, reason in (("BUN-TV", orders.MEMBER_ALONE),
                             ("BUN-FAMILY", orders.BUNDLE_ALREADY)):
        with pytest.raises(orders.OrderRefused) as refused:
            world.order(customer_id, orders.ItemRequest("add", offering_id=offering))
        assert refused.value.reason == reason


def test_bundle_discount_missing_leaves_the_start_month_undiscounted(world_with) -> None:
    world = world_with("bundle-discount-missing")
    customer_id, _ = _bundle(world)
    world.to(customer_id, "2027-01-01T01:00:00+08:00")
    assert world.bills(customer_id) == {"2026-11": 5306, "2026-12": 13930}


def test_bundle_removal_cancels_all(world_with) -> None:
    world = world_with("bundle-removal-cancels-all")
    customer_id, products = _bundle(world)
    world.order(customer_id, orders.ItemRequest("delete", product_id=products["BUN-TV"]))
    world.advance(customer_id, 3 * 3600)
    assert {world.product(p)["status"] for p in products.values()} == {"terminated"}


# -- the channels -------------------------------------------------------------------------------

def test_the_api_sells_the_bundle_as_tmf_bundles_it(operator, tmf_validate) -> None:
    (bundle,) = operator.api("GET", CATALOG, params={"category.id": "bundle",
                                                     "name": "我的e家融合套餐"}).json()
    tmf_validate("TMF620", "ProductOffering", [bundle])
    assert bundle["isBundle"] is True and bundle["isSellable"] is True
    assert [m["id"] for m in bundle["bundledProductOffering"]] == MEMBERS
    assert operator.prices(bundle)[0]["price"]["value"] == 199.0
    customer = operator.customer()
    ordered = operator.order(customer["id"], {"action": "add",
                                              "productOffering": {"id": "BUN-FAMILY"}})
    assert ordered.status_code == 201, ordered.text
    assert len(ordered.json()["productOrderItem"]) == 1
    operator.clock(customer["id"], advance=7200)
    listed = operator.api("GET", INVENTORY, params={"relatedParty.id": customer["id"]}).json()
    tmf_validate("TMF637", "Product", listed)
    by_name = {p["name"]: p for p in listed}
    parent = by_name["我的e家融合套餐"]
    assert parent["isBundle"] is True and parent["status"] == "active"
    assert {r["product"]["id"] for r in parent["productRelationship"]} == \
        {by_name[n]["id"] for n in ("我的e家手机", "我的e家宽带300M", "我的e家高清电视")}
    operator.clock(customer["id"], to="2026-12-01T01:00:00+08:00")
    (bill,) = operator.api("GET", f"{BILLS}/customerBill",
                           params={"relatedParty.id": customer["id"]}).json()
    rates = operator.api("GET", f"{BILLS}/appliedCustomerBillingRate",
                         params={"bill.id": bill["id"]}).json()
    tmf_validate("TMF678", "AppliedCustomerBillingRate", rates)
    assert [(r["type"], r["taxIncludedAmount"]["value"]) for r in rates] == [
        ("recurringCharge", 26.4), ("recurringCharge", 21.33), ("recurringCharge", 5.33),
        ("discount", -15.92)]
    assert bill["amountDue"]["value"] == 37.14


def test_the_web_hall_sells_the_bundle_and_shows_the_discount(operator) -> None:
    customer = operator.customer()
    browser = sign_in(operator, customer)
    shown = page(browser.get(f"{operator.url}/hall/catalogue")).tables["融合套餐"]
    assert shown["headers"] == ["名称", "月费(元)", "资费说明", "操作"]
    assert shown["rows"][0][:3] == ["我的e家融合套餐", "199.00",
                                    catalogue.bundle_terms(catalogue.OFFERINGS["BUN-FAMILY"])]
    ordered = browser.post(f"{operator.url}/hall/order", data={"offering": "BUN-FAMILY"})
    assert "订购成功,订单号" in ordered.text
    alone = browser.post(f"{operator.url}/hall/order", data={"offering": "BUN-TV"})
    assert "该产品不能单独订购" in alone.text
    operator.clock(customer["id"], to="2026-12-01T01:00:00+08:00")
    bills = page(browser.get(f"{operator.url}/hall/bills")).tables["账单列表"]
    assert bills["rows"][0][1] == "37.14"
