"""A cross-channel walk: one customer asks every channel a product line is sold on the same
question, and each channel's answer is checked against the others'.

Each channel's answer is its own checkpoint (channel = that channel), so the problem lands on
the channel that disagrees.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable
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


class CrossWalk:
    """Several walks of one customer, one per channel; looks like one walk to the runners."""

    def __init__(self, walks: list[Walk]) -> None:
        self.walks = walks

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


def each(cross: CrossWalk, action: Callable[[Walk], object], saying: str = "",
         failed: type[WalkSignal] = ActionFailed) -> None:
    """Do ``action(walk)`` on every channel; one channel's failure does not stop the others.
    The step then says the worst of what happened: a harness or environment error on any
    channel before a product failure (``failed``), before a blocked one."""
    said: dict[type[WalkSignal], list[str]] = {}
    for walk in cross.walks:
        try:
            action(walk)
        except PRODUCT as exc:
            kind = CheckpointBlocked if isinstance(exc, CheckpointBlocked) else failed
            said.setdefault(kind, []).append(f"{walk.channel.name}: {exc}")
        except (CheckpointErrored, EnvironmentBroken) as exc:
            said.setdefault(CheckpointErrored, []).append(f"{walk.channel.name}: {exc}")
        except WalkSignal:
            raise
        except Exception as exc:  # noqa: BLE001 - outside a task: still the harness's
            said.setdefault(CheckpointErrored, []).append(f"{walk.channel.name}: {cause(exc)}")
    for kind in (CheckpointErrored, failed, CheckpointBlocked):
        if kind in said:
            raise kind(saying + "; ".join(said[kind]))


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
    _against_majority(
        cross, standard,
        lambda walk: (walk.fact("offer").fee, _terms(walk.fact("offer").terms) if terms else ""),
        lambda walk: f"{walk.fact('offer').fee} a month" +
        (f", terms: {walk.fact('offer').terms[:80]}" if terms else ""))


def check_same_products(cross: CrossWalk, standard: str) -> None:
    """Each channel lists the customer's products, with their status, as most channels do."""
    def listed(walk: Walk) -> tuple[tuple[str, str], ...]:
        shown = tuple(sorted((p.name, p.status) for p in walk.channel.products()))
        if not shown:  # channels that all list nothing do not agree on the subscriptions
            raise ActionFailed(f"the {walk.channel.name} channel lists no product")
        return shown
    answers: dict[str, tuple[tuple[str, str], ...]] = {}

    def answer(walk: Walk) -> tuple[tuple[str, str], ...]:
        if walk.channel.name not in answers:
            answers[walk.channel.name] = listed(walk)
        return answers[walk.channel.name]
    _against_majority(cross, standard, answer,
                      lambda walk: ", ".join(f"{n} {s}" for n, s in answer(walk)) or "nothing")


def _against_majority(cross: CrossWalk, standard: str, answer: Callable[[Walk], Hashable],
                      describe: Callable[[Walk], str]) -> None:
    """One checkpoint per channel: does its answer agree with most channels'? (With no
    majority, nobody can tell which is right, and every channel fails.)"""
    said: dict[str, Hashable] = {}
    unread: dict[str, tuple[bool, str]] = {}  # channel → (the product's doing?, why)
    for walk in cross.walks:
        try:
            said[walk.channel.name] = answer(walk)
        except Exception as exc:  # noqa: BLE001 - the channel's own checkpoint records why
            unread[walk.channel.name] = (isinstance(exc, PRODUCT), str(exc) or cause(exc))
    common = Counter(said.values()).most_common()
    majority = common[0][0] if common and (len(common) == 1 or common[0][1] > common[1][1]) \
        else None

    def question(walk: Walk) -> Verdict:
        mine = answer(walk)
        others = [w for w in cross.walks
                  if w.channel.name != walk.channel.name and w.channel.name in said]
        if not others:  # agreeing with nobody is not agreeing: there was nothing to compare
            why = "; ".join(f"{ch}: {reason}" for ch, (_, reason) in unread.items())
            if any(product for product, _ in unread.values()):
                raise CheckpointBlocked(f"blocked: no other channel answered ({why})")
            raise CheckpointErrored(f"errored: no other channel could be read "
                                    f"({why or 'one channel only'})")
        heard = "; ".join(f"{w.channel.name}: {describe(w)}" for w in others)
        return Verdict(majority is not None and mine == majority, describe(walk),
                       f"what the other channels say ({heard})"[:400])
    each(cross, lambda walk: walk.check(standard, lambda: question(walk)),
         failed=CheckpointFailed)


def check_same_balance(cross: CrossWalk, standard: str) -> None:
    """Each channel shows the prepaid balance most channels show."""
    answers: dict[str, object] = {}

    def answer(walk: Walk) -> object:
        if walk.channel.name not in answers:
            answers[walk.channel.name] = walk.channel.balance()
        return answers[walk.channel.name]
    _against_majority(cross, standard, answer, lambda walk: f"balance {answer(walk)}")
