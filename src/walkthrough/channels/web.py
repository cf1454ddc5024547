"""The web channel: the carrier's self-service hall in a real Chromium, driven by Playwright.

The hall is composed of page objects (``walkthrough.channels.pages``: catalogue, services,
usage, bills, top-up, repair), each reading what its page shows; every customer task (sign in,
order, change, cancel, top up, ...) is a flow of steps written in the carrier file
(``walkthrough.channels.flows``). Every locator is Playwright's own selector syntax taken from
the carrier file (``role=button[name="登录"s]``, ``text=...``, ``css=...``, and
``label=<text>`` for a form field by its label), so another carrier's hall is another carrier
file.

Where the line falls: something the file names that does not show on a page that loaded is
the product's failure (a hall that leaves out its 退订 button fails the customer); a page that
does not load (a 4xx on an address the file gave, a page that never finishes loading), a dead
browser or a selector that is not a selector is the harness's or the environment's (errored).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Browser, Locator, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from walkthrough import channels as can
from walkthrough.carrier import Carrier
from walkthrough.channels.flows import Flow
from walkthrough.channels.pages import (
    BillsPage,
    CataloguePage,
    RepairPage,
    ServicesPage,
    TopUpPage,
    UsagePage,
)
from walkthrough.channels.reading import Formats, number
from walkthrough.checkpoint import ActionFailed, CheckpointErrored, EnvironmentBroken
from walkthrough.clock import Clock, look_for
from walkthrough.errors import UsageError
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

T = TypeVar("T")

# What a walk's trace records (written for a failed walk only): the DOM of each action, which
# the viewer shows as the page was; no pictures of the pages, since a picture cannot be
# masked and the DOM can.
TRACING: dict[str, bool] = {"screenshots": False, "snapshots": True}

_ENVIRONMENT = re.compile(r"net::ERR_(CONNECTION_REFUSED|CONNECTION_RESET|NAME_NOT_RESOLVED|"
                          r"ADDRESS_UNREACHABLE|CONNECTION_TIMED_OUT)|Target .* closed|"
                          r"Browser has been closed")
# what Playwright says of a selector it cannot parse: the carrier file's mistake
_BAD_SELECTOR = re.compile(r"Unexpected token|Unknown engine|is not a valid selector|"
                           r"while parsing selector|Unexpected end of|Unsupported .*selector|"
                           r"Expected .* in selector|Malformed selector")
_LABEL = re.compile(r"""^label=(?:"(?P<quoted>.*)"s?|(?P<plain>.*))$""")


class WebChannel:
    name = "web"
    abilities = frozenset({*can.COMMON, can.Itemised, can.Disputes, can.Appointments,
                           can.Repairs, can.RepairTickets})
    settings = "channels.web"

    def __init__(self, carrier: Carrier, persona: Persona, phone: Phone, browser: Browser,
                 trace_path: Path | None = None, context_options: dict[str, Any] | None = None,
                 clock: Clock | None = None) -> None:
        self.carrier, self.persona, self.phone, self.clock = carrier, persona, phone, clock
        self.formats = Formats.of(carrier)
        self.timeout_ms = float(carrier.get(f"{self.settings}.timeout", 10)) * 1000
        self.trace_path = trace_path
        try:
            self.context = browser.new_context(locale="zh-CN", **(context_options or {}))
            if trace_path:
                self.context.tracing.start(screenshots=TRACING["screenshots"],
                                           snapshots=TRACING["snapshots"])
            self.context.set_default_timeout(self.timeout_ms)
            self.page: Page = self.context.new_page()
        except PlaywrightError as exc:
            raise EnvironmentBroken(f"the browser could not open a page: {exc}") from None
        self.pages_loaded = 0
        self.clicks = 0
        self.measures: dict[str, float] = {}
        self.inbox_seen: set[str] | None = None  # what the inbox held as the task began
        self.step_line: int | None = None  # the line of the flow's step being done
        # every document the browser loads counts, redirects after a form and all, as the
        # customer waits for each
        self.page.on("load", self._loaded)
        self._effort_since: dict[str, tuple[int, int, float]] = {}
        self.catalogue = CataloguePage(self)
        self.services = ServicesPage(self)
        self.usage_page = UsagePage(self)
        self.bills_page = BillsPage(self)
        self.topup = TopUpPage(self)
        self.repair = RepairPage(self)

    # -- configuration -----------------------------------------------------------------------
    def cfg(self, dotted: str) -> Any:
        return self.carrier.get(f"{self.settings}.{dotted}")

    def cfg_or(self, dotted: str, default: Any) -> Any:
        return self.carrier.get(f"{self.settings}.{dotted}", default)

    def words(self, dotted: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.cfg_or(dotted, None) or {}).items()}

    def _where(self, dotted: str) -> str:
        line = self.step_line or self.carrier.line_of(f"{self.settings}.{dotted}")
        return f"{self.carrier.path.name}:{line}" if line else str(self.carrier.path.name)

    # -- finding and doing things the way a person does ----------------------------------------
    def locate(self, selector: str, dotted: str, within: Locator | Page | None = None) -> Locator:
        """A locator in Playwright's selector syntax; ``label=<text>`` is the form field of
        that label (exactly)."""
        scope = within or self.page
        if label := _LABEL.match(selector):
            return scope.get_by_label(label.group("quoted") if label.group("quoted") is not None
                                      else label.group("plain").strip(), exact=True)
        return scope.locator(selector)

    def guard(self, what: str, dotted: str, action: Callable[[], T],
              loading: bool = False) -> T:
        """Run a Playwright action; a missing element is the product's fault, a dead browser, an
        unreachable hall or a page that never loads (``loading``: the action waits for a page)
        is the environment's, a selector that is not one is the carrier file's."""
        try:
            return action()
        except PlaywrightTimeout as exc:
            if loading or "navigating to" in str(exc):
                raise CheckpointErrored(f"{what}: the page on {self.page.url} did not finish "
                                        f"loading within {self.timeout_ms / 1000:.0f} s") \
                    from None
            alert = self.alert()
            raise ActionFailed(f"{what}: not found on {self.page.url} within "
                               f"{self.timeout_ms / 1000:.0f} s (locator {self._where(dotted)})"
                               + (f"; the page says: {alert}" if alert else "")) from None
        except PlaywrightError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if _ENVIRONMENT.search(str(exc)):
                raise EnvironmentBroken(f"the {self.name} hall did not answer: "
                                        f"{message}") from None
            if _BAD_SELECTOR.search(str(exc)):
                raise UsageError(f"{what}: not a selector Playwright can read ({message})",
                                 path=self.carrier.path,
                                 line=self.step_line or self.carrier.line_of(
                                     f"{self.settings}.{dotted}"),
                                 hint="write role=..., text=..., css=... or label=...; see "
                                      "Playwright's locator docs") from None
            raise

    def alert(self) -> str:
        try:
            alerts = self.page.get_by_role("alert")
            return " ".join(alerts.all_inner_texts()).strip() if alerts.count() else ""
        except PlaywrightError:
            return ""

    def goto(self, url: str) -> None:
        def go() -> None:
            response = self.page.goto(url)
            if response is None:
                return
            if response.status >= 500:
                raise ActionFailed(f"{url} answered HTTP {response.status}")
            if response.status >= 400:  # an address the carrier file gave that is not there
                raise CheckpointErrored(f"{url} answered HTTP {response.status} (the address "
                                        f"is {self._where('start')})")
        self.guard(f"opening {url}", "start", go, loading=True)

    def _loaded(self, _page: Page) -> None:
        self.pages_loaded += 1

    def click(self, locator: Locator, what: str, dotted: str) -> None:
        self.guard(what, dotted, locator.click)
        self.clicks += 1
        self.guard(f"{what}: page load", dotted, lambda: self.page.wait_for_load_state(),
                   loading=True)

    def open(self, page: str) -> None:
        """Go to one of the hall's pages the way a person does: by its link (``links.<page>``:
        the link's name, or the names of the links followed in turn, as a tab then a tile)."""
        dotted = f"links.{page}"
        names = self.cfg(dotted)
        for name in names if isinstance(names, list) else [names]:
            self.click(self.page.get_by_role("link", name=str(name), exact=True),
                       f"link '{name}'", dotted)

    def outcome(self, selector: str, dotted: str) -> str:
        """The text of what the page shows where the outcome of a task appears (a status, a
        toast): waits for it to be there, and reads it whole."""
        located = self.locate(selector, dotted)
        try:
            located.first.wait_for(state="attached")
        except PlaywrightTimeout:
            alert = self.alert()
            raise ActionFailed(f"no outcome shown on {self.page.url} ('{selector}', "
                               f"{self._where(dotted)})"
                               + (f"; the page says: {alert}" if alert else "")) from None
        return self.guard(f"'{selector}'", dotted,
                          lambda: " ".join(located.all_inner_texts()).strip())

    def phone_seen(self) -> set[str]:
        """The SMS already in the inbox: a code the task waits for is none of them (a code
        sent for another sign-in a moment ago is not this one's)."""
        return {sms.id or f"{sms.received_at}:{sms.text}" for sms in self.phone.inbox()}

    def sms(self, pattern: str, within: float) -> str:
        """The first group of the newest SMS since the task began that matches ``pattern``;
        on a test clock, the carrier's time moves on while the customer waits for it."""
        def look() -> str | None:
            for sms in reversed(self.phone.inbox()):
                if self.inbox_seen is not None and \
                        (sms.id or f"{sms.received_at}:{sms.text}") in self.inbox_seen:
                    continue
                if match := re.search(pattern, sms.text):
                    return match.group(1) if match.groups() else match.group(0)
            return None
        if self.clock is None:
            found = look()
        else:
            found = look_for(self.clock, look, within, poll=max(within / 12, 1.0))
        if found is None:
            raise ActionFailed(f"no SMS matching '{pattern}' reached the customer's phone")
        return found

    def _effort_begins(self, task: str) -> None:
        self._effort_since[task] = (self.clicks, self.pages_loaded, time.monotonic())

    def _effort_ends(self, task: str, timed: bool = True) -> None:
        """What ``task`` cost the customer since it began: "<task>.clicks", "<task>.pages",
        and (``timed``) "<task>.elapsed", the real seconds spent waiting for pages and
        clicking."""
        clicks, pages, began = self._effort_since.pop(
            task, (self.clicks, self.pages_loaded, time.monotonic()))
        self.measures[f"{task}.clicks"] = self.clicks - clicks
        self.measures[f"{task}.pages"] = self.pages_loaded - pages
        if timed:
            self.measures[f"{task}.elapsed"] = round(time.monotonic() - began, 2)

    # -- reading values the carrier's way ------------------------------------------------------
    def local(self, text: str) -> dt.datetime:
        """A moment the page writes in the carrier's time zone, without one."""
        return self.formats.moment(text, self.phone.tz)

    def quantity(self, text: str, per_unit: Any = None) -> Decimal:
        """A quantity as the page writes it (a number, or a duration such as 12分00秒 in
        seconds), in our units where ``per_unit`` says how many of the page's make one."""
        duration = self.formats.duration(text) if text else None
        value = Decimal(int(duration.total_seconds())) if duration is not None else number(text)
        return value / Decimal(str(per_unit)) if per_unit else value

    # -- tasks: each a flow of the carrier file -------------------------------------------------
    def values(self, **task: str) -> dict[str, str]:
        """What a flow may fill in: the customer's number, ID and secrets, and the task's."""
        given = {"msisdn": self.persona.msisdn, "id_number": self.persona.id_number}
        given.update({f"secret.{k}": str(v) for k, v in self.persona.secrets.items()})
        for name in self.cfg_or("environment", None) or []:  # credentials of the hall's own
            if not os.environ.get(str(name)):
                raise UsageError(f"environment variable {name} is not set",
                                 path=self.carrier.path,
                                 line=self.carrier.line_of(f"{self.settings}.environment"),
                                 hint=f"export {name}=... (the carrier file's "
                                      f"{self.settings}.environment names it)")
            given[f"env.{name}"] = os.environ[str(name)]
        given.update(task)
        return given

    def run(self, task: str, **values: str) -> dict[str, str]:
        """Do the task's flow. Where the file times it (``timed``: task → measure, as at the
        counter, where each task is one transaction), its seconds on the carrier's clock are
        "<measure>.seconds", the slowest if the walk does it more than once."""
        measure = (self.cfg_or("timed", None) or {}).get(task)
        if measure is None or self.clock is None:
            return Flow(self, task).run(self.values(**values))
        started = self.clock.now()
        done = Flow(self, task).run(self.values(**values))
        key, seconds = f"{measure}.seconds", (self.clock.now() - started).total_seconds()
        self.measures[key] = max(seconds, self.measures.get(key, 0.0))
        return done

    def has_flow(self, task: str) -> bool:
        return bool(self.cfg_or(f"flows.{task}", None))

    def sign_in(self) -> None:
        self.run("sign_in")

    def find_offering(self, name: str) -> Offer:
        self._effort_begins("order")  # ordering begins with looking the offering up
        return self.catalogue.find(name)

    def slots(self, offer: Offer) -> list[Slot]:
        self.run("open_order", offering=offer.name, list=offer.ref)
        return self.catalogue.slots()

    def order(self, offer: Offer, site: Site | None = None) -> str:
        values = {"offering": offer.name, "list": offer.ref}
        if site is not None:
            values["address"] = site.address
            if site.slot is not None:
                values["slot"] = site.slot.ref
        try:
            done = self.run("order", **values)
        except ActionFailed:
            # the clicks and pages of a checkout that showed no outcome; not its seconds,
            # which count the wait for an outcome that never showed
            self._effort_ends("order", timed=False)
            raise
        self._effort_ends("order", timed=bool(done.get("order")))
        if not done.get("order"):
            raise ActionFailed(f"the {self.name} hall showed no order number")
        return done["order"]

    def products(self) -> list[ProductState]:
        return self.services.products()

    def usage(self) -> list[UsageRecord]:
        return self.usage_page.records()

    def bills(self) -> list[Bill]:
        return self.bills_page.bills()

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        return self.bills_page.lines(bill)

    def dispute(self, bill: Bill, item: str) -> str:
        """A complaint (投诉) on one charge of the bill: the ticket number given."""
        return self.run("dispute", bill=bill.ref, item=item)["ticket"]

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        done = self.run("change", product=product.name, new_plan=new_offering)
        return self.formats.day(done.get("outcome", ""))

    def cancel(self, product: ProductState) -> None:
        self.run("cancel", product=product.name)

    def report_fault(self, product: ProductState, description: str) -> str:
        return self.run("report_fault", product=product.name, description=description)["ticket"]

    def tickets(self) -> list[Ticket]:
        return self.repair.tickets()

    def balance(self) -> Decimal:
        return self.topup.balance()

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """Pay ``amount`` (online in the hall, cash at the counter), or redeem ``card`` where
        the hall has a flow for it (``flows.top_up_card``)."""
        if card is not None:
            if not self.has_flow("top_up_card"):
                raise ActionFailed(f"the {self.name} channel takes no recharge card here "
                                   f"(products.topup.methods.{self.name})")
            done = self.run("top_up_card", card=card.number, card_password=card.password)
        else:
            done = self.run("top_up", amount=f"{amount:.2f}")
        shown = self.locate(str(self.cfg("topup.balance")), "topup.balance")
        balance = self.topup.shown() if self.guard("balance", "topup.balance", shown.count) \
            else None
        return TopUpReceipt(reference=done.get("outcome", ""), balance=balance)

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
