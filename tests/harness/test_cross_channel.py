"""Readings across channels: every channel asked after each event the customer makes, each
reading judged on its own. The channels here are stand-ins answering as told."""

from __future__ import annotations

from decimal import Decimal

import pytest

from walkthrough import cross_channel, standards
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
)
from walkthrough.persona import Persona
from walkthrough.product_lines import topup, vas
from walkthrough.session import ROOT
from walkthrough.views import ProductState
from walkthrough.walk import Walk

CARRIER = Carrier.load()
CATALOGUE = standards.load(ROOT / "scenarios" / "standards.yaml")

PLAN = ProductState("5G畅享58元套餐", "active")
NEWS = ProductState("头条新闻", "active")


class Teller:
    """A channel that answers each question with the next of its answers."""

    def __init__(self, name: str, balances: tuple[str, ...] = (),
                 listings: tuple[list[ProductState], ...] = ()) -> None:
        self.name = name
        self.balances = [Decimal(b) for b in balances]
        self.listings = list(listings)

    def balance(self) -> Decimal:
        return self.balances.pop(0)

    def products(self) -> list[ProductState]:
        return self.listings.pop(0)

    def evidence(self) -> list:
        return []


def _cross(*channels: Teller, product_line: str = "topup") -> cross_channel.CrossWalk:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "19912345678")
    return cross_channel.CrossWalk([
        Walk(walk_id=f"w-{channel.name}", run_id="r", carrier=CARRIER, catalogue=CATALOGUE,
             product_line=product_line, channel=channel, phone=None, clock=None,
             persona=persona) for channel in channels])


def _statuses(cross: cross_channel.CrossWalk, standard: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record in cross.records:
        if record.standard == standard:
            found.setdefault(record.channel, []).append(record.status)
    return found


def _nothing() -> None:
    pass


def test_a_channel_behind_the_latest_event_fails_that_reading_only():
    cross = _cross(Teller("api", ("80.00", "110.00")), Teller("web", ("80.00", "110.00")),
                   Teller("hotline", ("80.00", "80.00")))
    cross_channel.in_turn(cross, [("the top-up of 30.00 on api", _nothing),
                                  ("the top-up of 30.00 on web", _nothing)],
                          cross_channel.balance)
    with pytest.raises(CheckpointFailed, match="hotline"):
        cross_channel.check_same_balance(cross, "TOP-SAME-BALANCE")
    assert _statuses(cross, "TOP-SAME-BALANCE") == {
        "api": ["passed", "passed"], "web": ["passed", "passed"],
        "hotline": ["passed", "failed"]}
    failed = next(r for r in cross.records if r.status == "failed")
    assert failed.observed == "after the top-up of 30.00 on web: balance 80.00"
    assert failed.expected == ("what the other channels say (api: balance 110.00; "
                               "web: balance 110.00)")


def test_an_event_that_could_not_be_made_blocks_its_reading_and_the_next_goes_on():
    cross = _cross(Teller("api", ("50.00",)), Teller("sms", ("50.00",)))

    def refused() -> None:
        raise ActionFailed("the top-up was refused: 系统繁忙")
    with pytest.raises(ActionFailed, match="系统繁忙"):
        cross_channel.in_turn(cross, [("the top-up of 50.00 on api", refused),
                                      ("the top-up of 50.00 on sms", _nothing)],
                              cross_channel.balance)
    with pytest.raises(CheckpointBlocked):
        cross_channel.check_same_balance(cross, "TOP-SAME-BALANCE")
    assert _statuses(cross, "TOP-SAME-BALANCE") == {"api": ["blocked", "passed"],
                                                    "sms": ["blocked", "passed"]}
    blocked = cross.records[0]
    assert "the top-up of 50.00 on api could not be made" in blocked.reason
    assert "系统繁忙" in blocked.reason


def test_each_reading_is_judged_once_by_the_step_after_it():
    cross = _cross(Teller("api", listings=([PLAN, NEWS], [PLAN])),
                   Teller("web", listings=([PLAN, NEWS], [PLAN, NEWS])),
                   Teller("sms", listings=([NEWS, PLAN], [PLAN])), product_line="vas")
    cross_channel.after(cross, "the subscribe to news on api", _nothing,
                        cross_channel.subscriptions)
    cross_channel.check_same_products(cross, "VAS-SAME-SUBS")
    cross_channel.after(cross, "the unsubscribe from news on sms", _nothing,
                        cross_channel.subscriptions)
    with pytest.raises(CheckpointFailed):
        cross_channel.check_same_products(cross, "VAS-SAME-SUBS")
    assert _statuses(cross, "VAS-SAME-SUBS") == {
        "api": ["passed", "passed"], "web": ["passed", "failed"], "sms": ["passed", "passed"]}


def test_a_check_with_nothing_read_before_it_is_errored_on_every_channel():
    cross = _cross(Teller("api"), Teller("web"))
    with pytest.raises(CheckpointErrored):
        cross_channel.check_same_balance(cross, "TOP-SAME-BALANCE")
    assert _statuses(cross, "TOP-SAME-BALANCE") == {"api": ["errored"], "web": ["errored"]}


def test_an_ended_service_is_no_subscription_whether_listed_or_not():
    ended = ProductState("头条新闻", "terminated")
    cross = _cross(Teller("api", listings=([PLAN, ended],)), Teller("hotline", listings=([PLAN],)),
                   product_line="vas")
    cross_channel.read(cross, cross_channel.subscriptions)
    cross_channel.check_same_products(cross, "VAS-SAME-SUBS")
    assert _statuses(cross, "VAS-SAME-SUBS") == {"api": ["passed"], "hotline": ["passed"]}


def test_a_subscribe_that_failed_on_the_first_channel_blocks_the_unsubscribe_on_the_last():
    cross = _cross(Teller("api"), Teller("sms"), product_line="vas")
    first = cross.walks[0]
    first.facts.update(offering="头条新闻", service="news")
    def never_active() -> None:
        raise ActionFailed("'头条新闻' was not shown active")
    with pytest.raises(ActionFailed):
        first.act("active", "activate", never_active)
    with pytest.raises(CheckpointBlocked):
        vas.unsubscribe_on_last(cross)
    assert "'active' failed" in cross.walks[1].blocked["cancel"]
    [reading] = cross.readings
    assert isinstance(reading.prevented, CheckpointBlocked)
    assert reading.event == "the unsubscribe from news on sms"


def test_the_top_ups_go_round_every_channel_and_end_on_the_first(monkeypatch):
    cross = _cross(Teller("api", ("1",) * 3), Teller("web", ("1",) * 3),
                   Teller("hotline", ("1",) * 3))
    made: list[str] = []
    monkeypatch.setattr(topup, "_top_up_once", lambda walk: made.append(walk.channel.name))
    topup.top_up_in_turn(cross)
    assert made == ["web", "hotline", "api"]
    assert [r.event for r in cross.readings] == [
        "the top-up of 50.00 on web", "the top-up of 50.00 on hotline",
        "the top-up of 50.00 on api"]
