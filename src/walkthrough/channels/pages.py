"""The pages of a self-service hall, one small class each: where its locators are (the
carrier file's ``channels.<hall>.<page>``) and what a customer reads on it. The hall
(``walkthrough.channels.web``) composes them; what a customer *does* is a flow
(``walkthrough.channels.flows``).

A list on a page is either a table (``table``: its caption, ``columns``: our name → the
carrier's header) or repeated items, such as cards (``items``: a locator of each item,
``fields``: our name → a locator within the item, or ``{find: locator, pattern: regex}``,
the pattern's first group being the value; without ``find`` the item's own text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Locator

from walkthrough.channels.flows import filled
from walkthrough.checkpoint import ActionFailed, NotApplicable
from walkthrough.errors import UsageError
from walkthrough.views import Bill, BillLine, Offer, ProductState, Slot, Ticket, UsageRecord

if TYPE_CHECKING:  # the hall composes its pages; no cycle at run time
    from walkthrough.channels.web import WebChannel

Row = dict[str, str]


class Listing:
    """One list the page shows, read into rows keyed by our field names."""

    def __init__(self, hall: WebChannel, dotted: str, config: Mapping[str, Any]) -> None:
        self.hall, self.dotted, self.config = hall, dotted, config
        if not ("table" in config or "items" in config):
            raise UsageError(f"{hall.settings}.{dotted}: a list is a 'table' (with 'columns') "
                             f"or 'items' (with 'fields')", path=hall.carrier.path,
                             line=hall.carrier.line_of(f"{hall.settings}.{dotted}"))

    @property
    def name(self) -> str:
        return str(self.config.get("table") or self.config.get("name") or self.config["items"])

    def _table(self) -> Locator:
        return self.hall.page.get_by_role("table", name=str(self.config["table"]), exact=True)

    def _items(self, values: Mapping[str, str] | None = None) -> Locator:
        return self.hall.locate(filled(str(self.config["items"]), values or {}), self.dotted)

    def shown(self) -> bool:
        """Whether the page shows this list now (a catalogue shows the parts it sells)."""
        located = self._table() if "table" in self.config else self._items()
        return bool(self.hall.guard(f"list '{self.name}'", self.dotted, located.count))

    def rows(self, values: Mapping[str, str] | None = None) -> list[Row]:
        if "table" in self.config:
            caption = str(self.config["table"])
            cells = self.hall.guard(f"table '{caption}'", self.dotted, lambda: self._table()
                                    .evaluate("t => [...t.rows].map(r => [...r.cells]"
                                              ".map(c => c.innerText.trim()))"))
            return keyed(cells, dict(self.config.get("columns") or {}))
        items = self._items(values)
        if "empty" in self.config:  # the page says when there is nothing: wait for either
            empty = self.hall.locate(str(self.config["empty"]), self.dotted)
            self.hall.guard(f"list '{self.name}' or '{self.config['empty']}'", self.dotted,
                            lambda: items.or_(empty).first.wait_for())
        found = []
        for n in range(self.hall.guard(f"list '{self.name}'", self.dotted, items.count)):
            item = items.nth(n)
            found.append({key: self._field(item, spec)
                          for key, spec in dict(self.config.get("fields") or {}).items()})
        return found

    def _field(self, item: Locator, spec: Any) -> str:
        find, pattern = (spec, None) if isinstance(spec, str) else \
            (spec.get("find"), spec.get("pattern"))
        where = self.hall.locate(str(find), self.dotted, within=item) if find else item
        texts = self.hall.guard(f"field '{find}'", self.dotted, where.all_inner_texts)
        text = " ".join(t.strip() for t in texts).strip()
        if pattern:
            found = re.search(str(pattern), text)
            text = (found.group(1) if found.groups() else found.group(0)).strip() if found \
                else ""
        return text


def keyed(rows: list[list[str]], columns: dict[str, str]) -> list[Row]:
    if not rows:
        return []
    header = rows[0]
    index = {ours: header.index(theirs) for ours, theirs in columns.items() if theirs in header}
    return [{ours: cells[i] for ours, i in index.items() if i < len(cells)} for cells in rows[1:]]


class HallPage:
    """One page of the hall: its settings are ``channels.<hall>.<section>``."""

    section = ""

    def __init__(self, hall: WebChannel) -> None:
        self.hall = hall

    def cfg(self, key: str, default: Any = ...) -> Any:
        return self.hall.carrier.get(f"{self.hall.settings}.{self.section}.{key}", default)

    def open(self) -> None:
        self.hall.open(self.section)

    def listing(self, key: str = "") -> Listing:
        """The page's list: ``<section>`` itself (table/columns or items/fields at its top),
        or the one under ``<section>.<key>``."""
        config = self.cfg(key) if key else self.hall.cfg(self.section)
        return Listing(self.hall, f"{self.section}.{key}" if key else self.section, config)

    def words(self, key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.cfg(key, None) or {}).items()}


class CataloguePage(HallPage):
    section = "catalogue"

    def lists(self) -> list[Listing]:
        """The catalogue's lists: ``tables`` (caption → columns) and ``lists`` (name → a
        list), in the file's order."""
        found = [Listing(self.hall, f"{self.section}.tables",
                         {"table": caption, "columns": columns})
                 for caption, columns in (self.cfg("tables", None) or {}).items()]
        found += [Listing(self.hall, f"{self.section}.lists.{name}", {"name": name, **config})
                  for name, config in (self.cfg("lists", None) or {}).items()]
        return found

    def find(self, name: str) -> Offer:
        self.open()
        for listing in self.lists():
            if not listing.shown():
                continue  # a part of the catalogue this channel does not sell
            for row in listing.rows():
                if row.get("name") == name:
                    row = {**row, **self._detail(listing, name)}
                    return Offer(name=name, fee=self.hall.formats.money(row.get("fee", "")),
                                 terms=row.get("terms", ""), ref=listing.name)
        raise ActionFailed(f"the catalogue page has no item for {name!r}")

    def _detail(self, listing: Listing, name: str) -> Row:
        """Where the price and its terms are told on the offering's own page (``detail``:
        ``open``, the locator of the way there, and ``fields`` read on that page, within
        ``item``), what that page says."""
        detail = listing.config.get("detail")
        if not detail:
            return {}
        dotted = f"{listing.dotted}.detail"
        selector = filled(str(detail["open"]), {"offering": name})
        self.hall.click(self.hall.locate(selector, dotted), f"'{selector}'", dotted)
        page = Listing(self.hall, dotted, {"items": detail.get("item", "css=body"),
                                           "fields": detail.get("fields") or {}})
        rows = page.rows()
        return rows[0] if rows else {}

    def slots(self) -> list[Slot]:
        """The installation times the order page offers (options read by ``slot_pattern``)."""
        label = self.cfg("slot")
        select = self.hall.page.get_by_label(label, exact=True)
        self.hall.guard(f"field '{label}'", f"{self.section}.slot", select.wait_for)
        found = []
        for text in select.locator("option").all_inner_texts():
            if match := re.search(self.cfg("slot_pattern"), text):
                day = match.group("date")
                found.append(Slot(start=self.hall.local(f"{day} {match.group('start')}:00"),
                                  end=self.hall.local(f"{day} {match.group('end')}:00"),
                                  ref=text.strip()))
        return found


