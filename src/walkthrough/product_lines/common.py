"""What every product line's walk does the same way: find and order an offering, wait for it
to be active, unsubscribe, and the checks on those.

The offering a walk is about is the fact ``offering`` (set when the walk looks it up); the
product line's settings are ``products.<line>`` in the carrier file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from walkthrough import rating
from walkthrough.channels import AgentQueue, Itemised
from walkthrough.channels.reading import Formats
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    NotApplicable,
    Verdict,
)
from walkthrough.clock import look_for, wait_late
from walkthrough.cycles import Cycle, cycle_named, cycle_of
from walkthrough.phone import Session
from walkthrough.questions import (
    content_judged,
    effective_judged,
    fee_pattern,
    message_pattern,
    names_all,
    sms_within,
    to_judge,
)
from walkthrough.tariff_rules import TariffRules
from walkthrough.views import Bill, BillLine, ProductState
from walkthrough.walk import Walk

SELF_SERVICE_SMS = 300.0  # the self-service options come while the caller still waits
LATE_STATE = 7 * 86400.0  # how long a customer keeps waiting for a late activation/termination

# a product line's setting saying the carrier sells no such thing: its walks end unwalked
NOT_SOLD = "not sold"


@dataclasses.dataclass(frozen=True)
class Placed:
    order_id: str
    at: dt.datetime  # when the channel accepted it: time standards count from here
    asked: dt.datetime | None = None  # when the customer began (at a counter, minutes before)


@dataclasses.dataclass(frozen=True)
class Activation:
    product: ProductState
    seconds: float
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Request:
    """A change or a cancellation the customer asked for."""

    product: ProductState
    at: dt.datetime  # when the channel accepted it
    announced: dt.date | None = None  # the effective day the channel announced, if it did
    asked: dt.datetime | None = None  # when the customer began


def settings_of(walk: Walk) -> dict:
    return walk.carrier.product(walk.product_line)


def offering_of(walk: Walk) -> str:
    return str(walk.fact("offering"))


def days(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds < 2 * 86400 else f"{seconds / 86400:.1f} days"


def find(walk: Walk, names: set[str], statuses: set[str] | None = None) -> ProductState | None:
    for product in walk.channel.products():
        if product.name in names and (statuses is None or product.status in statuses):
            return product
    return None


def wait_state(walk: Walk, names: set[str], status: str, since: dt.datetime,
                within: float) -> tuple[ProductState | None, float]:
    return wait_late(walk.clock, lambda: find(walk, names, {status}), within, LATE_STATE,
                     since=since)


# -- order -----------------------------------------------------------------------------------
def sign_in(walk: Walk) -> None:
    walk.act("signed_in", "order", walk.channel.sign_in)


def look_up(walk: Walk, offering: str) -> None:
    walk.facts["offering"] = offering
    walk.act("offer", "order", lambda: walk.channel.find_offering(offering),
             needs=("signed_in",))


def check_price_shown(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        offer = walk.fact("offer")
        tariff = walk.carrier.tariff(offer.name)
        has_terms = bool(offer.terms.strip())
        # a tariff with VAT in its prices: the VAT shown beside the price, as the tariff's
        rate = rules(walk).vat.get("plan" if tariff.voice_minutes or tariff.data_mb else "vas")
        vat = offer.vat if offer.vat is not None else Formats.of(walk.carrier).vat(offer.terms)
        due = rating.vat_of(tariff.monthly_fee, rate) if rate else None
        vat_ok = due is None or vat == due
        said = "" if due is None else f", VAT {vat if vat is not None else 'not shown'}"
        return Verdict(offer.fee == tariff.monthly_fee and has_terms and vat_ok,
                       f"{offer.fee} a month{said}, terms {'shown' if has_terms else 'missing'}",
                       f"{tariff.monthly_fee} a month"
                       f"{'' if due is None else f', VAT {due}'}, terms shown")
    walk.check(standard, question)


def order(walk: Walk) -> None:
    """Order the offering. A channel that does not say the order was placed fails ORD-ACK;
    where the customer's services show it ordered all the same, the walk goes on with it, as
    the customer would."""
    def task() -> Placed:
        asked = walk.clock.now()
        try:
            order_id = walk.channel.order(walk.fact("offer"))
        except ActionFailed:
            if not _placed_anyway(walk):
                raise
            order_id = ""
        return Placed(order_id, walk.clock.now(), asked)
    walk.act("order", "order", task, needs=("offer",))


def _placed_anyway(walk: Walk) -> bool:
    try:
        return find(walk, {offering_of(walk)}, {"pendingActive", "active"}) is not None
    except ActionFailed:  # the services cannot be read either: the order stays failed
        return False


def check_order_accepted(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        placed = walk.fact("order")
        return Verdict(bool(placed.order_id), f"order number {placed.order_id}"
                       if placed.order_id else "no order number (the customer's services "
                       "show the order placed)", "an order number")
    walk.check(standard, question)


def check_order_sms(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        pattern = message_pattern(walk, "order_confirmation", offering=offering_of(walk))
        placed = walk.fact("order")
        return sms_within(walk, standard, "order_sms", pattern, placed.at, placed.asked)
    walk.check(standard, question, needs=("order",), gives=("order_sms",))


def check_order_sms_content(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        offering = offering_of(walk)
        fee = walk.carrier.tariff(offering).monthly_fee
        language = walk.persona.language
        items = walk.carrier.said(f"products.{walk.product_line}", "confirmation_content",
                                  language, None) or \
            walk.carrier.said("messages", "confirmation_content", language)
        required = {name: str(p).format(offering=offering, fee=fee_pattern(fee))
                    for name, p in items.items()}
        return names_all(walk.fact("order_sms"), required)
    walk.check(standard, question, needs=("order_sms",))


def check_counter_time(walk: Walk, standard: str, task: str) -> None:
    """How long the counter transaction for ``task`` took (the counter driver times each)."""
    def question() -> Verdict:
        walk.fact(task)
        limit = walk.catalogue.get(standard).seconds
        seconds = walk.channel.measures.get(f"{task}.seconds")
        if seconds is None:
            return Verdict(False, "the transaction was not timed", f"<= {limit:.0f} s")
        return Verdict(seconds <= limit, f"{seconds:.0f} s", f"<= {limit:.0f} s")
    walk.check(standard, question)


def check_effort(walk: Walk, standard: str, task: str, measure: str) -> None:
    """What ``task`` cost the customer, counted by the channel's driver: hotline key presses
    ("keys"), clicks and page loads in a hall ("clicks", "pages"), the real seconds a hall
    kept the customer busy ("elapsed"). A task never done was not done within the limit
    either; an order placed whose outcome the hall never showed took its clicks and page
    loads, and its seconds to an outcome are not known (ORD-ACK's)."""
    def question() -> Verdict:
        threshold = walk.catalogue.get(standard).threshold
        limit = float(threshold.value)  # type: ignore[arg-type]
        walk.fact(task)
        counted = walk.channel.measures.get(f"{task}.{measure}")
        expected = f"<= {limit:.0f} {threshold.unit}"
        if counted is None and isinstance(walk.fact(task), Placed) and \
                not walk.fact(task).order_id:  # ORD-ACK's: the hall showed no outcome
            raise CheckpointBlocked(f"blocked: the hall showed no outcome of the {task} "
                                    f"(ORD-ACK's), so what it took to one is not known")
        if counted is None:
            return Verdict(False, f"the {threshold.unit} were not counted", expected)
        return Verdict(counted <= limit, f"{counted:g} {threshold.unit}", expected)
    walk.check(standard, question)


def check_announced(walk: Walk, standard: str, tasks: frozenset[str] | None = None,
                    besides: frozenset[str] = frozenset()) -> None:
    """The voice menu announced every option the walk's calls for ``tasks`` (default: every
    task but ``besides``) needed; the driver counts those it had to press unannounced."""
    def question() -> Verdict:
        counted = {key.removesuffix(".unannounced"): n
                   for key, n in walk.channel.measures.items() if key.endswith(".unannounced")}
        # a task the menu did not get done is its own standard's failure: an option that
        # is not there is not judged as unannounced as well
        judged = {t: n for t, n in counted.items()
                  if (tasks is None or t in tasks) and t not in besides and t not in walk.failed}
        expected = "every option announced in the prompt"
        if not judged:  # no call was made for these tasks: nothing was heard to judge
            asked = ", ".join(sorted(tasks)) if tasks else "any task"
            undone = sorted(t for t in counted
                            if t in walk.failed and (tasks is None or t in tasks))
            raise CheckpointBlocked(f"blocked: the menu did not get {', '.join(undone)} done, "
                                    f"so no announcement of it is judged" if undone else
                                    f"the walk made no call for {asked}")
        missing = {t: n for t, n in judged.items() if n}
        if not missing:
            return Verdict(True, f"announced on every call ({', '.join(sorted(judged))})",
                           expected)
        said = ", ".join(f"{t}: {n:g}" for t, n in sorted(missing.items()))
        return Verdict(False, f"options not announced ({said}; see the hotline transcript)",
                       expected)
    walk.check(standard, question)


def check_way_back(walk: Walk, standard: str) -> None:
    """Where the walk's calls went back a menu by the way back the prompt announced, the call
    went on; a walk that never needed to go back has nothing to judge."""
    def question() -> Verdict:
        pressed = walk.channel.measures.get("back.pressed", 0)
        dropped = walk.channel.measures.get("back.dropped", 0)
        if not pressed:
            raise NotApplicable("the walk's calls never went back a menu")
        return Verdict(dropped == 0, f"went back {pressed:g} times; the call ended on "
                       f"{dropped:g} of them", "back one menu each time, the call going on")
    walk.check(standard, question)


def check_agent_queue(walk: Walk, standard: str) -> None:
    """Asking a voice menu for an agent while they are busy: the choices offered, and the
    self-service options texted to the caller."""
    def question() -> Verdict:
        asked = walk.clock.now()
        prompt = walk.able(AgentQueue).agent()
        offered = walk.carrier.get(f"channels.{walk.channel.name}.prompts.queue_options")
        to_judge(list(offered), "the carrier file's queue_options name no choice")
        missing = [what for what, words in offered.items() if not re.search(words, prompt)]
        pattern = message_pattern(walk, "self_service")
        sms = look_for(walk.clock, lambda: walk.phone.find(pattern, asked), SELF_SERVICE_SMS,
                   since=asked)
        observed = f"heard: {prompt}" + ("" if sms else "; no self-service SMS")
        return Verdict(not missing and sms is not None, observed,
                       f"offers {', '.join(offered)}, and an SMS matching '{pattern}' within "
                       f"{SELF_SERVICE_SMS:.0f} s")
    walk.check(standard, question, needs=("signed_in",))


# -- activate --------------------------------------------------------------------------------
def wait_for_activation(walk: Walk) -> None:
    def task() -> Activation:
        placed = walk.fact("order")
        promise = float(settings_of(walk).get("activation_hours", 24)) * 3600
        product, seconds = wait_state(walk, {offering_of(walk)}, "active", placed.at, promise)
        if product is None:
            raise ActionFailed(f"'{offering_of(walk)}' was not shown active {days(seconds)} "
                               f"after the order")
        return Activation(product, seconds, walk.clock.now())
    walk.act("active", "activate", task, needs=("order",))


def check_active_in_time(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        limit = walk.catalogue.get(standard).seconds
        seconds = walk.fact("active").seconds
        return Verdict(seconds <= limit, f"active after {days(seconds)}",
                       f"active within {days(limit)}")
    walk.check(standard, question, needs=("order",))


# -- use -------------------------------------------------------------------------------------
def call_then_data(walk: Walk, minutes: int, megabytes: int | Decimal,
                   country: str = "") -> list[Session]:
    """The customer's use: a call of ``minutes``, then a data session once the call is over
    (at the time the clock's move says, so the carrier is not asked the time again)."""
    call = walk.phone.call(minutes, walk.clock.now(), country)
    return [call, walk.phone.data(megabytes, walk.clock.advance(minutes * 60), country)]


# -- bill ------------------------------------------------------------------------------------
def rules(walk: Walk) -> TariffRules:
    return walk.carrier.tariff_rules()


def bill_day(walk: Walk) -> int | None:
    """The day the customer's cycles start on: none where the tariff's cycle is the calendar
    month; where it is the customer's own, the day the test environment said."""
    tariff = rules(walk)
    day = tariff.bill_day(walk.persona.bill_day)
    if tariff.cycle == "bill-day" and day is None:
        raise CheckpointErrored("test environment: the tariff's bill cycle starts on the "
                                "customer's bill day, and the test customer came without one")
    if day is not None and not 1 <= day <= 28:
        raise CheckpointErrored(f"test environment: the test customer's bill day is {day}, "
                                f"not a day 1..28")
    return day


def cycle_at(walk: Walk, day: dt.date | dt.datetime) -> Cycle:
    """The customer's bill cycle that ``day`` falls in."""
    return cycle_of(day, bill_day(walk))


def cycle_called(walk: Walk, name: str) -> Cycle:
    """The customer's bill cycle that starts in the month ``name`` (YYYY-MM)."""
    return cycle_named(name, bill_day(walk))


def after_cut(walk: Walk, cycle: Cycle, tz: dt.tzinfo | None, hour: int = 1) -> None:
    """Let time pass to ``hour`` o'clock on the day the cycle's bill is cut (the bill is cut
    at 00:00: by 01:00 a channel shows it)."""
    walk.clock.advance_to(dt.datetime.combine(cycle.cut, dt.time(hour), tz))


def _others(walk: Walk, bills: list[Bill]) -> list[str]:
    own = {walk.persona.msisdn, walk.persona.customer_id}
    return sorted({b.holder for b in bills if b.holder is not None and b.holder not in own})


def bills(walk: Walk) -> list[Bill]:
    """The customer's bills as the channel shows them; when it shows someone else's, nothing
    about the customer's own bill can be judged from them."""
    shown = walk.channel.bills()
    if others := _others(walk, shown):
        raise CheckpointBlocked(f"the {walk.channel.name} channel shows the bills of "
                                f"{', '.join(others)}, not the customer's own")
    return shown


def bill_of(walk: Walk, period: str) -> Bill | None:
    return next((b for b in bills(walk) if b.period == period), None)


def own_cycle(walk: Walk, bill: Bill) -> Cycle:
    """The cycle a bill covers by its own first and last days where the channel shows them,
    else the customer's cycle of its name. A bill cut on other days than the tariff's is
    BILL-ACCURATE's defect; every other check judges the charges of the days the bill covers,
    so that one wrong cycle fails one standard."""
    if bill.start is not None and bill.end is not None:
        return Cycle(bill.start, bill.end)
    return cycle_called(walk, bill.period)


def bill_covering(walk: Walk, day: dt.date) -> Bill | None:
    """The bill of the cycle ``day`` falls in: by the days a bill covers where the channel
    shows them, else by the name of the customer's cycle of ``day``."""
    shown = bills(walk)
    dated = [b for b in shown if b.start is not None and b.end is not None]
    if dated:
        return next((b for b in dated if b.start <= day <= b.end), None)  # type: ignore[operator]
    name = cycle_at(walk, day).name
    return next((b for b in shown if b.period == name), None)


def cut_otherwise(walk: Walk) -> bool:
    """Whether a bill the channel shows covers other days than a cycle of the tariff's."""
    return any((b.start, b.end) != ((c := cycle_at(walk, b.start)).start, c.end)
               for b in bills(walk) if b.start is not None and b.end is not None)


def no_bill(walk: Walk, what: str) -> Verdict:
    """No bill covering what a check judges: where the carrier cuts its bills on other days
    than the tariff's, the check is blocked (the cycle is BILL-ACCURATE's); else the bill
    is missing, which the check fails."""
    if cut_otherwise(walk):
        raise bill_missing(walk, what)
    return Verdict(False, f"no bill {what}", f"a bill {what}")


def bills_after(walk: Walk, day: dt.date) -> list[Bill]:
    """The bills of cycles that start after ``day``."""
    return [b for b in bills(walk) if own_cycle(walk, b).start > day]


def fee_lines(walk: Walk, bill: Bill) -> list[BillLine] | None:
    """The bill's monthly fee lines, where the channel itemises the bill and lists its fees;
    None where it does not (a voice menu reads the total alone)."""
    if not walk.can(Itemised):
        return None
    try:
        lines = walk.able(Itemised).bill_lines(bill)
    except NotApplicable:  # a channel whose carrier does not offer the itemised bill there
        return None
    fees = [line for line in lines if line.kind == "recurring"]
    return fees or None


def bill_missing(walk: Walk, what: str) -> CheckpointBlocked:
    """No bill to judge ``what`` on: the customer's bill not cut when the tariff says is
    BILL-ACCURATE's to report, not every check's that reads it."""
    return CheckpointBlocked(f"blocked: the {walk.channel.name} channel shows no bill {what} "
                             f"(a bill missing or cut on other days is BILL-ACCURATE's)")


def check_bills_own(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        shown = walk.channel.bills()
        if not shown:
            raise bill_missing(walk, "at all, so none to tell whose it is")
        others = _others(walk, shown)
        holders = sorted({b.holder or "(not stated)" for b in shown})
        return Verdict(not others, f"bills of {', '.join(holders)}",
                       f"bills of the customer's own number {walk.persona.msisdn}")
    walk.check(standard, question, needs=("bill_period",))


# -- cancel ----------------------------------------------------------------------------------
def cancel(walk: Walk, names: set[str], needs: tuple[str, ...] = ("active",)) -> None:
    """Unsubscribe from whichever of ``names`` the channel shows active."""
    def task() -> Request:
        product = find(walk, names, {"active"})
        if product is None:
            raise ActionFailed(f"none of {', '.join(sorted(names))} is shown active, nothing "
                               f"to unsubscribe from")
        asked = walk.clock.now()
        walk.channel.cancel(product)
        return Request(product, walk.clock.now(), asked=asked)
    walk.act("cancel", "cancel", task, needs=needs)


def check_cancel_sms(walk: Walk, standard: str) -> None:
    """The confirmation comes in time, names the service unsubscribed from, and says it takes
    effect no later than the carrier's rule allows (``tariff.cancel_within_hours`` from the
    request; whether it really does is another standard's question)."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        pattern = message_pattern(walk, "cancellation", offering=request.product.name)
        timely = sms_within(walk, standard, "cancel_sms", pattern, request.at, request.asked)
        if "cancel_sms" not in walk.facts:
            return timely
        sms = walk.facts["cancel_sms"]
        named = content_judged(walk, "cancellation", sms, {"service": request.product.name},
                               timely)
        hours = float(walk.carrier.get("tariff.cancel_within_hours", 24))
        return effective_judged(walk, "cancellation", sms,
                                request.at + dt.timedelta(hours=hours), named)
    walk.check(standard, question)


def check_cancel_effective(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        request = walk.fact("cancel")
        limit = walk.catalogue.get(standard).seconds
        product, seconds = wait_state(walk, {request.product.name}, "terminated", request.at,
                                       limit)
        if product is None:
            return Verdict(False, f"still not terminated after {days(seconds)}",
                           f"terminated within {days(limit)}")
        # The termination day: as the channel shows it, else somewhere between the request and
        # the look that first saw the product terminated.
        seen = (request.at + dt.timedelta(seconds=seconds)).date()
        walk.facts["terminated"] = [product.end] if product.end else day_range(
            request.at.date(), seen)
        return Verdict(seconds <= limit, f"terminated after {days(seconds)}",
                       f"terminated within {days(limit)}")
    walk.check(standard, question, needs=("cancel",))


def day_range(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


