"""A cross-channel walk: one customer asks every channel a product line is sold on the same
question, and each channel's answer is checked against the others'.

Each channel's answer is its own checkpoint (channel = that channel), so the problem lands on
the channel that disagrees. Where the customer does something (a top-up, a subscribe, an
unsubscribe), every channel is asked again right after it: a *reading*, judged on its own. A
channel that lags behind an event made on another channel fails the checkpoint of the reading
after that event, and its checkpoints of the readings before stay passed.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
    EnvironmentBroken,
    Verdict,
    WalkSignal,
    worst,
)
from walkthrough.gherkin import product_line_of
from walkthrough.matrix import SoldOn
from walkthrough.walk import Walk, cause

PRODUCT = (ActionFailed, CheckpointFailed, CheckpointBlocked)  # the carrier's doing
IN_FORCE = frozenset({"pendingActive", "active", "pendingTerminate"})  # not (yet) ended

Answer = tuple[Hashable, str]  # what is compared, and how the observation says it


@dataclasses.dataclass
class Reading:
    """Every channel's answer to one question, asked right after one event."""

    event: str = ""  # what the customer did just before ("the top-up of 50.00 on sms")
    said: dict[str, Answer] = dataclasses.field(default_factory=dict)  # by channel
    unread: dict[str, Exception] = dataclasses.field(default_factory=dict)  # by channel: why
    prevented: WalkSignal | None = None  # the event did not happen: nothing to compare after
    judged: bool = False

    def majority(self) -> Hashable | None:
        """The answer most channels gave (with no majority, nobody can tell which is right)."""
        common = Counter(value for value, _ in self.said.values()).most_common()
        if common and (len(common) == 1 or common[0][1] > common[1][1]):
            return common[0][0]
        return None


class CrossWalk:
    """Several walks of one customer, one per channel; looks like one walk to the runners."""

    def __init__(self, walks: list[Walk]) -> None:
        self.walks = walks
        self.readings: list[Reading] = []

    @property
    def records(self) -> list:
        return [r for w in self.walks for r in w.records]

    @property
    def evidence(self) -> list[tuple[str, bytes, str]]:
        return [e for w in self.walks for e in w.evidence]

    @property
    def outcome(self) -> str:
        return worst({w.outcome for w in self.walks})

    def sms_log(self) -> str:
        return self.walks[0].sms_log() if self.walks else ""

    def close(self) -> None:
        for walk in self.walks:
            walk.close()


def begin(context: Any) -> CrossWalk:
    """A fresh customer, signed in on every channel the product line is sold on."""
    session = context.session
    product_line = product_line_of(context.tags)
    channels = [c for c in SoldOn.of(session.carrier).channels(product_line)
                if session.selected(product_line, c)]
    walks: list[Walk] = []
    for channel in channels:
        persona = walks[0].persona if walks else None
        walk = session.new_walk(product_line, channel, getattr(context, "feature_name", ""),
                                persona=persona)
        if walks:  # the same customer: the first walk's number and account
            walk.broken = walk.broken or walks[0].broken
        walks.append(walk)
    context.walk = cross = CrossWalk(walks)
    if not walks:
        raise CheckpointErrored(f"no channel selected sells {product_line}: nothing to compare")
    each(cross, lambda walk: walk.act("signed_in", "order", walk.channel.sign_in),
         "sign-in failed on ")
    return cross


def share(source: Walk, target: Walk, *facts: str) -> None:
    """What the customer established on one channel is theirs on another too (the service
    they subscribed to), with how it went: failed there, it blocks what needs it here."""
    if source is target:
        return
    for fact in facts:
        for known in ("facts", "failed", "blocked", "errored", "unoffered"):
            mine, theirs = getattr(source, known), getattr(target, known)
            if fact in mine:
                theirs[fact] = mine[fact]
            else:
                theirs.pop(fact, None)


def each(cross: CrossWalk, action: Callable[[Walk], object], saying: str = "",
         failed: type[WalkSignal] = ActionFailed) -> None:
    """Do ``action(walk)`` on every channel; one channel's failure does not stop the others.
    The step then says the worst of what happened: a harness or environment error on any
    channel before a product failure (``failed``), before a blocked one."""
    _gather(((walk.channel.name, functools.partial(action, walk)) for walk in cross.walks),
            saying, failed)


def _gather(tries: Iterable[tuple[str, Callable[[], object]]], saying: str = "",
            failed: type[WalkSignal] = ActionFailed) -> None:
    """Do every one of ``tries`` (each named for what it says), whatever the ones before it
    did; then raise the worst of what happened, as ``each`` says."""
    said: dict[type[WalkSignal], list[str]] = {}
    for name, action in tries:
        try:
            action()
        except PRODUCT as exc:
            kind = CheckpointBlocked if isinstance(exc, CheckpointBlocked) else failed
            said.setdefault(kind, []).append(f"{name}: {exc}")
        except (CheckpointErrored, EnvironmentBroken) as exc:
            said.setdefault(CheckpointErrored, []).append(f"{name}: {exc}")
        except WalkSignal:
            raise
        except Exception as exc:  # noqa: BLE001 - outside a task: still the harness's
            said.setdefault(CheckpointErrored, []).append(f"{name}: {cause(exc)}")
    for kind in (CheckpointErrored, failed, CheckpointBlocked):
        if kind in said:
            raise kind(saying + "; ".join(said[kind]))


