"""SMS in English for a customer who reads English: the same rules, word for word as the
README's table; a customer who reads Chinese keeps the Chinese texts."""

from __future__ import annotations

from operator_pages import unstamped

from demo_operator import customers, orders


def english_customer(world) -> str:  # type: ignore[no-untyped-def]
    with world.tx() as ctx:
        customer_id = str(customers.create(ctx, "Alex Smith", "E12345678", "en")["id"])
        orders.preload(ctx, customer_id, "PLAN-58")
    return customer_id


def order(world, customer_id: str, offering: str) -> str:  # type: ignore[no-untyped-def]
    return world.order(customer_id, orders.ItemRequest("add", offering_id=offering))


def test_plan_order_activation_and_cancel_in_english(world_with) -> None:
    world = world_with()
    customer = english_customer(world)
    order_id = order(world, customer, "PLAN-88")
    world.advance(customer, 1800)
    with world.tx() as ctx:
        product = orders.items(ctx, order_id)[0]["product_id"]
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.advance(customer, 60)
    texts = world.texts(customer)
    assert f"[Demo Telecom] You have ordered 5G畅享88元套餐, monthly fee CNY 88.00, charged by " \
        f"the day from activation. To unsubscribe, text TD to 10001 or call 10000. Order " \
        f"{order_id}." in texts
    assert any(t.startswith("[Demo Telecom] 5G畅享88元套餐 is now active on your number 199")
               for t in texts)
    assert "[Demo Telecom] You asked to unsubscribe from 5G畅享88元套餐; it takes effect " \
        "by <by>, and no monthly fee is charged after that." in [unstamped(t) for t in texts]
    assert not [t for t in texts if "【演示电信】" in t]


def test_vas_trial_texts_and_reminder_in_english(world_with) -> None:
    world = world_with(start="2026-11-21T09:00:00+08:00")
    customer = english_customer(world)
    order_id = order(world, customer, "VAS-NEWS")
    world.to(customer, "2026-12-21T11:00:00+08:00")
    texts = world.texts(customer)
    assert "[Demo Telecom] You have subscribed to 头条新闻, information fee CNY 3.00/month, " \
        "collected by Demo Telecom; no information fee this month and next month. To " \
        f"unsubscribe, text TDXW to 10001 or call 10000. Order {order_id}." in texts
    assert "[Demo Telecom] Your free trial of 头条新闻 ends: the information fee of CNY " \
        "3.00/month is charged from 2027-01-01. Unsubscribe this month and you pay nothing " \
        "next month: text TDXW to 10001 or call 10000." in texts
    assert "[Demo Telecom] Dear customer, your bill for 2026-11 is out: CNY 19.33 due." in texts


def test_the_incomplete_confirmation_fault_leaves_out_the_english_sentence_too(world_with):
    world = world_with("confirmation-sms-incomplete")
    customer = english_customer(world)
    order(world, customer, "VAS-RBT")
    world.advance(customer, 60)
    (confirmation,) = [t for t in world.texts(customer) if "subscribed" in t]
    assert confirmation == "[Demo Telecom] You have subscribed to 爱音乐彩铃, information fee " \
        "CNY 5.00/month, collected by Demo Telecom; no information fee this month and next " \
        "month. Order PO-000001."


def test_a_chinese_reader_keeps_the_chinese_texts(world_with) -> None:
    world = world_with()
    customer = world.customer()
    order(world, customer, "PLAN-58")
    world.advance(customer, 60)
    assert [t for t in world.texts(customer) if t.startswith("【演示电信】您已成功订购")]


def test_the_test_support_takes_the_language(operator) -> None:
    made = operator.post("/test/customers", json={"name": "Alex Smith", "language": "en"})
    assert made.status_code == 201 and made.json()["language"] == "en"
    assert operator.post("/test/customers", json={"name": "Alex Smith", "language": "fr"}
                         ).status_code in (400, 422)


def test_prepaid_notices_in_english(world_with) -> None:
    from demo_operator import prepaid

    world = world_with()
    with world.tx() as ctx:
        customer = str(customers.create(ctx, "Alex Smith", "E12345678", "en")["id"])
        product = orders.preload(ctx, customer, "PLAN-58")
        prepaid.open_account(ctx, customer, 100, product)  # 1.00: the month's fee overdraws it
    world.advance(customer, 25 * 3600)
    texts = world.texts(customer)
    assert any(t.startswith("[Demo Telecom] Dear customer, your account is in arrears: "
                            "balance CNY -") for t in texts)
    assert "[Demo Telecom] Calls and data on your number are stopped for arrears; they resume " \
        "once you top up." in texts
    assert not [t for t in texts if "【演示电信】" in t]
