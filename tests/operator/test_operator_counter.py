"""The store counter over HTTP: the agent signs in with the environment's password, identifies
the customer, orders, changes and cancels on their behalf with the hall's pages, ends the
transaction; the customer's clock carries the modelled handling time."""

from __future__ import annotations

import re

import pytest
import requests
from operator_pages import COUNTER, agent, identify, page, rows, seconds, unstamped
from operator_pages import COUNTER_LOGIN as LOGIN

from conftest import COUNTER_PASSWORD

NAV = ["套餐目录", "我的业务", "使用记录", "我的账单", "故障报修", "充值缴费"]


def test_agent_sign_in(operator) -> None:
    desk = requests.Session()
    landed = desk.get(f"{operator.url}/counter/services")
    assert landed.url.endswith("/counter/login")
    login = page(landed, layout=LOGIN)
    assert login.h1 == ["营业员登录"]
    assert login.field("工号")["tag"] == "input" and login.field("密码")["type"] == "password"
    assert login.buttons == ["登录"]
    for who, password in (("A001", "wrong"), ("A002", COUNTER_PASSWORD), ("A001", "")):
        refused = page(desk.post(f"{operator.url}/counter/login",
                                 data={"agent": who, "password": password}), layout=LOGIN)
        assert refused.h1 == ["营业员登录"] and refused.alerts == ["工号或密码错误"]
    assert "counter_session" not in desk.cookies

    desk = agent(operator)
    at_desk = page(desk.get(f"{operator.url}/counter/"), layout=LOGIN)
    assert at_desk.h1 == ["客户识别"] and "营业员 A001" in at_desk.header
    assert at_desk.field("手机号码")["tag"] == "input" and at_desk.field("证件号码")
    assert at_desk.buttons == ["识别客户"]
    desk.get(f"{operator.url}/counter/logout")
    assert desk.get(f"{operator.url}/counter/identify").url.endswith("/counter/login")


def test_a_customer_served_at_the_counter(operator) -> None:
    customer = operator.customer("钱八")
    desk = agent(operator)
    counter = f"{operator.url}/counter"

    # a wrong pair is refused and costs the customer no time
    for msisdn, id_number in ((customer["msisdn"], "9999"), ("19900000000", "1101"),
                              (customer["msisdn"], "")):
        refused = identify(operator, desk, {"msisdn": msisdn}, id_number)
        assert refused.h1 == ["客户识别"] and refused.alerts == ["客户信息不符"]
    assert seconds(operator, customer) == 0

    services = identify(operator, desk, customer)          # 60 s, then 我的业务 10 s
    assert seconds(operator, customer) == 70
    assert services.h1 == ["我的业务"] and services.nav["受理导航"] == NAV
    assert "结束受理" in services.buttons
    assert services.header.startswith("演示电信 营业厅受理系统 营业员 A001 · 客户 钱八")
    assert services.tables["我的业务"]["headers"] == ["业务", "号码", "状态", "开通日期",
                                                      "停用日期", "待生效变更", "操作"]

    catalogue = page(desk.get(f"{counter}/catalogue"), layout=COUNTER)
    assert [r["月费(元)"] for r in rows(catalogue, "套餐目录")] == ["58.00", "88.00", "128.00"]
    confirm = page(desk.get(f"{counter}/order", params={"offering": "PLAN-58"}), layout=COUNTER)
    assert confirm.h1 == ["确认订购"] and "确认订购" in confirm.buttons
    assert seconds(operator, customer) == 90
    result = page(desk.post(f"{counter}/order", data={"offering": "PLAN-58"}), layout=COUNTER)
    assert seconds(operator, customer) == 190              # 90 s to confirm, 10 s the result
    assert result.h1 == ["订购结果"]
    order_id = re.fullmatch(r"订购成功,订单号:(PO-\d+)",  # type: ignore[union-attr]
                            result.status[0]).group(1)
    order = operator.api("GET", f"productOrderingManagement/v4/productOrder/{order_id}").json()
    assert order["channel"][0]["id"] == "counter"
    assert order["orderDate"] == "2026-11-23T10:03:00+08:00"  # keyed in, then accepted
    assert operator.inbox(customer["msisdn"]) == []       # the SMS is due 30 s after

    operator.clock(customer["id"], advance=1800)           # provisioning
    # the order and activation SMS go out as for every channel
    (ordered, activated) = [m["text"] for m in operator.inbox(customer["msisdn"])]
    assert ordered.startswith("【演示电信】您已成功订购5G畅享58元套餐,月费58.00元")
    assert ordered.endswith(f"订单号{order_id}。")
    assert activated == f"【演示电信】您的号码{customer['msisdn']}已开通5G畅享58元套餐,欢迎使用。"
    (row,) = rows(page(desk.get(f"{counter}/services"), layout=COUNTER), "我的业务")
    assert (row["状态"], row["开通日期"], row["停用日期"]) == ("已开通", "2026-11-23", "")
    product_id = operator.api("GET", "productInventory/v4/product",
                              params={"relatedParty.id": customer["id"]}).json()[0]["id"]

    before = seconds(operator, customer)
    page(desk.get(f"{counter}/change", params={"product": product_id}), layout=COUNTER)
    changed = page(desk.post(f"{counter}/change", data={"product": product_id,
                                                        "offering": "PLAN-88"}), layout=COUNTER)
    assert changed.status == ["变更已受理,新套餐将于2026-12-01生效"]
    assert seconds(operator, customer) - before == 10 + 90 + 10
    before = seconds(operator, customer)
    cancelled = page(desk.post(f"{counter}/cancel", data={"product": product_id}),
                     layout=COUNTER)
    assert [unstamped(s) for s in cancelled.status] == ["退订已受理,将于<by>前生效"]
    assert seconds(operator, customer) - before == 90 + 10

    # 结束受理: back to 客户识别; the customer's pages need a customer again
    ended = desk.post(f"{counter}/end")
    assert ended.url.endswith("/counter/identify") and page(ended, layout=LOGIN).h1 == ["客户识别"]
    before = seconds(operator, customer)
    assert desk.get(f"{counter}/services").url.endswith("/counter/identify")
    assert seconds(operator, customer) == before
    operator.clock(customer["id"], advance=7200)
    (row,) = rows(identify(operator, desk, customer), "我的业务")
    assert (row["状态"], row["停用日期"]) == ("已退订", "2026-11-23")


@pytest.mark.parametrize("path", ["/counter/catalogue", "/counter/services", "/counter/usage",
                                  "/counter/bills", "/counter/order?offering=PLAN-58",
                                  "/counter/identify", "/counter"])
def test_the_counter_needs_an_agent(operator, path: str) -> None:
    assert operator.get(path, allow_redirects=False).status_code == 303
    assert operator.get(path).url.endswith("/counter/login")


def test_a_generated_password_is_printed(monkeypatch, capsys) -> None:
    from demo_operator.__main__ import COUNTER_PASSWORD_ENV, _secret

    monkeypatch.delenv(COUNTER_PASSWORD_ENV, raising=False)
    made = _secret(COUNTER_PASSWORD_ENV, "counter password (agent A001)")
    assert len(made) >= 16 and made in capsys.readouterr().out
    monkeypatch.setenv(COUNTER_PASSWORD_ENV, "given")
    assert _secret(COUNTER_PASSWORD_ENV, "counter password") == "given"
    assert capsys.readouterr().out == ""