# -- readings --------------------------------------------------------------------------------
def read(cross: CrossWalk, answer: Callable[[Walk], Answer], event: str = "") -> Reading:
    """Ask every channel now; what a channel could not answer is kept for its checkpoint."""
    reading = Reading(event)
    for walk in cross.walks:
        try:
            reading.said[walk.channel.name] = answer(walk)
        except Exception as exc:  # noqa: BLE001 - the channel's own checkpoint records why
            reading.unread[walk.channel.name] = exc
    cross.readings.append(reading)
    return reading


def after(cross: CrossWalk, event: str, do: Callable[[], object],
          answer: Callable[[Walk], Answer]) -> None:
    """Do one event, then ask every channel. An event that could not be made leaves nothing
    to compare after it: that reading's checkpoints are blocked (errored where the harness or
    the environment broke), and the event's failure is the step's."""
    try:
        do()
    except PRODUCT as exc:
        cross.readings.append(Reading(event, prevented=CheckpointBlocked(
            f"blocked: {event} could not be made ({exc})")))
        raise
    except (CheckpointErrored, EnvironmentBroken) as exc:
        cross.readings.append(Reading(event, prevented=CheckpointErrored(
            f"errored: {event} could not be made ({exc})")))
        raise
    read(cross, answer, event)


def in_turn(cross: CrossWalk, events: Iterable[tuple[str, Callable[[], object]]],
            answer: Callable[[Walk], Answer]) -> None:
    """Each event in turn, every channel asked after each; one event that could not be made
    does not stop the next (the customer goes on), and the step says them all."""
    _gather((event, functools.partial(after, cross, event, do, answer))
            for event, do in events)


def judge(cross: CrossWalk, standard: str) -> None:
    """One checkpoint per channel for each reading not judged yet: does its answer agree
    with most channels' in that reading?"""
    readings = [r for r in cross.readings if not r.judged]
    if not readings:
        readings = [Reading(prevented=CheckpointErrored(
            "errored: no step before this one asked the channels anything to compare"))]
    for reading in readings:
        reading.judged = True
    _gather(((walk.channel.name, functools.partial(
        walk.check, standard, functools.partial(_agrees, reading, walk.channel.name)))
        for reading in readings for walk in cross.walks), failed=CheckpointFailed)


def _agrees(reading: Reading, channel: str) -> Verdict:
    after = f"after {reading.event}: " if reading.event else ""
    if reading.prevented is not None:
        raise type(reading.prevented)(str(reading.prevented))
    if channel in reading.unread:
        exc = reading.unread[channel]
        if isinstance(exc, PRODUCT):  # said again with the event it follows
            raise type(exc)(f"{after}{exc}") from exc
        raise exc
    mine, shown = reading.said[channel]
    others = {ch: said for ch, said in reading.said.items() if ch != channel}
    if not others:  # agreeing with nobody is not agreeing: there was nothing to compare
        why = "; ".join(f"{ch}: {str(exc) or cause(exc)}" for ch, exc in reading.unread.items())
        if any(isinstance(exc, PRODUCT) for exc in reading.unread.values()):
            raise CheckpointBlocked(f"blocked: no other channel answered ({why})")
        raise CheckpointErrored(f"errored: no other channel could be read "
                                f"({why or 'one channel only'})")
    majority = reading.majority()
    heard = "; ".join(f"{ch}: {said}" for ch, (_, said) in others.items())
    return Verdict(majority is not None and mine == majority, f"{after}{shown}"[:400],
                   f"what the other channels say ({heard})"[:400])


# -- what is compared ------------------------------------------------------------------------
def _terms(text: str) -> str:
    """Terms as said, without the punctuation and spacing that differ between media."""
    return re.sub(r"[\s,.;:。,;:、()()]", "", text)


def check_same_offer(cross: CrossWalk, standard: str) -> None:
    """Each channel's price and terms equal what most channels say. A carrier whose channels
    word their terms each its own way (the API its allowances, the voice menu its VAT) says
    ``compare.terms: false``: the price alone is compared (each channel's terms are judged
    against the tariff by ORD-PRICE-SHOWN)."""
    terms = cross.walks[0].carrier.get("compare.terms", True) is not False if cross.walks \
        else True

    def offer(walk: Walk) -> Answer:
        found = walk.fact("offer")
        return ((found.fee, _terms(found.terms) if terms else ""),
                f"{found.fee} a month" + (f", terms: {found.terms[:80]}" if terms else ""))
    read(cross, offer)
    judge(cross, standard)


def subscriptions(walk: Walk) -> Answer:
    """The products the channel lists in force, with their status. One that has ended is no
    subscription: one channel lists it terminated, another no more, and both are right."""
    shown = tuple(sorted((p.name, p.status) for p in walk.channel.products()
                         if p.status in IN_FORCE))
    if not shown:  # channels that all list nothing do not agree on the subscriptions
        raise ActionFailed(f"the {walk.channel.name} channel lists no product")
    return shown, ", ".join(f"{n} {s}" for n, s in shown)


def balance(walk: Walk) -> Answer:
    """The prepaid balance the channel shows."""
    shown = walk.channel.balance()
    return shown, f"balance {shown}"


def check_same_products(cross: CrossWalk, standard: str) -> None:
    """After each event the steps before made, each channel lists the customer's
    subscriptions as most channels do."""
    judge(cross, standard)


def check_same_balance(cross: CrossWalk, standard: str) -> None:
    """After each top-up the steps before made, each channel shows the prepaid balance most
    channels show."""
    judge(cross, standard)
