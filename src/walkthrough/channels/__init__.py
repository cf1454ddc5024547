"""Channels: the ways a customer reaches the carrier. Each driver does the same customer tasks
and answers the same questions, in the shapes of ``walkthrough.views``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Protocol

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


class Channel(Protocol):
    name: str
    # what the channel measured of the customer's effort: "order.seconds" (counter handling
    # time), "cancel.keys" (hotline key presses), "order.pages", "order.clicks"
    measures: dict[str, float]

    def sign_in(self) -> None: ...

    def find_offering(self, name: str) -> Offer: ...

    def order(self, offer: Offer, site: Site | None = None) -> str:
        """Order the offering (a fixed line: for ``site``, at its slot); returns the order
        number the customer is given."""
        ...

    def slots(self, offer: Offer) -> list[Slot]:
        """The installation appointments the channel offers for the offering."""
        ...

    def report_fault(self, product: ProductState, description: str) -> str:
        """Report a fault (报障) on a fixed line; returns the ticket number given."""
        ...

    def tickets(self) -> list[Ticket]: ...

    def products(self) -> list[ProductState]: ...

    def usage(self) -> list[UsageRecord]: ...

    def bills(self) -> list[Bill]: ...

    def bill_lines(self, bill: Bill) -> list[BillLine]: ...

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        """Ask for the plan change; returns the effective day the channel announced, if any."""
        ...

    def cancel(self, product: ProductState) -> None: ...

    def dispute(self, bill: Bill, item: str) -> str:
        """Complain about the charge ``item`` on ``bill``; returns the ticket number given."""
        ...

    def balance(self) -> Decimal:
        """The prepaid balance the channel shows (negative in arrears)."""
        ...

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """Top up by the channel's way of paying: ``amount`` online or in cash, or ``card``
        where the channel takes recharge cards. A refusal is ActionFailed."""
        ...

    def evidence(self) -> list[tuple[str, bytes, str]]:
        """What to attach to the report when a checkpoint fails: (name, content, mime type)."""
        ...

    def close(self, failed: bool) -> None: ...

