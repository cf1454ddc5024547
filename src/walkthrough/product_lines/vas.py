"""The value-added subscription's walk: an information service or a ring-back tone, with the
free-trial, reminder, charging-from-the-1st and unsubscribe rules of DOMAIN.md [004].

The customer already has a mobile plan (a value-added service needs one); every bill the
walk reads is that plan's fee plus the information fee the oracle expects.

Facts, in order: ``plan_start``, ``signed_in``, ``offering``, ``offer``, ``order``,
``active``, ``trial_end``, ``cancel``, ``terminated``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from walkthrough import cross_channel, oracle
from walkthrough.checkpoint import ActionFailed, NotApplicable, NotSold, Verdict
from walkthrough.clock import wait_for, wait_late
from walkthrough.cross_channel import IN_FORCE, CrossWalk
from walkthrough.errors import UsageError
from walkthrough.product_lines import common
from walkthrough.product_lines.common import NOT_SOLD
from walkthrough.questions import content_judged, to_judge
from walkthrough.views import Bill
from walkthrough.walk import Walk

DELIVERY_WINDOW = 86400.0  # a daily service shows itself within a day
ENDS_WITHIN = 86400.0  # an unsubscribe takes effect within a day


def _service(walk: Walk, key: str) -> dict:
    """The service's settings; a carrier without it may name one of its own to walk instead
    (``music: news``)."""
    services = common.settings_of(walk)["services"]
    if services.get(key) == NOT_SOLD:
        raise NotSold(f"{walk.carrier.name} sells no '{key}' value-added service "
                      f"(products.vas.services.{key}: {NOT_SOLD})")
    if isinstance(services.get(key), str):
        key = str(services[key])
    if not isinstance(services.get(key), dict):
        raise UsageError(f"no value-added service '{key}' in products.vas.services",
                         path=walk.carrier.path, line=walk.carrier.line_of("products.vas.services"),
                         hint=f"add it, or use one of {', '.join(services)}")
    return dict(services[key])


def _free_cycles(walk: Walk) -> tuple[oracle.Cycle, ...]:
    """The cycles of the free trial (``tariff.vas_trial``); none where the tariff has none."""
    last_free_day = common.rules(walk).last_free_day
    if last_free_day is None:
        return ()
    return oracle.free_cycles(walk.fact("order").at.date(), last_free_day,
                              common.bill_day(walk))


def _trial(walk: Walk) -> tuple[oracle.Cycle, ...]:
    """The free cycles, for a check of the trial: it does not apply to a tariff without."""
    if common.rules(walk).last_free_day is None:
        raise NotApplicable("the tariff has no free trial (no tariff.vas_trial): the fee is "
                            "charged from the day of subscription")
    return _free_cycles(walk)


def note_plan_start(walk: Walk) -> None:
    """The test customer comes with its plan active from this moment (the test set-up's
    promise), which the plan part of every bill is prorated from."""
    walk.act("plan_start", "order", lambda: walk.clock.now().date())


def next_day_of_month(now: dt.datetime, day: int) -> dt.datetime:
    """The next 10:00 on the ``day``th of a month, after ``now``."""
    year, month = now.year, now.month
    for _ in range(13):
        if day <= oracle.days_in(year, month):
            moment = dt.datetime(year, month, day, 10, tzinfo=now.tzinfo)
            if moment > now:
                return moment
        year, month = year + month // 12, month % 12 + 1
    raise ValueError(f"no month has a day {day}")


def on_day(walk: Walk, day: int) -> None:
    """Let time pass to the next ``day`` of a month, 10:00: the trial rule turns on it."""
    def task() -> dt.datetime:
        moment = next_day_of_month(walk.clock.now(), day)
        walk.clock.advance_to(moment)
        return moment
    walk.act("order_day", "order", task, needs=("plan_start",))


def look_up(walk: Walk, service: str) -> None:
    settings = _service(walk, service)
    # the service the customer is after, known even when the look-up fails: what the order
    # is judged by turns on it
    walk.facts["service"] = service
    common.look_up(walk, str(settings["offering"]))


def _orders_ringback(walk: Walk) -> bool:
    """Whether the walk orders a ring-back tone: its service, as the carrier file describes
    it, is heard by callers (``delivers: {ringback: ...}``)."""
    return "ringback" in _service(walk, walk.fact("service"))["delivers"]


def check_order_accepted(walk: Walk, standard: str) -> None:
    """An information service's order is judged as every product's; a ring-back tone's by
    the ring-back tone's rate standard instead, so that the order counts once."""
    if _orders_ringback(walk):
        raise NotApplicable("a ring-back tone order is judged as one attempt of the ring-back "
                            "tone ordering success rate (the next step), not twice")
    common.check_order_accepted(walk, standard)


