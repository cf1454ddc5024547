"""The halls and the counter in a real Chromium: the web hall (sign in with the SMS code, every
page, order, change, cancel, the bill), the mobile hall on an emulated Pixel 7 (touch, the
bottom tab bar) and the store counter (agent, identify, order on behalf). Fails on any page
that is blank, not 200 or an error."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import COUNTER_PASSWORD
from walkthrough import chromium

CHROMIUM = Path(chromium.executable())
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Outside CI a machine without Chromium skips these; in CI (where quickstart installs it) a
# missing browser fails them instead of hiding them.
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                 reason="needs Debian's chromium")]

# the cancel result states the moment the unsubscribe takes effect by
CANCELLED = re.compile(r"退订已受理,将于\d{4}-\d{2}-\d{2} \d{2}:\d{2}前生效")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """(playwright, browser): one headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield p, browser
        finally:
            browser.close()


@pytest.fixture
def shots() -> Path | None:
    """DEMO_OPERATOR_SHOTS=dir: a full-page screenshot of every page looked at goes there, for
    a look by eye (they cost a third of these tests' time, so only when asked)."""
    where = os.environ.get("DEMO_OPERATOR_SHOTS")
    if not where:
        return None
    Path(where).mkdir(parents=True, exist_ok=True)
    return Path(where)


class Pages:
    """A browser tab that records every document's status and checks each page it is shown."""

    def __init__(self, context: Any, shots: Path | None, nav: str) -> None:
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.shots, self.nav = shots, nav
        self.documents: list[tuple[str, int]] = []
        self.page.on("response", lambda r: self.documents.append((r.url, r.status))
                     if r.request.resource_type == "document" else None)

    def look(self, name: str, nav: str | None = "") -> None:
        """The page has loaded as a real page: 200, one heading, content, no error text, its
        navigation (``nav``: another label, or None for none) visible; a screenshot if asked."""
        from playwright.sync_api import expect

        page = self.page
        page.wait_for_load_state()
        assert self.documents and self.documents[-1][1] == 200, self.documents[-3:]
        expect(page.locator("h1")).to_have_count(1)
        main = page.get_by_role("main").inner_text().strip()
        assert len(main) > 4, f"{name}: blank page"
        assert not re.search(r"Internal Server Error|Traceback|Not Found", page.content())
        if nav is not None:
            expect(page.get_by_role("navigation", name=nav or self.nav)).to_be_visible()
        if self.shots is not None:
            page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def bad(self) -> list[tuple[str, int]]:
        return [(url, status) for url, status in self.documents if status not in (200, 303)]


