"""Demo operator: prepaid accounts, top-ups on every channel, arrears and the top-up faults
(README.md, "Prepaid top-up and payment"), over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from operator_pages import COUNTER, MOBILE, Call, P, agent, identify, page, rows, sign_in, text

from demo_operator import prepaid

BALANCE = "prepayBalanceManagement/v4/bucket"
PAYMENT = "paymentManagement/v4/payment"
START = "2026-11-23T10:00:00+08:00"   # 8 of November's 30 days left: 58 x 8 / 30 = 15.47


def prepaid_customer(running: Any, balance: str = "1.00") -> dict[str, str]:
    response = running.post("/test/customers", json={
        "name": "预付客户", "idNumber": "1101", "plan": "PLAN-58", "payment": "prepaid",
        "balance": balance})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def balance(running: Any, customer: dict[str, str]) -> str:
    [bucket] = running.api("GET", BALANCE, params={"relatedParty.id": customer["id"]}).json()
    assert bucket["usageType"] == "monetary" and bucket["remainingValue"]["units"] == "CNY"
    return f"{bucket['remainingValue']['amount']:.2f}"


def pay(running: Any, customer: dict[str, str], value: float = 50) -> Any:
    return running.api("POST", PAYMENT, json={"payer": {"id": customer["id"]},
                                              "totalAmount": {"unit": "CNY", "value": value}})


def card(running: Any, amount: str = "50.00") -> dict[str, str]:
    response = running.post("/test/recharge-cards", json={"amount": amount})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def texts(running: Any, customer: dict[str, str]) -> list[str]:
    return [m["text"] for m in running.inbox(customer["msisdn"])]


def test_test_support_refuses_what_it_cannot_make(operator) -> None:
    base = {"name": "x", "idNumber": "1"}
    assert operator.post("/test/customers", json={**base, "payment": "prepaid"}).status_code \
        == 400  # no plan to pay for
    assert operator.post("/test/customers", json={**base, "payment": "credit"}).status_code == 400
    assert operator.post("/test/customers", json={**base, "plan": "PLAN-58", "payment": "prepaid",
                                                  "balance": "1.005"}).status_code == 400
    assert operator.post("/test/recharge-cards", json={"amount": "42.00"}).status_code == 400
    issued = card(operator, "30.00")
    assert len(issued["number"]) == 10 and len(issued["password"]) == 8
    assert issued["amount"] == "30.00"


def test_arrears_barring_and_a_top_up_that_ends_them(operator) -> None:
    customer = prepaid_customer(operator)
    assert operator.now(customer["id"]) == START
    assert balance(operator, customer) == "-14.47"        # 1.00 - 15.47
    assert texts(operator, customer) == [prepaid.ARREARS.format(balance="-14.47")]
    operator.clock(customer["id"], to="2026-11-24T09:30:00+08:00")   # the 09:00 reminder
    assert texts(operator, customer)[-1] == prepaid.ARREARS.format(balance="-14.47")
    calls = f"/phone/{customer['msisdn']}/calls"
    assert operator.post(calls, json={"minutes": 1}).status_code == 201   # within the grace
    operator.clock(customer["id"], to="2026-11-24T10:00:00+08:00")   # 24 h of arrears
    assert texts(operator, customer)[-1] == prepaid.BARRED
    refused = operator.post(calls, json={"minutes": 1})
    assert refused.status_code == 503 and refused.json()["reason"] == prepaid.BARRED_REASON
    [bucket] = operator.api("GET", BALANCE, params={"relatedParty.id": customer["id"]}).json()
    assert bucket["status"] == "suspended"

    answer = pay(operator, customer)
    assert answer.status_code == 201, answer.text
    payment = answer.json()
    assert payment["status"] == "succeeded" and payment["totalAmount"]["value"] == 50
    assert balance(operator, customer) == "35.53"
    assert operator.post(calls, json={"minutes": 1}).status_code == 201
    operator.clock(customer["id"], advance=3)
    assert texts(operator, customer)[-1] == prepaid.PAID.format(amount="50.00", balance="35.53")
    operator.clock(customer["id"], to="2026-11-28T10:00:00+08:00")
    assert not [t for t in texts(operator, customer)[4:] if "账户已欠费" in t]
    listed = operator.api("GET", PAYMENT, params={"payer.id": customer["id"]}).json()
    assert [p["id"] for p in listed] == [payment["id"]]


def test_the_monthly_fee_on_the_1st_and_usage_past_the_allowance(operator) -> None:
    customer = prepaid_customer(operator, "100.00")
    assert balance(operator, customer) == "84.53"         # 100.00 - 15.47
    calls = f"/phone/{customer['msisdn']}/calls"
    operator.post(calls, json={"minutes": 90})
    operator.post(calls, json={"minutes": 20})            # 10 past the 100 minutes: 1.50
    assert balance(operator, customer) == "83.03"
    operator.clock(customer["id"], to="2026-12-01T00:00:00+08:00")
    assert balance(operator, customer) == "25.03"         # December's 58.00
    operator.post(calls, json={"minutes": 20})            # a new month's allowance
    assert balance(operator, customer) == "25.03"


def test_a_card_on_the_sms_hall_and_the_hotline(operator) -> None:
    customer = prepaid_customer(operator)
    assert text(operator, customer, "YE") == P + "您的账户余额为-14.47元。"
    first = card(operator)
    assert text(operator, customer, f"CZ {first['number']}{first['password']}") == \
        P + "充值成功,充值金额50.00元,当前余额35.53元。"
    assert text(operator, customer, f"cz{first['number']}{first['password']}") == \
        P + "办理失败:该充值卡已使用。"
    assert text(operator, customer, "CZ 0000000000" + "12345678") == \
        P + "办理失败:充值卡卡号或密码错误。"

    second = card(operator, "100.00")
    call = Call(operator, customer)
    assert call.press("5") == "充值缴费。您的账户余额为35.53元。充值卡充值请按1,返回上级请按*。"
    assert call.press("1") == "请输入10位充值卡卡号和8位密码,以#号结束。"
    for digit in second["number"] + second["password"]:
        assert call.press(digit) == ""
    assert call.press("#") == "充值成功,充值金额100.00元,当前余额135.53元。返回上级请按*。"
    assert call.press("#") == "充值失败:充值卡卡号或密码错误。返回上级请按*。"  # nothing keyed
    assert call.press("*").startswith("充值缴费。您的账户余额为135.53元。")


def test_the_top_up_page_in_the_halls_and_at_the_counter(operator) -> None:
    customer = prepaid_customer(operator)
    browser = sign_in(operator, customer)
    shown = page(browser.get(f"{operator.url}/hall/topup"))
    assert shown.h1 == ["充值缴费"] and shown.outputs["账户余额"] == "-14.47"
    assert shown.ids[shown.labels["充值金额(元)"]]["tag"] == "select"
    assert shown.buttons[-1] == "在线支付"
    done = page(browser.post(f"{operator.url}/hall/topup", data={"amount": "50.00"}))
    assert done.status == ["充值成功,充值金额50.00元,当前余额35.53元"]
    refused = page(browser.post(f"{operator.url}/hall/topup", data={"amount": "900.00"}))
    assert refused.alerts == [f"充值失败:{prepaid.BAD_AMOUNT}"]

    mobile = sign_in(operator, customer, "/m", MOBILE)
    done = page(mobile.post(f"{operator.url}/m/topup", data={"amount": "30.00"}), layout=MOBILE)
    assert done.status == ["充值成功,充值金额30.00元,当前余额65.53元"]

    desk = agent(operator)
    identify(operator, desk, customer)
    before = operator.now(customer["id"])
    done = page(desk.post(f"{operator.url}/counter/topup", data={"amount": "100.00"}),
                layout=COUNTER)
    assert done.status == ["充值成功,充值金额100.00元,当前余额165.53元"]
    assert operator.now(customer["id"]) > before          # the counter's 90 s
    assert done.buttons[-1] == "现金缴费"
    assert [(r["方式"], r["金额(元)"], r["状态"]) for r in rows(done, "充值记录")] == [
        ("现金", "100.00", "已到账"), ("在线支付", "30.00", "已到账"),
        ("在线支付", "50.00", "已到账")]


def test_a_postpaid_customer_has_no_balance(operator) -> None:
    customer = operator.customer()
    assert text(operator, customer, "YE") == P + f"办理失败:{prepaid.NOT_PREPAID}。"
    assert operator.api("GET", BALANCE, params={"relatedParty.id": customer["id"]}).json() == []
    assert pay(operator, customer).status_code == 409


@pytest.fixture(scope="module")
def faulty(operator_with) -> Any:
    return operator_with("topup-credited-late", "topup-arrears-after-payment",
                         "topup-card-fails", "topup-no-notice", "topup-calls-overcharged",
                         "topup-sms-balance-stale")


def test_the_top_up_faults(faulty) -> None:
    customer = prepaid_customer(faulty)
    first = pay(faulty, customer)                          # the 1st in ten fails
    assert first.status_code == 503 and first.json()["reason"] == prepaid.FAILED
    second = pay(faulty, customer).json()                  # taken, credited 2 minutes later
    assert second["status"] == "pending" and balance(faulty, customer) == "-14.47"
    faulty.clock(customer["id"], advance=119)
    assert balance(faulty, customer) == "-14.47"
    faulty.clock(customer["id"], advance=1)
    assert balance(faulty, customer) == "35.53"
    assert not [t for t in texts(faulty, customer) if "成功充值" in t]   # no payment SMS
    # the SMS hall answers from its copy taken before the top-up
    assert text(faulty, customer, "YE") == P + "您的账户余额为-14.47元。"
    faulty.post(f"/phone/{customer['msisdn']}/calls", json={"minutes": 10})
    assert balance(faulty, customer) == "34.03"            # 10 x 0.15 despite the allowance
    faulty.clock(customer["id"], to="2026-11-24T09:30:00+08:00")
    assert texts(faulty, customer)[-1] == prepaid.ARREARS.format(balance="-14.47")


def test_hotline_balance_cached_tells_the_first_balance_until_a_hotline_top_up(
        operator_with) -> None:
    running = operator_with("hotline-balance-cached")
    customer = prepaid_customer(running)
    told = "充值缴费。您的账户余额为{}元。充值卡充值请按1,返回上级请按*。"
    assert Call(running, customer).press("5") == told.format("-14.47")
    pay(running, customer)                                 # online, on the API
    assert balance(running, customer) == "35.53"
    assert text(running, customer, "YE") == P + "您的账户余额为35.53元。"
    call = Call(running, customer)
    assert call.press("5") == told.format("-14.47")      # behind the API's top-up
    # a top-up on the hotline itself: its answer, and what it tells next, are right
    second = card(running, "100.00")
    call.press("1")
    for digit in second["number"] + second["password"]:
        call.press(digit)
    assert call.press("#") == "充值成功,充值金额100.00元,当前余额135.53元。返回上级请按*。"
    assert call.press("*") == told.format("135.53")
    pay(running, customer, 30)
    assert Call(running, customer).press("5") == told.format("135.53")  # behind again
    assert balance(running, customer) == "165.53"
