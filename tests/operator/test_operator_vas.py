"""Value-added subscriptions (增值业务): the free trial worked by hand, the reminder, the
confirmation texts, the news SMS, the ring-back tone, the refusal without a plan, and the
domain faults. (The channels are in test_operator_vas_channels.py.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from demo_operator import billing, customers, inventory, orders, sms, sms_hall, usage, vas
from demo_operator.catalogue import OFFERINGS

P = "【演示电信】"
NEWS_PRICE, RBT_PRICE = 300, 500


def with_plan(world) -> str:  # type: ignore[no-untyped-def]
    """A customer who has PLAN-58 from the customer's start (as POST /test/customers "plan")."""
    customer_id = world.customer()
    with world.tx() as ctx:
        orders.preload(ctx, customer_id, "PLAN-58")
    return customer_id


def subscribe(world, customer_id: str, offering: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Order the service at the customer's now: (order id, product id)."""
    order_id = world.order(customer_id, orders.ItemRequest("add", offering_id=offering))
    with world.tx() as ctx:
        return order_id, orders.items(ctx, order_id)[0]["product_id"]


def ordered(world_with, start: str, offering: str,  # type: ignore[no-untyped-def]
            *faults: str) -> tuple[Any, str, str, str]:
    """A customer with a plan who orders ``offering`` at ``start``, in a world with
    ``faults``: (world, customer id, order id, product id)."""
    world = world_with(*faults, start=start)
    customer = with_plan(world)
    return (world, customer, *subscribe(world, customer, offering))


def unsubscribe(world, customer_id: str, product_id: str) -> None:  # type: ignore[no-untyped-def]
    world.order(customer_id, orders.ItemRequest("delete", product_id=product_id))


def fees(world, customer_id: str) -> dict[str, list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    """{"2026-12": [("头条新闻信息费", 300)]}: the information fee lines of each bill."""
    with world.tx() as ctx:
        return {f"{b['period_year']:04d}-{b['period_month']:02d}":
                [(line["name"], line["amount"]) for line in billing.lines(ctx, b["id"])
                 if line["name"].endswith("信息费")]
                for b in billing.of_customer(ctx, customer_id)}


# -- the free trial, worked by hand -------------------------------------------------------------

@pytest.mark.parametrize(("ordered", "first_charged"), [
    ("2026-11-01", (2026, 12)), ("2026-11-20", (2026, 12)),      # November has 30 days
    ("2026-11-21", (2027, 1)), ("2026-11-30", (2027, 1)),
    ("2026-12-20", (2027, 1)), ("2026-12-21", (2027, 2)),        # December has 31
    ("2026-12-31", (2027, 2)), ("2027-02-20", (2027, 3)), ("2027-02-28", (2027, 4)),
])
def test_the_first_charged_month(ordered: str, first_charged: tuple[int, int]) -> None:
    assert billing.first_charged_month(dt.date.fromisoformat(ordered)) == first_charged


def test_ordered_on_the_20th_of_a_30_day_month(world_with) -> None:
    world, customer, order_id, product = ordered(world_with, "2026-11-20T09:00", "VAS-NEWS")
    world.advance(customer, 60)
    assert world.product(product)["status"] == "active"
    world.to(customer, "2027-02-01T00:30:00")
    # November free; December and January charged in full from the 1st, never prorated
    assert fees(world, customer) == {"2026-11": [], "2026-12": [("头条新闻信息费", 300)],
                                     "2027-01": [("头条新闻信息费", 300)]}
    assert world.bills(customer)["2026-12"] == 5800 + 300
    texts = world.texts(customer)
    assert texts[0] == (P + "您已成功订购头条新闻,信息费3.00元/月,由演示电信代收,当月免信息费,"
                        f"退订请发送TDXW至10001或拨打10000。订单号{order_id}。")
    reminder = (P + "您试用的头条新闻将于2026-12-01起收取信息费3.00元/月,本月内退订下月不再收费,"
                "退订请发送TDXW至10001或拨打10000。")
    assert texts.count(reminder) == 1


def test_ordered_on_the_21st_of_a_30_day_month(world_with) -> None:
    world, customer, order_id, product = ordered(world_with, "2026-11-21T09:00", "VAS-RBT")
    world.to(customer, "2027-03-01T00:30:00")
    assert fees(world, customer) == {"2026-11": [], "2026-12": [],
                                     "2027-01": [("爱音乐彩铃信息费", 500)],
                                     "2027-02": [("爱音乐彩铃信息费", 500)]}
    assert world.texts(customer)[0] == (
        P + "您已成功订购爱音乐彩铃,信息费5.00元/月,由演示电信代收,当月及次月免信息费,"
        f"退订请发送TDCL至10001或拨打10000。订单号{order_id}。")


def test_ordered_on_the_20th_and_21st_of_a_31_day_month(world) -> None:
    on_20th, on_21st = with_plan(world), with_plan(world)
    world.to(on_20th, "2026-12-20T23:59:00")
    world.to(on_21st, "2026-12-21T00:00:00")
    subscribe(world, on_20th, "VAS-NEWS")
    subscribe(world, on_21st, "VAS-NEWS")
    for customer in (on_20th, on_21st):
        world.to(customer, "2027-03-01T00:30:00")
    assert fees(world, on_20th) == {"2026-11": [], "2026-12": [],
                                    "2027-01": [("头条新闻信息费", 300)],
                                    "2027-02": [("头条新闻信息费", 300)]}
    assert fees(world, on_21st) == {"2026-11": [], "2026-12": [], "2027-01": [],
                                    "2027-02": [("头条新闻信息费", 300)]}


def test_the_reminder_comes_at_10_on_the_21st_of_the_last_free_month(world_with) -> None:
    world, customer, _, _ = ordered(world_with, "2026-11-25T09:00", "VAS-RBT")
    reminder = (P + "您试用的爱音乐彩铃将于2027-01-01起收取信息费5.00元/月,本月内退订下月不再收费,"
                "退订请发送TDCL至10001或拨打10000。")
    world.to(customer, "2026-12-21T09:59:59")
    assert reminder not in world.texts(customer)
    world.to(customer, "2026-12-21T10:00:00")
    assert world.texts(customer)[-1] == reminder
    with world.tx() as ctx:
        (message,) = [m for m in sms.inbox(ctx, customers.get(ctx, customer))
                      if m["text"] == reminder]
        assert (message["sender"], message["delivered_at"][:19]) == (
            "10001", "2026-12-21T10:00:00")


def test_no_reminder_once_unsubscribed(world_with) -> None:
    world, customer, _, product = ordered(world_with, "2026-11-05T09:00", "VAS-NEWS")
    world.to(customer, "2026-11-10T09:00:00")
    unsubscribe(world, customer, product)
    world.to(customer, "2026-12-05T00:00:00")
    assert not any("您试用的" in t for t in world.texts(customer))


def test_unsubscribed_in_the_trial_is_never_charged(world_with) -> None:
    world, customer, _, product = ordered(world_with, "2026-11-21T09:00", "VAS-RBT")
    world.to(customer, "2026-12-31T23:00:00")     # the last evening of the trial
    unsubscribe(world, customer, product)
    world.to(customer, "2026-12-31T23:00:30")
    assert world.texts(customer)[-1] == \
        P + "您已申请退订爱音乐彩铃,将于2027-01-01 23:00前生效,生效后不再收取月费。"
    # terminated at 01:00 on the 1st of January; at 00:00 it was no longer active (退订中),
    # as the reminder promised: 本月内退订下月不再收费
    world.to(customer, "2027-03-01T00:30:00")
    assert world.product(product)["termination_date"].startswith("2027-01-01T01:00:00")
    assert all(lines == [] for lines in fees(world, customer).values())

    early = with_plan(world)
    _, product = subscribe(world, early, "VAS-RBT")
    world.to(early, "2026-12-10T12:00:00")
    unsubscribe(world, early, product)
    world.to(early, "2027-03-01T00:30:00")
    assert world.product(product)["status"] == "terminated"
    assert all(lines == [] for lines in fees(world, early).values())


def test_unsubscribed_in_a_paid_month_that_month_is_charged_not_the_next(world_with) -> None:
    world, customer, _, product = ordered(world_with, "2026-11-20T09:00", "VAS-NEWS")
    world.to(customer, "2027-01-15T12:00:00")
    unsubscribe(world, customer, product)
    world.advance(customer, 2 * 3600)
    assert world.product(product)["status"] == "terminated"
    assert world.product(product)["termination_date"].startswith("2027-01-15T14:00:00")
    world.to(customer, "2027-04-01T00:30:00")
    charged = {month: lines for month, lines in fees(world, customer).items() if lines}
    assert charged == {"2026-12": [("头条新闻信息费", 300)], "2027-01": [("头条新闻信息费", 300)]}


def test_the_fee_lines_add_into_the_amount_due(world_with) -> None:
    world, customer, _, _ = ordered(world_with, "2026-11-02T09:00", "VAS-NEWS")
    subscribe(world, customer, "VAS-RBT")
    world.to(customer, "2027-01-01T00:30:00")
    assert world.bills(customer)["2026-12"] == 5800 + 300 + 500
    with world.tx() as ctx:
        (december,) = [b for b in billing.of_customer(ctx, customer) if b["period_month"] == 12]
        lines = billing.lines(ctx, december["id"])
        assert [(x["type"], x["name"], x["amount"]) for x in lines] == [
            ("recurringCharge", "5G畅享58元套餐月费", 5800),
            ("recurringCharge", "头条新闻信息费", 300),
            ("recurringCharge", "爱音乐彩铃信息费", 500)]
        assert sum(x["amount"] for x in lines) == december["amount_due"]
        assert [x["type"] for x in billing.itemised(ctx, december["id"])].count("usageCharge") == 0


# -- ordering -----------------------------------------------------------------------------------

def test_a_service_needs_an_active_plan(world) -> None:
    customer = world.customer()
    with pytest.raises(orders.OrderRefused) as refused:
        world.order(customer, orders.ItemRequest("add", offering_id="VAS-NEWS"))
    assert refused.value.status == 409 and refused.value.reason == "您尚未开通手机套餐"
    # a plan still being provisioned is not active yet
    world.order(customer, orders.ItemRequest("add", offering_id="PLAN-58"))
    with pytest.raises(orders.OrderRefused):
        world.order(customer, orders.ItemRequest("add", offering_id="VAS-NEWS"))
    world.advance(customer, 1800)
    subscribe(world, customer, "VAS-NEWS")


def test_active_a_minute_later_without_an_activation_sms(world) -> None:
    customer = with_plan(world)
    order_id, product = subscribe(world, customer, "VAS-RBT")
    assert world.product(product)["status"] == "pendingActive"
    world.advance(customer, 59)
    assert world.product(product)["status"] == "pendingActive"
    (confirmation,) = world.texts(customer)
    assert confirmation.startswith(P + "您已成功订购爱音乐彩铃")
    world.advance(customer, 1)
    assert world.product(product)["status"] == "active"
    assert world.product(product)["start_date"].startswith("2026-11-23T10:01:00")
    with world.tx() as ctx:
        assert orders.get(ctx, order_id)["state"] == "completed"
    world.advance(customer, 3600)
    assert len(world.texts(customer)) == 1          # the confirmation only, at 30 s
    with pytest.raises(orders.OrderRefused) as twice:
        subscribe(world, customer, "VAS-RBT")
    assert twice.value.reason == "您已订购该业务"


def test_a_service_has_no_plan_change(world) -> None:
    customer = with_plan(world)
    _, product = subscribe(world, customer, "VAS-NEWS")
    world.advance(customer, 60)
    for item in (orders.ItemRequest("modify", product_id=product, offering_id="PLAN-88"),):
        with pytest.raises(orders.OrderRefused) as refused:
            world.order(customer, item)
        assert refused.value.reason == "增值业务不能变更套餐"
    # a plan change names the plan, never the service
    with world.tx() as ctx:
        _, effective = orders.change_plan(ctx, customer, "PLAN-88", "test")
    assert effective == "2026-12-01"
    assert world.product(product)["offering_id"] == "VAS-NEWS"


def test_calls_are_charged_to_the_plan_not_the_service(world) -> None:
    customer = world.customer()
    with world.tx() as ctx:
        plan = orders.preload(ctx, customer, "PLAN-58")
    subscribe(world, customer, "VAS-RBT")
    world.advance(customer, 60)
    assert world.use(customer, "voice", 5)
    with world.tx() as ctx:
        (record,) = usage.of_customer(ctx, customer)
        assert record["product_id"] == plan


def test_a_customer_who_comes_with_a_plan(world) -> None:
    customer = with_plan(world)
    with world.tx() as ctx:
        (product,) = inventory.of_customer(ctx, customer)
    assert (product["status"], product["offering_id"]) == ("active", "PLAN-58")
    assert product["start_date"].startswith("2026-11-23T10:00:00")
    assert world.texts(customer) == []
    world.to(customer, "2026-12-01T00:30:00")
    assert world.bills(customer) == {"2026-11": billing.prorate(5800, 8, 30)}


# -- what the services deliver ------------------------------------------------------------------

def test_the_news_comes_every_day_at_8_while_subscribed(world) -> None:
    customer = with_plan(world)
    _, product = subscribe(world, customer, "VAS-NEWS")
    world.to(customer, "2026-11-24T07:59:59")
    with world.tx() as ctx:
        assert not ctx.conn.execute("SELECT 1 FROM sms WHERE sender = '1065800' AND "
                                    "delivered_at <= ?", ("2026-11-24T07:59:59",)).fetchone()
    world.to(customer, "2026-11-26T09:00:00")
    news = [t for t in world.texts(customer) if t.startswith("【头条新闻】")]
    assert [t.split(":")[0] + ":" for t in news] == [
        f"【头条新闻】2026-11-{day} 今日要闻:" for day in (24, 25, 26)]
    assert news[0] == vas.news_text(dt.date(2026, 11, 24))
    with world.tx() as ctx:
        rows = ctx.conn.execute("SELECT sender, delivered_at FROM sms "
                                "WHERE text LIKE '【头条新闻】%' ORDER BY seq").fetchall()
        assert {r["sender"] for r in rows} == {"1065800"}
        assert [r["delivered_at"][11:19] for r in rows] == ["08:00:00"] * 3
    # a month jumped at once: one a day
    world.to(customer, "2026-12-26T09:00:00")
    assert sum(t.startswith("【头条新闻】") for t in world.texts(customer)) == 33
    world.to(customer, "2026-12-27T05:00:00")      # terminated at 07:00: no news that day
    unsubscribe(world, customer, product)
    world.to(customer, "2027-01-05T09:00:00")
    news = [t for t in world.texts(customer) if t.startswith("【头条新闻】")]
    assert len(news) == 33 and news[-1].startswith("【头条新闻】2026-12-26 ")


def test_the_ringback_tone(world) -> None:
    customer = with_plan(world)
    with world.tx() as ctx:
        assert vas.ringback(ctx, customer) == "默认回铃音"
    _, product = subscribe(world, customer, "VAS-RBT")
    with world.tx() as ctx:
        assert vas.ringback(ctx, customer) == "默认回铃音"      # not active yet
    world.advance(customer, 60)
    with world.tx() as ctx:
        assert vas.ringback(ctx, customer) == OFFERINGS["VAS-RBT"].name == "爱音乐彩铃"
    unsubscribe(world, customer, product)
    world.advance(customer, 2 * 3600)
    with world.tx() as ctx:
        assert vas.ringback(ctx, customer) == "默认回铃音"


# -- faults -------------------------------------------------------------------------------------

def test_vas_trial_charged_charges_the_free_months(world_with) -> None:
    world, customer, _, _ = ordered(world_with, "2026-11-21T09:00", "VAS-RBT", "vas-trial-charged")
    world.to(customer, "2027-02-01T00:30:00")
    assert fees(world, customer) == {month: [("爱音乐彩铃信息费", 500)]
                                     for month in ("2026-11", "2026-12", "2027-01")}
    # the texts still promise the trial
    assert "当月及次月免信息费" in world.texts(customer)[0]


def test_ringback_sms_order_busy_refuses_every_other_ring_back_tone_order_by_sms(
        world_with) -> None:
    world = world_with("ringback-sms-order-busy")
    customers_ = [with_plan(world) for _ in range(4)]

    def text(customer_id: str, command: str) -> str:
        with world.tx() as ctx:
            return sms_hall.reply(ctx, customer_id, command)
    busy = P + f"办理失败:{orders.BUSY_REASON}。"
    # the operator's 1st and 3rd ring-back tone orders by SMS fail, the 2nd and 4th are taken
    replies = [text(c, "KT CL") for c in customers_]
    assert [r == busy for r in replies] == [True, False, True, False]
    assert all(r.startswith(P + "您订购爱音乐彩铃的申请已受理") for r in replies[1::2])
    # a refused customer who texts again is the operator's 5th: refused again; the news
    # service and the other channels' ring-back tone orders are not touched
    assert text(customers_[0], "KT CL") == busy
    assert text(customers_[0], "KT XW").startswith(P + "您订购头条新闻的申请已受理")
    subscribe(world, customers_[2], "VAS-RBT")
    with world.tx() as ctx:
        assert [p["offering_id"] for p in inventory.of_customer(ctx, customers_[0])
                if p["offering_id"].startswith("VAS-")] == ["VAS-NEWS"]


def test_vas_no_reminder_sends_none(world_with) -> None:
    world, customer, _, _ = ordered(world_with, "2026-11-05T09:00", "VAS-NEWS", "vas-no-reminder")
    world.to(customer, "2026-12-02T00:00:00")
    assert not any("您试用的" in t for t in world.texts(customer))
    assert fees(world, customer)["2026-11"] == []     # the trial itself is kept


def test_reminder_wrong_fee_states_one_yuan_more_and_charges_the_tariff(world_with) -> None:
    world, customer, _, _ = ordered(world_with, "2026-11-05T09:00", "VAS-NEWS",
                                    "reminder-wrong-fee")
    world.to(customer, "2027-01-01T00:30:00")
    assert [t for t in world.texts(customer) if "您试用的" in t] == [
        P + "您试用的头条新闻将于2026-12-01起收取信息费4.00元/月,本月内退订下月不再收费,"
        "退订请发送TDXW至10001或拨打10000。"]
    assert fees(world, customer)["2026-12"] == [("头条新闻信息费", 300)]


def test_the_plan_faults_reach_the_services_texts(world_with) -> None:
    world = world_with("confirmation-sms-incomplete")
    customer = with_plan(world)
    order_id, _ = subscribe(world, customer, "VAS-NEWS")
    world.advance(customer, 30)
    assert world.texts(customer) == [
        P + f"您已成功订购头条新闻,信息费3.00元/月,由演示电信代收,当月及次月免信息费。"
        f"订单号{order_id}。"]
