"""The SMS channel: commands from the customer's phone to the carrier's short code.

The command words and the shape of each reply are the carrier's, in ``channels.sms``: one
command set for ordering, querying, changing and unsubscribing every product.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import tenacity

from walkthrough.carrier import Carrier
from walkthrough.channels.conversation import Conversation
from walkthrough.channels.reading import day, moment, money, number, search
from walkthrough.checkpoint import ActionFailed
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


class SmsChannel(Conversation):
    name = "sms"
    settings = "channels.sms"
    transcript_name = "SMS hall conversation"

    def __init__(self, carrier: Carrier, persona: Persona, phone: Phone) -> None:
        super().__init__(carrier, persona)
        self.phone = phone

    def _code(self, offering: str) -> str:
        codes = self.cfg("codes")
        if offering not in codes:
            raise ActionFailed(f"the carrier file gives no SMS code for {offering!r}")
        return str(codes[offering])

    def _ask(self, command: str, **fields: str) -> str:
        """Send a command, wait for the reply from the short code, and return its text."""
        text = str(self.cfg(f"commands.{command}")).format(**fields)
        short_code = str(self.cfg("short_code"))
        seen = {m.id for m in self.phone.inbox()}
        self.phone.send(short_code, text)
        reply = _first_new(self.phone, short_code, seen, float(self.cfg("reply_timeout")))
        self.transcript += [f"> {short_code}: {text}", f"< {reply.text if reply else '(none)'}"]
        if reply is None:
            raise ActionFailed(f"no reply to '{text}' from {short_code}")
        if refused := re.search(self.cfg("replies.refused"), reply.text):
            raise ActionFailed(f"'{text}' was refused: {refused.group('reason')}")
        return reply.text

    def find_offering(self, name: str) -> Offer:
        reply = self._ask("price", code=self._code(name))
        found = search(self.cfg("replies.price"), reply, f"the price of {name}")
        return Offer(name=found.group("name").strip(), fee=money(found.group("fee")),
                     terms=found.group("terms").strip(), ref=self._code(name))

    def order(self, offer: Offer, site: Site | None = None) -> str:
        if site is not None:
            raise ActionFailed(f"the {self.name} channel takes no installation address")
        reply = self._ask("order", code=self._code(offer.name))
        return search(self.cfg("replies.order"), reply, "the order number").group("order")

    def products(self) -> list[ProductState]:
        reply = self._ask("query")
        if re.search(self.cfg("replies.no_products"), reply):
            return []
        status, pending_pattern = self.cfg("status"), self.cfg("pending_pattern")
        found = []
        for item in re.finditer(self.cfg("replies.product"), reply):
            pending = re.search(pending_pattern, item.group("pending"))
            found.append(ProductState(
                name=item.group("name").strip(),
                status=status.get(item.group("status").strip(), item.group("status")),
                start=day(item.group("start")), end=day(item.group("end")),
                pending_offering=pending.group(1).strip() if pending else "",
                pending_date=day(pending.group(2)) if pending else None,
                ref=item.group("name").strip()))
        return found

    def usage(self) -> list[UsageRecord]:
        types = self.cfg("types")
        return [UsageRecord(at=moment(m.group("time")), kind=types.get(m.group("type"), "other"),
                            quantity=number(m.group("quantity")))
                for m in re.finditer(self.cfg("replies.usage"), self._ask("usage"))]

    def bills(self) -> list[Bill]:
        return [Bill(period=m.group("period"), amount=money(m.group("amount")),
                     ref=m.group("period"))
                for m in re.finditer(self.cfg("replies.bill"), self._ask("bills"))]

    def dispute(self, bill: Bill, item: str) -> str:
        # SMS command sets have no complaint command; the walks list the channels that do
        raise ActionFailed("this channel takes no complaints about charges")

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        reply = self._ask("bill_lines", yyyymm=bill.period.replace("-", ""))
        types = self.cfg("types")
        return [BillLine(kind=types.get(m.group("type"), "other"), amount=money(m.group("charge")),
                         at=moment(m.group("time")), quantity=number(m.group("quantity")))
                for m in re.finditer(self.cfg("replies.bill_line"), reply)]

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        reply = self._ask("change", code=self._code(new_offering))
        return day(search(self.cfg("replies.change"), reply, "the change's effective day")
                   .group("date"))

    def cancel(self, product: ProductState) -> None:
        """Unsubscribe the way every channel must offer: list with 0000, pick by number."""
        listed = self._ask("cancel_list")
        items = {m.group("name").strip(): m.group("n")
                 for m in re.finditer(self.cfg("replies.cancel_item"), listed)}
        if product.name not in items:
            raise ActionFailed(f"the unsubscribe list does not offer {product.name!r}: {listed!r}")
        reply = self._ask("cancel_pick", n=items[product.name])
        search(self.cfg("replies.accepted"), reply, "the unsubscribe was accepted")

    def balance(self) -> Decimal:
        return money(search(self.cfg("replies.balance"), self._ask("balance"),
                            "the balance").group("balance"))

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """A recharge card: the SMS hall takes no other payment."""
        if card is None:
            raise ActionFailed("the SMS hall tops up by recharge card only (products.topup."
                               "methods.sms: card)")
        reply = self._ask("top_up", card=card.number, password=card.password)
        found = search(self.cfg("replies.topped_up"), reply, "the top-up")
        return TopUpReceipt(reference=reply, balance=money(found.group("balance")))

def _first_new(phone: Phone, sender: str, seen: set[str], timeout: float) -> Sms | None:
    """The first message from ``sender`` not in ``seen``, waiting up to ``timeout`` real
    seconds (a real short code answers within seconds, the demo at once)."""
    def look() -> Sms | None:
        return next((m for m in phone.inbox() if m.sender == sender and m.id not in seen), None)
    retrying = tenacity.Retrying(stop=tenacity.stop_after_delay(timeout),
                                 wait=tenacity.wait_fixed(0.25),
                                 retry=tenacity.retry_if_result(lambda found: found is None),
                                 retry_error_callback=lambda state: None)
    return retrying(look)
