"""What the channel tests share: reading the operator's pages as role and label locators would
(hall, mobile hall, counter), the agent at the counter, a text to the SMS hall, a call to the
hotline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import requests

from conftest import COUNTER_PASSWORD


class Page(HTMLParser):
    """What role and label locators would see in a page."""

    CAPTURED = {"h1", "caption", "th", "td", "button", "a", "label", "output", "p", "option",
                "header"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h1: list[str] = []
        self.header = ""
        self.status: list[str] = []
        self.alerts: list[str] = []
        self.tables: dict[str, dict[str, Any]] = {}
        self.nav: dict[str, list[str]] = {}
        self.buttons: list[str] = []
        self.links: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.ids: dict[str, dict[str, str]] = {}
        self.outputs: dict[str, str] = {}
        self.options: list[str] = []
        self.mains = 0
        self.targets: list[str] = []          # every <a href> and <form action>
        self.viewport = ""
        self._open: list[tuple[str, dict[str, str], list[str]]] = []
        self._table: dict[str, Any] | None = None
        self._row: list[str] | None = None
        self._section = ""
        self._nav: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
        if (tag == "a" and "href" in a) or (tag == "form" and "action" in a):
            self.targets.append(a.get("href") or a.get("action", ""))
        if tag == "meta" and a.get("name") == "viewport":
            self.viewport = a.get("content", "")
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "main":
            self.mains += 1
        elif tag == "table":
            self._table = {"caption": "", "headers": [], "rows": []}
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr":
            self._row = []
        elif tag == "nav":
            self._nav = a.get("aria-label", "")
            self.nav[self._nav] = []
        if tag in self.CAPTURED:
            self._open.append((tag, a, []))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, a, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if tag == "h1":
                self.h1.append(text)
            elif tag == "header":
                self.header = text
            elif tag == "caption" and self._table is not None:
                self._table["caption"] = text
            elif tag in ("th", "td") and self._row is not None:
                self._row.append(text)
            elif tag == "button":
                self.buttons.append(text)
            elif tag == "a":
                self.links.setdefault(text, a.get("href", ""))
                if self._nav is not None:
                    self.nav[self._nav].append(text)
            elif tag == "label":
                self.labels[text] = a.get("for", "")
            elif tag == "output":
                self.outputs[a.get("aria-label", "")] = text
            elif tag == "option":
                self.options.append(text)
            elif tag == "p" and a.get("role") == "status":
                self.status.append(text)
            elif tag == "p" and a.get("role") == "alert":
                self.alerts.append(text)
        if tag == "tr" and self._table is not None and self._row is not None:
            key = "headers" if self._section == "thead" else "rows"
            if key == "headers":
                self._table["headers"] = self._row
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.tables[self._table["caption"]] = self._table
            self._table = None
        elif tag == "nav":
            self._nav = None

    def field(self, label: str) -> dict[str, str]:
        """The control a label is bound to (it must exist)."""
        assert label in self.labels, f"no label {label!r} in {list(self.labels)}"
        target = self.labels[label]
        assert target in self.ids, f"label {label!r} points at missing id {target!r}"
        return self.ids[target]


# what each channel's pages say at the top, and the navigation they carry
WEB = ("演示电信 网上营业厅", "主导航")
MOBILE = ("演示电信 掌上营业厅", "底部导航")
COUNTER = ("演示电信 营业厅受理系统", "受理导航")


def page(response: requests.Response, status: int = 200,
         layout: tuple[str, str | None] = WEB) -> Page:
    """The page, checked for what every page of the channel (``layout``: header, nav label;
    None where the page has no nav) has."""
    assert response.status_code == status, response.text[:500]
    parsed = Page(response.text)
    header, nav = layout
    assert parsed.lang == "zh-CN"
    assert len(parsed.h1) == 1, parsed.h1
    assert parsed.mains == 1
    assert parsed.header.startswith(header), parsed.header
    if nav is not None:
        assert nav in parsed.nav, parsed.nav
    return parsed


def sign_in(running: Any, customer: dict[str, str], base: str = "/hall",
            layout: tuple[str, str | None] = WEB) -> requests.Session:
    """Sign in to the web (or mobile) hall with the SMS code, as the customer."""
    browser = requests.Session()
    sent = page(browser.post(f"{running.url}{base}/login",
                             data={"msisdn": customer["msisdn"], "action": "send"}), layout=layout)
    assert sent.status == ["验证码已发送"]
    assert sent.field("手机号码")["value"] == customer["msisdn"]
    text = running.inbox(customer["msisdn"])[-1]["text"]
    assert text.startswith("【演示电信】您的登录验证码为") and text.endswith(",5分钟内有效。")
    code = re.search(r"验证码为(\d{4,8})", text).group(1)  # type: ignore[union-attr]
    response = browser.post(f"{running.url}{base}/login",
                            data={"msisdn": customer["msisdn"], "code": code, "action": "login"})
    assert response.url.endswith(f"{base}/services")
    return browser


def rows(parsed: Page, caption: str) -> list[dict[str, str]]:
    table = parsed.tables[caption]
    return [dict(zip(table["headers"], row, strict=True)) for row in table["rows"]]


# -- the other channels -------------------------------------------------------------------------

P = "【演示电信】"
ROOT = ("欢迎致电演示电信。话费账单查询请按1,套餐资费与办理请按2,已订业务查询与退订请按3,"
        "增值业务请按4,充值缴费请按5,宽带与故障报修请按6,国际漫游请按7,人工服务请按0。")
COUNTER_LOGIN = ("演示电信 营业厅受理系统", None)   # no 受理导航 until a customer is identified


def agent(running: Any) -> requests.Session:
    """Agent A001 signed in, at 客户识别."""
    desk = requests.Session()
    response = desk.post(f"{running.url}/counter/login",
                         data={"agent": "A001", "password": COUNTER_PASSWORD})
    assert response.url.endswith("/counter/identify")
    identify = page(response, layout=COUNTER_LOGIN)
    assert identify.h1 == ["客户识别"] and "受理导航" not in identify.nav
    return desk


def identify(running: Any, desk: requests.Session, customer: dict[str, str],
             id_number: str = "1101") -> Page:
    response = desk.post(f"{running.url}/counter/identify",
                         data={"msisdn": customer["msisdn"], "id_number": id_number})
    if response.url.endswith("/counter/identify"):
        return page(response, layout=COUNTER_LOGIN)
    return page(response, layout=COUNTER)


def seconds(running: Any, customer: dict[str, str]) -> int:
    """Seconds on the customer's clock since 10:00 on the start day."""
    h, m, s = map(int, re.search(r"T(\d\d):(\d\d):(\d\d)",  # type: ignore[union-attr]
                                 running.now(customer["id"])).groups())
    return (h - 10) * 3600 + m * 60 + s


