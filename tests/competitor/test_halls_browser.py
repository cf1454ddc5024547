"""The web hall and the mobile hall in a real headless Chromium, by role and label: sign-in by
password and SMS code, plan cards, cart and checkout with the agreement, the toast, plan change
by radio buttons, unsubscribe, bills and usage in their written forms, top-up; the mobile hall
on a phone-sized touch screen with its bottom tab bar and its own page sequence."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from walkthrough import chromium

CHROMIUM = Path(chromium.executable())
ARGS = ["--no-sandbox", "--disable-gpu"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                 reason="needs Debian's chromium")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _web_sign_in(page: Any, bw: Any, subs: dict[str, Any]) -> None:
    page.goto(f"{bw.url}/bw/services")
    assert page.url.endswith("/bw/login")
    page.get_by_label("手机号码").fill(subs["telNo"])
    page.get_by_label("登录密码").fill(subs["loginPwd"])
    page.get_by_role("button", name="获取短信验证码").click()
    page.get_by_label("短信验证码").fill(bw.sign_in_code(subs["telNo"]))
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="套餐与业务").wait_for()


def test_web_order_through_cart_and_checkout(browser: Any, bw: Any) -> None:
    from playwright.sync_api import expect

    subs = bw.subscriber()
    page = browser.new_page()
    page.set_default_timeout(15_000)
    _web_sign_in(page, bw, subs)
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="鲸享39元套餐"))
    expect(card).to_contain_text("¥39.00/月")
    expect(card).to_contain_text("含增值税¥3.22（税率9%）")
    card.get_by_role("link", name="将鲸享39元套餐加入购物车").click()
    expect(page.get_by_role("alert")).to_have_text("鲸享39元套餐已加入购物车")
    page.get_by_role("link", name="去结算").click()
    page.get_by_role("button", name="提交订单").click()
    expect(page.get_by_role("alert")).to_contain_text("请先阅读并勾选")
    page.get_by_label("我已阅读并同意《蓝鲸通信客户入网服务协议》").check()
    page.get_by_role("button", name="提交订单").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"鲸享39元套餐订单BWO\d+已提交"))
    expect(page.get_by_role("heading", name="鲸享39元套餐")).to_be_visible()
    expect(page.get_by_text("状态：开通中")).to_be_visible()
    assert [p["status"] for p in bw.products(subs["subsId"])] == ["created"]
    page.close()


def test_web_change_cancel_usage_bills_and_top_up(browser: Any, fresh: Any) -> None:
    from playwright.sync_api import expect

    bw = fresh()
    subs = bw.subscriber(billDay=23, planCode="BW-39")
    assert bw.call(subs["telNo"], 720).status_code == 201
    bw.date_to("2026-12-23 00:00:10")
    page = browser.new_page()
    page.set_default_timeout(15_000)
    _web_sign_in(page, bw, subs)
    page.get_by_role("link", name="通话与流量").click()
    expect(page.get_by_role("list", name="使用记录")).to_contain_text("时长12分00秒，计费12分钟")
    page.get_by_role("link", name="账单").click()
    expect(page.get_by_role("heading", name="2026年11月23日至2026年12月22日")).to_be_visible()
    page.get_by_role("link", name="查看2026年11月23日账单明细").click()
    expect(page.locator("#total")).to_have_text("¥39.00")
    page.get_by_role("link", name="已办业务").click()
    page.get_by_role("link", name="变更套餐").click()
    expect(page.get_by_label("鲸享39元套餐 ¥39.00/月（当前套餐）")).to_be_disabled()
    page.get_by_label("鲸享69元套餐 ¥69.00/月").check()
    page.get_by_role("button", name="确认变更").click()
    expect(page.get_by_role("alert")).to_contain_text("套餐变更成功，即时生效")
    page.get_by_role("link", name="退订鲸享69元套餐").click()
    page.get_by_role("button", name="确认退订").click()
    expect(page.get_by_role("alert")).to_contain_text("退订成功，即时生效")
    assert bw.products(subs["subsId"], status="active") == []
    page.get_by_role("link", name="充值").click()
    page.get_by_label("¥50.00").check()
    page.get_by_role("button", name="立即充值").click()
    expect(page.get_by_role("alert")).to_contain_text("充值成功：¥50.00")
    # the bill of ¥39.00 was paid from the balance: −39.00 + 50.00
    expect(page.locator("#balance")).to_have_text("¥11.00")
    page.get_by_role("link", name="退出登录").click()
    assert page.url.endswith("/bw/login")
    page.close()


def test_mobile_hall_has_its_own_tabs_and_sequence(browser: Any, bw: Any) -> None:
    from playwright.sync_api import expect

    subs = bw.subscriber()
    context = browser.new_context(viewport={"width": 412, "height": 915}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{bw.url}/bwapp/")
    page.get_by_label("手机号").fill(subs["telNo"])
    page.get_by_label("服务密码").fill(subs["servicePwd"])
    page.get_by_role("button", name="下一步").tap()
    page.get_by_role("heading", name="输入短信验证码").wait_for()
    page.get_by_label("验证码").fill(bw.sign_in_code(subs["telNo"]))
    page.get_by_role("button", name="登录").tap()
    tabs = page.get_by_role("navigation", name="底部导航")
    expect(tabs.get_by_role("link")).to_have_text(["首页", "办理", "账单", "我的"])
    expect(tabs.get_by_role("link", name="首页")).to_have_attribute("aria-current", "page")
    expect(page.locator("#balance")).to_have_text("¥0.00")
    tabs.get_by_role("link", name="办理").tap()
    page.get_by_role("link", name=re.compile("鲸鱼资讯")).tap()
    expect(page.get_by_text("含增值税¥0.34（税率6%）")).to_be_visible()
    page.get_by_role("button", name="立即办理").tap()
    expect(page.get_by_role("status")).to_contain_text("请先同意《业务办理协议》")
    page.go_back()
    page.get_by_label("同意《业务办理协议》").check()
    page.get_by_role("button", name="立即办理").tap()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"办理成功，订单号BWO\d+"))
    page.get_by_role("link", name="查看我的业务").tap()
    expect(page.get_by_role("heading", name="鲸鱼资讯")).to_be_visible()
    page.get_by_role("button", name="退订鲸鱼资讯").tap()
    expect(page.get_by_role("status")).to_contain_text("已退订，即时生效")
    context.close()

