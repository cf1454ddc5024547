"""Channels: the ways a customer reaches the carrier. Each driver does the same customer tasks
and answers the same questions, in the shapes of ``walkthrough.views``.

A driver's abilities are small protocols, each a group of tasks a channel may or may not
offer (a voice menu has an agent queue, the API has none); a driver declares the ones it has
(``abilities``), and a walk asks ``walk.can(Ability)`` before a task only some channels do.
``Channel`` is the abilities every driver has; the others are reached through
``walk.able(Ability)``, which makes a task the driver does not declare not applicable on its
channel, never a failure of the carrier's."""

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


class Reaching(Protocol):
    """What every driver is: the customer reaching the channel, what it measured of their
    effort ("order.seconds" at the counter, "cancel.keys" on the hotline, "order.pages",
    "order.clicks" in a hall), and what it can show when a checkpoint fails."""

    name: str
    measures: dict[str, float]

    def sign_in(self) -> None: ...

    def evidence(self) -> list[tuple[str, bytes, str]]:
        """What to attach to the report when a checkpoint fails: (name, content, mime type)."""
        ...

    def close(self, failed: bool) -> None: ...


class Catalogue(Protocol):
    def find_offering(self, name: str) -> Offer: ...


class Ordering(Protocol):
    def order(self, offer: Offer, site: Site | None = None) -> str:
        """Order the offering (a fixed line: for ``site``, at its slot); returns the order
        number the customer is given."""
        ...

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        """Ask for the plan change; returns the effective day the channel announced, if any."""
        ...

    def cancel(self, product: ProductState) -> None: ...


class Inventory(Protocol):
    def products(self) -> list[ProductState]: ...


class UsageRecords(Protocol):
    def usage(self) -> list[UsageRecord]: ...


class Billing(Protocol):
    def bills(self) -> list[Bill]: ...


class Itemised(Protocol):
    """Read a bill's itemised lines."""

    def bill_lines(self, bill: Bill) -> list[BillLine]: ...


class Disputes(Protocol):
    """Complain about a charge on a bill."""

    def dispute(self, bill: Bill, item: str) -> str:
        """Complain about the charge ``item`` on ``bill``; returns the ticket number given."""
        ...


class Appointments(Protocol):
    """Offer installation appointments."""

    def slots(self, offer: Offer) -> list[Slot]:
        """The installation appointments the channel offers for the offering."""
        ...


class Repairs(Protocol):
    """Take a fault report."""

    def report_fault(self, product: ProductState, description: str) -> str:
        """Report a fault (报障) on a fixed line; returns the ticket number given."""
        ...


class RepairTickets(Protocol):
    """Show the fault reports and how far each has got."""

    def tickets(self) -> list[Ticket]: ...


class Prepaid(Protocol):
    def balance(self) -> Decimal:
        """The prepaid balance the channel shows (negative in arrears)."""
        ...

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """Top up by the channel's way of paying: ``amount`` online or in cash, or ``card``
        where the channel takes recharge cards. A refusal is ActionFailed."""
        ...


class AgentQueue(Protocol):
    """Put the caller through to a human agent."""

    def agent(self) -> str:
        """Ask for a human agent; what the channel then says."""
        ...


ABILITIES: tuple[type, ...] = (Catalogue, Ordering, Inventory, UsageRecords, Billing,
                               Itemised, Disputes, Appointments, Repairs, RepairTickets,
                               Prepaid, AgentQueue)
# what every channel of a carrier does: the rest is asked of those that declare it
COMMON: frozenset[type] = frozenset({Catalogue, Ordering, Inventory, UsageRecords, Billing,
                                     Prepaid})


class Channel(Reaching, Catalogue, Ordering, Inventory, UsageRecords, Billing, Prepaid,
              Protocol):
    """The abilities every driver has, the shape the product lines are written against; a
    task of another ability is asked through ``walk.able(Ability)``."""
