"""The mobile plan's walk: order, activate, use, bill, change plan, cancel.

Facts the walk establishes, in order: ``signed_in``, ``offer``, ``order``, ``active``,
``sessions``, ``bill_period``, ``bill``, ``change``, ``cancel``, ``terminated``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from walkthrough import oracle
from walkthrough.checkpoint import ActionFailed, CheckpointBlocked, Verdict
from walkthrough.errors import UsageError
from walkthrough.phone import Session
from walkthrough.product_lines import common
from walkthrough.product_lines.common import (  # noqa: F401 - steps call them from here
    check_active_in_time,
    check_agent_queue,
    check_announced,
    check_bills_own,
    check_cancel_effective,
    check_cancel_sms,
    check_counter_time,
    check_effort,
    check_order_accepted,
    check_order_sms,
    check_order_sms_content,
    check_price_shown,
    order,
    sign_in,
    wait_for_activation,
)
from walkthrough.questions import (
    connected,
    message_pattern,
    names_all,
    sms_within,
    stated,
    to_judge,
)
from walkthrough.walk import Walk

LINE = "mobile_plan"


def _settings(walk: Walk) -> dict:
    return walk.carrier.product(LINE)


def _offering(walk: Walk) -> str:
    return str(_settings(walk)["offering"])




# -- order -----------------------------------------------------------------------------------
def look_up(walk: Walk) -> None:
    common.look_up(walk, _offering(walk))


# -- activate --------------------------------------------------------------------------------
def check_activation_notice(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        offering = _offering(walk)
        pattern = message_pattern(walk, "activation", offering=offering)
        placed = walk.fact("order")
        sms = walk.phone.find(pattern, placed.asked or placed.at)
        if sms is None:
            return Verdict(False, "no activation notice", "a notice naming number and plan")
        return names_all(sms, {"the number": walk.persona.msisdn, "the plan": offering})
    walk.check(standard, question, needs=("active",))


# -- use -------------------------------------------------------------------------------------
def use(walk: Walk) -> None:
    def task() -> list[Session]:
        settings = _settings(walk).get("use", {})
        minutes = int(settings.get("call_minutes", 12))
        megabytes = int(settings.get("data_mb", 1500))
        call = walk.phone.call(minutes, walk.clock.now())
        walk.clock.advance(minutes * 60)  # the call lasts; the data session comes after it
        data = walk.phone.data(megabytes, walk.clock.now())
        return [call, data]
    walk.act("sessions", "use", task, needs=("active",))


def _connected(walk: Walk) -> list[Session]:
    return connected(walk.fact("sessions"))


def check_use_works(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        sessions = to_judge(walk.fact("sessions"), "the walk made no call or data session")
        down = [f"{s.kind} {s.quantity}: {s.reason}" for s in sessions if not s.connected]
        return Verdict(not down, "; ".join(down) or f"{len(sessions)} of {len(sessions)} "
                       "sessions connected", "every session connected")
    walk.check(standard, question, needs=("sessions",))


def _unmatched(made: list[Session], seen: list[tuple[str, Decimal]]) -> list[str]:
    """The sessions made that ``seen`` does not list (kind and quantity), one each."""
    left = list(seen)
    missing = []
    for session in made:
        key = (session.kind, Decimal(session.quantity))
        if key in left:
            left.remove(key)
        else:
            missing.append(f"{session.kind} {session.quantity}")
    return missing


def check_use_recorded(walk: Walk, standard: str) -> None:
    """Both ways: every session that connected is recorded with its quantity, and no record
    stands for a session the walk never made (a fresh customer's records are all the
    walk's). Where the channel says what a session was rated as, that is what was used: the
    walk's sessions are whole minutes and MB, which rating per started second, minute, KB or
    MB leaves as they are."""
    def question() -> Verdict:
        made = _connected(walk)
        records = walk.channel.usage()
        seen = [(u.kind, u.quantity) for u in records]
        missing = _unmatched(made, seen)
        left = list(seen)
        for session in made:
            if (key := (session.kind, Decimal(session.quantity))) in left:
                left.remove(key)
        extra = [f"{kind} {quantity:g}" for kind, quantity in left]
        made_keys = {(s.kind, Decimal(s.quantity)) for s in made}
        misrated = [f"{u.kind} {u.quantity:g} rated as {u.rated:g}" for u in records
                    if u.rated is not None and (u.kind, u.quantity) in made_keys
                    and u.rated != u.quantity]
        wrong = ([f"not recorded: {', '.join(missing)}"] if missing else []) + \
            ([f"recorded but never made: {', '.join(extra)}"] if extra else []) + \
            ([f"rated otherwise than used: {', '.join(misrated)}"] if misrated else [])
        return Verdict(not wrong, "; ".join(wrong) or
                       f"{len(made)} of {len(made)} sessions recorded, and nothing else",
                       "every connected session recorded with its quantity, and no other")
    walk.check(standard, question, needs=("sessions",))


# -- bill ------------------------------------------------------------------------------------
def month_end(walk: Walk) -> None:
    def task() -> tuple[str, dt.datetime]:
        now = walk.clock.now()
        first = oracle.first_of_next_month(now.date())
        issued = dt.datetime.combine(first, dt.time(), now.tzinfo)
        walk.clock.advance_to(issued)
        return oracle.period_of(now), issued
    walk.act("bill_period", "bill", task, needs=("order",))


def check_bill_notice(walk: Walk, standard: str) -> None:
    """The notice comes in time and states the bill the channel shows: its period and its
    amount (whether that amount is the tariff's is BILL-ACCURATE's question)."""
    def question() -> Verdict:
        period, issued = walk.fact("bill_period")
        timely = sms_within(walk, standard, "bill_sms", message_pattern(walk, "bill_notice"),
                            issued)
        if "bill_sms" not in walk.facts:
            return timely
        bill = common.bill_of(walk, period)
        if bill is None:  # no bill to compare the notice with: BILL-ACCURATE says so
            raise CheckpointBlocked(f"blocked: no bill for {period} on the "
                                    f"{walk.channel.name} channel to compare the notice with")
        wrong = stated(walk, "bill_notice", walk.facts["bill_sms"],
                       {"period": period, "amount": f"{bill.amount:.2f}"})
        return Verdict(timely.passed and not wrong, "; ".join([*wrong, timely.observed]),
                       f"{timely.expected}, stating {period} and {bill.amount}")
    walk.check(standard, question, needs=("bill_period",))


def _start_days(walk: Walk) -> list[dt.date]:
    """The day the plan started: as the channel shows it, else any day from the order to the
    look that first saw it active (a channel that does not show it cannot be more exact)."""
    activation = walk.fact("active")
    if activation.product.start:
        return [activation.product.start]
    return common.day_range(walk.fact("order").at.date(), activation.at.date())


def _start_day(walk: Walk) -> dt.date:
    return _start_days(walk)[0]


def check_bill_accurate(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        bill = common.bill_of(walk, period)
        if bill is None:
            walk.failed["bill"] = f"no bill for {period} on the {walk.channel.name} channel"
            return Verdict(False, walk.failed["bill"], f"a bill for {period}")
        walk.facts["bill"] = bill
        # the bill is judged even when no session connected: then it is the plan's fee alone
        usages = [oracle.Usage(s.kind, s.quantity, s.at) for s in walk.fact("sessions")
                  if s.connected]
        tariff = walk.carrier.tariff(_offering(walk))
        candidates = [oracle.expected_bill(tariff, period, start=day, usages=usages)
                      for day in _start_days(walk)]
        totals = sorted({c.total for c in candidates})
        detail = " + ".join(f"{line.kind} {line.amount}" for line in candidates[0].lines)
        return Verdict(bill.amount in totals, f"{period} bill {bill.amount}",
                       f"{' or '.join(map(str, totals))} ({detail})")
    walk.check(standard, question, needs=("bill_period", "active", "sessions"), gives=("bill",))


def check_bill_itemised(walk: Walk, standard: str) -> None:
    """The itemised record re-rated line by line: every session the walk made that month has
    one line with its quantity, no line stands for a session it never made, and, where the
    bill's total is right, each line's charge is the tariff's for that session (a wrong total
    is BILL-ACCURATE's to report, so a wrong rating fails one standard, not two)."""
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        bill = walk.fact("bill")
        made = to_judge([s for s in _connected(walk) if oracle.period_of(s.at) == period],
                        f"no session of the walk falls in {period}")
        tariff = walk.carrier.tariff(_offering(walk))
        usages = [oracle.Usage(s.kind, s.quantity, s.at) for s in made]
        expected = oracle.expected_bill(tariff, period, start=_start_day(walk), usages=usages)
        totals = {oracle.expected_bill(tariff, period, start=day, usages=usages).total
                  for day in _start_days(walk)}
        shown = [line for line in walk.channel.bill_lines(bill)
                 if line.kind == "usage" or (line.kind in ("voice", "data")
                                             and line.quantity is not None)]
        wrong = oracle.rerate([line for line in expected.lines if line.usage is not None],
                              shown, charges=bill.amount in totals)
        return Verdict(not wrong, "; ".join(wrong) if wrong else
                       f"{len(made)} of {len(made)} sessions itemised, each charged as the "
                       "tariff says", "one line for every session of the month, with its "
                       "quantity and the tariff's charge, and no other")
    walk.check(standard, question, needs=("bill_period", "sessions", "bill"))


# -- change ----------------------------------------------------------------------------------
def change_plan(walk: Walk) -> None:
    def task() -> common.Request:
        product = common.find(walk, {_offering(walk)}, {"active"})
        if product is None:
            raise ActionFailed(f"'{_offering(walk)}' is not shown as active, nothing to change")
        asked = walk.clock.now()
        announced = walk.channel.change_plan(product, str(_settings(walk)["change_to"]))
        return common.Request(product, walk.clock.now(), announced, asked)
    walk.act("change", "change", task, needs=("active",))


def _effective(walk: Walk, asked: dt.date) -> dt.date:
    """The day a plan change asked for on ``asked`` takes effect by the carrier's rule."""
    rule = walk.carrier.get("tariff.change_effective", "next-month")
    if rule != "next-month":
        raise UsageError(f"tariff.change_effective: {rule!r} is not a rule the walks know yet",
                         path=walk.carrier.path,
                         line=walk.carrier.line_of("tariff.change_effective"),
                         hint="next-month (the 1st of the month after the request) is the one "
                              "rule walked today")
    return oracle.first_of_next_month(asked)


def check_change_sms(walk: Walk, standard: str) -> None:
    """The confirmation comes in time and states the day the change takes effect by the
    carrier's rule (whether it really does is CHG-EFFECTIVE's question)."""
    def question() -> Verdict:
        new = str(_settings(walk)["change_to"])
        pattern = message_pattern(walk, "plan_change", offering=new)
        request = walk.fact("change")
        timely = sms_within(walk, standard, "change_sms", pattern, request.at, request.asked)
        if "change_sms" not in walk.facts:
            return timely
        effective = _effective(walk, request.at.date())
        wrong = stated(walk, "plan_change", walk.facts["change_sms"],
                       {"effective": effective.isoformat()})
        return Verdict(timely.passed and not wrong, "; ".join([*wrong, timely.observed]),
                       f"{timely.expected}, stating the change effective {effective}")
    walk.check(standard, question)


def check_change_effective(walk: Walk, standard: str) -> None:
    """Before the 1st: still the old plan, the new one announced for the 1st. From the 1st:
    the new plan. The month of the request: billed on the old plan."""
    def question() -> Verdict:
        old, new = _offering(walk), str(_settings(walk)["change_to"])
        asked = walk.fact("change").at
        effective = _effective(walk, asked.date())
        before = common.find(walk, {old, new}, {"active"})
        observed, problems = [], []
        if before is None:
            problems.append("no active plan shown after the change")
        else:
            observed.append(f"before the 1st: {before.name}, pending "
                            f"{before.pending_offering or 'nothing'} {before.pending_date or ''}")
            if before.name != old:
                problems.append("changed before the 1st")
            # the channel announces the change in its view of the plan, or when accepting it
            if before.pending_offering:
                announced = before.pending_date if before.pending_offering == new else None
            else:
                announced = walk.fact("change").announced
            if announced != effective:
                problems.append(f"the change is announced for {announced or 'no date'}, "
                                f"not the 1st")
        walk.clock.advance_to(dt.datetime.combine(effective, dt.time(1), asked.tzinfo))
        after = common.find(walk, {old, new}, {"active"})
        observed.append(f"from the 1st: {after.name if after else 'no active plan'}")
        if after is None or after.name != new:
            problems.append("the new plan is not in force from the 1st")
        period = oracle.period_of(asked)
        bill = common.bill_of(walk, period)
        fee = oracle.monthly_fee(walk.carrier.tariff(old), period, start=_start_day(walk))
        observed.append(f"{period} bill {bill.amount if bill else 'missing'}")
        if bill is None or bill.amount != fee:
            problems.append(f"{period} is not billed on the old plan")
        return Verdict(not problems, "; ".join(observed + problems),
                       f"{old} until {effective}, {new} from {effective}, {period} billed {fee}")
    walk.check(standard, question, needs=("change",))


# -- cancel ----------------------------------------------------------------------------------
def cancel(walk: Walk) -> None:
    common.cancel(walk, {_offering(walk), str(_settings(walk)["change_to"])})


def check_charges_stop(walk: Walk, standard: str) -> None:
    """The month of termination is charged only up to the termination day, and nothing after."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        promised = float(walk.carrier.get("tariff.cancel_within_hours", 24)) * 3600
        ends = walk.facts.get("terminated") or [
            (request.at + dt.timedelta(seconds=promised)).date()]
        end = ends[-1]
        period = oracle.period_of(end)
        after = oracle.period_of(oracle.first_of_next_month(end))
        started = _start_day(walk)
        start = started if oracle.period_of(started) == period else None
        tariff = walk.carrier.tariff(request.product.name)
        allowed = sorted({oracle.monthly_fee(tariff, period, start=start, end=day)
                          for day in ends if oracle.period_of(day) == period})
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(oracle.first_of_next_month(end)), dt.time(1),
            request.at.tzinfo))
        bills = {b.period: b.amount for b in common.bills(walk)}
        last, later = bills.get(period), bills.get(after, Decimal("0.00"))
        ok = last is not None and last in allowed and later == 0
        shown = " or ".join(str(a) for a in allowed)
        return Verdict(ok, f"{period} bill {last if last is not None else 'missing'}, "
                       f"{after} bill {later}",
                       f"{period} bill {shown} (up to {' / '.join(map(str, ends))}), "
                       f"{after} bill 0.00")
    walk.check(standard, question, needs=("cancel",))