class ServicesPage(HallPage):
    """The customer's products. A product the page listed before and lists no more is shown
    ``gone`` (the word the file gives, e.g. terminated) where the hall drops ended products."""

    section = "services"

    def __init__(self, hall: WebChannel) -> None:
        super().__init__(hall)
        self.seen: dict[str, ProductState] = {}

    def products(self) -> list[ProductState]:
        self.open()
        words = self.words("status")
        pending_pattern = self.cfg("pending_pattern", None)
        found = []
        for row in self.listing().rows():
            pending = re.search(pending_pattern, row.get("pending", "")) \
                if pending_pattern and row.get("pending") else None
            found.append(ProductState(
                name=row.get("name", ""),
                status=words.get(row.get("status", ""), row.get("status", "")),
                start=self.hall.formats.day(row.get("start", "")),
                end=self.hall.formats.day(row.get("end", "")),
                pending_offering=pending.group(1).strip() if pending else "",
                pending_date=self.hall.formats.day(pending.group(2)) if pending else None,
                ref=row.get("name", ""),
            ))
        gone = self.cfg("gone", None)
        if gone:
            listed = {p.name for p in found}
            found += [ProductState(name=name, status=str(gone), start=before.start,
                                   ref=before.ref)
                      for name, before in self.seen.items() if name not in listed]
        self.seen.update({p.name: p for p in found if p.status != gone})
        return found


