"""The web hall over plain HTTP: every label, heading, caption and outcome text the harness
locates by, and the flows behind them. (test_operator_browser.py drives it in Chromium.)"""

from __future__ import annotations

import re

import pytest
import requests
from operator_pages import page, rows, sign_in, unstamped

NAV = ["套餐目录", "我的业务", "使用记录", "我的账单", "故障报修", "充值缴费", "退出"]


# -- signing in ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/hall/catalogue", "/hall/services", "/hall/usage", "/hall/bills", "/hall/bills/CB-000001",
    "/hall/order?offering=PLAN-58", "/hall/change?product=PRD-000001", "/hall/cancel?product=x",
    "/hall/orders/PO-000001", "/hall/", "/"])
def test_signed_out_visitors_are_sent_to_sign_in(operator, path: str) -> None:
    assert operator.get(path, allow_redirects=False).status_code == 303
    landed = operator.get(path)
    assert landed.url.endswith("/hall/login") and page(landed).h1 == ["登录"]


def test_the_sign_in_page(operator) -> None:
    login = page(operator.get("/hall/login"))
    assert login.h1 == ["登录"]
    assert login.field("手机号码")["tag"] == "input"
    assert login.field("验证码")["tag"] == "input"
    assert {"获取验证码", "登录"} <= set(login.buttons)
    assert login.nav["主导航"] == ["登录"]


def test_sign_in_refusals(operator) -> None:
    customer = operator.customer()
    browser = requests.Session()
    url = f"{operator.url}/hall/login"
    assert page(browser.post(url, data={"msisdn": "19900000000", "action": "send"})).alerts
    page(browser.post(url, data={"msisdn": customer["msisdn"], "action": "send"}))
    code = re.search(r"验证码为(\d+)", operator.inbox(customer["msisdn"])[-1]["text"]).group(1)
    wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
    refused = page(browser.post(url, data={"msisdn": customer["msisdn"], "code": wrong,
                                           "action": "login"}))
    assert refused.alerts == ["验证码错误"] and refused.h1 == ["登录"]
    operator.clock(customer["id"], advance=301)   # valid 5 minutes of the customer's clock
    late = page(browser.post(url, data={"msisdn": customer["msisdn"], "code": code,
                                        "action": "login"}))
    assert late.alerts and late.h1 == ["登录"]
    assert "hall_session" not in browser.cookies


# -- a plan's life on the web -------------------------------------------------------------------

