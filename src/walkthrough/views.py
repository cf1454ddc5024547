"""What a customer sees on a channel, in one shape whatever the channel.

Every driver turns its channel's pages, prompts or documents into these, so that a check is
written once and made on every channel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal


@dataclasses.dataclass(frozen=True)
class Offer:
    name: str
    fee: Decimal
    terms: str
    ref: str = ""  # the channel's own handle on it (an id, a row)
    vat: Decimal | None = None  # the VAT included in ``fee``, where the channel states it


@dataclasses.dataclass(frozen=True)
class OrderReceipt:
    order_id: str
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class ProductState:
    name: str
    status: str  # pendingActive | active | pendingTerminate | terminated (TMF637 words)
    start: dt.date | None = None
    end: dt.date | None = None  # the termination day, where the channel shows it
    pending_offering: str = ""
    pending_date: dt.date | None = None
    ref: str = ""


@dataclasses.dataclass(frozen=True)
class UsageRecord:
    at: dt.datetime
    kind: str  # voice | data
    quantity: Decimal  # what the customer used, in minutes or MB
    rated: Decimal | None = None  # what the carrier charged it as, where it says


@dataclasses.dataclass(frozen=True)
class BillLine:
    # recurring | voice | data | discount | summary (a page's 费用明细 row) | other |
    # usage (a usage charge the channel ties to no usage record)
    kind: str
    amount: Decimal
    at: dt.datetime | None = None
    quantity: Decimal | None = None
    name: str = ""  # what the bill calls the line, where it says
    vat: Decimal | None = None  # the VAT in ``amount``, where the channel states it


@dataclasses.dataclass(frozen=True)
class Bill:
    period: str  # YYYY-MM: the month its cycle starts in
    amount: Decimal
    ref: str = ""
    # whose bill the channel says it is (a number or a customer id); None where the channel
    # does not say, as a voice menu reached from the customer's own phone does not
    holder: str | None = None
    # the cycle's first and last days (both counted) and the VAT included in ``amount``,
    # where the channel says them
    start: dt.date | None = None
    end: dt.date | None = None
    vat: Decimal | None = None


@dataclasses.dataclass(frozen=True)
class Sms:
    sender: str
    text: str
    received_at: dt.datetime
    id: str = ""


@dataclasses.dataclass(frozen=True)
class Slot:
    """An installation appointment a channel offers."""

    start: dt.datetime
    end: dt.datetime
    ref: str = ""  # the channel's handle on it (an id, the option's text)


@dataclasses.dataclass(frozen=True)
class Site:
    """Where a fixed line is to be installed, and when the customer will be there for it."""

    address: str
    slot: Slot | None = None


@dataclasses.dataclass(frozen=True)
class Ticket:
    """A fault report (trouble ticket) as the channel shows it."""

    ref: str
    product: str  # the offering name of the line it concerns
    status: str  # acknowledged | inProgress | resolved (TMF621 words)
    reported: dt.datetime | None = None
    resolved: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class InboundCall:
    """A call the customer's phone received from the carrier."""

    caller: str
    at: dt.datetime
    purpose: str
    note: str = ""


@dataclasses.dataclass(frozen=True)
class RechargeCard:
    """A recharge card (充值卡) as a shop sells it."""

    number: str
    password: str
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class TopUpReceipt:
    """What the channel said when it took a top-up."""

    reference: str = ""  # a payment id or the words of the outcome
    balance: Decimal | None = None  # the balance the channel showed with it, if it did
