"""What the fixed lines (broadband, enterprise leased lines) share: an order for a site, a
line that is used at the site, the monthly fee from the day it started, and fault reports
(报障) repaired on a trouble ticket.

Facts, in order: ``signed_in``, ``offering``, ``offer``, ``booked`` (broadband: the slot),
``order``, ``active``, ``sessions``, ``bill_period``, ``ticket``, ``repaired``, ``cancel``,
``terminated``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from walkthrough import oracle
from walkthrough.channels import Appointments, Repairs, RepairTickets
from walkthrough.checkpoint import ActionFailed, Verdict
from walkthrough.clock import wait_late
from walkthrough.phone import Session
from walkthrough.product_lines import common
from walkthrough.questions import content_judged, message_pattern, names_all
from walkthrough.views import ProductState, Site, Slot, Ticket
from walkthrough.walk import Walk

LATE_REPAIR = 7 * 86400.0  # how long a customer keeps waiting for a late repair


@dataclasses.dataclass(frozen=True)
class Reported:
    """A fault report the channel took."""

    ticket: str
    product: ProductState
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Repair:
    ticket: Ticket
    at: dt.datetime        # when it was repaired (as the channel shows it, else first seen)
    seconds: float         # from the report


# -- order -----------------------------------------------------------------------------------
def look_up(walk: Walk) -> None:
    common.look_up(walk, str(common.settings_of(walk)["offering"]))


def book_slot(walk: Walk) -> None:
    """The customer picks one of the installation slots the channel offers (the carrier file
    says which: 1 = the first)."""
    def task() -> Slot:
        offered = walk.able(Appointments).slots(walk.fact("offer"))
        if not offered:
            raise ActionFailed("the channel offers no installation appointment")
        pick = int(common.settings_of(walk).get("slot", 1))
        booked = offered[min(pick, len(offered)) - 1]
        walk.appoint(booked.start, "the installation appointment")
        return booked
    walk.act("booked", "order", task, needs=("offer",))


def order_for_site(walk: Walk) -> None:
    """Order the line for the persona's address (at the booked slot, where there is one)."""
    def task() -> common.Placed:
        site = Site(walk.persona.address, walk.facts.get("booked"))
        asked = walk.clock.now()
        order_id = walk.channel.order(walk.fact("offer"), site)
        return common.Placed(order_id, walk.clock.now(), asked)
    walk.act("order", "order", task, needs=("offer",))


# -- activate --------------------------------------------------------------------------------
def check_activation_notice(walk: Walk, standard: str) -> None:
    """The notice names the account (the customer's number) and the offering."""
    def question() -> Verdict:
        offering = common.offering_of(walk)
        pattern = message_pattern(walk, "activation", offering=offering)
        placed = walk.fact("order")
        sms = walk.phone.find(pattern, placed.asked or placed.at)
        if sms is None:
            return Verdict(False, "no activation notice", "a notice naming number and line")
        return names_all(sms, {"the number": walk.persona.msisdn, "the line": offering})
    walk.check(standard, question, needs=("active",))


# -- use -------------------------------------------------------------------------------------
def use(walk: Walk) -> None:
    megabytes = int(common.settings_of(walk).get("use", {}).get("data_mb", 1024))

    def task() -> list[Session]:
        return [walk.phone.line_session(megabytes, walk.clock.now())]
    walk.act("sessions", "use", task, needs=("active",))


# -- bill ------------------------------------------------------------------------------------
def start_days(walk: Walk) -> list[dt.date]:
    """The day the line started: as the channel shows it, else any day from the order to the
    look that first saw it active."""
    activation = walk.fact("active")
    if activation.product.start:
        return [activation.product.start]
    return common.day_range(walk.fact("order").at.date(), activation.at.date())


def check_bill_accurate(walk: Walk, standard: str) -> None:
    """The month's bill is the monthly fee from the start day (usage on a line is free)."""
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        bill = common.bill_of(walk, period)
        if bill is None:
            return Verdict(False, f"no bill for {period} on the {walk.channel.name} channel",
                           f"a bill for {period}")
        tariff = walk.carrier.tariff(common.offering_of(walk))
        totals = sorted({oracle.monthly_fee(tariff, period, start=day)
                         for day in start_days(walk)})
        return Verdict(bill.amount in totals, f"{period} bill {bill.amount}",
                       f"{' or '.join(map(str, totals))} (the monthly fee {tariff.monthly_fee} "
                       f"from {start_days(walk)[0]})")
    walk.check(standard, question, needs=("bill_period", "active"))


# -- change: fault report and repair ---------------------------------------------------------
def report_fault(walk: Walk) -> None:
    def task() -> Reported:
        product = common.find(walk, {common.offering_of(walk)}, {"active"})
        if product is None:
            raise ActionFailed(f"'{common.offering_of(walk)}' is not shown active, no fault "
                               f"to report on it")
        description = str(common.settings_of(walk).get("fault", "故障"))
        ticket = walk.able(Repairs).report_fault(product, description)
        if not ticket:
            raise ActionFailed("the fault report was taken without a ticket number")
        return Reported(ticket, product, walk.clock.now())
    walk.act("ticket", "change", task, needs=("active",))


def _ticket(walk: Walk, ref: str) -> Ticket | None:
    return next((t for t in walk.able(RepairTickets).tickets() if t.ref == ref), None)


def check_repaired(walk: Walk, standard: str) -> None:
    """The ticket is shown resolved within the standard's time of the report, and a repair
    notice names the line and the ticket."""
    def question() -> Verdict:
        reported = walk.fact("ticket")
        limit = walk.catalogue.get(standard).seconds

        def resolved() -> Ticket | None:
            found = _ticket(walk, reported.ticket)
            return found if found is not None and found.status == "resolved" else None
        ticket, seconds = wait_late(walk.clock, resolved, limit, LATE_REPAIR, since=reported.at)
        if ticket is None:
            walk.failed["repaired"] = f"ticket {reported.ticket} not resolved after " \
                                      f"{common.days(seconds)}"
            return Verdict(False, walk.failed["repaired"], f"resolved within {common.days(limit)}")
        if ticket.resolved and ticket.reported:  # the channel says when: exact
            seconds = (ticket.resolved - ticket.reported).total_seconds()
        at = ticket.resolved or reported.at + dt.timedelta(seconds=seconds)
        walk.facts["repaired"] = Repair(ticket, at, seconds)
        pattern = message_pattern(walk, "repair_notice", offering=reported.product.name,
                                  ticket=reported.ticket)
        notice = walk.phone.find(pattern, reported.at)
        observed = f"ticket {reported.ticket} resolved after {common.days(seconds)}, " + \
            ("repair notice received" if notice else "no repair notice")
        verdict = Verdict(seconds <= limit and notice is not None, observed,
                          f"resolved within {common.days(limit)} and a repair notice")
        if notice is None:
            return verdict
        return content_judged(walk, "repair_notice", notice, {"ticket": reported.ticket},
                              verdict)
    walk.check(standard, question, needs=("ticket",), gives=("repaired",))


# -- cancel ----------------------------------------------------------------------------------
def disconnect(walk: Walk) -> None:
    common.cancel(walk, {common.offering_of(walk)})
