"""The converged bundle walk (我的e家): one order for mobile + broadband + TV, one bill with each
member's fee and the bundle discount, one member removed mid-month, then the bundle cancelled.

What each month must cost is the carrier file's bundle rule (``tariff.bundles``) applied by
the oracle to the days each member was in service, as the channel shows them.

Facts, in order: ``signed_in``, ``offering``, ``offer``, ``order``, ``active``, ``bill_period``,
``removal``, ``removed_end``, ``kept``, ``cancel``, ``terminated``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from walkthrough import oracle
from walkthrough.carrier import BundleTariff
from walkthrough.channels import Itemised
from walkthrough.checkpoint import ActionFailed, Verdict
from walkthrough.product_lines import common
from walkthrough.product_lines.vas import next_day_of_month
from walkthrough.questions import to_judge
from walkthrough.views import Bill, ProductState
from walkthrough.walk import Walk


def _settings(walk: Walk) -> dict:
    return common.settings_of(walk)


def _rule(walk: Walk) -> BundleTariff:
    rule = walk.carrier.bundle(str(_settings(walk)["offering"]))
    to_judge(rule.members, f"the bundle rule of {rule.name} lists no member")
    return rule


def look_up(walk: Walk) -> None:
    common.look_up(walk, str(_settings(walk)["offering"]))


def _shown(walk: Walk) -> dict[str, ProductState]:
    """The bundle's members as the channel lists them (the latest of each)."""
    rule = _rule(walk)
    return {p.name: p for p in walk.channel.products() if p.name in rule.members}


def _members(walk: Walk, ends: dict[str, dt.date | None] | None = None) -> list[oracle.Member]:
    """Each member's tariff and days in service: the start the channel shows (else the day the
    bundle was seen active), the end as the walk saw it."""
    shown = _shown(walk)
    fallback = walk.fact("active").at.date()
    found = []
    for name in _rule(walk).members:
        product = shown.get(name)
        start = product.start if product and product.start else fallback
        end = (ends or {}).get(name)
        found.append(oracle.Member(walk.carrier.tariff(name), start, end))
    return found


def _discount(walk: Walk, bill: Bill) -> Decimal | None:
    """The discount line of the bill, as the channel shows it (None: not shown)."""
    pattern = str(_settings(walk).get("discount_line", "优惠"))
    found = [line.amount for line in walk.able(Itemised).bill_lines(bill)
             if line.kind == "discount" or (line.name and re.search(pattern, line.name))]
    return sum(found, Decimal("0.00")) if found else None


def _verdict_for(walk: Walk, period: str, expected: oracle.ExpectedBill) -> tuple[bool, str, str]:
    """Does the month's bill match the expected one: its total, and its discount line?"""
    bill = common.bill_of(walk, period)
    wanted = next((line.amount for line in expected.lines if line.kind == "discount"), None)
    expect = f"{period} bill {expected.total}, discount {wanted if wanted is not None else 'none'}"
    if bill is None:
        return False, f"no bill for {period}", expect
    discount = _discount(walk, bill)
    ok = bill.amount == expected.total and discount == wanted
    return ok, (f"{period} bill {bill.amount}, discount "
                f"{discount if discount is not None else 'none'}"), expect


# -- bill ------------------------------------------------------------------------------------
def check_discount(walk: Walk, standard: str) -> None:
    """The month the bundle starts in: each member prorated from its start, the discount at
    the rate for all the members, on one bill."""
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        expected = oracle.bundle_bill(_rule(walk), _members(walk), period)
        return Verdict(*_verdict_for(walk, period, expected))
    walk.check(standard, question, needs=("bill_period", "active"))


