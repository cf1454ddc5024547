"""The mobile plan's walk: order, activate, use, bill, change plan, cancel.

Facts the walk establishes, in order: ``signed_in``, ``offer``, ``order``, ``active``,
``sessions``, ``bill_period``, ``bill``, ``change``, ``cancel``, ``terminated``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from walkthrough import oracle
from walkthrough.channels import Itemised
from walkthrough.checkpoint import ActionFailed, CheckpointBlocked, Verdict
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
    check_way_back,
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
from walkthrough.views import Bill, Sms
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
        # a carrier rating per KB is walked with a part of a megabyte too (data_mb: 5200.5)
        megabytes = Decimal(str(settings.get("data_mb", 1500)))
        return common.call_then_data(walk, minutes, megabytes)
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


def _unmatched(made: list[Session], seen: list[tuple[str, Decimal]]) -> list[Session]:
    """The sessions made that ``seen`` does not list (kind and quantity), one each."""
    left = list(seen)
    missing = []
    for session in made:
        key = (session.kind, Decimal(session.quantity))
        if key in left:
            left.remove(key)
        else:
            missing.append(session)
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
        unrecorded = _unmatched(made, seen)
        # a session the carrier never recorded is this standard's: the itemised record, made
        # from the records, is judged on the sessions recorded
        walk.facts["unrecorded"] = unrecorded
        missing = [f"{s.kind} {s.quantity}" for s in unrecorded]
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
    """Let the customer's current bill cycle end: to just past its bill's cut (00:00 of the
    next cycle's first day). The fact is the cycle's name and the moment of the cut."""
    def task() -> tuple[str, dt.datetime]:
        now = walk.clock.now()
        cycle = common.cycle_at(walk, now)
        issued = dt.datetime.combine(cycle.cut, dt.time(), now.tzinfo)
        walk.clock.advance_to(issued)
        return cycle.name, issued
    walk.act("bill_period", "bill", task, needs=("order",))


def check_bill_notice(walk: Walk, standard: str) -> None:
    """The notice comes in time and states the bill the channel shows: its period and its
    amount (whether that amount is the tariff's is BILL-ACCURATE's question)."""
    def question() -> Verdict:
        period, issued = walk.fact("bill_period")
        timely = sms_within(walk, standard, "bill_sms", message_pattern(walk, "bill_notice"),
                            issued)
        bill = common.bill_of(walk, period)
        if bill is None:  # no bill to notify or to compare the notice with
            raise common.bill_missing(walk, f"for {period} to notify")
        if "bill_sms" not in walk.facts:
            return timely
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


def _usages(sessions: list[Session]) -> list[oracle.Usage]:
    return [oracle.Usage(s.kind, s.quantity, s.at) for s in sessions if s.connected]


def _expected_bills(walk: Walk, cycle: oracle.Cycle, usages: list[oracle.Usage], *,
                    end: dt.date | None = None, changed: bool = True,
                    offering: str | None = None) -> list[oracle.ExpectedBill]:
    """The cycle's bill by the tariff for each day the plan (``offering``: the walk's) may
    have started on, with the plan change where the walk made one (``changed``: and it took
    place), up to ``end``."""
    rules = common.rules(walk)
    plan = walk.carrier.tariff(offering or _offering(walk))
    change = None
    if changed and "change" in walk.facts:
        change = (walk.carrier.tariff(str(_settings(walk)["change_to"])),
                  walk.facts["change"].at.date())
    return [oracle.plan_bill(rules, cycle, oracle.tenures(
        rules, plan, day, change=change, end=end, bill_day=common.bill_day(walk)), usages)
        for day in _start_days(walk)]


def _mismatches(bill: Bill, cycle: oracle.Cycle,
                candidates: list[oracle.ExpectedBill]) -> list[str]:
    """What of the bill is not the tariff's: its total, and where the channel says them, its
    VAT and the cycle's first and last days."""
    wrong = []
    if bill.amount not in {c.total for c in candidates}:
        wrong.append("total")
    if bill.vat is not None and bill.vat not in {c.vat for c in candidates}:
        wrong.append("VAT")
    if (bill.start, bill.end) != (None, None) and (bill.start, bill.end) != (cycle.start,
                                                                              cycle.end):
        wrong.append("cycle")
    return wrong


def _shown(bill: Bill) -> str:
    vat = f", VAT {bill.vat}" if bill.vat is not None else ""
    days = f", for {bill.start} to {bill.end}" if (bill.start, bill.end) != (None, None) else ""
    return f"{bill.period} bill {bill.amount}{vat}{days}"


def _detail(cycle: oracle.Cycle, candidates: list[oracle.ExpectedBill]) -> str:
    totals = " or ".join(sorted({str(c.total) for c in candidates}))
    lines = " + ".join(f"{line.kind} {line.amount}" for line in candidates[0].lines)
    vat = sorted({str(c.vat) for c in candidates})
    return (f"{totals} ({lines}), VAT {' or '.join(vat)}, for {cycle.start} to {cycle.end}"
            if candidates[0].vat or len(vat) > 1 else
            f"{totals} ({lines}), for {cycle.start} to {cycle.end}")