def test_the_hall_in_a_browser(operator, chromium, shots: Path | None) -> None:
    from playwright.sync_api import expect

    customer = operator.customer("孙七")
    _, browser = chromium
    context = browser.new_context(locale="zh-CN")
    tab = Pages(context, shots, "主导航")
    page = tab.page
    try:
        page.goto(f"{operator.url}/hall/services")       # signed out: to the sign-in page
        expect(page).to_have_url(re.compile(r"/hall/login$"))
        tab.look("login")
        _sms_sign_in(tab, operator, customer, "/hall")
        tab.look("services-empty")

        nav = page.get_by_role("navigation", name="主导航")
        for link, heading in (("套餐目录", "套餐目录"), ("使用记录", "使用记录"),
                              ("我的账单", "我的账单"), ("我的业务", "我的业务")):
            nav.get_by_role("link", name=link, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            tab.look(f"nav-{link}")

        # order a plan
        nav.get_by_role("link", name="套餐目录", exact=True).click()
        table = page.get_by_role("table", name="套餐目录", exact=True)
        expect(table.get_by_role("columnheader", name="月费(元)", exact=True)).to_be_visible()
        row = table.get_by_role("row").filter(has_text="5G畅享58元套餐")
        expect(row.get_by_role("cell", name="58.00", exact=True)).to_be_visible()
        row.get_by_role("button", name="订购", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("确认订购")
        tab.look("order-confirm")
        page.get_by_role("button", name="确认订购", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("订购结果")
        expect(page.get_by_role("status")).to_have_text(re.compile(r"^订购成功,订单号:PO-\d+$"))
        tab.look("order-result")

        # it becomes active; use it; a month passes
        operator.clock(customer["id"], advance=1800)
        operator.post(f"/phone/{customer['msisdn']}/calls", json={"to": "10000", "minutes": 12})
        operator.post(f"/phone/{customer['msisdn']}/data", json={"megabytes": 1500})
        operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")

        nav.get_by_role("link", name="我的业务", exact=True).click()
        services = page.get_by_role("table", name="我的业务", exact=True)
        expect(services.get_by_role("cell", name="已开通", exact=True)).to_be_visible()
        tab.look("services-active")

        nav.get_by_role("link", name="使用记录", exact=True).click()
        expect(page.get_by_role("table", name="使用记录", exact=True)
               .get_by_role("row")).to_have_count(3)
        tab.look("usage")

        nav.get_by_role("link", name="我的账单", exact=True).click()
        bills = page.get_by_role("table", name="账单列表", exact=True)
        bills.get_by_role("row").filter(has_text="2026-11").get_by_role(
            "link", name="查看", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("账单详情")
        expect(page.get_by_label("应缴金额", exact=True)).to_have_text("29.75")
        expect(page.get_by_role("table", name="详单", exact=True)
               .get_by_role("row")).to_have_count(3)
        tab.look("bill")

        # change the plan, then cancel it
        nav.get_by_role("link", name="我的业务", exact=True).click()
        row = page.get_by_role("table", name="我的业务", exact=True).get_by_role("row").filter(
            has_text="5G畅享58元套餐")
        row.get_by_role("button", name="变更套餐", exact=True).click()
        tab.look("change")
        page.get_by_label("新套餐", exact=True).select_option(label="5G畅享88元套餐")
        page.get_by_role("button", name="确认变更", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("变更已受理,新套餐将于2027-01-01生效")
        tab.look("change-result")

        nav.get_by_role("link", name="我的业务", exact=True).click()
        expect(page.get_by_role("cell", name="5G畅享88元套餐(2027-01-01生效)")).to_be_visible()
        page.get_by_role("button", name="退订", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("确认退订")
        tab.look("cancel")
        page.get_by_role("button", name="确认退订", exact=True).click()
        expect(page.get_by_role("status")).to_have_text(CANCELLED)
        tab.look("cancel-result")

        nav.get_by_role("link", name="退出", exact=True).click()
        expect(page).to_have_url(re.compile(r"/hall/login$"))
    finally:
        context.close()
    assert not tab.bad(), tab.bad()


def _sms_sign_in(tab: Pages, operator: Any, customer: dict[str, str], base: str,
                 press: str = "click") -> None:
    """Sign in on ``base``/login with the code the SMS brings; ``press``: click or tap."""
    from playwright.sync_api import expect

    page = tab.page
    page.get_by_label("手机号码", exact=True).fill(customer["msisdn"])
    getattr(page.get_by_role("button", name="获取验证码", exact=True), press)()
    expect(page.get_by_role("status")).to_have_text("验证码已发送")
    expect(page.get_by_label("手机号码", exact=True)).to_have_value(customer["msisdn"])
    text = operator.inbox(customer["msisdn"])[-1]["text"]
    code = re.search(r"验证码为(\d{4,8})", text).group(1)  # type: ignore[union-attr]
    page.get_by_label("验证码", exact=True).fill(code)
    getattr(page.get_by_role("button", name="登录", exact=True), press)()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的业务")
    expect(page).to_have_url(re.compile(f"{base}/services$"))


def test_the_mobile_hall_on_a_phone(operator, chromium, shots: Path | None) -> None:
    """Pixel 7 emulation: touch taps, the bottom tab bar, tables as cards that are still
    tables to role locators, nothing wider than the screen."""
    from playwright.sync_api import expect

    p, browser = chromium
    customer = operator.customer("吴十")
    context = browser.new_context(**p.devices["Pixel 7"], locale="zh-CN")
    tab = Pages(context, shots, "底部导航")
    page = tab.page

    def fits() -> None:
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{page.url}: {width[0]} px wide on a {width[1]} px screen"

    try:
        page.goto(f"{operator.url}/m/services")
        expect(page).to_have_url(re.compile(r"/m/login$"))
        tab.look("m-login")
        _sms_sign_in(tab, operator, customer, "/m", press="tap")
        tab.look("m-services-empty")

        tabs = page.get_by_role("navigation", name="底部导航")
        box = tabs.bounding_box()
        viewport = page.viewport_size
        assert box and viewport and abs(box["y"] + box["height"] - viewport["height"]) < 2
        expect(tabs.get_by_role("link")).to_have_text(
            ["套餐", "业务", "记录", "账单", "故障报修", "充值缴费", "退出"])
        for link, heading in (("套餐", "套餐目录"), ("记录", "使用记录"), ("账单", "我的账单"),
                              ("业务", "我的业务")):
            tabs.get_by_role("link", name=link, exact=True).tap()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            expect(tabs.get_by_role("link", name=link, exact=True)).to_have_attribute(
                "aria-current", "page")
            tab.look(f"m-tab-{link}")
            fits()

        tabs.get_by_role("link", name="套餐", exact=True).tap()
        table = page.get_by_role("table", name="套餐目录", exact=True)
        expect(table.get_by_role("columnheader", name="月费(元)", exact=True)).to_have_count(1)
        row = table.get_by_role("row").filter(has_text="5G畅享58元套餐")
        expect(row.get_by_role("cell", name="58.00", exact=True)).to_be_visible()
        tab.look("m-catalogue")
        row.get_by_role("button", name="订购", exact=True).tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("确认订购")
        tab.look("m-order-confirm")
        page.get_by_role("button", name="确认订购", exact=True).tap()
        expect(page.get_by_role("status")).to_have_text(re.compile(r"^订购成功,订单号:PO-\d+$"))
        expect(page).to_have_url(re.compile(r"/m/orders/PO-\d+$"))
        tab.look("m-order-result")

        operator.clock(customer["id"], advance=1800)
        tabs.get_by_role("link", name="业务", exact=True).tap()
        services = page.get_by_role("table", name="我的业务", exact=True)
        expect(services.get_by_role("cell", name="已开通", exact=True)).to_be_visible()
        expect(services.get_by_role("columnheader", name="停用日期", exact=True)).to_have_count(1)
        tab.look("m-services-active")
        fits()
        services.get_by_role("button", name="变更套餐", exact=True).tap()
        page.get_by_label("新套餐", exact=True).select_option(label="5G畅享88元套餐")
        tab.look("m-change")
        page.get_by_role("button", name="确认变更", exact=True).tap()
        expect(page.get_by_role("status")).to_have_text("变更已受理,新套餐将于2026-12-01生效")

        tabs.get_by_role("link", name="业务", exact=True).tap()
        page.get_by_role("button", name="退订", exact=True).tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("确认退订")
        tab.look("m-cancel")
        page.get_by_role("button", name="确认退订", exact=True).tap()
        expect(page.get_by_role("status")).to_have_text(CANCELLED)

        tabs.get_by_role("link", name="退出", exact=True).tap()
        expect(page).to_have_url(re.compile(r"/m/login$"))
    finally:
        context.close()
    assert not tab.bad(), tab.bad()
    assert all("/m/" in url for url, _ in tab.documents), tab.documents


def test_the_counter_in_a_browser(operator, chromium, shots: Path | None) -> None:
    """The agent's desktop: sign in, identify, order on the customer's behalf, 结束受理."""
    from playwright.sync_api import expect

    _, browser = chromium
    customer = operator.customer("郑十一")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    tab = Pages(context, shots, "受理导航")
    page = tab.page
    try:
        page.goto(f"{operator.url}/counter/")
        expect(page).to_have_url(re.compile(r"/counter/login$"))
        tab.look("counter-login", nav=None)
        page.get_by_label("工号", exact=True).fill("A001")
        page.get_by_label("密码", exact=True).fill(COUNTER_PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("客户识别")
        tab.look("counter-identify", nav=None)
        page.get_by_label("手机号码", exact=True).fill(customer["msisdn"])
        page.get_by_label("证件号码", exact=True).fill("1101")
        page.get_by_role("button", name="识别客户", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("我的业务")

        nav = page.get_by_role("navigation", name="受理导航")
        nav.get_by_role("link", name="套餐目录", exact=True).click()
        page.get_by_role("table", name="套餐目录", exact=True).get_by_role("row").filter(
            has_text="5G畅享88元套餐").get_by_role("button", name="订购", exact=True).click()
        page.get_by_role("button", name="确认订购", exact=True).click()
        expect(page.get_by_role("status")).to_have_text(re.compile(r"^订购成功,订单号:PO-\d+$"))
        operator.clock(customer["id"], advance=1800)
        nav.get_by_role("link", name="我的业务", exact=True).click()
        expect(page.get_by_role("cell", name="已开通", exact=True)).to_be_visible()
        expect(page.locator("header")).to_contain_text("营业员 A001")
        tab.look("counter-services")
        for link in ("使用记录", "我的账单"):
            nav.get_by_role("link", name=link, exact=True).click()
            tab.look(f"counter-{link}")

        page.get_by_role("button", name="结束受理", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("客户识别")
        expect(page.get_by_role("navigation", name="受理导航")).to_have_count(0)
    finally:
        context.close()
    assert not tab.bad(), tab.bad()