def check_ringback_order(walk: Walk, standard: str) -> None:
    """Each ring-back tone order is one checkpoint of the rate standard: the share of the
    run's ring-back tone orders accepted, over every walk, is judged as a rate with its
    interval (``walkthrough.rates``), not from the one this walk made."""
    if not _orders_ringback(walk):
        raise NotApplicable("the walk orders no ring-back tone")
    rate = walk.catalogue.get(standard).rate
    share = f"; {rate} of the run's ring-back tone orders must be" if rate else ""

    def question() -> Verdict:
        placed = walk.fact("order")
        return Verdict(bool(placed.order_id), f"order number {placed.order_id or 'none'}",
                       f"the order accepted with an order number{share}")
    walk.check(standard, question)


def subscribe_on_first(cross: CrossWalk, service: str) -> None:
    """The customer subscribes on the first channel and waits until it is active there;
    every channel is asked the subscriptions after it."""
    first = cross.walks[0]

    def subscribe() -> None:
        look_up(first, service)
        common.order(first)
        common.wait_for_activation(first)
    cross_channel.after(cross, f"the subscribe to {service} on {first.channel.name}",
                        subscribe, cross_channel.subscriptions)


def unsubscribe_on_last(cross: CrossWalk) -> None:
    """The customer unsubscribes from the service on the last channel (another than the
    one it was subscribed on, where there are two) and waits until it has ended there;
    every channel is asked the subscriptions after it."""
    first, last = cross.walks[0], cross.walks[-1]

    def unsubscribe() -> None:
        cross_channel.share(first, last, "offering", "active")
        common.cancel(last, {common.offering_of(last)})
        _wait_until_ended(last)
    service = first.facts.get("service", "the service")
    cross_channel.after(cross, f"the unsubscribe from {service} on {last.channel.name}",
                        unsubscribe, cross_channel.subscriptions)


def _wait_until_ended(walk: Walk) -> None:
    """Until the channel no longer shows the service in force (terminated, or not listed)."""
    def task() -> dt.datetime:
        request = walk.fact("cancel")
        names = {request.product.name}
        ended, seconds = wait_late(
            walk.clock, lambda: None if common.find(walk, names, set(IN_FORCE)) else True,
            ENDS_WITHIN, common.LATE_STATE, since=request.at)
        if ended is None:
            raise ActionFailed(f"'{request.product.name}' was still shown in force "
                               f"{common.days(seconds)} after the unsubscribe")
        return walk.clock.now()
    walk.act("ended", "cancel", task, needs=("cancel",))


# -- use -------------------------------------------------------------------------------------
def check_delivers(walk: Walk, standard: str) -> None:
    """A daily information service sends its first message within a day; a ring-back tone is
    heard by the next caller."""
    def question() -> Verdict:
        delivers = _service(walk, walk.fact("service"))["delivers"]
        since = walk.fact("active").at
        if "ringback" in delivers:
            tone = walk.phone.ringback()
            return Verdict(tone == delivers["ringback"], f"callers hear {tone!r}",
                           f"callers hear {delivers['ringback']!r}")
        sender, pattern = str(delivers["sms_from"]), str(delivers["pattern"])

        def look() -> object | None:
            return next((m for m in walk.phone.inbox() if m.sender == sender and
                         m.received_at >= since and re.search(pattern, m.text)), None)
        found, seconds = wait_for(walk.clock, look, DELIVERY_WINDOW, since=since)
        return Verdict(found is not None, f"first message after {common.days(seconds)}"
                       if found else f"no message from {sender} in {common.days(seconds)}",
                       f"a message from {sender} within 24 h")
    walk.check(standard, question, needs=("active",))


# -- bill ------------------------------------------------------------------------------------
def _expected(walk: Walk, period: str, terminated: dt.date | None = None) -> Decimal:
    """The plan's fee for the cycle plus the service's information fee."""
    return sum(_due(walk, common.cycle_called(walk, period), terminated), Decimal("0.00"))


def _due(walk: Walk, cycle: oracle.Cycle,
         terminated: dt.date | None = None) -> tuple[Decimal, Decimal]:
    """The plan's fee for ``cycle`` and the service's information fee on its bill."""
    settings = common.settings_of(walk)
    rules = common.rules(walk)
    plan = oracle.plan_bill(rules, cycle, [oracle.Tenure(
        walk.carrier.tariff(str(settings["plan"])), walk.fact("plan_start"))])
    fee = oracle.vas_charge(rules, walk.carrier.tariff(common.offering_of(walk)), cycle,
                            ordered=walk.fact("order").at.date(), terminated=terminated,
                            bill_day=common.bill_day(walk))
    return plan.total, fee.amount


def _fee_charged(walk: Walk, bill: Bill) -> Decimal | None:
    """The information fee the bill charges, by its own line where the channel names its fee
    lines; None where it does not (then only the bill's total can be judged)."""
    fees = common.fee_lines(walk, bill)
    if fees is None or not any(line.name for line in fees):
        return None
    offering = common.offering_of(walk)
    return sum((line.amount for line in fees if offering in line.name), Decimal("0.00"))


