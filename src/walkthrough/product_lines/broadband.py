"""Fixed broadband's walk: ordered with an installation appointment the channel offers,
installed in the booked slot, used at home, billed from the installation day, a fault reported
and repaired, disconnected (DOMAIN.md [000, 003]: delivery and installation, fault report).

The shared fixed-line work is in ``fixed_line``; what is broadband's own is the slot.
"""

from __future__ import annotations

from walkthrough.checkpoint import ActionFailed, Verdict
from walkthrough.clock import look_for
from walkthrough.product_lines import common
from walkthrough.product_lines.fixed_line import (  # noqa: F401 - steps call them from here
    book_slot,
    check_activation_notice,
    check_bill_accurate,
    check_repaired,
    disconnect,
    look_up,
    order_for_site,
    report_fault,
    use,
)
from walkthrough.walk import Walk

LOOK_EVERY = 1800.0  # the customer at home looks every half hour whether the line works


def wait_for_installation(walk: Walk) -> None:
    """The customer is at home from the start of the booked slot and waits for the technician;
    the line is looked at every half hour until it shows active (a week at most)."""
    def task() -> common.Activation:
        slot = walk.fact("booked")
        placed = walk.fact("order")
        walk.clock.advance_to(slot.start)
        within = (slot.end - slot.start).total_seconds()

        def active() -> object | None:
            return common.find(walk, {common.offering_of(walk)}, {"active"})
        product = look_for(walk.clock, active, within, since=slot.start, poll=LOOK_EVERY)
        if product is None:  # not in the slot: go on waiting, as the customer would
            product = look_for(walk.clock, active, within + common.LATE_STATE,
                               since=slot.start, poll=common.LATE_STATE / 24)
        if product is None:
            raise ActionFailed(f"'{common.offering_of(walk)}' was not installed within a week "
                               f"of the booked slot")
        now = walk.clock.now()
        return common.Activation(product, (now - placed.at).total_seconds(), now)  # type: ignore[arg-type]
    walk.act("active", "activate", task, needs=("order", "booked"))


def check_installed_in_slot(walk: Walk, standard: str) -> None:
    """Seen active by the end of the booked slot (looking every half hour from its start)."""
    def question() -> Verdict:
        slot = walk.fact("booked")
        seen = walk.fact("active").at
        late = (seen - slot.end).total_seconds()
        limit = walk.catalogue.get(standard).seconds
        booked = f"{slot.start:%Y-%m-%d %H:%M}-{slot.end:%H:%M}"
        return Verdict(late <= limit, f"seen active at {seen:%Y-%m-%d %H:%M}",
                       f"active by the end of the booked slot {booked}")
    walk.check(standard, question, needs=("order",))
