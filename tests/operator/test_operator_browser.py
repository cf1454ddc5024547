"""The web hall in a real Chromium: sign in with the SMS code, visit every page, order a plan,
change and cancel it, read the bill. Fails on any page that is blank, not 200 or an error."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")]


def test_the_hall_in_a_browser(operator, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    customer = operator.customer("孙七")
    # DEMO_OPERATOR_SHOTS=dir keeps the screenshots for a look by eye
    shots = Path(os.environ.get("DEMO_OPERATOR_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    documents: list[tuple[str, int]] = []

    def look(page, name: str) -> None:  # type: ignore[no-untyped-def]
        """The page has loaded as a real page: 200, one heading, content, no error text."""
        page.wait_for_load_state()
        assert documents and documents[-1][1] == 200, documents[-3:]
        expect(page.locator("h1")).to_have_count(1)
        main = page.get_by_role("main").inner_text().strip()
        assert len(main) > 4, f"{name}: blank page"
        assert not re.search(r"Internal Server Error|Traceback|Not Found", page.content())
        expect(page.get_by_role("navigation", name="主导航")).to_be_visible()
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_context(locale="zh-CN").new_page()
            page.set_default_timeout(10_000)
            page.on("response", lambda r: documents.append((r.url, r.status))
                    if r.request.resource_type == "document" else None)

            page.goto(f"{operator.url}/hall/services")       # signed out: to the sign-in page
            expect(page).to_have_url(re.compile(r"/hall/login$"))
            look(page, "login")
            page.get_by_label("手机号码", exact=True).fill(customer["msisdn"])
            page.get_by_role("button", name="获取验证码", exact=True).click()
            expect(page.get_by_role("status")).to_have_text("验证码已发送")
            expect(page.get_by_label("手机号码", exact=True)).to_have_value(customer["msisdn"])
            text = operator.inbox(customer["msisdn"])[-1]["text"]
            code = re.search(r"验证码为(\d{4,8})", text).group(1)  # type: ignore[union-attr]
            page.get_by_label("验证码", exact=True).fill(code)
            page.get_by_role("button", name="登录", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("我的业务")
            look(page, "services-empty")

            nav = page.get_by_role("navigation", name="主导航")
            for link, heading in (("套餐目录", "套餐目录"), ("使用记录", "使用记录"),
                                  ("我的账单", "我的账单"), ("我的业务", "我的业务")):
                nav.get_by_role("link", name=link, exact=True).click()
                expect(page.get_by_role("heading", level=1)).to_have_text(heading)
                look(page, f"nav-{link}")

            # order a plan
            nav.get_by_role("link", name="套餐目录", exact=True).click()
            table = page.get_by_role("table", name="套餐目录", exact=True)
            expect(table.get_by_role("columnheader", name="月费(元)", exact=True)).to_be_visible()
            row = table.get_by_role("row").filter(has_text="5G畅享58元套餐")
            expect(row.get_by_role("cell", name="58.00", exact=True)).to_be_visible()
            row.get_by_role("button", name="订购", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("确认订购")
            look(page, "order-confirm")
            page.get_by_role("button", name="确认订购", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("订购结果")
            expect(page.get_by_role("status")).to_have_text(re.compile(r"^订购成功,订单号:PO-\d+$"))
            look(page, "order-result")

            # it becomes active; use it; a month passes
            operator.clock(customer["id"], advance=1800)
            operator.post(f"/phone/{customer['msisdn']}/calls", json={"to": "10000", "minutes": 12})
            operator.post(f"/phone/{customer['msisdn']}/data", json={"megabytes": 1500})
            operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")

            nav.get_by_role("link", name="我的业务", exact=True).click()
            services = page.get_by_role("table", name="我的业务", exact=True)
            expect(services.get_by_role("cell", name="已开通", exact=True)).to_be_visible()
            look(page, "services-active")

            nav.get_by_role("link", name="使用记录", exact=True).click()
            expect(page.get_by_role("table", name="使用记录", exact=True)
                   .get_by_role("row")).to_have_count(3)
            look(page, "usage")

            nav.get_by_role("link", name="我的账单", exact=True).click()
            bills = page.get_by_role("table", name="账单列表", exact=True)
            bills.get_by_role("row").filter(has_text="2026-11").get_by_role(
                "link", name="查看", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("账单详情")
            expect(page.get_by_label("应缴金额", exact=True)).to_have_text("29.75")
            expect(page.get_by_role("table", name="详单", exact=True)
                   .get_by_role("row")).to_have_count(3)
            look(page, "bill")

            # change the plan, then cancel it
            nav.get_by_role("link", name="我的业务", exact=True).click()
            row = page.get_by_role("table", name="我的业务", exact=True).get_by_role("row").filter(
                has_text="5G畅享58元套餐")
            row.get_by_role("button", name="变更套餐", exact=True).click()
            look(page, "change")
            page.get_by_label("新套餐", exact=True).select_option(label="5G畅享88元套餐")
            page.get_by_role("button", name="确认变更", exact=True).click()
            expect(page.get_by_role("status")).to_have_text("变更已受理,新套餐将于2027-01-01生效")
            look(page, "change-result")

            nav.get_by_role("link", name="我的业务", exact=True).click()
            expect(page.get_by_role("cell", name="5G畅享88元套餐(2027-01-01生效)")).to_be_visible()
            page.get_by_role("button", name="退订", exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("确认退订")
            look(page, "cancel")
            page.get_by_role("button", name="确认退订", exact=True).click()
            expect(page.get_by_role("status")).to_have_text("退订已受理,将于24小时内生效")
            look(page, "cancel-result")

            nav.get_by_role("link", name="退出", exact=True).click()
            expect(page).to_have_url(re.compile(r"/hall/login$"))
        finally:
            browser.close()

    bad = [(url, status) for url, status in documents if status not in (200, 303)]
    assert not bad, bad
