"""The prepaid top-up walk (充值缴费): a prepaid customer falls into arrears, tops up several
times on one channel, and the walk checks DOMAIN.md [000]: each top-up credited within 5 s, at
least 98 % of top-ups succeeding, no arrears notice once the balance is paid up; and [003]:
a payment-received SMS; then the number works again and the balance is right to the fen.

The carrier file says how each channel pays (``products.topup.methods``: online, cash or a
recharge card from the test support) and how many top-ups the walk makes on it
(``products.topup.attempts``).

Facts, in order: ``start``, ``arrears``, ``topups``, ``sessions``, ``watched``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from decimal import Decimal

from walkthrough import cross_channel, oracle
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointFailed,
    EnvironmentBroken,
    Verdict,
    WalkSignal,
)
from walkthrough.clock import look_for, wait_for, wait_late
from walkthrough.cross_channel import CrossWalk
from walkthrough.errors import UsageError
from walkthrough.phone import Session
from walkthrough.product_lines import common
from walkthrough.questions import to_judge
from walkthrough.views import RechargeCard, TopUpReceipt
from walkthrough.walk import Walk

LATE_CREDIT = 3600.0  # how long a customer keeps checking for a top-up that has not arrived
ARREARS_WITHIN = 86400.0  # the arrears notice after the balance runs out


@dataclasses.dataclass(frozen=True)
class Attempt:
    """One top-up the customer tried."""

    amount: Decimal
    asked: dt.datetime  # when the customer began
    at: dt.datetime | None = None  # when the channel took it (None: refused)
    refused: str = ""
    credited: float | None = None  # seconds from ``at`` until the balance showed it
    receipt: TopUpReceipt | None = None

    @property
    def succeeded(self) -> bool:
        return self.credited is not None

    @property
    def credited_at(self) -> dt.datetime | None:
        if self.at is None or self.credited is None:
            return None
        return self.at + dt.timedelta(seconds=self.credited)


def _settings(walk: Walk) -> dict:
    return common.settings_of(walk)


def _plan(walk: Walk) -> str:
    return str(_settings(walk)["plan"])


def _opening(walk: Walk) -> Decimal:
    """The balance the test customer starts with: what the walk asks the test environment for
    (``subscriber.balance``), or what the carrier hands every new number
    (``opening_balance``)."""
    settings = _settings(walk)
    given = settings.get("opening_balance", (settings.get("subscriber") or {}).get("balance"))
    if given is None:
        raise UsageError("products.topup gives no opening balance", path=walk.carrier.path,
                         line=walk.carrier.line_of("products.topup"),
                         hint="subscriber: {balance: '1.00'} where the test environment takes "
                              "one, else opening_balance: '0.00'")
    return Decimal(str(given))


def _per_channel(walk: Walk, key: str) -> object:
    values = _settings(walk)[key]
    if walk.channel.name not in values:
        raise UsageError(f"products.topup.{key} gives nothing for the {walk.channel.name} "
                         f"channel", path=walk.carrier.path,
                         line=walk.carrier.line_of(f"products.topup.{key}"),
                         hint=f"add {walk.channel.name}: ... under products.topup.{key}")
    return values[walk.channel.name]


# -- order -----------------------------------------------------------------------------------
def note_start(walk: Walk) -> None:
    """The test customer comes with its plan in service and its opening balance from this
    moment (the test set-up's promise); the plan's charges count from here."""
    walk.act("start", "order", walk.clock.now)


def _first_charge(walk: Walk, start: dt.datetime) -> dt.datetime:
    """When the plan first takes from the balance: at its start where the fee is charged in
    advance, else when its first cycle's bill is cut (``tariff.balance_charged``)."""
    if common.rules(walk).balance_charged == "cycle-start":
        return start
    cut = common.cycle_at(walk, start).cut
    return dt.datetime.combine(cut, dt.time(), start.tzinfo)


def fall_into_arrears(walk: Walk) -> None:
    """The plan's first charge takes the small opening balance below zero: the customer
    waits for the arrears notice, then lets the grace period pass unpaid."""
    def task() -> dt.datetime:
        start = _first_charge(walk, walk.fact("start"))
        walk.clock.advance_to(start)
        pattern = str(walk.carrier.get("messages.arrears"))
        notice, seconds = wait_for(walk.clock, lambda: walk.phone.find(pattern, start),
                                   ARREARS_WITHIN, since=start)
        if notice is None:
            raise ActionFailed(f"no arrears notice came within {common.days(seconds)} of the "
                               f"balance running out, so there is no arrears to pay off")
        grace = float(_settings(walk).get("grace_hours", 24)) * 3600
        if grace > 0:  # 0: pay within the grace period (a carrier without a test clock)
            walk.clock.advance_to(notice.received_at + dt.timedelta(seconds=grace + 3600))
        return notice.received_at
    walk.act("arrears", "order", task, needs=("start",))


def _card(walk: Walk, amount: Decimal) -> RechargeCard:
    """A recharge card of ``amount`` from the test support, as bought in a shop."""
    card = walk.phone.backstage.call("recharge_card", amount=amount,
                                     fen=int(amount * 100), yuan=int(amount))
    if not card.get("number") or not card.get("password"):
        raise EnvironmentBroken(f"the test environment's recharge card has no number or "
                                f"password where backstage.hooks.recharge_card says: {card}")
    return RechargeCard(str(card["number"]), str(card["password"]),
                        Decimal(str(card.get("amount") or amount)))


def top_up_several(walk: Walk) -> None:
    """The customer tops up as many times as the carrier file says for the channel, each by
    the channel's way of paying, and after each one looks at the balance until it shows the
    money (on a carrier without a test clock, by waiting in real time)."""
    def task() -> list[Attempt]:
        count = int(_per_channel(walk, "attempts"))  # type: ignore[call-overload]
        if count < 1:
            raise UsageError(f"products.topup.attempts gives {count} top-ups for the "
                             f"{walk.channel.name} channel", path=walk.carrier.path,
                             line=walk.carrier.line_of("products.topup.attempts"),
                             hint="a walk makes at least one top-up")
        method = str(_per_channel(walk, "methods"))
        amount = Decimal(str(_settings(walk)["amount"]))
        within = float(_settings(walk).get("credit_seconds", 5))
        before = walk.channel.balance()
        attempts = []
        for _ in range(count):
            attempt, seen = _one(walk, method, amount, before, within)
            attempts.append(attempt)
            before = seen if seen is not None else before
        if not any(a.at for a in attempts):
            reasons = "; ".join(sorted({a.refused for a in attempts}))
            raise ActionFailed(f"none of the {count} top-ups was taken: {reasons}")
        return attempts
    walk.act("topups", "order", task, needs=("arrears",))


def _one(walk: Walk, method: str, amount: Decimal, before: Decimal,
         within: float) -> tuple[Attempt, Decimal | None]:
    """One top-up, then looking at the balance until it is above ``before``; the attempt and
    the balance seen once it was credited."""
    card = _card(walk, amount) if method == "card" else None
    asked = walk.clock.now()
    try:
        receipt = walk.channel.top_up(amount, card)
    except ActionFailed as exc:
        return Attempt(amount, asked, refused=str(exc)), None
    at = walk.clock.now()
    looks: list[Decimal] = [receipt.balance] if receipt.balance is not None else []

    def credited() -> Decimal | None:
        seen = looks.pop() if looks else walk.channel.balance()
        return seen if seen > before else None
    seen, seconds = wait_late(walk.clock, credited, within, LATE_CREDIT, since=at)
    if seen is None:
        return Attempt(amount, asked, at, refused=f"not credited {common.days(seconds)} later",
                       receipt=receipt), None
    return Attempt(amount, asked, at, credited=seconds, receipt=receipt), seen


def check_success_rate(walk: Walk, standard: str) -> None:
    """Each top-up is one checkpoint of the rate standard: the share of the run's top-ups that
    succeed, over every walk, is judged as a rate with its interval (``walkthrough.rates``),
    not from the few this walk made."""
    try:
        count = len(walk.fact("topups"))
    except WalkSignal:  # no top-ups to count: one checkpoint says why (blocked, errored)
        count = 1
    rate = walk.catalogue.get(standard).rate
    share = f"; {rate} of the run's top-ups must be" if rate else ""

    def question(index: int) -> Verdict:
        attempts = to_judge(walk.fact("topups"), "the walk made no top-up")
        attempt = attempts[index]
        said = "credited" if attempt.succeeded else f"failed: {attempt.refused}"
        return Verdict(attempt.succeeded, f"top-up {index + 1} of {len(attempts)} "
                       f"({attempt.amount}) {said}"[:300], f"the top-up is credited{share}")
    failed = []
    for index in range(count):
        try:
            walk.check(standard, functools.partial(question, index), needs=("topups",))
        except CheckpointFailed as exc:  # the walk checks every top-up, then says them all
            failed.append(str(exc))
    if failed:
        raise CheckpointFailed("; ".join(failed))


def check_counter_time(walk: Walk, standard: str) -> None:
    common.check_counter_time(walk, standard, "topups")


# -- activate --------------------------------------------------------------------------------
def _succeeded(walk: Walk) -> list[Attempt]:
    done = [a for a in walk.fact("topups") if a.succeeded]
    if not done:
        raise ActionFailed("no top-up reached the balance")
    return done


def check_credited_in_time(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        limit = walk.catalogue.get(standard).seconds
        slowest = max(a.credited or 0.0 for a in _succeeded(walk))
        return Verdict(slowest <= limit, f"the slowest of {len(_succeeded(walk))} top-ups "
                       f"was credited after {slowest:.0f} s", f"each credited within {limit:.0f} s")
    walk.check(standard, question, needs=("topups",))


def _notices(walk: Walk, done: list[Attempt]) -> list:
    """The payment-received SMS since the first top-up that reached the balance."""
    template = str(walk.carrier.get("messages.topup_notice"))
    patterns = {template.format(amount=re.escape(f"{a.amount}")) for a in done}
    since = done[0].at.replace(microsecond=0)  # type: ignore[union-attr]
    return [m for m in walk.phone.inbox() if m.received_at >= since
            and any(re.search(p, m.text) for p in patterns)]


def check_payment_notice(walk: Walk, standard: str) -> None:
    """A payment-received SMS for every top-up that reached the balance, each within the
    standard's time of the top-up."""
    def question() -> Verdict:
        limit = walk.catalogue.get(standard).seconds
        done = _succeeded(walk)
        found = look_for(walk.clock, lambda: _notices(walk, done)
                         if len(_notices(walk, done)) >= len(done) else None,
                         limit, since=done[-1].at)
        found = found or _notices(walk, done)
        late = [(m.received_at - a.at).total_seconds()
                for a, m in zip(done, found, strict=False)]
        ok = len(found) >= len(done) and all(s <= limit for s in late)
        slowest = f", the slowest after {max(late):.0f} s" if late else ""
        return Verdict(ok, f"{len(found)} payment SMS for {len(done)} top-ups{slowest}",
                       f"one for each top-up within {limit:.0f} s")
    walk.check(standard, question, needs=("topups",))


# -- use -------------------------------------------------------------------------------------
def use(walk: Walk) -> None:
    """Once paid up, the customer calls and goes online again."""
    def task() -> list[Session]:
        settings = _settings(walk).get("use", {})
        minutes = int(settings.get("call_minutes", 12))
        megabytes = int(settings.get("data_mb", 100))
        return common.call_then_data(walk, minutes, megabytes)
    walk.act("sessions", "use", task, needs=("topups",))


def check_works_again(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        sessions = to_judge(walk.fact("sessions"), "the walk made no call or data session")
        down = [f"{s.kind} {s.quantity}: {s.reason}" for s in sessions if not s.connected]
        return Verdict(not down, "; ".join(down) or f"{len(sessions)} of {len(sessions)} "
                       "sessions connected after the top-up", "every session connected")
    walk.check(standard, question, needs=("sessions",))


# -- bill ------------------------------------------------------------------------------------
def expected_balance(walk: Walk, until: dt.datetime) -> Decimal:
    """The oracle's balance at ``until``, from what the walk did and saw."""
    topups = [oracle.TopUp(a.amount, a.credited_at) for a in walk.fact("topups")
              if a.credited_at is not None]
    sessions = walk.facts.get("sessions") or []
    usages = [oracle.Usage(s.kind, s.quantity, s.at) for s in sessions if s.connected]
    return oracle.prepaid_balance(walk.carrier.tariff(_plan(walk)), _opening(walk),
                                  walk.fact("start"), until, topups, usages,
                                  rules=common.rules(walk), bill_day=common.bill_day(walk))


def check_balance(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        shown = walk.channel.balance()
        expected = expected_balance(walk, walk.clock.now())
        return Verdict(shown == expected, f"balance {shown}",
                       f"balance {expected} (opening {_opening(walk)} + top-ups - charges)")
    walk.check(standard, question, needs=("topups",))


def watch_inbox(walk: Walk) -> None:
    """The customer goes about the next days (the carrier file's ``watch_days``)."""
    def task() -> dt.datetime:
        first = _succeeded(walk)[0].credited_at
        assert first is not None
        days = float(_settings(walk).get("watch_days", 3))
        walk.clock.advance_to(first + dt.timedelta(days=days))
        return first
    walk.act("watched", "bill", task, needs=("topups",))


def check_no_arrears(walk: Walk, standard: str) -> None:
    """No arrears notice after the first top-up that reached the balance, unless the oracle
    says the balance was below zero again when it came."""
    def question() -> Verdict:
        paid = walk.fact("watched")
        pattern = str(walk.carrier.get("messages.arrears"))
        # the arrears notice was seen before paying: an inbox without it is not read right
        inbox = to_judge(walk.phone.inbox(), "the phone's inbox shows no message at all, not "
                         "even the arrears notice seen before")
        wrong = [m for m in inbox if m.received_at > paid and
                 re.search(pattern, m.text) and expected_balance(walk, m.received_at) >= 0]
        seen = "; ".join(f"{m.received_at:%Y-%m-%d %H:%M} {m.text}" for m in wrong)
        return Verdict(not wrong, f"{len(wrong)} arrears notices after paying: {seen}"[:400]
                       if wrong else "no arrears notice after paying",
                       "no arrears notice while the balance is not below zero")
    walk.check(standard, question, needs=("watched",))


# -- across channels -------------------------------------------------------------------------
def _top_up_once(walk: Walk, needs: tuple[str, ...] = ()) -> None:
    """One top-up on the walk's channel, looked at there until it is credited."""
    def task() -> list[Attempt]:
        amount = Decimal(str(_settings(walk)["amount"]))
        method = str(_per_channel(walk, "methods"))
        attempt, _ = _one(walk, method, amount, walk.channel.balance(),
                          float(_settings(walk).get("credit_seconds", 5)))
        if not attempt.at:
            raise ActionFailed(f"the top-up was refused: {attempt.refused}")
        return [*walk.facts.get("topups", []), attempt]
    walk.act("topups", "order", task, needs=needs)


def _event(walk: Walk) -> str:
    return f"the top-up of {Decimal(str(_settings(walk)['amount']))} on {walk.channel.name}"


def top_up_on_first(cross: CrossWalk) -> None:
    """The customer pays off the arrears on the first channel; every channel is asked the
    balance after it."""
    first = cross.walks[0]
    note_start(first)

    def pay_off() -> None:
        fall_into_arrears(first)
        _top_up_once(first, needs=("arrears",))
    cross_channel.after(cross, _event(first), pay_off, cross_channel.balance)


def top_up_in_turn(cross: CrossWalk) -> None:
    """The customer tops up once on each other channel in turn, then once more on the first;
    every channel is asked the balance after each top-up. So every channel, the first too,
    is asked after a top-up made elsewhere that followed one of its own: a channel that hears
    only of its own top-ups lags wherever it stands in the turn."""
    turn = [*cross.walks[1:], cross.walks[0]] if len(cross.walks) > 1 else []
    cross_channel.in_turn(cross, [(_event(walk), functools.partial(_top_up_once, walk))
                                  for walk in turn], cross_channel.balance)