class UsagePage(HallPage):
    """Calls and data as listed. ``per_unit`` (kind → how many of the page's units make one of
    ours, e.g. voice: 60 where the page writes seconds or 12分00秒) converts quantities."""

    section = "usage"

    def records(self) -> list[UsageRecord]:
        if absent := self.cfg("none", None):  # the file says this hall has no such page:
            raise NotApplicable(f"{absent} ({self.hall.settings}.usage.none)")  # not judged
        self.open()
        types = self.words("types")
        per_unit = self.cfg("per_unit", None) or {}
        found = []
        for row in self.listing().rows():
            kind = types.get(row.get("type", ""), "other")
            found.append(UsageRecord(at=self.hall.formats.moment(row.get("time", "")),
                                     kind=kind,
                                     quantity=self.hall.quantity(row.get("quantity", ""),
                                                                 per_unit.get(kind))))
        return found


class BillsPage(HallPage):
    section = "bills"

    def period(self, text: str) -> str:
        """A bill's month: the month its period begins in, where the page writes days."""
        day = self.hall.formats.day(text)
        return f"{day:%Y-%m}" if day else text.strip()

    def bills(self) -> list[Bill]:
        self.open()
        holder = self._holder()
        found = []
        for row in self.listing().rows():
            start, end = self._days(row)
            found.append(Bill(period=self.period(row.get("period", "")),
                              amount=self.hall.formats.money(row.get("amount", "")),
                              ref=row.get("period", ""), holder=holder, start=start, end=end))
        return found

    def _days(self, row: dict[str, str]) -> tuple[dt.date | None, dt.date | None]:
        """The cycle's first and last days, where the page writes both (从…至…, both
        counted); a page that writes a month or its first day alone says neither."""
        days = self.hall.formats.days(row.get("period", ""))
        return (days[0], days[-1]) if len(days) == 2 else (None, None)

    def _holder(self) -> str | None:
        """The number the page says the bills are for, where the carrier file names it."""
        selector = self.cfg("holder", None)
        if selector is None:
            return None
        shown = self.hall.locate(str(selector), f"{self.section}.holder")
        return self.hall.guard(f"'{selector}'", f"{self.section}.holder", lambda: (
            shown.first.inner_text().strip() if shown.count() else ""))

    def lines(self, bill: Bill) -> list[BillLine]:
        self.hall.run("open_bill", bill=bill.ref)
        types = self.words("lines.types") or self.hall.words("usage.types")
        values = {"bill": bill.ref}
        found = []
        # the 费用明细 (each fee, discount and usage total by name), where the file names it
        if self.cfg("summary", None):
            found += [BillLine(kind="summary", amount=self.hall.formats.money(
                row.get("amount", "")), name=row.get("item", ""))
                for row in self.listing("summary").rows(values)]
        per_unit = self.cfg("lines.per_unit", None) or {}
        for line in self.listing("lines").rows(values):
            kind = types.get(line.get("type", ""), "other")
            found.append(BillLine(
                kind=kind, amount=self.hall.formats.money(line.get("charge", "")),
                at=self.hall.formats.moment(line["time"]) if line.get("time") else None,
                quantity=self.hall.quantity(line.get("quantity", ""), per_unit.get(kind)),
                name=line.get("item", "")))
        return found


class TopUpPage(HallPage):
    section = "topup"

    def balance(self) -> Decimal:
        self.open()
        return self.shown()

    def shown(self) -> Decimal:
        selector = str(self.cfg("balance"))
        located = self.hall.locate(selector, f"{self.section}.balance")
        return self.hall.formats.money(self.hall.guard(
            f"balance '{selector}'", f"{self.section}.balance",
            lambda: located.first.inner_text()))


class RepairPage(HallPage):
    section = "repair"

    def tickets(self) -> list[Ticket]:
        self.open()
        words = self.words("status")
        return [Ticket(ref=row.get("ref", ""), product=row.get("product", ""),
                       status=words.get(row.get("status", ""), row.get("status", "")),
                       reported=self.hall.local(row["reported"]) if row.get("reported")
                       else None,
                       resolved=self.hall.local(row["resolved"]) if row.get("resolved")
                       else None)
                for row in self.listing().rows()]
