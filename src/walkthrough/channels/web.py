"""The web channel: the carrier's self-service hall in a real Chromium, driven by Playwright.

Every locator is a role, a label or a text taken from the carrier file, never a CSS path, so
another carrier's hall is another carrier file.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from walkthrough.carrier import Carrier
from walkthrough.channels.reading import day as _day
from walkthrough.channels.reading import moment as _moment
from walkthrough.channels.reading import money as _money
from walkthrough.channels.reading import number as _number
from walkthrough.checkpoint import ActionFailed, EnvironmentBroken
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.traces import mask_trace
from walkthrough.views import (
    Bill,
    BillLine,
    Offer,
    ProductState,
    RechargeCard,
    Site,
    Slot,
    Ticket,
    TopUpReceipt,
    UsageRecord,
)

_ENVIRONMENT = re.compile(r"net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|NAME_NOT_RESOLVED|"
                          r"ADDRESS_UNREACHABLE|CONNECTION_TIMED_OUT)|Target .* closed|"
                          r"Browser has been closed")


MORE_CONFIRMATIONS = 5  # a hall asking more often than this is not going to take the order


class WebChannel:
    name = "web"
    settings = "channels.web"

    def __init__(self, carrier: Carrier, persona: Persona, phone: Phone, browser: Browser,
                 trace_path: Path | None = None, context_options: dict[str, Any] | None = None,
                 ) -> None:
        self.carrier, self.persona, self.phone = carrier, persona, phone
        self.timeout_ms = float(carrier.get(f"{self.settings}.timeout", 10)) * 1000
        self.trace_path = trace_path
        try:
            self.context = browser.new_context(locale="zh-CN", **(context_options or {}))
            if trace_path:
                # no pictures of the pages: a picture cannot be masked, the DOM can
                self.context.tracing.start(screenshots=False, snapshots=True)
            self.context.set_default_timeout(self.timeout_ms)
            self.page: Page = self.context.new_page()
        except PlaywrightError as exc:
            raise EnvironmentBroken(f"the browser could not open a page: {exc}") from None
        self.pages_loaded = 0
        self.clicks = 0
        self.measures: dict[str, float] = {}
        # every document the browser loads counts, redirects after a form and all, as the
        # customer waits for each
        self.page.on("load", self._loaded)
        self._effort_since: dict[str, tuple[int, int, float]] = {}

    # -- configuration -----------------------------------------------------------------------
    def cfg(self, dotted: str) -> Any:
        return self.carrier.get(f"{self.settings}.{dotted}")

    def _where(self, dotted: str) -> str:
        line = self.carrier.line_of(f"{self.settings}.{dotted}")
        return f"{self.carrier.path.name}:{line}" if line else str(self.carrier.path.name)

    # -- doing things the way a person does --------------------------------------------------
    def _guard(self, what: str, dotted: str, action):  # type: ignore[no-untyped-def]
        """Run a Playwright action; a missing element is the product's fault, a dead browser or
        an unreachable hall is the environment's."""
        try:
            return action()
        except PlaywrightTimeout:
            alert = self._alert()
            raise ActionFailed(f"{what}: not found on {self.page.url} within "
                               f"{self.timeout_ms / 1000:.0f} s (locator {self._where(dotted)})"
                               + (f"; the page says: {alert}" if alert else "")) from None
        except PlaywrightError as exc:
            if _ENVIRONMENT.search(str(exc)):
                raise EnvironmentBroken(f"the web hall did not answer: "
                                        f"{str(exc).splitlines()[0]}") from None
            raise

    def _alert(self) -> str:
        try:
            alerts = self.page.get_by_role("alert")
            return " ".join(alerts.all_inner_texts()).strip() if alerts.count() else ""
        except PlaywrightError:
            return ""

    def _goto(self, url: str) -> None:
        def go() -> None:
            response = self.page.goto(url)
            if response is not None and response.status >= 500:
                raise ActionFailed(f"{url} answered HTTP {response.status}")
        self._guard(f"opening {url}", "start", go)

    def _loaded(self, _page: Page) -> None:
        self.pages_loaded += 1

    def _effort_begins(self, task: str) -> None:
        self._effort_since[task] = (self.clicks, self.pages_loaded, time.monotonic())

    def _effort_ends(self, task: str) -> None:
        """What ``task`` cost the customer since it began: "<task>.clicks", "<task>.pages",
        and "<task>.elapsed", the real seconds spent waiting for pages and clicking."""
        clicks, pages, began = self._effort_since.pop(
            task, (self.clicks, self.pages_loaded, time.monotonic()))
        self.measures[f"{task}.clicks"] = self.clicks - clicks
        self.measures[f"{task}.pages"] = self.pages_loaded - pages
        self.measures[f"{task}.elapsed"] = round(time.monotonic() - began, 2)

    def _click(self, locator: Locator, what: str, dotted: str) -> None:
        self._guard(what, dotted, locator.click)
        self.clicks += 1
        self._guard(f"{what}: page load", dotted, lambda: self.page.wait_for_load_state())

    def _button(self, name: str, within: Locator | Page | None = None) -> Locator:
        return (within or self.page).get_by_role("button", name=name, exact=True)

    def _nav(self, page: str) -> None:
        """Go to one of the hall's pages the way a person does: by its link."""
        dotted = f"links.{page}"
        name = self.cfg(dotted)
        self._click(self.page.get_by_role("link", name=name, exact=True), f"link '{name}'", dotted)

    def _status(self, dotted: str) -> str:
        """The outcome a page announces; an alert instead of a status is a refusal."""
        status = self.page.get_by_role("status")
        try:
            status.first.wait_for()
        except PlaywrightTimeout:
            alert = self._alert()
            raise ActionFailed(f"no outcome shown on {self.page.url}"
                               + (f"; the page says: {alert}" if alert else "")) from None
        return " ".join(status.all_inner_texts()).strip()

    def _table(self, section: str, table: str = "table",
               columns: str = "columns") -> list[dict[str, str]]:
        """The rows of the table whose caption the carrier file names, keyed by our column
        names (the file maps each of ours to the carrier's header)."""
        return self._rows(self.cfg(f"{section}.{table}"), self.cfg(f"{section}.{columns}"),
                          f"{section}.{table}")

    def _rows(self, caption: str, columns: dict[str, str], dotted: str) -> list[dict[str, str]]:
        located = self.page.get_by_role("table", name=caption, exact=True)
        rows = self._guard(f"table '{caption}'", dotted, lambda: located.evaluate(
            "t => [...t.rows].map(r => [...r.cells].map(c => c.innerText.trim()))"))
        return _keyed(rows, columns)

    def _row(self, caption_key: str, text: str) -> Locator:
        caption = self.cfg(caption_key)
        table = self.page.get_by_role("table", name=caption, exact=True)
        return table.get_by_role("row").filter(has_text=text)

    # -- tasks and questions -----------------------------------------------------------------
    def sign_in(self) -> None:
        self._goto(self.carrier.url(f"{self.settings}.start"))
        number = self.cfg("sign_in.number")
        self._guard(f"field '{number}'", "sign_in.number",
                    lambda: self.page.get_by_label(number, exact=True).fill(self.persona.msisdn))
        sent_at = self.phone_now()
        self._click(self._button(self.cfg("sign_in.send_code")), "send-code button",
                    "sign_in.send_code")
        code = self._sign_in_code(sent_at)
        label = self.cfg("sign_in.code")
        self._guard(f"field '{label}'", "sign_in.code",
                    lambda: self.page.get_by_label(label, exact=True).fill(code))
        self._click(self._button(self.cfg("sign_in.submit")), "sign-in button", "sign_in.submit")
        if self.page.get_by_label(number, exact=True).count():
            raise ActionFailed(f"sign-in with the SMS code did not get past the sign-in page"
                               f"{'; the page says: ' + self._alert() if self._alert() else ''}")

    def phone_now(self) -> dt.datetime | None:
        inbox = self.phone.inbox()
        return inbox[-1].received_at if inbox else None

    def _sign_in_code(self, after: dt.datetime | None) -> str:
        pattern = self.cfg("sign_in.code_pattern")
        for sms in reversed(self.phone.inbox()):
            if after is not None and sms.received_at < after:
                break
            if match := re.search(pattern, sms.text):
                return match.group(1)
        raise ActionFailed("no sign-in code reached the customer's phone by SMS")

    def find_offering(self, name: str) -> Offer:
        self._effort_begins("order")  # ordering begins with looking the offering up
        self._nav("catalogue")
        for caption, columns in self.cfg("catalogue.tables").items():
            if not self.page.get_by_role("table", name=caption, exact=True).count():
                continue  # a part of the catalogue this channel does not sell
            for row in self._rows(caption, columns, "catalogue.tables"):
                if row.get("name") == name:
                    return Offer(name=name, fee=_money(row.get("fee", "")),
                                 terms=row.get("terms", ""), ref=caption)
        raise ActionFailed(f"the catalogue page has no row for {name!r}")

    def _open_order(self, offer: Offer) -> None:
        """From the catalogue, the order page of the offering."""
        caption = offer.ref
        if not self.page.get_by_role("table", name=caption, exact=True).count():
            self._nav("catalogue")
        row = self.page.get_by_role("table", name=caption, exact=True).get_by_role(
            "row").filter(has_text=offer.name)
        self._click(self._button(self.cfg("catalogue.order"), row), "order button",
                    "catalogue.order")

    def slots(self, offer: Offer) -> list[Slot]:
        self._open_order(offer)
        label = self.cfg("catalogue.slot")
        select = self.page.get_by_label(label, exact=True)
        self._guard(f"field '{label}'", "catalogue.slot", select.wait_for)
        found = []
        for text in select.locator("option").all_inner_texts():
            if match := re.search(self.cfg("catalogue.slot_pattern"), text):
                day = match.group("date")
                found.append(Slot(start=self._local(f"{day} {match.group('start')}:00"),
                                  end=self._local(f"{day} {match.group('end')}:00"),
                                  ref=text.strip()))
        return found

    def order(self, offer: Offer, site: Site | None = None) -> str:
        self._open_order(offer)
        if site is not None:
            label = self.cfg("catalogue.address")
            self._guard(f"field '{label}'", "catalogue.address",
                        lambda: self.page.get_by_label(label, exact=True).fill(site.address))
            if site.slot is not None:
                slot_label = self.cfg("catalogue.slot")
                self._guard(f"field '{slot_label}'", "catalogue.slot",
                            lambda: self.page.get_by_label(slot_label, exact=True)
                            .select_option(label=site.slot.ref))  # type: ignore[union-attr]
        self._click(self._button(self.cfg("catalogue.confirm")), "confirm-order button",
                    "catalogue.confirm")
        for _ in range(MORE_CONFIRMATIONS):  # "are you sure?": a customer confirms again
            if self.page.get_by_role("status").count() or self._alert():
                break
            again = self._button(self.cfg("catalogue.confirm"))
            if not again.count():
                break
            self._click(again, "confirm-order button, again", "catalogue.confirm")
        status = self._status("catalogue.result_pattern")
        match = re.search(self.cfg("catalogue.result_pattern"), status)
        if not match:
            raise ActionFailed(f"the order page shows no order number: {status!r}")
        self._effort_ends("order")
        return match.group(1)

    def products(self) -> list[ProductState]:
        self._nav("services")
        words = self.cfg("services.status")
        pending_pattern = self.cfg("services.pending_pattern")
        found = []
        for row in self._table("services"):
            pending = re.search(pending_pattern, row.get("pending", "")) if row.get("pending") \
                else None
            found.append(ProductState(
                name=row.get("name", ""),
                status=words.get(row.get("status", ""), row.get("status", "")),
                start=_day(row.get("start", "")),
                end=_day(row.get("end", "")),
                pending_offering=pending.group(1).strip() if pending else "",
                pending_date=_day(pending.group(2)) if pending else None,
                ref=row.get("name", ""),
            ))
        return found

    def usage(self) -> list[UsageRecord]:
        self._nav("usage")
        types = self.cfg("usage.types")
        return [UsageRecord(at=_moment(row["time"]), kind=types.get(row.get("type", ""), "other"),
                            quantity=_number(row.get("quantity", "")))
                for row in self._table("usage")]

    def bills(self) -> list[Bill]:
        self._nav("bills")
        holder = self._holder()
        return [Bill(period=row.get("period", ""), amount=_money(row.get("amount", "")),
                     ref=row.get("period", ""), holder=holder) for row in self._table("bills")]

    def _holder(self) -> str | None:
        """The number the bills page says the bills are for, where the carrier file names it."""
        label = self.carrier.get(f"{self.settings}.bills.holder", None)
        if label is None:
            return None
        shown = self.page.get_by_label(label, exact=True)
        return shown.first.inner_text().strip() if shown.count() else ""

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        self._open_bill(bill)
        types = self.cfg("usage.types")
        lines = []
        # the 费用明细 (each fee, discount and usage total by name), where the file names it
        if self.carrier.get(f"{self.settings}.bills.summary_table", None):
            lines += [BillLine(kind="summary", amount=_money(row.get("amount", "")),
                               name=row.get("item", ""))
                      for row in self._table("bills", "summary_table", "summary_columns")]
        for line in self._table("bills", "lines_table", "line_columns"):
            lines.append(BillLine(kind=types.get(line.get("type", ""), "other"),
                                  amount=_money(line.get("charge", "")),
                                  at=_moment(line["time"]) if line.get("time") else None,
                                  quantity=_number(line.get("quantity", ""))))
        return lines

    def _open_bill(self, bill: Bill) -> None:
        self._nav("bills")
        row = self._row("bills.table", bill.period)
        self._click(row.get_by_role("link", name=self.cfg("bills.open"), exact=True),
                    "open-bill link", "bills.open")

    def dispute(self, bill: Bill, item: str) -> str:
        """投诉 on the charge's row of the bill's summary table."""
        self._open_bill(bill)
        row = self._row("bills.summary_table", item)
        self._click(self._button(self.cfg("bills.dispute"), row), "complaint button",
                    "bills.dispute")
        status = self._status("bills.dispute_pattern")
        match = re.search(self.cfg("bills.dispute_pattern"), status)
        if not match:
            raise ActionFailed(f"the complaint page shows no ticket number: {status!r}")
        return match.group(1)

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        self._nav("services")
        row = self._row("services.table", product.name)
        self._click(self._button(self.cfg("services.change"), row), "change-plan button",
                    "services.change")
        label = self.cfg("services.new_plan")
        self._guard(f"field '{label}'", "services.new_plan",
                    lambda: self.page.get_by_label(label, exact=True).select_option(
                        label=new_offering))
        self._click(self._button(self.cfg("services.confirm_change")), "confirm-change button",
                    "services.confirm_change")
        return _day(self._status("services.confirm_change"))

    def cancel(self, product: ProductState) -> None:
        self._nav("services")
        row = self._row("services.table", product.name)
        self._click(self._button(self.cfg("services.cancel"), row), "unsubscribe button",
                    "services.cancel")
        self._click(self._button(self.cfg("services.confirm_cancel")), "confirm button",
                    "services.confirm_cancel")
        self._status("services.confirm_cancel")

    def report_fault(self, product: ProductState, description: str) -> str:
        self._nav("repair")
        label = self.cfg("repair.product")
        self._guard(f"field '{label}'", "repair.product",
                    lambda: self.page.get_by_label(label, exact=True).select_option(
                        label=product.name))
        text = self.cfg("repair.description")
        self._guard(f"field '{text}'", "repair.description",
                    lambda: self.page.get_by_label(text, exact=True).fill(description))
        self._click(self._button(self.cfg("repair.submit")), "report button", "repair.submit")
        status = self._status("repair.ticket_pattern")
        match = re.search(self.cfg("repair.ticket_pattern"), status)
        if not match:
            raise ActionFailed(f"the fault report shows no ticket number: {status!r}")
        return match.group(1)

    def tickets(self) -> list[Ticket]:
        self._nav("repair")
        words = self.cfg("repair.status")
        return [Ticket(ref=row.get("ref", ""), product=row.get("product", ""),
                       status=words.get(row.get("status", ""), row.get("status", "")),
                       reported=self._local(row["reported"]) if row.get("reported") else None,
                       resolved=self._local(row["resolved"]) if row.get("resolved") else None)
                for row in self._table("repair")]

    def _local(self, text: str) -> dt.datetime:
        """A moment the page writes in the carrier's time zone, without one."""
        return _moment(text).replace(tzinfo=self.phone.tz)
    def balance(self) -> Decimal:
        self._nav("topup")
        return self._balance_shown()

    def _balance_shown(self) -> Decimal:
        label = self.cfg("topup.balance")
        return _money(self._guard(f"balance '{label}'", "topup.balance",
                                  lambda: self.page.get_by_label(label, exact=True).inner_text()))

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """Pay ``amount`` on the top-up page (online in the hall, cash at the counter)."""
        if card is not None:
            raise ActionFailed(f"the {self.name} channel takes no recharge card here "
                               f"(products.topup.methods.{self.name})")
        self._nav("topup")
        label = self.cfg("topup.amount")
        option = str(self.cfg("topup.option")).format(amount=amount)
        self._guard(f"field '{label}'", "topup.amount",
                    lambda: self.page.get_by_label(label, exact=True).select_option(label=option))
        self._click(self._button(self.cfg("topup.submit")), "top-up button", "topup.submit")
        status = self._status("topup.submit")
        return TopUpReceipt(reference=status, balance=self._balance_shown())

    def evidence(self) -> list[tuple[str, bytes, str]]:
        """A screenshot of the page with every text on it masked first (the customer's own
        data and any other customer's the page showed), then put back as it was, since the
        walk goes on from this page."""
        try:
            shown = self.page.evaluate(_TEXTS_SHOWN)
            self.page.evaluate(_SHOW_MASKED, [self.persona.mask(t) for t in shown])
            try:
                image = self.page.screenshot(full_page=True)
            finally:
                self.page.evaluate(_SHOW_AS_IT_WAS)
            return [(f"screenshot {self.persona.mask(self.page.url)}", image, "image/png")]
        except PlaywrightError:
            return []

    def close(self, failed: bool) -> None:
        try:
            if self.trace_path:
                if failed:
                    self.trace_path.parent.mkdir(parents=True, exist_ok=True)
                    self.context.tracing.stop(path=str(self.trace_path))
                else:
                    self.context.tracing.stop()
            self.context.close()
        except PlaywrightError:
            pass
        if failed and self.trace_path and self.trace_path.is_file():
            mask_trace(self.trace_path, self.persona.mask)


