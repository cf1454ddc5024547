"""The four channel faults, all on in one operator: each breaks its own channel and nothing
on the others."""

from __future__ import annotations

import time
from typing import Any

import pytest
from operator_pages import (
    COUNTER,
    MOBILE,
    ROOT,
    Call,
    P,
    agent,
    identify,
    page,
    rows,
    seconds,
    sign_in,
    text,
)

CHANNEL_FAULTS = ("sms-price-wrong", "hotline-no-unsubscribe", "counter-slow",
                  "mobile-hall-no-cancel", "web-order-reconfirm", "web-order-processing-pages",
                  "web-bill-other-customer", "web-hall-slow")


@pytest.fixture(scope="module")
def running(operator_with) -> Any:
    running = operator_with(*CHANNEL_FAULTS)
    health = running.get("/test/health").json()
    assert sorted(health["faults"]) == sorted(CHANNEL_FAULTS)
    return running


def test_sms_price_wrong_on_the_sms_hall_only(running) -> None:
    customer = running.customer()
    assert text(running, customer, "ZF TC58").startswith(
        P + "5G畅享58元套餐:月费68.00元,月费68.00元,含国内通话100分钟")
    assert text(running, customer, "ZF TC128").startswith(P + "5G畅享128元套餐:月费138.00元")
    # every other channel, and the order SMS, state the tariff
    offering = running.api("GET", "productCatalogManagement/v4/productOffering/PLAN-58").json()
    assert running.prices(offering)[0]["price"]["value"] == 58.0
    assert Call(running, customer).press("21").startswith("5G畅享58元套餐,月费58.00元,月费58.00元")
    browser = sign_in(running, customer)
    listed = rows(page(browser.get(f"{running.url}/hall/catalogue")), "套餐目录")
    assert listed[0]["月费(元)"] == "58.00"
    text(running, customer, "KT TC58")
    running.clock(customer["id"], advance=30)
    assert "月费58.00元" in running.inbox(customer["msisdn"])[-1]["text"]


def test_hotline_no_unsubscribe_on_the_hotline_only(running) -> None:
    customer, product_id = running.subscribe("PLAN-58")
    call = Call(running, customer)
    listing = "已订业务:1.5G畅享58元套餐,已开通。返回上级请按*。"
    assert call.press("3") == listing
    for key in "1290#":
        assert call.press(key) == listing                  # digits do nothing but repeat
    assert call.press("*") == ROOT
    product = running.api("GET", f"productInventory/v4/product/{product_id}").json()
    assert product["status"] == "active"
    # the SMS hall still unsubscribes
    text(running, customer, "0000")
    assert text(running, customer, "TD1").startswith(P + "您退订5G畅享58元套餐的申请已受理")


def test_counter_slow_on_the_counter_only(running) -> None:
    customer = running.customer()
    desk = agent(running)
    identify(running, desk, customer)                     # identifying is not slowed: 60 + 10
    assert seconds(running, customer) == 70
    counter = f"{running.url}/counter"
    page(desk.post(f"{counter}/order", data={"offering": "PLAN-58"}), layout=COUNTER)
    assert seconds(running, customer) == 70 + 360 + 10
    running.clock(customer["id"], advance=1800)
    product_id = running.api("GET", "productInventory/v4/product",
                             params={"relatedParty.id": customer["id"]}).json()[0]["id"]
    for form, data in (("change", {"product": product_id, "offering": "PLAN-88"}),
                       ("cancel", {"product": product_id})):
        before = seconds(running, customer)
        assert page(desk.post(f"{counter}/{form}", data=data), layout=COUNTER).status
        assert seconds(running, customer) - before == 360 + 10
    # another channel's order takes no time
    before = seconds(running, customer)
    text(running, customer, "KT TC88")
    assert seconds(running, customer) == before