def check_bill_accurate(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        bill = common.bill_of(walk, period)
        if bill is None:
            walk.failed["bill"] = f"no bill for {period} on the {walk.channel.name} channel"
            return Verdict(False, walk.failed["bill"], f"a bill for {period}")
        walk.facts["bill"] = bill
        cycle = common.cycle_called(walk, period)
        # the bill is judged even when no session connected: then it is the plan's fee alone
        candidates = _expected_bills(walk, cycle, _usages(walk.fact("sessions")))
        return Verdict(not _mismatches(bill, cycle, candidates), _shown(bill),
                       _detail(cycle, candidates))
    walk.check(standard, question, needs=("bill_period", "active", "sessions"), gives=("bill",))


def check_bill_itemised(walk: Walk, standard: str) -> None:
    """The itemised record re-rated line by line: every session the walk made that month has
    one line with its quantity, no line stands for a session it never made, and, where the
    bill's total is right, each line's charge is the tariff's for that session (a wrong total
    is BILL-ACCURATE's to report, so a wrong rating fails one standard, not two)."""
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        bill = walk.fact("bill")
        cycle = common.cycle_called(walk, period)
        made = to_judge([s for s in _connected(walk) if s.at in cycle],
                        f"no session of the walk falls in the cycle {period}")
        candidates = _expected_bills(walk, cycle, _usages(made))
        expected = candidates[0]
        totals = {c.total for c in candidates}
        lines = walk.able(Itemised).bill_lines(bill)
        # the sessions USE-RECORDED found unrecorded are its failure, not the bill's again
        unrecorded = set(_usages(walk.facts.get("unrecorded") or []))
        usage_lines = [line for line in expected.lines
                       if line.usage is not None and line.usage not in unrecorded]
        if not usage_lines:
            raise CheckpointBlocked("blocked: the carrier recorded none of the walk's sessions "
                                    "(USE-RECORDED's), so no itemised line is due")
        made = [s for s in made if oracle.Usage(s.kind, s.quantity, s.at) not in unrecorded]
        if common.rules(walk).itemised == "cycle":  # the sessions are USE-RECORDED's
            wrong = oracle.rerate_cycle(usage_lines, lines, charges=bill.amount in totals)
            return Verdict(not wrong, "; ".join(wrong) if wrong else
                           f"the cycle's usage beyond the allowance itemised as the tariff "
                           f"charges the {len(made)} sessions", "a line for each kind of "
                           "usage charged beyond the allowance, at the tariff's charge")
        shown = [line for line in lines
                 if line.kind == "usage" or (line.kind in ("voice", "data")
                                             and line.quantity is not None)]
        wrong = oracle.rerate(usage_lines, shown, charges=bill.amount in totals)
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
    """The day a plan change asked for on ``asked`` takes effect by the carrier's rule
    (``tariff.change_effective``)."""
    return oracle.effective_on(common.rules(walk), asked, common.bill_day(walk))


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
        wrong = _says_effective(walk, walk.facts["change_sms"], effective,
                                at_once=effective <= request.at.date())
        return Verdict(timely.passed and not wrong, "; ".join([*wrong, timely.observed]),
                       f"{timely.expected}, stating the change effective {effective}")
    walk.check(standard, question)


def _says_effective(walk: Walk, sms: Sms, effective: dt.date, *, at_once: bool) -> list[str]:
    """What the confirmation gets wrong about the day the change takes effect. A change made
    at once may be told without a date ("即时生效"): the carrier file's pattern for it
    (``messages.says.plan_change.effective``) then has no ``date`` group."""
    if at_once:
        says = walk.carrier.said("messages", "says", walk.persona.language, {})
        pattern = str(says.get("plan_change", {}).get("effective", ""))
        if pattern and "date" not in re.compile(pattern).groupindex:
            return [] if re.search(pattern, sms.text) else ["did not state the change "
                                                            "effective at once"]
    return stated(walk, "plan_change", sms, {"effective": effective.isoformat()})


def check_change_effective(walk: Walk, standard: str) -> None:
    """The change takes effect when the tariff says (``tariff.change_effective``). Next cycle:
    until then still the old plan, the new one announced for the next cycle's first day, and
    from that day the new plan. Immediate: the new plan from the day of the change. Then the
    bill of the change's cycle: the old plan up to the day before the change took effect, the
    new one from then, each prorated as the tariff says."""
    def question() -> Verdict:
        old, new = _offering(walk), str(_settings(walk)["change_to"])
        asked = walk.fact("change").at
        effective = _effective(walk, asked.date())
        observed: list[str] = []
        problems: list[str] = []
        if effective > asked.date():
            _pending(walk, old, new, effective, observed, problems)
            walk.clock.advance_to(dt.datetime.combine(effective, dt.time(1), asked.tzinfo))
        after = common.find(walk, {old, new}, {"active"})
        observed.append(f"from {effective}: {after.name if after else 'no active plan'}")
        if after is None or after.name != new:
            problems.append(f"the new plan is not in force from {effective}")
        common.after_cut(walk, common.cycle_at(walk, asked), asked.tzinfo)
        bill = common.bill_covering(walk, asked.date())
        if bill is None:
            missing = common.no_bill(walk, f"covering {asked.date()}")
            return Verdict(False, "; ".join([*observed, missing.observed, *problems]),
                           missing.expected)
        # the bill is judged for the days it covers: a cycle cut otherwise is BILL-ACCURATE's
        cycle = common.own_cycle(walk, bill)
        candidates = _expected_bills(walk, cycle, _usages(_sessions_in(walk, cycle)))
        observed.append(_shown(bill))
        if _charged_otherwise(walk, bill, candidates):
            problems.append(f"{cycle.name} is not billed as the change's rule says")
        return Verdict(not problems, "; ".join(observed + problems),
                       f"{old} until the day before {effective}, {new} from {effective}; "
                       f"{cycle.name} billed {_detail(cycle, candidates)}")
    walk.check(standard, question, needs=("change",))


def _sessions_in(walk: Walk, cycle: oracle.Cycle) -> list[Session]:
    return [s for s in walk.facts.get("sessions") or [] if s.at in cycle]


def _charged_otherwise(walk: Walk, bill: Bill, candidates: list[oracle.ExpectedBill]) -> bool:
    """Whether the bill charges the plans' fees otherwise than any candidate: by its fee
    lines where the channel lists them (which fee for how many days, whatever the sessions'
    charges), else by its total."""
    fees = common.fee_lines(walk, bill)
    if fees is None:
        return bill.amount not in {c.total for c in candidates}
    return all(oracle.fees_wrong(c.lines, fees) for c in candidates)


def _pending(walk: Walk, old: str, new: str, effective: dt.date, observed: list[str],
             problems: list[str]) -> None:
    """Before a change that waits for ``effective``: still the old plan, the new one
    announced for that day (in the channel's view of the plan, or when it took the change)."""
    before = common.find(walk, {old, new}, {"active"})
    if before is None:
        problems.append("no active plan shown after the change")
        return
    observed.append(f"before {effective}: {before.name}, pending "
                    f"{before.pending_offering or 'nothing'} {before.pending_date or ''}")
    if before.name != old:
        problems.append(f"changed before {effective}")
    if before.pending_offering:
        announced = before.pending_date if before.pending_offering == new else None
    else:
        announced = walk.fact("change").announced
    if announced != effective:
        problems.append(f"the change is announced for {announced or 'no date'}, "
                        f"not {effective}")


# -- cancel ----------------------------------------------------------------------------------
def cancel(walk: Walk) -> None:
    common.cancel(walk, {_offering(walk), str(_settings(walk)["change_to"])})


def check_charges_stop(walk: Walk, standard: str) -> None:
    """The cycle of termination is charged only up to the termination day, and nothing
    after. (The fixed lines' walks ask it too, of the product they unsubscribed from.)"""
    def question() -> Verdict:
        request = walk.fact("cancel")
        promised = float(walk.carrier.get("tariff.cancel_within_hours", 24)) * 3600
        ends = walk.facts.get("terminated") or [
            (request.at + dt.timedelta(seconds=promised)).date()]
        after = oracle.next_cycle(common.cycle_at(walk, ends[-1]), common.bill_day(walk))
        changed = "change" in walk.facts and \
            request.product.name == str(_settings(walk)["change_to"])
        common.after_cut(walk, after, request.at.tzinfo)
        bill = common.bill_covering(walk, ends[-1])
        if bill is None:
            return common.no_bill(walk, f"covering the termination day {ends[-1]}")
        # the days the bill covers, whatever days the carrier cut it on (BILL-ACCURATE's)
        cycle = common.own_cycle(walk, bill)
        candidates = [expected for day in [d for d in ends if d in cycle] or ends[-1:]
                      for expected in _expected_bills(
                          walk, cycle, _usages(_sessions_in(walk, cycle)), end=day,
                          changed=changed,
                          offering=None if changed else request.product.name)]
        later = [b for b in common.bills_after(walk, ends[-1]) if b.amount != 0]
        ok = not _charged_otherwise(walk, bill, candidates) and not later
        by_fees = common.fee_lines(walk, bill) is not None
        due = " or ".join(sorted({oracle.fees_of(c) if by_fees else str(c.total)
                                  for c in candidates}))
        return Verdict(ok, f"{_shown(bill)}" + (f", fees {_fees_shown(walk, bill)}"
                                                  if by_fees else "") +
                       "".join(f"; {b.period} bill {b.amount}" for b in later),
                       f"{cycle.name} {'fees' if by_fees else 'bill'} {due} "
                       f"(up to {' / '.join(map(str, ends))}), nothing billed after")
    walk.check(standard, question, needs=("cancel",))


def _fees_shown(walk: Walk, bill: Bill) -> str:
    return " + ".join(str(line.amount) for line in common.fee_lines(walk, bill) or [])