# -- change: one member removed --------------------------------------------------------------
def remove_member(walk: Walk) -> None:
    """On the configured day of the month after the first bill, the customer removes one
    member (the TV) on the channel."""
    def task() -> common.Request:
        settings = _settings(walk)
        member = str(settings["remove"])
        walk.clock.advance_to(next_day_of_month(walk.clock.now(),
                                                int(settings.get("remove_on_day", 10))))
        product = common.find(walk, {member}, {"active"})
        if product is None:
            raise ActionFailed(f"'{member}' is not shown active, nothing to remove")
        asked = walk.clock.now()
        walk.channel.cancel(product)
        return common.Request(product, walk.clock.now(), asked=asked)
    walk.act("removal", "change", task, needs=("bill_period",))


def check_member_removed(walk: Walk, standard: str) -> None:
    """The member ends within the promise and the others stay active; the month it ends keeps
    its rate, the next month is billed at the rate for what remains."""
    def question() -> Verdict:
        request = walk.fact("removal")
        name = request.product.name
        promise = float(walk.carrier.get("tariff.cancel_within_hours", 24)) * 3600
        gone, seconds = common.wait_state(walk, {name}, "terminated", request.at, promise)
        problems = []
        if gone is None:
            problems.append(f"{name} not terminated after {common.days(seconds)}")
        end = None
        if gone is not None:  # the day it ended: as shown, else the day it was seen ended
            end = gone.end or (request.at + dt.timedelta(seconds=seconds)).date()
        walk.facts["removed_end"] = end
        shown = _shown(walk)
        stay = [m for m in _rule(walk).members if m != name]
        left = [m for m in stay if m not in shown or shown[m].status != "active"]
        if left:
            problems.append(f"{', '.join(left)} no longer active")
            # what is left of the bundle is gone: the customer cannot cancel it any more
            walk.blocked["kept"] = f"blocked: {', '.join(left)} ended with {name}"
        else:
            walk.facts["kept"] = stay
        months = [oracle.period_of(request.at),
                  oracle.period_of(oracle.first_of_next_month(request.at.date()))]
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(oracle.first_of_next_month(request.at.date())),
            dt.time(1), request.at.tzinfo))
        members = _members(walk, {name: end or request.at.date()})
        observed, expected = [], []
        for period in months:
            ok, seen, wanted = _verdict_for(walk, period,
                                            oracle.bundle_bill(_rule(walk), members, period))
            observed.append(seen)
            expected.append(wanted)
            if not ok:
                problems.append(f"{period} not as the rule says")
        return Verdict(not problems, "; ".join(observed + problems),
                       f"{name} terminated, {', '.join(stay)} active; " + "; ".join(expected))
    walk.check(standard, question, needs=("removal",), gives=("kept",))


# -- cancel ----------------------------------------------------------------------------------
def cancel(walk: Walk) -> None:
    """Cancel the bundle, once what remained of it after the removal is known to be there."""
    common.cancel(walk, {str(_settings(walk)["offering"])}, needs=("active", "kept"))


def check_charges_stop(walk: Walk, standard: str) -> None:
    """The month the bundle ends: the members still in it charged up to that day at the rate
    of what remained; nothing after."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        promised = float(walk.carrier.get("tariff.cancel_within_hours", 24)) * 3600
        ends = walk.facts.get("terminated") or [
            (request.at + dt.timedelta(seconds=promised)).date()]
        end = ends[-1]
        period = oracle.period_of(end)
        after = oracle.period_of(oracle.first_of_next_month(end))
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(oracle.first_of_next_month(end)), dt.time(1),
            request.at.tzinfo))
        removed = str(_settings(walk)["remove"])
        removed_end = walk.facts.get("removed_end")
        members = _members(walk, {name: (removed_end if name == removed and removed_end
                                         else end) for name in _rule(walk).members})
        expected = oracle.bundle_bill(_rule(walk), members, period).total
        bills = {b.period: b.amount for b in walk.channel.bills()}
        last, later = bills.get(period), bills.get(after, Decimal("0.00"))
        ok = last == expected and later == 0
        return Verdict(ok, f"{period} bill {last if last is not None else 'missing'}, "
                       f"{after} bill {later}",
                       f"{period} bill {expected} (up to {end}), {after} bill 0.00")
    walk.check(standard, question, needs=("cancel",))
