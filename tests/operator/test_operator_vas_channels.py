"""Value-added subscriptions on every channel, over HTTP against the real process: the customer
who comes with a plan, the TMF API, the web and mobile hall and the counter, the SMS hall, the
hotline's menus 4 and 3, the phone's ring-back and news, and the two channel faults."""

from __future__ import annotations

import re
from typing import Any

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
    sign_in,
    text,
    unstamped,
)

CATALOG = "productCatalogManagement/v4/productOffering"
INVENTORY = "productInventory/v4/product"
BILLS = "customerBillManagement/v4"
TERMS = ("信息费{fee}元/月,由演示电信代收;1日至20日订购当月免费,21日后订购当月及次月免费,"
         "之后每月1日起收费。")
NEWS_TERMS, RBT_TERMS = TERMS.format(fee="3.00"), TERMS.format(fee="5.00")
BACK = "返回上级请按*。"


def with_plan(running: Any, name: str = "测试客户") -> dict[str, str]:
    response = running.post("/test/customers",
                            json={"name": name, "idNumber": "1101", "plan": "PLAN-58"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def products(running: Any, customer: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The customer's products by offering id (the latest of each)."""
    listed = running.api("GET", INVENTORY, params={"relatedParty.id": customer["id"]}).json()
    return {p["productOffering"]["id"]: p for p in listed}


def texts(running: Any, customer: dict[str, str]) -> list[str]:
    return [m["text"] for m in running.inbox(customer["msisdn"])]


# -- test support and the API -------------------------------------------------------------------

def test_a_customer_who_comes_with_a_plan(operator) -> None:
    customer = with_plan(operator)
    (plan,) = products(operator, customer).values()
    assert (plan["status"], plan["productOffering"]["id"]) == ("active", "PLAN-58")
    assert plan["startDate"] == "2026-11-23T10:00:00+08:00" == customer["now"]
    assert operator.inbox(customer["msisdn"]) == []
    bad = operator.post("/test/customers", json={"name": "x", "plan": "VAS-NEWS"})
    assert bad.status_code == 400


def test_the_services_on_the_api(operator, tmf_validate) -> None:
    listed = operator.api("GET", CATALOG, params={"category.id": "vas"}).json()
    tmf_validate("TMF620", "ProductOffering", listed)
    assert [(o["id"], o["name"], o["category"][0]["id"], o["category"][0]["name"])
            for o in listed] == [("VAS-NEWS", "头条新闻", "vas", "增值业务"),
                                 ("VAS-RBT", "爱音乐彩铃", "vas", "增值业务")]
    news = listed[0]
    assert [(p["name"], p["priceType"], p["recurringChargePeriodType"],
             p["price"]["value"]) for p in operator.prices(news)] == [
        ("信息费", "recurring", "month", 3.0)]
    assert news["productOfferingTerm"][0]["description"] == NEWS_TERMS

    # refused without a plan
    bare = operator.customer()
    refused = operator.order(bare["id"], {"action": "add", "productOffering": {"id": "VAS-NEWS"}})
    assert refused.status_code == 409 and refused.json()["reason"] == "您尚未开通手机套餐"

    customer = with_plan(operator)
    ordered = operator.order(customer["id"], {"action": "add",
                                              "productOffering": {"id": "VAS-NEWS"}})
    assert ordered.status_code == 201, ordered.text
    order = ordered.json()
    assert order["state"] == "acknowledged"
    operator.clock(customer["id"], advance=60)
    product = products(operator, customer)["VAS-NEWS"]
    assert (product["status"], product["startDate"]) == ("active", "2026-11-23T10:01:00+08:00")
    assert texts(operator, customer) == [
        P + "您已成功订购头条新闻,信息费3.00元/月,由演示电信代收,当月及次月免信息费,"
        f"退订请发送TDXW至10001或拨打10000。订单号{order['id']}。"]

    operator.clock(customer["id"], to="2027-02-01T01:00:00+08:00")
    bills = operator.api("GET", f"{BILLS}/customerBill",
                         params={"relatedParty.id": customer["id"]}).json()
    amounts = {b["billingPeriod"]["startDateTime"][:7]: b["amountDue"]["value"] for b in bills}
    assert amounts == {"2026-11": 15.47, "2026-12": 58.0, "2027-01": 61.0}
    january = next(b for b in bills if b["billingPeriod"]["startDateTime"].startswith("2027-01"))
    rates = operator.api("GET", f"{BILLS}/appliedCustomerBillingRate",
                         params={"bill.id": january["id"]}).json()
    tmf_validate("TMF678", "AppliedCustomerBillingRate", rates)
    assert [(r["type"], r["name"], r["taxIncludedAmount"]["value"]) for r in rates] == [
        ("recurringCharge", "5G畅享58元套餐月费", 58.0), ("recurringCharge", "头条新闻信息费", 3.0)]
    assert rates[1]["periodCoverage"] == {"startDateTime": "2027-01-01T00:00:00+08:00",
                                          "endDateTime": "2027-01-31T23:59:59+08:00"}

    cancelled = operator.order(customer["id"], {"action": "delete",
                                                "product": {"id": product["id"]}})
    assert cancelled.status_code == 201
    assert products(operator, customer)["VAS-NEWS"]["status"] == "pendingTerminate"
    operator.clock(customer["id"], advance=2 * 3600)
    assert products(operator, customer)["VAS-NEWS"]["status"] == "terminated"


def test_ringback_and_news_on_the_phone(operator) -> None:
    customer = with_plan(operator)
    msisdn = customer["msisdn"]
    assert operator.get(f"/phone/{msisdn}/ringback").json() == {"tone": "默认回铃音"}
    assert operator.get("/phone/19900000000/ringback").status_code == 404
    for offering in ("VAS-RBT", "VAS-NEWS"):
        operator.order(customer["id"], {"action": "add", "productOffering": {"id": offering}})
    operator.clock(customer["id"], advance=60)
    assert operator.get(f"/phone/{msisdn}/ringback").json() == {"tone": "爱音乐彩铃"}
    operator.clock(customer["id"], to="2026-11-25T08:00:00+08:00")
    news = [m for m in operator.inbox(msisdn) if m["from"] == "1065800"]
    assert [(m["receivedAt"], m["text"].split(":")[0]) for m in news] == [
        ("2026-11-24T08:00:00+08:00", "【头条新闻】2026-11-24 今日要闻"),
        ("2026-11-25T08:00:00+08:00", "【头条新闻】2026-11-25 今日要闻")]


# -- the web hall, the mobile hall and the counter ----------------------------------------------

def test_the_services_in_the_web_hall(operator) -> None:
    customer = with_plan(operator, "孙九")
    browser = sign_in(operator, customer)
    hall = operator.url + "/hall"
    catalogue = page(browser.get(f"{hall}/catalogue"))
    assert list(catalogue.tables) == ["套餐目录", "增值业务", "宽带", "国际漫游", "融合套餐"]
    assert catalogue.tables["增值业务"]["headers"] == ["名称", "信息费(元/月)", "资费说明", "操作"]
    assert [tuple(r.values()) for r in rows(catalogue, "增值业务")] == [
        ("头条新闻", "3.00", NEWS_TERMS, "订购"), ("爱音乐彩铃", "5.00", RBT_TERMS, "订购")]

    confirm = page(browser.get(f"{hall}/order", params={"offering": "VAS-RBT"}))
    assert confirm.h1 == ["确认订购"] and "确认订购" in confirm.buttons
    result = page(browser.post(f"{hall}/order", data={"offering": "VAS-RBT"}))
    assert result.h1 == ["订购结果"]
    assert re.fullmatch(r"订购成功,订单号:PO-\d+", result.status[0])
    operator.clock(customer["id"], advance=60)

    services = page(browser.get(f"{hall}/services"))
    plan, service = rows(services, "我的业务")
    assert (service["业务"], service["状态"], service["开通日期"], service["停用日期"],
            service["操作"]) == ("爱音乐彩铃", "已开通", "2026-11-23", "", "退订")
    assert "变更套餐" in plan["操作"]
    product = products(operator, customer)["VAS-RBT"]["id"]
    assert browser.get(f"{hall}/change", params={"product": product}).status_code == 409

    operator.clock(customer["id"], to="2027-01-01T01:00:00+08:00")
    bills = page(browser.get(f"{hall}/bills"))
    listed = rows(bills, "账单列表")
    assert [b["账期"] for b in listed] == ["2026-11", "2026-12"]
    # the December bill: 爱音乐彩铃 ordered on the 23rd is free in November and December
    detail = page(browser.get(operator.url + f"/hall/bills/{_bill_id(operator, customer, 12)}"))
    assert detail.tables["费用明细"]["rows"] == [["5G畅享58元套餐月费", "58.00", ""]]
    operator.clock(customer["id"], to="2027-02-01T01:00:00+08:00")
    detail = page(browser.get(operator.url + f"/hall/bills/{_bill_id(operator, customer, 1)}"))
    assert detail.tables["费用明细"]["rows"] == [["5G畅享58元套餐月费", "58.00", ""],
                                                  ["爱音乐彩铃信息费", "5.00", "投诉"]]
    assert detail.outputs["应缴金额"] == "63.00"

    cancel = page(browser.get(f"{hall}/cancel", params={"product": product}))
    assert cancel.h1 == ["确认退订"] and "确认退订" in cancel.buttons
    done = page(browser.post(f"{hall}/cancel", data={"product": product}))
    assert [unstamped(s) for s in done.status] == ["退订已受理,将于<by>前生效"]


def _bill_id(running: Any, customer: dict[str, str], month: int) -> str:
    bills = running.api("GET", f"{BILLS}/customerBill",
                        params={"relatedParty.id": customer["id"]}).json()
    return next(b["id"] for b in bills
                if int(b["billingPeriod"]["startDateTime"][5:7]) == month)


def test_the_services_in_the_mobile_hall_and_at_the_counter(operator) -> None:
    customer = with_plan(operator)
    phone = sign_in(operator, customer, "/m", MOBILE)
    catalogue = page(phone.get(f"{operator.url}/m/catalogue"), layout=MOBILE)
    assert [r["名称"] for r in rows(catalogue, "增值业务")] == ["头条新闻", "爱音乐彩铃"]
    page(phone.post(f"{operator.url}/m/order", data={"offering": "VAS-NEWS"}), layout=MOBILE)
    operator.clock(customer["id"], advance=60)

    desk = agent(operator)
    services = identify(operator, desk, customer)
    assert [(r["业务"], r["状态"], r["操作"]) for r in rows(services, "我的业务")][1] == (
        "头条新闻", "已开通", "退订")
    catalogue = page(desk.get(f"{operator.url}/counter/catalogue"), layout=COUNTER)
    assert catalogue.tables["增值业务"]["headers"] == ["名称", "信息费(元/月)", "资费说明", "操作"]


# -- the SMS hall -------------------------------------------------------------------------------

def test_the_services_in_the_sms_hall(operator) -> None:
    bare = operator.customer()
    assert text(operator, bare, "KT XW") == P + "办理失败:您尚未开通手机套餐。"

    customer = with_plan(operator)
    assert text(operator, customer, "zf xw") == \
        P + f"头条新闻:信息费3.00元/月,{NEWS_TERMS}订购请回复KTXW。"
    assert text(operator, customer, "ZFCL") == \
        P + f"爱音乐彩铃:信息费5.00元/月,{RBT_TERMS}订购请回复KTCL。"
    reply = text(operator, customer, "KT CL")
    order = re.fullmatch(P + r"您订购爱音乐彩铃的申请已受理,订单号(PO-\d+)。", reply)
    assert order, reply
    assert text(operator, customer, "KT CL") == P + "办理失败:您已订购该业务。"
    operator.clock(customer["id"], advance=60)
    assert texts(operator, customer)[-1] == (
        P + "您已成功订购爱音乐彩铃,信息费5.00元/月,由演示电信代收,当月及次月免信息费,"
        f"退订请发送TDCL至10001或拨打10000。订单号{order.group(1)}。")
    assert text(operator, customer, "CX") == P + (
        "您的业务:1.5G畅享58元套餐/已开通/2026-11-23/-/-;2.爱音乐彩铃/已开通/2026-11-23/-/-。")
    assert text(operator, customer, "BG CL") == P + "办理失败:增值业务不能变更套餐。"
    assert text(operator, customer, "TD XW") == P + "办理失败:您未订购该业务。"
    assert text(operator, customer, "0000") == \
        P + "您已订购:1.5G畅享58元套餐;2.爱音乐彩铃。回复TD+序号退订,如TD1。"
    assert unstamped(text(operator, customer, "TD2")) == \
        P + "您退订爱音乐彩铃的申请已受理,将于<by>前生效。"
    operator.clock(customer["id"], advance=30)
    assert unstamped(texts(operator, customer)[-1]) == \
        P + "您已申请退订爱音乐彩铃,将于<by>前生效,生效后不再收取月费。"

    text(operator, customer, "KTXW")
    operator.clock(customer["id"], advance=60)
    assert unstamped(text(operator, customer, "td xw")) == \
        P + "您退订头条新闻的申请已受理,将于<by>前生效。"


# -- the hotline --------------------------------------------------------------------------------

def test_the_services_on_the_hotline(operator) -> None:
    customer = with_plan(operator)
    call = Call(operator, customer)
    assert call.prompt == ROOT
    menu = ("增值业务。1.头条新闻,信息费3.00元/月;2.爱音乐彩铃,信息费5.00元/月。"
            "了解或订购请按序号,返回上级请按*。")
    assert call.press("4") == menu
    assert call.press("3") == "输入有误。" + menu
    assert call.press("1") == f"头条新闻,信息费3.00元/月,{NEWS_TERMS}订购请按1,{BACK}"
    ordered = call.press("1")
    found = re.fullmatch(r"订购已受理,订单号(PO-\d+)。返回上级请按\*。", ordered)
    assert found, ordered
    assert call.press("*") == f"头条新闻,信息费3.00元/月,{NEWS_TERMS}订购请按1,{BACK}"
    assert call.press("1") == f"办理失败:您已订购该业务。{BACK}"
    operator.clock(customer["id"], advance=60)

    # menu 3 lists the service (newest first) and unsubscribes it: 3, 1, 1
    call = Call(operator, customer)
    assert call.press("3") == ("已订业务:1.头条新闻,已开通;2.5G畅享58元套餐,已开通。"
                               f"退订请按业务序号,{BACK}")
    assert call.press("1") == f"确认退订头条新闻请按1,{BACK}"
    assert unstamped(call.press("1")) == f"退订已受理,将于<by>前生效。{BACK}"
    assert products(operator, customer)["VAS-NEWS"]["status"] == "pendingTerminate"

    bare = operator.customer()
    assert Call(operator, bare).press("411") == f"办理失败:您尚未开通手机套餐。{BACK}"


# -- the channel faults -------------------------------------------------------------------------

def test_vas_channel_faults(operator_with) -> None:
    running = operator_with("vas-sms-cannot-unsubscribe", "vas-subscriptions-hidden")
    customer = with_plan(running)
    text(running, customer, "KT XW")
    running.clock(customer["id"], advance=60)

    # vas-sms-cannot-unsubscribe: TD and 0000 refuse the service; plans still go
    refused = P + "办理失败:该业务不支持短信退订。"
    assert text(running, customer, "TD XW") == refused
    assert text(running, customer, "0000") == \
        P + "您已订购:1.5G畅享58元套餐;2.头条新闻。回复TD+序号退订,如TD1。"
    assert text(running, customer, "TD2") == refused
    assert text(running, customer, "CX").endswith(";2.头条新闻/已开通/2026-11-23/-/-。")

    # vas-subscriptions-hidden: the hotline's menu 3 reads only the plan out
    call = Call(running, customer)
    assert call.press("3") == f"已订业务:1.5G畅享58元套餐,已开通。退订请按业务序号,{BACK}"
    assert call.press("2") == "输入有误。" + call.prompt.removeprefix("输入有误。")

    # the other channels still show and unsubscribe it
    assert products(running, customer)["VAS-NEWS"]["status"] == "active"
    browser = sign_in(running, customer)
    services = page(browser.get(f"{running.url}/hall/services"))
    assert [r["业务"] for r in rows(services, "我的业务")] == ["5G畅享58元套餐", "头条新闻"]
    product = products(running, customer)["VAS-NEWS"]["id"]
    done = page(browser.post(f"{running.url}/hall/cancel", data={"product": product}))
    assert [unstamped(s) for s in done.status] == ["退订已受理,将于<by>前生效"]


def test_web_subscriptions_cached_shows_a_service_as_first_shown(operator_with) -> None:
    running = operator_with("web-subscriptions-cached")
    customer = with_plan(running)
    text(running, customer, "KT XW")
    running.clock(customer["id"], advance=60)
    browser = sign_in(running, customer)

    def listed(base: str = "/hall", session: Any = browser,
               layout: Any = None) -> list[tuple[str, str]]:
        shown = page(session.get(f"{running.url}{base}/services"),
                     **({"layout": layout} if layout else {}))
        return [(r["业务"], r["状态"]) for r in rows(shown, "我的业务")]

    assert listed() == [("5G畅享58元套餐", "已开通"), ("头条新闻", "已开通")]
    text(running, customer, "TD XW")                      # unsubscribed by SMS
    running.clock(customer["id"], advance=86400)
    assert products(running, customer)["VAS-NEWS"]["status"] == "terminated"
    assert listed() == [("5G畅享58元套餐", "已开通"), ("头条新闻", "已开通")]  # behind
    phone = sign_in(running, customer, "/m", MOBILE)
    assert listed("/m", phone, MOBILE)[1] == ("头条新闻", "已退订")   # the mobile hall is right

    # a service ordered and unsubscribed in the web hall itself is shown as it is
    page(browser.post(f"{running.url}/hall/order", data={"offering": "VAS-RBT"}))
    assert listed()[2] == ("爱音乐彩铃", "开通中")
    running.clock(customer["id"], advance=60)
    assert listed()[2] == ("爱音乐彩铃", "已开通")
    product = products(running, customer)["VAS-RBT"]["id"]
    page(browser.post(f"{running.url}/hall/cancel", data={"product": product}))
    assert listed()[2] == ("爱音乐彩铃", "退订中")
