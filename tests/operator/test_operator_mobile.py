"""The mobile hall (/m/) over HTTP: the web hall's journeys, headings, captions, headers,
buttons and status texts on phone pages with a bottom tab bar, every link, form and redirect
under /m/. (test_operator_browser.py taps through it on an emulated Pixel 7.)"""

from __future__ import annotations

import re

import pytest
import requests
from operator_pages import MOBILE, Page, page, rows, sign_in, unstamped

TABS = ["套餐", "业务", "记录", "账单", "故障报修", "充值缴费", "退出"]
VIEWPORT = "width=device-width, initial-scale=1"


def mobile(response: requests.Response, status: int = 200) -> Page:
    """A mobile hall page: phone viewport, its own header and tab bar, nothing outside /m/."""
    parsed = page(response, status, layout=MOBILE)
    assert parsed.viewport == VIEWPORT
    assert "主导航" not in parsed.nav
    outside = [t for t in parsed.targets if not t.startswith("/m/")]
    assert not outside, outside
    return parsed


@pytest.mark.parametrize("path", ["/m/catalogue", "/m/services", "/m/usage", "/m/bills",
                                  "/m/bills/CB-000001", "/m/order?offering=PLAN-58",
                                  "/m/change?product=x", "/m/cancel?product=x",
                                  "/m/orders/PO-000001", "/m/", "/m"])
def test_signed_out_visitors_go_to_the_mobile_sign_in(operator, path: str) -> None:
    assert operator.get(path, allow_redirects=False).status_code == 303
    landed = operator.get(path)
    assert landed.url.endswith("/m/login")
    login = mobile(landed)
    assert login.h1 == ["登录"] and login.nav["底部导航"] == ["登录"]
    assert login.field("手机号码") and login.field("验证码")
    assert {"获取验证码", "登录"} <= set(login.buttons)


def test_a_plan_through_its_life_on_the_phone(operator) -> None:
    customer = operator.customer("周九")
    browser = sign_in(operator, customer, "/m", MOBILE)
    m = f"{operator.url}/m"

    services = mobile(browser.get(f"{m}/services"))
    assert services.h1 == ["我的业务"] and services.nav["底部导航"] == TABS
    assert [services.links[t] for t in TABS] == ["/m/catalogue", "/m/services", "/m/usage",
                                                 "/m/bills", "/m/repair", "/m/topup",
                                                 "/m/logout"]
    assert services.tables["我的业务"]["headers"] == ["业务", "号码", "状态", "开通日期",
                                                      "停用日期", "待生效变更", "操作"]

    catalogue = mobile(browser.get(f"{m}/catalogue"))
    assert catalogue.tables["套餐目录"]["headers"] == ["名称", "月费(元)", "通话(分钟)",
                                                       "流量(MB)", "资费说明", "操作"]
    assert [r["月费(元)"] for r in rows(catalogue, "套餐目录")] == ["58.00", "88.00", "128.00"]
    confirm = mobile(browser.get(f"{m}/order", params={"offering": "PLAN-58"}))
    assert confirm.h1 == ["确认订购"] and "确认订购" in confirm.buttons
    result = browser.post(f"{m}/order", data={"offering": "PLAN-58"})
    assert re.search(r"/m/orders/PO-\d+$", result.url)
    (status,) = mobile(result).status
    order_id = re.fullmatch(r"订购成功,订单号:(PO-\d+)", status).group(1)  # type: ignore[union-attr]
    order = operator.api("GET", f"productOrderingManagement/v4/productOrder/{order_id}").json()
    assert order["channel"][0]["id"] == "mobile"

    operator.clock(customer["id"], advance=1800)
    services = mobile(browser.get(f"{m}/services"))
    (row,) = rows(services, "我的业务")
    assert (row["状态"], row["开通日期"], row["停用日期"]) == ("已开通", "2026-11-23", "")
    assert {"变更套餐", "退订"} <= set(services.buttons)

    msisdn = customer["msisdn"]
    operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12})
    operator.post(f"/phone/{msisdn}/data", json={"megabytes": 1500})
    usage = mobile(browser.get(f"{m}/usage"))
    assert usage.tables["使用记录"]["rows"] == [
        ["2026-11-23 10:30:00", "通话", "12", "分钟", "国内"],
        ["2026-11-23 10:30:00", "流量", "1500", "MB", "国内"]]
    operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    bills = mobile(browser.get(f"{m}/bills"))
    (listed,) = rows(bills, "账单列表")
    assert (listed["账期"], listed["应缴金额(元)"]) == ("2026-11", "29.75")
    detail = mobile(browser.get(operator.url + bills.links["查看"]))
    assert detail.outputs["应缴金额"] == "29.75"
    assert [r[3] for r in detail.tables["详单"]["rows"]] == ["0.00", "14.28"]

    product_id = operator.api("GET", "productInventory/v4/product",
                              params={"relatedParty.id": customer["id"]}).json()[0]["id"]
    change = mobile(browser.get(f"{m}/change", params={"product": product_id}))
    assert change.field("新套餐")["tag"] == "select" and "确认变更" in change.buttons
    changed = mobile(browser.post(f"{m}/change", data={"product": product_id,
                                                       "offering": "PLAN-88"}))
    assert changed.status == ["变更已受理,新套餐将于2027-01-01生效"]
    cancel = mobile(browser.get(f"{m}/cancel", params={"product": product_id}))
    assert "确认退订" in cancel.buttons
    cancelled = mobile(browser.post(f"{m}/cancel", data={"product": product_id}))
    assert [unstamped(s) for s in cancelled.status] == ["退订已受理,将于<by>前生效"]
    operator.clock(customer["id"], advance=7200)
    (row,) = rows(mobile(browser.get(f"{m}/services")), "我的业务")
    assert (row["状态"], row["停用日期"]) == ("已退订", "2026-12-01")

    assert mobile(browser.get(f"{m}/bills/CB-999999"), 404).alerts == ["账单不存在"]
    out = browser.get(f"{m}/logout")
    assert out.url.endswith("/m/login")
    assert browser.get(f"{m}/services").url.endswith("/m/login")