def test_a_plan_through_its_life_on_the_web(operator) -> None:
    customer = operator.customer("赵六")
    browser = sign_in(operator, customer)
    hall = operator.url + "/hall"

    services = page(browser.get(f"{hall}/services"))
    assert services.h1 == ["我的业务"] and services.nav["主导航"] == NAV
    assert services.tables["我的业务"]["headers"] == ["业务", "号码", "状态", "开通日期",
                                                      "停用日期", "待生效变更", "操作"]
    assert rows(services, "我的业务") == []

    catalogue = page(browser.get(f"{hall}/catalogue"))
    assert catalogue.h1 == ["套餐目录"]
    assert catalogue.tables["套餐目录"]["headers"] == ["名称", "月费(元)", "通话(分钟)", "流量(MB)",
                                                       "资费说明", "操作"]
    listed = rows(catalogue, "套餐目录")
    shown = [(r["名称"], r["月费(元)"], r["通话(分钟)"], r["流量(MB)"], r["操作"]) for r in listed]
    assert shown == [
        ("5G畅享58元套餐", "58.00", "100", "1024", "订购"),
        ("5G畅享88元套餐", "88.00", "300", "5120", "订购"),
        ("5G畅享128元套餐", "128.00", "600", "20480", "订购")]
    assert listed[0]["资费说明"].startswith("月费58.00元,含国内通话100分钟")

    confirm = page(browser.get(f"{hall}/order", params={"offering": "PLAN-58"}))
    assert confirm.h1 == ["确认订购"] and "确认订购" in confirm.buttons
    result = page(browser.post(f"{hall}/order", data={"offering": "PLAN-58"}))
    assert result.h1 == ["订购结果"]
    (status,) = result.status
    order_id = re.fullmatch(r"订购成功,订单号:(PO-\d+)", status).group(1)  # type: ignore[union-attr]
    assert operator.api("GET", f"productOrderingManagement/v4/productOrder/{order_id}").ok

    (row,) = rows(page(browser.get(f"{hall}/services")), "我的业务")
    assert (row["业务"], row["号码"], row["状态"], row["开通日期"], row["操作"]) == (
        "5G畅享58元套餐", customer["msisdn"], "开通中", "", "")
    operator.clock(customer["id"], advance=1800)
    services = page(browser.get(f"{hall}/services"))
    (row,) = rows(services, "我的业务")
    assert (row["状态"], row["开通日期"], row["停用日期"], row["待生效变更"]) == (
        "已开通", "2026-11-23", "", "")
    assert {"变更套餐", "退订"} <= set(services.buttons)

    msisdn = customer["msisdn"]
    operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12})
    operator.post(f"/phone/{msisdn}/data", json={"megabytes": 1500})
    usage = page(browser.get(f"{hall}/usage"))
    assert usage.h1 == ["使用记录"]
    assert usage.tables["使用记录"]["headers"] == ["时间", "类型", "用量", "单位", "地区"]
    assert usage.tables["使用记录"]["rows"] == [
        ["2026-11-23 10:30:00", "通话", "12", "分钟", "国内"],
        ["2026-11-23 10:30:00", "流量", "1500", "MB", "国内"]]

    operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    bills = page(browser.get(f"{hall}/bills"))
    assert bills.h1 == ["我的账单"]
    assert bills.tables["账单列表"]["headers"] == ["账期", "应缴金额(元)", "状态", "操作"]
    (listed_bill,) = rows(bills, "账单列表")
    assert (listed_bill["账期"], listed_bill["应缴金额(元)"], listed_bill["操作"]) == (
        "2026-11", "29.75", "查看")
    detail = page(browser.get(operator.url + bills.links["查看"]))
    assert detail.h1 == ["账单详情"]
    assert detail.outputs["应缴金额"] == "29.75"
    assert detail.tables["费用明细"]["headers"] == ["项目", "金额(元)", "操作"]
    assert detail.tables["费用明细"]["rows"] == [["5G畅享58元套餐月费", "15.47", ""],
                                                  ["通话费", "0.00", ""], ["流量费", "14.28", ""]]
    assert detail.tables["详单"]["headers"] == ["时间", "类型", "用量", "费用(元)"]
    assert detail.tables["详单"]["rows"] == [["2026-11-23 10:30:00", "通话", "12", "0.00"],
                                             ["2026-11-23 10:30:00", "流量", "1500", "14.28"]]

    product_id = operator.api("GET", "productInventory/v4/product",
                              params={"relatedParty.id": customer["id"]}).json()[0]["id"]
    change = page(browser.get(f"{hall}/change", params={"product": product_id}))
    assert change.h1 == ["变更套餐"] and change.field("新套餐")["tag"] == "select"
    assert change.options == ["5G畅享88元套餐", "5G畅享128元套餐"]
    assert "确认变更" in change.buttons
    changed = page(browser.post(f"{hall}/change", data={"product": product_id,
                                                        "offering": "PLAN-88"}))
    assert changed.h1 == ["变更结果"]
    assert changed.status == ["变更已受理,新套餐将于2027-01-01生效"]
    (row,) = rows(page(browser.get(f"{hall}/services")), "我的业务")
    assert row["待生效变更"] == "5G畅享88元套餐(2027-01-01生效)"

    cancel = page(browser.get(f"{hall}/cancel", params={"product": product_id}))
    assert cancel.h1 == ["确认退订"] and "确认退订" in cancel.buttons
    cancelled = page(browser.post(f"{hall}/cancel", data={"product": product_id}))
    assert cancelled.h1 == ["退订结果"]
    assert [unstamped(s) for s in cancelled.status] == ["退订已受理,将于<by>前生效"]
    (row,) = rows(page(browser.get(f"{hall}/services")), "我的业务")
    assert (row["状态"], row["停用日期"], row["待生效变更"], row["操作"]) == ("退订中", "", "", "")
    operator.clock(customer["id"], advance=7200)
    (row,) = rows(page(browser.get(f"{hall}/services")), "我的业务")
    assert (row["状态"], row["开通日期"], row["停用日期"]) == ("已退订", "2026-11-23", "2026-12-01")

    # someone else's bill is not shown; signing out ends the session
    assert page(browser.get(f"{hall}/bills/CB-999999"), 404).alerts
    browser.get(f"{hall}/logout")
    assert browser.get(f"{hall}/services").url.endswith("/hall/login")


# -- faults as the web shows them ---------------------------------------------------------------

def test_order_rejected_on_the_web(operator_with) -> None:
    running = operator_with("order-rejected")
    browser = sign_in(running, running.customer())
    result = page(browser.post(f"{running.url}/hall/order", data={"offering": "PLAN-58"}))
    assert result.h1 == ["订购结果"]
    assert result.alerts == ["系统繁忙,请稍后再试"] and result.status == []


def test_catalogue_and_itemised_faults_on_the_web(operator_with) -> None:
    running = operator_with("catalogue-price-wrong", "data-service-down",
                            "itemised-record-missing-lines")
    customer, _ = running.subscribe("PLAN-58")
    browser = sign_in(running, customer)
    listed = rows(page(browser.get(f"{running.url}/hall/catalogue")), "套餐目录")
    assert [r["月费(元)"] for r in listed] == ["48.00", "78.00", "118.00"]
    assert listed[0]["资费说明"].startswith("月费48.00元")
    confirm = browser.get(f"{running.url}/hall/order", params={"offering": "PLAN-58"})
    assert page(confirm).h1 == ["确认订购"] and "<dd>48.00元</dd>" in confirm.text

    msisdn = customer["msisdn"]
    running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 90})
    running.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 20})
    running.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    bills = page(browser.get(f"{running.url}/hall/bills"))
    detail = page(browser.get(running.url + bills.links["查看"]))
    assert detail.outputs["应缴金额"] == "16.97"
    assert [r[2] for r in detail.tables["详单"]["rows"]] == ["90"]   # the 20-minute call is gone
    assert detail.tables["费用明细"]["rows"][-1] == ["通话费", "1.50", ""]
