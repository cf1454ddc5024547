"""The enterprise leased line's walk: an enterprise customer (the test customer's name is the
contact person, the number the contact's phone) orders a circuit for its site, the circuit is
provisioned in days, the contact gets a revisit call (回访), planned network work (割接) is
notified before it starts, the monthly fee is billed, a fault is repaired in time and revisited,
and the line is terminated (DOMAIN.md [002]: revisit after provisioning and after every fault,
outages notified proactively, both 100 %).

The shared fixed-line work is in ``fixed_line``; what is the enterprise's own is its care.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from walkthrough.checkpoint import Verdict
from walkthrough.clock import wait_for
from walkthrough.product_lines import common
from walkthrough.views import InboundCall
from walkthrough.walk import Walk


@dataclasses.dataclass(frozen=True)
class Work:
    """Planned network work on the customer's line."""

    start: dt.datetime
    end: dt.datetime
    planned_at: dt.datetime


def wait_for_provisioning(walk: Walk) -> None:
    common.wait_for_activation(walk)


def _since(walk: Walk, after: str) -> dt.datetime:
    """When the revisit's clock starts: the line seen active, or the repair."""
    return walk.fact(after).at


def check_revisit(walk: Walk, standard: str, after: str) -> None:
    """A call from the carrier with the revisit purpose within the standard's time of the
    provisioning (``after="active"``) or of the repair (``after="repaired"``); a revisit made
    earlier for something else does not count for this one."""
    def question() -> Verdict:
        settings = common.settings_of(walk).get("revisit", {})
        caller, purpose = str(settings.get("caller", "")), str(settings.get("purpose", "回访"))
        since = _since(walk, after)
        earliest = walk.fact("ticket").at if after == "repaired" else walk.fact("order").at
        limit = walk.catalogue.get(standard).seconds

        def revisit() -> InboundCall | None:
            return next((c for c in walk.phone.calls_received()
                         if c.at >= earliest and purpose in c.purpose
                         and (not caller or c.caller == caller)), None)
        call, seconds = wait_for(walk.clock, revisit, limit, since=since)
        what = "provisioning" if after == "active" else "the repair"
        if call is None:
            return Verdict(False, f"no revisit call in {common.days(seconds)} after {what}",
                           f"a revisit call within {common.days(limit)} of {what}")
        took = max((call.at - since).total_seconds(), 0.0)
        return Verdict(took <= limit, f"revisit call at {call.at:%Y-%m-%d %H:%M}: {call.note}",
                       f"a revisit call within {common.days(limit)} of {what}")
    walk.check(standard, question, needs=(after,))


def plan_network_work(walk: Walk) -> None:
    """Network operations schedule work that interrupts the line (test support: a real
    carrier's test environment would have its network department do the same)."""
    def task() -> Work:
        outage = common.settings_of(walk).get("outage", {})
        now = walk.clock.now()
        start = (now + dt.timedelta(hours=float(outage.get("ahead_hours", 72)))).replace(
            minute=0, second=0, microsecond=0)
        hours = float(outage.get("hours", 4))
        walk.phone.backstage.call("network_work", start=start, hours=hours)
        return Work(start, start + dt.timedelta(hours=hours), now)
    walk.act("work", "use", task, needs=("active",))


def check_outage_notice(walk: Walk, standard: str) -> None:
    """The contact has the notice by SMS at least the standard's time before the work."""
    def question() -> Verdict:
        work = walk.fact("work")
        walk.clock.advance_to(work.start)
        pattern = str(common.settings_of(walk)["outage"]["notice"]).format(
            offering=re.escape(common.offering_of(walk)))
        sms = walk.phone.find(pattern, work.planned_at)
        limit = walk.catalogue.get(standard).seconds
        expected = f"a notice at least {common.days(limit)} before {work.start:%Y-%m-%d %H:%M}"
        if sms is None or sms.received_at > work.start:
            return Verdict(False, "no notice before the work started", expected)
        ahead = (work.start - sms.received_at).total_seconds()
        return Verdict(ahead >= limit, f"notice {common.days(ahead)} ahead: {sms.text}", expected)
    walk.check(standard, question, needs=("work",))
