"""A ring-back tone order is one attempt of its rate standard, in place of its ORD-ACK; an
information service's order keeps ORD-ACK and makes no attempt."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from tests.fakes import FakeClock
from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import ActionFailed, CheckpointFailed, NotApplicable
from walkthrough.persona import Persona
from walkthrough.product_lines import common, vas
from walkthrough.session import ROOT
from walkthrough.walk import Walk

TZ = dt.timezone(dt.timedelta(hours=8))


class Channel:
    name = "sms"

    def evidence(self) -> list:
        return []


def ordered(service: str, carrier: Carrier | None = None, refused: str = "") -> Walk:
    """A VAS walk on the demo carrier file whose customer ordered ``service``."""
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "17099990002")
    walk = Walk(walk_id="w", run_id="r", carrier=carrier or Carrier.load(),
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line="vas", channel=Channel(), phone=None,
                clock=FakeClock(dt.datetime(2026, 11, 20, 10, tzinfo=TZ)), persona=persona)
    walk.facts["service"] = service
    now = walk.clock.now()

    def order() -> common.Placed:
        if refused:
            raise ActionFailed(refused)
        return common.Placed("PO-000001", now, now)
    with contextlib.suppress(ActionFailed):  # a refused order: the fact failed
        walk.act("order", "order", order)
    return walk


def test_a_ring_back_tone_order_is_one_attempt_of_its_rate_and_no_ord_ack():
    walk = ordered("music")
    with pytest.raises(NotApplicable, match="ring-back tone"):
        vas.check_order_accepted(walk, "ORD-ACK")
    vas.check_ringback_order(walk, "VAS-RING-ORDER")
    [record] = walk.records
    assert (record.standard, record.status) == ("VAS-RING-ORDER", "passed")
    assert record.observed == "order number PO-000001"
    assert ">= 93% of the run's ring-back tone orders" in record.expected


def test_a_refused_ring_back_tone_order_fails_its_attempt():
    walk = ordered("music", refused="'KT CL' was refused: 系统繁忙")
    with pytest.raises(CheckpointFailed, match="系统繁忙"):
        vas.check_ringback_order(walk, "VAS-RING-ORDER")
    assert [(r.standard, r.status) for r in walk.records] == [("VAS-RING-ORDER", "failed")]


def test_an_information_service_order_keeps_ord_ack_and_makes_no_attempt():
    walk = ordered("news")
    vas.check_order_accepted(walk, "ORD-ACK")
    with pytest.raises(NotApplicable, match="no ring-back tone"):
        vas.check_ringback_order(walk, "VAS-RING-ORDER")
    assert [(r.standard, r.status) for r in walk.records] == [("ORD-ACK", "passed")]


def test_a_music_walk_that_a_carrier_walks_with_its_news_service_makes_no_attempt():
    # a carrier without a ring-back tone may name another service for the music walks
    carrier = Carrier.load()
    carrier.data["products"]["vas"]["services"]["music"] = "news"
    walk = ordered("music", carrier)
    vas.check_order_accepted(walk, "ORD-ACK")
    with pytest.raises(NotApplicable):
        vas.check_ringback_order(walk, "VAS-RING-ORDER")
    assert [r.standard for r in walk.records] == ["ORD-ACK"]