def test_mobile_hall_no_cancel_on_the_mobile_hall_only(running) -> None:
    customer, _ = running.subscribe("PLAN-58")
    phone = sign_in(running, customer, "/m", MOBILE)
    services = page(phone.get(f"{running.url}/m/services"), layout=MOBILE)
    assert "变更套餐" in services.buttons and "退订" not in services.buttons
    assert "退订" in page(phone.get(f"{running.url}/hall/services")).buttons
    desk = agent(running)
    assert "退订" in identify(running, desk, customer).buttons


def test_web_order_reconfirm_and_processing_pages_on_the_web_hall_only(running) -> None:
    customer = running.customer()
    browser = sign_in(running, customer)
    form = {"offering": "PLAN-58"}
    for asked in range(2, 5):  # asked again three times: the fourth confirmation takes it
        again = page(browser.post(f"{running.url}/hall/order", data=form))
        assert again.h1 == ["请再次确认订购"] and "确认订购" in again.buttons
        form = {"offering": "PLAN-58", "confirmations": str(asked)}
    taken = browser.post(f"{running.url}/hall/order", data=form, allow_redirects=False)
    assert taken.status_code == 303 and "/hall/processing?step=1" in taken.headers["location"]
    first = browser.get(f"{running.url}{taken.headers['location']}")
    assert '<meta http-equiv="refresh" content="0;url=/hall/processing?step=2' in first.text
    second = browser.get(f"{running.url}/hall/processing?step=2&next=/hall/orders/PO-1")
    assert 'content="0;url=/hall/orders/PO-1"' in second.text
    off_site = browser.get(f"{running.url}/hall/processing?step=2&next=https://example.com/")
    assert 'content="0;url=/hall/catalogue"' in off_site.text
    # the mobile hall takes an order at the first confirmation, straight to its result
    phone = sign_in(running, running.customer(), "/m", MOBILE)
    straight = phone.post(f"{running.url}/m/order", data={"offering": "PLAN-58"},
                          allow_redirects=False)
    assert straight.status_code == 303 and "/m/orders/PO-" in straight.headers["location"]


def test_web_hall_slow_makes_the_ordering_pages_wait(running) -> None:
    browser = sign_in(running, running.customer())
    began = time.monotonic()
    page(browser.get(f"{running.url}/hall/catalogue"))
    assert time.monotonic() - began >= 3.0  # a lower bound: the fault's own wait


def test_web_bill_other_customer_on_the_web_hall_only(running) -> None:
    first, _ = running.subscribe("PLAN-58")
    second, _ = running.subscribe("PLAN-58")
    for customer in (first, second):
        running.clock(customer["id"], to="2026-12-01T01:00:00+08:00")
    web = sign_in(running, second)
    listed = page(web.get(f"{running.url}/hall/bills"))
    assert listed.outputs["计费号码"] == first["msisdn"]  # the mix-up
    [bill] = rows(listed, "账单列表")
    first_bill = web.get(f"{running.url}/hall/bills").text.split("/hall/bills/")[1].split('"')[0]
    assert page(web.get(f"{running.url}/hall/bills/{first_bill}")).outputs["计费号码"] == \
        first["msisdn"]
    # the mobile hall and the counter show the customer's own
    phone = sign_in(running, second, "/m", MOBILE)
    assert page(phone.get(f"{running.url}/m/bills"), layout=MOBILE).outputs["计费号码"] == \
        second["msisdn"]


def test_the_faults_of_every_channel_reach_the_new_channels_too(operator_with) -> None:
    running = operator_with("catalogue-price-wrong", "data-service-down",
                            "itemised-record-missing-lines")
    customer, _ = running.subscribe("PLAN-58")
    assert text(running, customer, "ZF TC58").startswith(
        P + "5G畅享58元套餐:月费48.00元,月费48.00元,")
    assert Call(running, customer).press("2").startswith(
        "套餐资费与办理。1.5G畅享58元套餐,月费48.00元;")
    msisdn = customer["msisdn"]
    running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 90})
    running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 20})
    running.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    assert text(running, customer, "XD 202611") == \
        P + "2026-11详单:2026-11-23 10:30:00 通话 90分钟 0.00元。"   # the 20-minute call is gone
    assert text(running, customer, "ZD") == P + "您的账单:2026-11 16.97元。"
