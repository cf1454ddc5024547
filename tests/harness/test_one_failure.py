"""A defect fails the standard that owns it, once: the walk's later checks judge their own
facts, and the walk goes on with what it already knows (the order the customer's services
show, the sessions the carrier recorded)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.fakes import FakeClock
from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.channels import Itemised
from walkthrough.checkpoint import ActionFailed, CheckpointBlocked, CheckpointFailed
from walkthrough.persona import Persona
from walkthrough.phone import Session
from walkthrough.product_lines import common, mobile_plan
from walkthrough.session import ROOT
from walkthrough.views import Bill, BillLine, Offer, ProductState, UsageRecord
from walkthrough.walk import Walk

TZ = dt.timezone(dt.timedelta(hours=8))
PLAN = "5G畅享58元套餐"


class Hall:
    """A channel whose checkout may show no outcome, and whose services, usage and bills the
    test sets."""

    name = "web"

    def __init__(self, placed: bool) -> None:
        self.placed = placed
        self.shown: list[ProductState] = []
        self.records: list[UsageRecord] = []
        self.lines: list[BillLine] = []
        self.measures: dict[str, float] = {"order.clicks": 4, "order.pages": 3}
        self.abilities = frozenset({Itemised})

    def order(self, offer: Offer) -> str:
        if self.placed:
            self.shown = [ProductState(offer.name, "pendingActive")]
        raise ActionFailed("the web hall showed no order number")

    def products(self) -> list[ProductState]:
        return self.shown

    def usage(self) -> list[UsageRecord]:
        return self.records

    def bills(self) -> list[Bill]:
        return [Bill("2026-11", Decimal("58.00"))]

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        return self.lines

    def evidence(self) -> list:
        return []


def walk_on(channel: Hall) -> Walk:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "17099990002")
    walk = Walk(walk_id="w", run_id="r", carrier=Carrier.load(),
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line="mobile_plan", channel=channel, phone=None,
                clock=FakeClock(dt.datetime(2026, 11, 3, 10, tzinfo=TZ)), persona=persona)
    walk.facts["offering"] = PLAN
    walk.act("offer", "order", lambda: Offer(PLAN, Decimal("58.00"), "terms"))
    return walk


def test_an_order_placed_without_a_shown_outcome_fails_ord_ack_and_the_walk_goes_on():
    walk = walk_on(Hall(placed=True))
    common.order(walk)
    assert walk.fact("order").order_id == ""
    with pytest.raises(CheckpointFailed, match="no order number"):
        common.check_order_accepted(walk, "ORD-ACK")
    common.check_effort(walk, "ORD-CLICKS", "order", "clicks")  # the clicks it took
    with pytest.raises(CheckpointBlocked, match="ORD-ACK"):  # no outcome: no time to it
        common.check_effort(walk, "ORD-TIME", "order", "elapsed")


def test_an_order_not_placed_stays_failed():
    walk = walk_on(Hall(placed=False))
    with pytest.raises(ActionFailed):
        common.order(walk)
    assert "order" in walk.failed
    with pytest.raises(CheckpointFailed):
        common.check_order_accepted(walk, "ORD-ACK")


def _used(walk: Walk, recorded: list[UsageRecord], lines: list[BillLine]) -> None:
    at = dt.datetime(2026, 11, 3, 11, tzinfo=TZ)
    made = [Session("voice", 12, True, at), Session("data", 1500, True,
                                                    at + dt.timedelta(hours=1))]
    walk.act("active", "activate", lambda: common.Activation(
        ProductState(PLAN, "active", start=at.date()), 600.0, at))
    walk.act("sessions", "use", lambda: made)
    walk.channel.records, walk.channel.lines = recorded, lines
    walk.facts["bill_period"] = ("2026-11", dt.datetime(2026, 12, 1, tzinfo=TZ))
    walk.facts["bill"] = Bill("2026-11", Decimal("58.00"))


def test_a_session_never_recorded_fails_use_recorded_alone():
    walk = walk_on(Hall(placed=True))
    data_at = dt.datetime(2026, 11, 3, 12, tzinfo=TZ)
    _used(walk, [UsageRecord(data_at, "data", Decimal("1500"))],
          [BillLine("data", Decimal("0.00"), at=data_at, quantity=Decimal("1500"))])
    with pytest.raises(CheckpointFailed, match="not recorded: voice 12"):
        mobile_plan.check_use_recorded(walk, "USE-RECORDED")
    mobile_plan.check_bill_itemised(walk, "BILL-ITEMISED")  # the recorded one is itemised


def test_a_recorded_session_left_off_the_itemised_record_still_fails_it():
    walk = walk_on(Hall(placed=True))
    call_at, data_at = dt.datetime(2026, 11, 3, 11, tzinfo=TZ), dt.datetime(2026, 11, 3, 12,
                                                                            tzinfo=TZ)
    _used(walk, [UsageRecord(call_at, "voice", Decimal("12")),
                 UsageRecord(data_at, "data", Decimal("1500"))],
          [BillLine("data", Decimal("0.00"), at=data_at, quantity=Decimal("1500"))])
    mobile_plan.check_use_recorded(walk, "USE-RECORDED")
    with pytest.raises(CheckpointFailed, match="no line for the voice session"):
        mobile_plan.check_bill_itemised(walk, "BILL-ITEMISED")


class Menu:
    """A voice menu's counts of options the walk's calls needed unannounced."""

    name = "hotline"

    def __init__(self, unannounced: float) -> None:
        self.measures = {"cancel.unannounced": unannounced}

    def evidence(self) -> list:
        return []


@pytest.mark.parametrize("done", [True, False])
def test_an_option_not_there_is_not_judged_unannounced_as_well(done):
    walk = walk_on(Hall(placed=True))
    walk.channel = Menu(1)
    if done:  # it worked, though the prompt did not say how: the menu's announcement fails
        walk.act("cancel", "cancel", lambda: "done")
        with pytest.raises(CheckpointFailed):
            common.check_announced(walk, "HOT-MENU-CANCEL", tasks=frozenset({"cancel"}))
    else:
        def refused() -> None:
            raise ActionFailed("the voice menu does not offer 确认退订")
        with pytest.raises(ActionFailed):
            walk.act("cancel", "cancel", refused)
        with pytest.raises(CheckpointBlocked, match="did not get cancel done"):
            common.check_announced(walk, "HOT-MENU-CANCEL", tasks=frozenset({"cancel"}))
