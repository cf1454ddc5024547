"""Complaints about an information fee and the refund rule [DOMAIN 004], worked by hand: a
provider's fee with no order behind it is refunded double when verified within 3 days, once
when verified later; a service the customer ordered is upheld. Then the channels that take
the complaint: the halls' 投诉 button and the hotline's menu 1-3."""

from __future__ import annotations

import pytest
from operator_pages import Call, P, page, rows, sign_in

from demo_operator import billing, disputes, orders

START = "2026-11-23T10:00:00+08:00"


def charged(world) -> str:  # type: ignore[no-untyped-def]
    """A customer with PLAN-58 from the start and a provider's 10.00 fee in November, billed."""
    customer = world.customer()
    with world.tx() as ctx:
        orders.preload(ctx, customer, "PLAN-58")
        disputes.provider_charge(ctx, customer, "游戏天地", 1000)
    world.to(customer, "2026-12-01T09:00:00+08:00")
    return customer


def dispute_the_fee(world, customer: str) -> str:  # type: ignore[no-untyped-def]
    with world.tx() as ctx:
        [line] = [li for li in disputes.disputable(ctx, customer) if li["name"] == "游戏天地信息费"]
        return disputes.file(ctx, customer, line["id"], "test")


def test_the_provider_fee_is_billed_as_reported(world_with) -> None:
    world = world_with()
    customer = charged(world)
    # November: 8 days of 58.00 (23rd-30th) = 15.47, plus the provider's 10.00
    assert world.bills(customer) == {"2026-11": 1547 + 1000}
    with world.tx() as ctx:
        [bill] = billing.of_customer(ctx, customer)
        kinds = [(li["type"], li["name"], li["amount"]) for li in billing.lines(ctx, bill["id"])]
    assert (billing.ONE_TIME, "游戏天地信息费", 1000) in kinds


@pytest.mark.parametrize(("faults", "refund", "days", "words"), [
    ((), 2000, 2, "经核实为差错收费,已退还20.00元"),
    (("refund-not-doubled",), 1000, 2, "经核实为差错收费,已退还10.00元"),
    (("refund-late",), 1000, 5, "未能在3日内核实,已退还10.00元"),
    # the bill refunds double; the answer says the fee once
    (("refund-sms-wrong-amount",), 2000, 2, "经核实为差错收费,已退还10.00元"),
])
def test_the_refund_rule(world_with, faults, refund, days, words) -> None:
    world = world_with(*faults)
    customer = charged(world)
    dispute = dispute_the_fee(world, customer)
    world.advance(customer, (days - 1) * 86400)
    assert not [t for t in world.texts(customer) if dispute in t]  # not answered yet
    world.advance(customer, 86400)
    [answer] = [t for t in world.texts(customer) if dispute in t]
    assert answer == f"{P}您投诉的游戏天地信息费10.00元{words},将在本月账单中抵扣。" \
        f"工单号{dispute}。"
    world.to(customer, "2027-01-01T09:00:00+08:00")
    assert world.bills(customer)["2026-12"] == 5800 - refund  # credited on December's bill


def test_a_service_the_customer_ordered_is_upheld(world_with) -> None:
    world = world_with(start="2026-10-05T10:00:00+08:00")
    customer = world.customer()
    with world.tx() as ctx:
        orders.preload(ctx, customer, "PLAN-58")
    world.order(customer, orders.ItemRequest("add", offering_id="VAS-NEWS"))
    world.to(customer, "2026-12-01T09:00:00+08:00")  # November: the first paid month
    with world.tx() as ctx:
        [line] = disputes.disputable(ctx, customer)
        assert line["name"] == "头条新闻信息费"
        dispute = disputes.file(ctx, customer, line["id"], "test")
        with pytest.raises(disputes.DisputeRefused, match="已投诉"):
            disputes.file(ctx, customer, line["id"], "test")
    world.advance(customer, 3 * 86400)
    assert f"{P}您投诉的头条新闻信息费3.00元经核实为您已订购的业务,不予退费。工单号{dispute}。" in \
        world.texts(customer)


def test_only_information_fees_can_be_disputed(world_with) -> None:
    world = world_with()
    customer = charged(world)
    with world.tx() as ctx:
        [bill] = billing.of_customer(ctx, customer)
        plan_line = next(li for li in billing.lines(ctx, bill["id"])
                         if li["type"] == billing.RECURRING)
        with pytest.raises(disputes.DisputeRefused, match="只能对账单中的信息费投诉"):
            disputes.file(ctx, customer, plan_line["id"], "test")


def test_the_hall_and_the_hotline_take_the_complaint(operator) -> None:
    for way in ("hall", "hotline"):
        customer, _ = operator.subscribe("PLAN-58")
        made = operator.post(f"/test/customers/{customer['id']}/provider-charges",
                             json={"provider": "游戏天地", "fee": "10.00"})
        assert made.status_code == 201 and made.json()["id"].startswith("SPC-")
        operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
        if way == "hall":
            browser = sign_in(operator, customer)
            bills = page(browser.get(f"{operator.url}/hall/bills"))
            detail = page(browser.get(operator.url + bills.links["查看"]))
            assert ["游戏天地信息费", "10.00", "投诉"] in detail.tables["费用明细"]["rows"]
            assert rows(detail, "费用明细")[0]["操作"] == ""  # the plan's fee: no complaint
            line = browser.get(operator.url + bills.links["查看"]).text.split(
                'name="line" value="')[1].split('"')[0]
            answer = page(browser.post(f"{operator.url}/hall/disputes", data={"line": line}))
            [said] = answer.status
            again = page(browser.post(f"{operator.url}/hall/disputes", data={"line": line}),
                         status=409)
            assert again.alerts == ["该费用已投诉,请等待处理结果"]
        else:
            call = Call(operator, customer)
            assert call.press("13") == ("费用投诉。最近一期账单中的信息费:1.游戏天地信息费,"
                                        "10.00元。投诉请按序号,返回上级请按*。")
            said = call.press("1").removesuffix("返回上级请按*。")
        assert said.startswith("投诉已受理,工单号CMP-") and said.endswith("我们将在3日内核实处理。")
        operator.clock(customer["id"], advance=3 * 86400)
        inbox = operator.get(f"/phone/{customer['msisdn']}/inbox").json()
        assert any("已退还20.00元" in m["text"] for m in inbox)
