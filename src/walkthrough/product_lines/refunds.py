"""The refund walk of the value-added line: an information fee the customer never ordered
turns up on the bill, the customer complains about it on a channel, and the carrier must
answer within 3 days and refund by the rule of DOMAIN.md [004] (double for a fee charged in
error, once when it could not be verified in time), on the bill of the month it refunds.

The fee is made by the carrier's test environment playing a content provider
(the backstage's ``provider_charge`` hook); the rest is what a customer sees and does.

Facts, in order: ``plan_start``, ``signed_in``, ``wrongful_charge``, ``bill_period``,
``dispute``, ``refund_sms``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from walkthrough import oracle
from walkthrough.channels import Disputes
from walkthrough.checkpoint import ActionFailed, NotSold, Verdict
from walkthrough.errors import UsageError
from walkthrough.product_lines import common
from walkthrough.product_lines.common import NOT_SOLD
from walkthrough.questions import content_judged, sms_within
from walkthrough.walk import Walk

LATE_ANSWER = 7 * 86400.0  # how long a complaining customer keeps waiting for an answer


@dataclasses.dataclass(frozen=True)
class Disputed:
    ticket: str
    at: dt.datetime
    period: str  # the bill complained about


def _charge(walk: Walk) -> dict:
    charge = common.settings_of(walk).get("wrongful_charge")
    if charge == NOT_SOLD:
        raise NotSold(f"{walk.carrier.name} takes no complaints about information fees "
                      f"(products.vas.wrongful_charge: {NOT_SOLD})")
    if not isinstance(charge, dict):
        raise UsageError("products.vas.wrongful_charge is missing", path=walk.carrier.path,
                         line=walk.carrier.line_of("products.vas"),
                         hint=f"give {{provider, fee, item}}, or '{NOT_SOLD}' for a carrier "
                              "that takes no such complaint")
    return dict(charge)


def provider_bills(walk: Walk) -> None:
    """The test environment, as a content provider, reports a fee for the customer."""
    def task() -> Decimal:
        charge = _charge(walk)
        fee = Decimal(str(charge["fee"]))
        walk.phone.backstage.call("provider_charge", provider=str(charge["provider"]),
                                  fee=str(charge["fee"]), fen=int(fee * 100))
        return Decimal(str(charge["fee"]))
    walk.act("wrongful_charge", "use", task, needs=("plan_start",))


def bill_comes(walk: Walk) -> None:
    """Let the month end: the bill with the provider's fee is issued on the 1st."""
    def task() -> tuple[str, dt.datetime]:
        now = walk.clock.now()
        issued = dt.datetime.combine(oracle.first_of_next_month(now.date()), dt.time(9),
                                     now.tzinfo)
        walk.clock.advance_to(issued)
        return oracle.period_of(now), issued
    walk.act("bill_period", "bill", task, needs=("wrongful_charge",))


def complain(walk: Walk) -> None:
    def task() -> Disputed:
        period, _ = walk.fact("bill_period")
        bill = common.bill_of(walk, period)
        if bill is None:
            raise ActionFailed(f"no bill for {period} on the {walk.channel.name} channel to "
                               f"complain about")
        ticket = walk.able(Disputes).dispute(bill, str(_charge(walk)["item"]))
        return Disputed(ticket, walk.clock.now(), period)
    walk.act("dispute", "change", task, needs=("bill_period", "signed_in"))


def _notice(walk: Walk) -> str:
    template = str(walk.carrier.said("products.vas", "refund_notice", walk.persona.language))
    return template.format(item=re.escape(str(_charge(walk)["item"])))


def check_answered(walk: Walk, standard: str) -> None:
    """The answer, with the refund it states, comes by SMS within the standard's time."""
    def question() -> Verdict:
        disputed = walk.fact("dispute")
        return sms_within(walk, standard, "refund_sms", _notice(walk), disputed.at,
                          late=LATE_ANSWER)
    walk.check(standard, question, needs=("dispute",), gives=("refund_sms",))


def check_refund(walk: Walk, standard: str) -> None:
    """The bill of the month the refund was made in carries it: the plan's fee less what the
    rule gives back for a fee the customer never ordered, answered when it was."""
    def question() -> Verdict:
        disputed, answer = walk.fact("dispute"), walk.fact("refund_sms")
        fee = Decimal(str(_charge(walk)["fee"]))
        due = oracle.refund_due(fee, ordered=False,
                                answered_after=answer.received_at - disputed.at)
        stated = re.search(_notice(walk), answer.text)
        period = oracle.period_of(answer.received_at)
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(answer.received_at.date()), dt.time(9),
            answer.received_at.tzinfo))
        plan = walk.carrier.tariff(str(common.settings_of(walk)["plan"]))
        expected = oracle.monthly_fee(plan, period, start=walk.fact("plan_start")) - due
        bill = common.bill_of(walk, period)
        rule = "double: charged in error, answered in time" if due == 2 * fee else \
            "once: not verified in time"
        observed = f"{period} bill {bill.amount if bill else 'missing'}" + (
            f", the answer states {stated.group('refund')}" if stated else "")
        # the answer must state the refund the rule gives, as the bill must carry it
        return content_judged(walk, "refund_notice", answer, {"refund": f"{due:.2f}"}, Verdict(
            bill is not None and bill.amount == expected, observed,
            f"{period} bill {expected}: the plan less a refund of {due} ({rule})"))
    walk.check(standard, question, needs=("refund_sms",))