def text(running: Any, customer: dict[str, str], command: str, to: str = "10001") -> str:
    """Send ``command`` from the customer's phone; the reply that lands at once."""
    msisdn = customer["msisdn"]
    before = len(running.inbox(msisdn))
    response = running.post(f"/phone/{msisdn}/sms", json={"to": to, "text": command})
    assert response.status_code == 201 and response.json() == {"sent": True}, response.text
    inbox = running.inbox(msisdn)
    assert len(inbox) == before + 1, inbox[before:]
    assert inbox[-1]["from"] == "10001"
    return str(inbox[-1]["text"])


class Call:
    """One call to 10000 from the customer's phone."""

    def __init__(self, running: Any, customer: dict[str, str]) -> None:
        self.running = running
        response = running.post("/hotline/calls", json={"from": customer["msisdn"]})
        assert response.status_code == 201, response.text
        answer = response.json()
        assert set(answer) == {"id", "prompt", "ended"} and answer["ended"] is False
        self.id, self.prompt = answer["id"], answer["prompt"]

    def press(self, keys: str) -> str:
        """Press each key in turn (one request a key); the last prompt."""
        for key in keys:
            response = self.running.post(f"/hotline/calls/{self.id}/keys", json={"keys": key})
            assert response.status_code == 200, response.text
            answer = response.json()
            assert set(answer) == {"prompt", "ended"}
            self.prompt, self.ended = answer["prompt"], answer["ended"]
        return str(self.prompt)


def unstamped(text: str) -> str:
    """``text`` with each moment it states to the minute ("2026-11-24 10:30", the moment an
    unsubscribe takes effect by) written <by>, for a comparison that does not hang on the
    clock's seconds."""
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?!:)", "<by>", text)
