"""The fixed lines' own questions, on stand-ins for the channel, the clock and the phone: the
installation slot, the outage notice's lead time, and revisit calls that belong to the right
event."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.fakes import FakeClock
from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import CheckpointFailed
from walkthrough.persona import Persona
from walkthrough.product_lines import broadband, common, enterprise, fixed_line
from walkthrough.session import ROOT
from walkthrough.views import InboundCall, ProductState, Slot, Sms
from walkthrough.walk import Walk

TZ = ZoneInfo("Asia/Shanghai")
T0 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)



class Phone:
    """SMS and calls that arrive at given moments of the stand-in clock."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sms: list[Sms] = []
        self.calls: list[InboundCall] = []

    def find(self, pattern: str, since: dt.datetime | None = None) -> Sms | None:
        return next((s for s in self.sms if s.received_at <= self.clock.now()
                     and (since is None or s.received_at >= since)
                     and re.search(pattern, s.text)), None)

    def calls_received(self) -> list[InboundCall]:
        return [c for c in self.calls if c.at <= self.clock.now()]


class Channel:
    name = "api"
    measures: dict[str, float] = {}

    def evidence(self) -> list[tuple[str, bytes, str]]:
        return []


def make_walk(product_line: str) -> tuple[Walk, FakeClock, Phone]:
    clock = FakeClock(T0)
    phone = Phone(clock)
    walk = Walk(walk_id="w", run_id="r", carrier=Carrier.load(),
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line=product_line, channel=Channel(), phone=phone,  # type: ignore[arg-type]
                clock=clock, persona=Persona("张三", "110101199001011234", "zh_CN", "C1",
                                             "19912345678"))
    walk.facts["offering"] = common.settings_of(walk)["offering"]
    return walk, clock, phone


def activation(at: dt.datetime) -> common.Activation:
    return common.Activation(ProductState("光宽带100M", "active", at.date()), 0.0, at)


@pytest.mark.parametrize("seen, passed", [(dt.time(11, 30), True), (dt.time(12, 0), True),
                                          (dt.time(12, 30), False)])
def test_installed_in_slot_means_seen_active_by_the_slots_end(seen, passed):
    walk, _, _ = make_walk("broadband")
    day = dt.date(2026, 11, 24)
    walk.facts["booked"] = Slot(dt.datetime.combine(day, dt.time(9), TZ),
                                dt.datetime.combine(day, dt.time(12), TZ))
    walk.facts["order"] = common.Placed("PO-1", T0)
    walk.facts["active"] = activation(dt.datetime.combine(day, seen, TZ))
    if passed:
        broadband.check_installed_in_slot(walk, "BB-INSTALL")
    else:
        with pytest.raises(CheckpointFailed, match="seen active at 2026-11-24 12:30"):
            broadband.check_installed_in_slot(walk, "BB-INSTALL")


@pytest.mark.parametrize("ahead_hours, passed", [(48, True), (24, True), (23, False),
                                                 (-1, False), (None, False)])
def test_an_outage_notice_must_come_a_day_before_the_work(ahead_hours, passed):
    walk, _, phone = make_walk("enterprise")
    start = T0 + dt.timedelta(hours=72)
    walk.facts["work"] = enterprise.Work(start, start + dt.timedelta(hours=4), T0)
    if ahead_hours is not None:
        phone.sms.append(Sms("10001", "【演示电信】因网络割接,您的政企精品专线20M将中断",
                             start - dt.timedelta(hours=ahead_hours)))
    if passed:
        enterprise.check_outage_notice(walk, "ENT-OUTAGE-NOTICE")
    else:
        with pytest.raises(CheckpointFailed):
            enterprise.check_outage_notice(walk, "ENT-OUTAGE-NOTICE")


def test_the_revisit_after_a_repair_is_a_new_call():
    walk, clock, phone = make_walk("enterprise")
    walk.facts["order"] = common.Placed("PO-1", T0)
    walk.facts["active"] = activation(T0 + dt.timedelta(days=3))
    phone.calls.append(InboundCall("10000", T0 + dt.timedelta(days=3, hours=2), "回访"))
    clock.advance_to(T0 + dt.timedelta(days=4))
    enterprise.check_revisit(walk, "ENT-REVISIT", after="active")
    reported = T0 + dt.timedelta(days=5)
    walk.facts["ticket"] = fixed_line.Reported("TT-1", activation(T0).product, reported)
    walk.facts["repaired"] = fixed_line.Repair(None, reported + dt.timedelta(hours=2),  # type: ignore[arg-type]
                                               7200.0)
    clock.advance_to(reported + dt.timedelta(hours=2))
    with pytest.raises(CheckpointFailed, match="no revisit call"):
        enterprise.check_revisit(walk, "ENT-REVISIT", after="repaired")
    phone.calls.append(InboundCall("10000", reported + dt.timedelta(hours=4), "回访"))
    enterprise.check_revisit(walk, "ENT-REVISIT", after="repaired")
    assert [r.status for r in walk.records] == ["passed", "failed", "passed"]
