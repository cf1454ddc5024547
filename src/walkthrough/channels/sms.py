"""The SMS channel: commands from the customer's phone to the carrier's short code.

Each customer task is a short conversation the carrier file writes in ``channels.sms``: a
flow (``flows.<task>``) of steps ``send: "KT{code}"``, ``expect: <reply>`` (wait for the
reply ``replies.<reply>`` describes) and ``answer: "Y"`` (to the question just heard, as a
second confirmation), or, for a one-step command, ``commands.<task>`` (send it, read the first
reply). Replies and the carrier's notices may come from the same number: a reply is told from
a notice by what it says (the pattern its step expects) and by arriving after what the
customer sent. Amounts and dates are read in the carrier's own ``formats``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from walkthrough import channels as can
from walkthrough.carrier import Carrier
from walkthrough.channels.conversation import Conversation
from walkthrough.channels.reading import Formats, number, search
from walkthrough.checkpoint import ActionFailed, CheckpointErrored
from walkthrough.clock import Clock, look_for
from walkthrough.errors import UsageError
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.views import (
    Bill,
    BillLine,
    Offer,
    ProductState,
    RechargeCard,
    Site,
    Sms,
    TopUpReceipt,
    UsageRecord,
)

STEPS = ("send", "answer", "expect")
# carrier seconds between two looks at the inbox while a reply is due: a short code answers
# within seconds, and on a test clock every look lets that much time pass
REPLY_POLL = 1.0


class SmsChannel(Conversation):
    name = "sms"
    abilities = frozenset({*can.COMMON, can.Itemised})
    settings = "channels.sms"
    transcript_name = "SMS hall conversation"

    def __init__(self, carrier: Carrier, persona: Persona, phone: Phone, clock: Clock) -> None:
        super().__init__(carrier, persona)
        self.phone, self.clock = phone, clock
        self.formats = Formats.of(carrier)
        self.seen_products: dict[str, ProductState] = {}

    # -- the conversation ----------------------------------------------------------------------
    def _code(self, offering: str) -> str:
        codes = self.cfg("codes")
        if offering not in codes:
            raise ActionFailed(f"the carrier file gives no SMS code for {offering!r}")
        return str(codes[offering])

    def _offers(self, task: str) -> bool:
        return self.carrier.get(f"{self.settings}.flows.{task}", None) is not None or \
            self.carrier.get(f"{self.settings}.commands.{task}", None) is not None

    def _steps(self, task: str) -> list[tuple[str, str]]:
        """The task's flow; a one-step command is sending it and reading the first reply."""
        dotted = f"{self.settings}.flows.{task}"
        flow = self.carrier.get(dotted, None)
        if flow is None:
            self.offered(task)
            command = self.carrier.get(f"{self.settings}.commands.{task}", None)
            if command is None:
                raise UsageError(f"{self.settings} gives no flow or command for '{task}'",
                                 path=self.carrier.path,
                                 line=self.carrier.line_of(f"{self.settings}.flows")
                                 or self.carrier.line_of(self.settings),
                                 hint=f"add flows.{task} (e.g. [send: \"CX\", expect: "
                                      f"query]), or list {task} under not_offered")
            return [("send", str(command)), ("expect", "")]
        steps = []
        for step in flow if isinstance(flow, list) else [flow]:
            if not (isinstance(step, dict) and len(step) == 1 and next(iter(step)) in STEPS):
                raise UsageError(f"{dotted}: the step {step!r} is not one of "
                                 f"{', '.join(s + ': ...' for s in STEPS)}",
                                 path=self.carrier.path, line=self.carrier.line_of(dotted),
                                 hint='write each step as send: "KT{code}", expect: <a name '
                                      'under replies>, or answer: "Y"')
            [(kind, value)] = step.items()
            if kind == "expect" and value not in (self.cfg("replies") or {}):
                raise UsageError(f"{dotted}: expect: {value} names no pattern under "
                                 f"{self.settings}.replies", path=self.carrier.path,
                                 line=self.carrier.line_of(dotted),
                                 hint=f"add replies.{value}, or expect one of "
                                      f"{', '.join(self.cfg('replies'))}")
            steps.append((str(kind), str(value)))
        return steps

    def _run(self, task: str, **fields: str) -> str:
        """Walk the task's flow; returns the last reply heard."""
        short_code = str(self.cfg("short_code"))
        sent, reply, seen = "", "", set[str]()
        for kind, value in self._steps(task):
            if kind in ("send", "answer"):
                if kind == "answer" and not reply:
                    raise UsageError(f"{self.settings}.flows.{task}: answer: {value!r} comes "
                                     f"before any reply to answer", path=self.carrier.path,
                                     line=self.carrier.line_of(f"{self.settings}.flows.{task}"),
                                     hint="put an expect: step before it")
                try:
                    sent = value.format(**fields)
                except (KeyError, IndexError) as exc:
                    raise UsageError(f"{self.settings} '{task}': {value!r} uses an unknown "
                                     f"placeholder {exc}", path=self.carrier.path,
                                     line=self.carrier.line_of(f"{self.settings}.flows.{task}")
                                     or self.carrier.line_of(f"{self.settings}.commands"),
                                     hint=f"placeholders here: {', '.join(fields) or 'none'}"
                                     ) from None
                seen = {m.id for m in self.phone.inbox()}
                self.phone.send(short_code, sent)
                self.transcript.append(f"> {short_code}: {sent}")
                continue
            if not sent:
                raise UsageError(f"{self.settings}.flows.{task}: expect: {value} comes before "
                                 f"anything was sent", path=self.carrier.path,
                                 line=self.carrier.line_of(f"{self.settings}.flows.{task}"),
                                 hint="begin the flow with a send: step")
            reply = self._reply(sent, value, seen).text
        return reply

    def _reply(self, sent: str, expected: str, seen: set[str]) -> Sms:
        """The reply to ``sent``: the first new message from the short code that says what
        ``replies.<expected>`` describes (any, with no name), or a refusal."""
        short_code = str(self.cfg("short_code"))
        patterns = [self.cfg(f"replies.{expected}")] if expected else []
        refused = self.carrier.get(f"{self.settings}.replies.refused", None)
        unknown = self.carrier.get(f"{self.settings}.replies.not_understood", None)
        others: list[Sms] = []

        def look() -> Sms | None:
            for message in self.phone.inbox():
                if message.sender != short_code or message.id in seen:
                    continue
                telling = [p for p in (*patterns, refused, unknown) if p]
                if not expected or any(re.search(p, message.text) for p in telling):
                    return message
                if message.id not in {m.id for m in others}:
                    others.append(message)
            return None
        found = look_for(self.clock, look, float(self.cfg("reply_timeout")), poll=REPLY_POLL)
        if found is None:
            heard = "; ".join(m.text for m in others)
            self.transcript.append(f"< (no reply{' ' + expected if expected else ''})"
                                   + (f" heard: {heard}" if heard else ""))
            what = f" saying what replies.{expected} describes" if expected else ""
            raise ActionFailed(f"no reply{what} to '{sent}' from {short_code}"
                               + (f"; heard only: {heard}" if heard else ""))
        self.transcript.append(f"< {found.text}")
        # a refusal first: a hall may add its help to it
        if refused and (said := re.search(refused, found.text)):
            reason = said.groupdict().get("reason") or said.group(0)
            raise ActionFailed(f"'{sent}' was refused: {reason}")
        if unknown and re.search(unknown, found.text):
            # the carrier did not understand the command the carrier file wrote: ours to fix
            raise CheckpointErrored(f"configuration: {short_code} did not understand '{sent}' "
                                    f"({self.settings} in {self.carrier.path}): {found.text}")
        return found

    # -- reading -------------------------------------------------------------------------------
    def _day(self, text: str | None) -> dt.date | None:
        return self.formats.day(text) if text else None

    def _period(self, found: re.Match[str]) -> str:
        """A bill's period as the walks name it (YYYY-MM), from the month it starts in."""
        parts = found.groupdict()
        if parts.get("start") and (start := self.formats.day(parts["start"])):
            return f"{start.year:04d}-{start.month:02d}"
        if parts.get("year") and parts.get("month"):
            return f"{int(parts['year']):04d}-{int(parts['month']):02d}"
        return str(parts.get("period") or "").strip()

    # -- tasks ---------------------------------------------------------------------------------
    def find_offering(self, name: str) -> Offer:
        code = self._code(name)
        reply = self._run("price", code=code)
        listed = list(re.finditer(self.cfg("replies.price"), reply))
        # a price list names each offering; a reply about one offering may be the only match
        named = [m for m in listed if m.group("name").strip() == name] or \
            (listed if len(listed) == 1 else [])
        if not named:
            raise ActionFailed(f"the price of {name}: the carrier's answer does not say it: "
                               f"{reply!r}")
        found = named[0]
        return Offer(name=found.group("name").strip(), fee=self.formats.money(found.group("fee")),
                     terms=(found.groupdict().get("terms") or "").strip(), ref=code)

    def order(self, offer: Offer, site: Site | None = None) -> str:
        if site is not None:
            raise ActionFailed(f"the {self.name} channel takes no installation address")
        reply = self._run("order", code=self._code(offer.name))
        return search(self.cfg("replies.order"), reply, "the order number").group("order")

    def products(self) -> list[ProductState]:
        reply = self._run("query")
        status, pending_pattern = self.cfg("status"), self.carrier.get(
            f"{self.settings}.pending_pattern", None)
        found = []
        if not re.search(self.cfg("replies.no_products"), reply):
            for item in re.finditer(self.cfg("replies.product"), reply):
                parts = item.groupdict()
                pending = re.search(pending_pattern, parts.get("pending") or "") \
                    if pending_pattern else None
                name = item.group("name").strip()
                found.append(ProductState(
                    name=name,
                    status=status.get(item.group("status").strip(), item.group("status")),
                    start=self._day(parts.get("start")), end=self._day(parts.get("end")),
                    pending_offering=pending.group(1).strip() if pending else "",
                    pending_date=self._day(pending.group(2)) if pending else None, ref=name))
        return found + self._unlisted(found)

    def _unlisted(self, listed: list[ProductState]) -> list[ProductState]:
        """A carrier whose list shows live products only (``unlisted_status``): a product the
        customer saw before and the list shows no more has that status now."""
        gone = self.carrier.get(f"{self.settings}.unlisted_status", None)
        names = {p.name for p in listed}
        for product in listed:
            self.seen_products[product.name] = product
        if not gone:
            return []
        return [ProductState(name=name, status=str(gone), ref=name)
                for name in self.seen_products if name not in names]

    def usage(self) -> list[UsageRecord]:
        reply = self._run("usage")
        types = self.cfg("types")
        return [UsageRecord(at=self.formats.moment(m.group("time")),
                            kind=types.get(m.group("type"), "other"),
                            quantity=number(m.group("quantity")))
                for m in re.finditer(self.cfg("replies.usage"), reply)]

    def bills(self) -> list[Bill]:
        return [Bill(period=(period := self._period(m)),
                     amount=self.formats.money(m.group("amount")), ref=period)
                for m in re.finditer(self.cfg("replies.bill"), self._run("bills"))]

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        reply = self._run("bill_lines", yyyymm=bill.period.replace("-", ""))
        types = self.cfg("types")
        return [BillLine(kind=types.get(m.group("type"), "other"),
                         amount=self.formats.money(m.group("charge")),
                         at=self.formats.moment(m.group("time")),
                         quantity=number(m.group("quantity")))
                for m in re.finditer(self.cfg("replies.bill_line"), reply)]

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        """The effective day, where the reply tells one (``date`` in ``replies.change``)."""
        reply = self._run("change", code=self._code(new_offering))
        found = search(self.cfg("replies.change"), reply, "the change was accepted")
        return self._day(found.groupdict().get("date"))

    def cancel(self, product: ProductState) -> None:
        """Unsubscribe by the product's code (``cancel``), or the way every channel of some
        carriers must offer: list (``cancel_list``), pick by number (``cancel_pick``)."""
        if self._offers("cancel"):
            reply = self._run("cancel", code=self._code(product.name))
        else:
            listed = self._run("cancel_list")
            items = {m.group("name").strip(): m.group("n")
                     for m in re.finditer(self.cfg("replies.cancel_item"), listed)}
            if product.name not in items:
                raise ActionFailed(f"the unsubscribe list does not offer {product.name!r}: "
                                   f"{listed!r}")
            reply = self._run("cancel_pick", n=items[product.name])
        search(self.cfg("replies.accepted"), reply, "the unsubscribe was accepted")

    def balance(self) -> Decimal:
        return self.formats.money(search(self.cfg("replies.balance"), self._run("balance"),
                                         "the balance").group("balance"))

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """A recharge card: the SMS hall takes no other payment."""
        if card is None:
            raise ActionFailed("the SMS hall tops up by recharge card only (products.topup."
                               "methods.sms: card)")
        reply = self._run("top_up", card=card.number, password=card.password)
        found = search(self.cfg("replies.topped_up"), reply, "the top-up")
        balance: Any = found.groupdict().get("balance")
        return TopUpReceipt(reference=reply,
                            balance=self.formats.money(balance) if balance else None)