def _judged(walk: Walk, bill: Bill, terminated: dt.date | None = None) -> tuple[bool, str, str]:
    """A bill judged for the days it covers (a cycle cut on other days is BILL-ACCURATE's):
    the information fee's own line where the channel shows it, else the bill's total."""
    cycle = common.own_cycle(walk, bill)
    plan, fee = _due(walk, cycle, terminated)
    charged = _fee_charged(walk, bill)
    days = f" for {cycle.start} to {cycle.end}" if bill.start else ""
    if charged is None:
        return (bill.amount == plan + fee, f"{bill.period} bill {bill.amount}{days}",
                f"{bill.period} bill {plan + fee}")
    return (charged == fee, f"{bill.period} information fee {charged}{days}",
            f"{bill.period} information fee {fee}")


def _bills(walk: Walk) -> dict[str, Decimal]:
    return {b.period: b.amount for b in common.bills(walk)}


def trial_ends(walk: Walk) -> None:
    """Let the free cycles pass: to the first paid cycle's first day, 01:00 (without a
    trial, the order's own cycle is the first paid)."""
    def task() -> dt.date:
        free = _free_cycles(walk)
        if not free:
            return common.cycle_at(walk, walk.fact("order").at).start
        common.after_cut(walk, free[-1], walk.fact("order").at.tzinfo)
        return free[-1].cut
    walk.act("trial_end", "bill", task, needs=("active",))


def check_trial_free(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        months = [c.name for c in to_judge(_trial(walk), "no free cycle")]
        bills = _bills(walk)
        seen = {p: bills.get(p) for p in months}
        expected = {p: _expected(walk, p) for p in months}
        return Verdict(seen == expected, ", ".join(f"{p} bill {a}" for p, a in seen.items()),
                       ", ".join(f"{p} bill {a} (the plan only)" for p, a in expected.items()))
    walk.check(standard, question, needs=("trial_end",))


def check_reminder(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        months = [c.name for c in _trial(walk)]
        pattern = str(walk.carrier.said("products.vas", "reminder",
                                        walk.persona.language)).format(
            offering=re.escape(common.offering_of(walk)))
        sms = walk.phone.find(pattern, walk.fact("order").at)
        expected = f"a reminder on the 21st-25th of {months[-1]}"
        if sms is None:
            return Verdict(False, "no reminder", expected)
        on_time = oracle.period_of(sms.received_at) == months[-1] and \
            21 <= sms.received_at.day <= 25
        fee = walk.carrier.tariff(common.offering_of(walk)).monthly_fee
        # DOMAIN.md [004]: the fee and from when, that unsubscribing this month costs
        # nothing, and how to unsubscribe
        return content_judged(walk, "vas_reminder", sms, {
            "fee": f"{fee:.2f}", "charged_from": walk.fact("trial_end").isoformat(),
            "free_if_unsubscribed": None, "unsubscribe": None},
            Verdict(on_time, f"reminder on {sms.received_at:%Y-%m-%d}: {sms.text}", expected))
    walk.check(standard, question, needs=("trial_end",))


def check_charged_from_first(walk: Walk, standard: str) -> None:
    """The first paid cycle's bill carries the information fee: after a trial the whole fee
    from the cycle's first day; without one, from the day of subscription."""
    def question() -> Verdict:
        first_paid = walk.fact("trial_end")
        cycle = common.cycle_at(walk, first_paid)
        common.after_cut(walk, cycle, walk.fact("order").at.tzinfo)
        # without a trial the fee runs from the day of subscription: its bill is that day's
        charged_from = first_paid if _free_cycles(walk) else walk.fact("order").at.date()
        bill = common.bill_covering(walk, charged_from)
        if bill is None:
            return common.no_bill(walk, f"covering {charged_from}")
        ok, observed, expected = _judged(walk, bill)
        fee = "the whole information fee" if _free_cycles(walk) else \
            "the information fee from the day of subscription"
        return Verdict(ok, observed, f"{expected} ({fee})")
    walk.check(standard, question, needs=("trial_end",))


# -- cancel ----------------------------------------------------------------------------------
def unsubscribe(walk: Walk) -> None:
    common.cancel(walk, {common.offering_of(walk)})


def check_charges_stop(walk: Walk, standard: str) -> None:
    """No information fee for any cycle that starts after the unsubscribe took effect."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        ends = walk.facts.get("terminated") or [(request.at + dt.timedelta(days=1)).date()]
        end = ends[-1]
        last = common.cycle_at(walk, end)
        after = oracle.next_cycle(last, common.bill_day(walk))
        # each cycle's bill read as it comes: a channel may tell only the latest (an SMS
        # hall's ZD, a voice menu's bill)
        judged: list[tuple[bool, str, str]] = []
        read: set[str] = set()
        for day, cycle in ((end, last), (after.start, after)):
            common.after_cut(walk, cycle, request.at.tzinfo)
            bill = common.bill_covering(walk, day)
            if bill is None:
                missing = common.no_bill(walk, f"covering {day}")
                judged.append((False, missing.observed, missing.expected))
            elif bill.period not in read:  # a carrier's cycle covering both days: once
                read.add(bill.period)
                judged.append(_judged(walk, bill, terminated=end))
        return Verdict(all(ok for ok, _, _ in judged), ", ".join(j[1] for j in judged),
                       ", ".join(j[2] for j in judged))
    walk.check(standard, question, needs=("cancel",))