# Every text node and form field of the page, in document order; the page keeps the list so
# the masked texts go back to the same nodes, and their own texts after the screenshot.
_TEXTS_SHOWN = """() => {
  const nodes = [];
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  document.querySelectorAll("input, textarea").forEach((field) => nodes.push(field));
  const text = (n) => (n.nodeType === Node.TEXT_NODE ? n.data : n.value);
  window.__walkthroughShown = nodes.map((n) => [n, text(n)]);
  return window.__walkthroughShown.map(([, t]) => t);
}"""
_SHOW_MASKED = """(masked) => {
  (window.__walkthroughShown || []).forEach(([n, t], i) => {
    if (masked[i] === t) return;
    if (n.nodeType === Node.TEXT_NODE) n.data = masked[i]; else n.value = masked[i];
  });
}"""
_SHOW_AS_IT_WAS = """() => {
  (window.__walkthroughShown || []).forEach(([n, t]) => {
    if (n.nodeType === Node.TEXT_NODE) { if (n.data !== t) n.data = t; }
    else if (n.value !== t) n.value = t;
  });
  delete window.__walkthroughShown;
}"""


def _keyed(rows: list[list[str]], columns: dict[str, str]) -> list[dict[str, str]]:
    if not rows:
        return []
    header = rows[0]
    index = {ours: header.index(theirs) for ours, theirs in columns.items() if theirs in header}
    return [{ours: cells[i] for ours, i in index.items() if i < len(cells)} for cells in rows[1:]]
