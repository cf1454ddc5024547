"""Each channel driver against the demo operator: the same customer tasks, the same answers
in the same shapes, whatever the channel. (The walks check the standards; these check that a
driver reads its channel right.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from walkthrough.channels import Appointments, Itemised
from walkthrough.checkpoint import ActionFailed, NotApplicable
from walkthrough.session import Options, Session
from walkthrough.standards import CHANNELS

PLAN, UPGRADE = "5G畅享58元套餐", "5G畅享88元套餐"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    session = Session(Options(reports=tmp_path_factory.mktemp("reports")))
    session.start()
    yield session
    session.close()


def first_of_next_month(now: dt.datetime) -> dt.datetime:
    day = (now.date().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return dt.datetime.combine(day, dt.time(1), now.tzinfo)


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_driver_does_every_task_and_reads_every_answer(session, channel):
    walk = session.new_walk("mobile_plan", channel)
    driver, clock, phone = walk.channel, walk.clock, walk.phone
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        offer = driver.find_offering(PLAN)
        assert (offer.name, offer.fee) == (PLAN, Decimal("58.00"))
        assert "100" in offer.terms  # the allowance is part of the terms told
        assert driver.order(offer)
        clock.advance(3600)
        [product] = driver.products()
        assert (product.name, product.status) == (PLAN, "active")

        phone.call(12, clock.now())
        clock.advance(720)
        phone.data(1500, clock.now())
        seen = sorted((u.kind, u.quantity) for u in driver.usage())
        assert seen == [("data", Decimal(1500)), ("voice", Decimal(12))]

        month = clock.now().strftime("%Y-%m")
        clock.advance_to(first_of_next_month(clock.now()))
        bills = {b.period: b for b in driver.bills()}
        assert month in bills and bills[month].amount > Decimal("14.28")
        # whose bills: the halls show the number, the API the customer; the phone's own
        # channels (hotline, SMS) do not say
        holder = {"api": walk.persona.customer_id, "hotline": None, "sms": None}.get(
            channel, walk.persona.msisdn)
        assert bills[month].holder == holder
        assert walk.can(Itemised)  # the hotline too: the demo's menu reads the lines out
        lines = driver.bill_lines(bills[month])
        assert {(line.kind, line.quantity, line.amount) for line in lines if line.quantity} \
            >= {("voice", Decimal(12), Decimal("0.00")),
                ("data", Decimal(1500), Decimal("14.28"))}

        announced = driver.change_plan(product, UPGRADE)
        effective = first_of_next_month(clock.now()).date().replace(day=1)
        [pending] = driver.products()
        assert announced == effective or pending.pending_date == effective
        clock.advance_to(first_of_next_month(clock.now()))
        [changed] = driver.products()
        assert (changed.name, changed.status) == (UPGRADE, "active")

        driver.cancel(changed)
        clock.advance(3 * 3600)
        [ended] = driver.products()
        assert ended.status == "terminated"
        if channel == "hotline":
            assert driver.measures["cancel.keys"] == 3
            assert "继续等待请按1" in driver.agent() and driver.measures["agent.keys"] == 1
        if channel == "counter":
            assert 0 < driver.measures["order.seconds"] <= 300
        if channel in ("web", "mobile"):  # catalogue link, 订购, 确认订购: a page load each
            assert (driver.measures["order.clicks"], driver.measures["order.pages"]) == (3, 3)
    finally:
        walk.close()


BROADBAND = "光宽带100M"
FIXED_CHANNELS = ("api", "web", "mobile", "counter")


@pytest.mark.parametrize("channel", FIXED_CHANNELS)
def test_a_driver_orders_a_fixed_line_for_a_slot_and_reports_a_fault(session, channel):
    from walkthrough.views import Site

    walk = session.new_walk("broadband", channel)
    driver, clock, phone = walk.channel, walk.clock, walk.phone
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        offer = driver.find_offering(BROADBAND)
        assert (offer.name, offer.fee) == (BROADBAND, Decimal("100.00"))
        slots = driver.slots(offer)
        assert len(slots) >= 4 and all(s.start < s.end and s.start > clock.now() for s in slots)
        assert {(s.start.hour, s.end.hour) for s in slots} == {(9, 12), (14, 18)}
        booked = slots[1]
        assert driver.order(offer, Site(walk.persona.address, booked))
        [pending] = driver.products()
        assert (pending.name, pending.status) == (BROADBAND, "pendingActive")
        clock.advance_to(booked.end)
        [line] = driver.products()
        assert line.status == "active" and line.start == booked.start.date()
        assert phone.line_session(512, clock.now()).connected

        ticket = driver.report_fault(line, "无法上网")
        assert ticket.startswith("TT-")
        [shown] = driver.tickets()
        assert (shown.ref, shown.product, shown.status, shown.resolved) == \
            (ticket, BROADBAND, "acknowledged", None)
        clock.advance(5 * 3600)
        [shown] = driver.tickets()
        assert shown.status == "resolved" and shown.resolved and shown.reported
        assert (shown.resolved - shown.reported).total_seconds() == 4 * 3600
        if channel == "counter":
            assert 0 < driver.measures["repair.seconds"] <= 300
    finally:
        walk.close()


def test_the_hotline_takes_a_fault_report_and_the_text_channels_no_slots(session):
    from walkthrough.views import Site

    api = session.new_walk("broadband", "api")
    try:
        offer = api.channel.find_offering(BROADBAND)
        slot = api.channel.slots(offer)[0]
        api.channel.order(offer, Site(api.persona.address, slot))
        api.clock.advance_to(slot.end)
        [line] = api.channel.products()
        hotline = session.new_walk("broadband", "hotline", persona=api.persona)
        ticket = hotline.channel.report_fault(line, "无法上网")
        assert hotline.channel.measures["repair.keys"] == 3
        assert [t.ref for t in api.channel.tickets()] == [ticket]
        for other in (hotline, session.new_walk("broadband", "sms", persona=api.persona)):
            assert not other.can(Appointments)  # the task is not applicable there
            with pytest.raises(NotApplicable, match="cannot: Offer installation appointments"):
                other.able(Appointments).slots(offer)
            with pytest.raises(ActionFailed):
                other.channel.order(offer, Site("某地", slot))
    finally:
        api.close()


def test_the_phone_of_an_enterprise_contact_rings_with_a_revisit(session):
    from walkthrough.views import Site

    walk = session.new_walk("enterprise", "api")
    try:
        offer = walk.channel.find_offering("政企精品专线20M")
        walk.channel.order(offer, Site(walk.persona.address))
        assert walk.phone.calls_received() == []
        walk.clock.advance(4 * 86400)
        [call] = walk.phone.calls_received()
        assert (call.caller, call.purpose) == ("10000", "回访") and "开通" in call.note
    finally:
        walk.close()


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_driver_finds_and_orders_roaming_and_the_phone_goes_abroad(session, channel):
    walk = session.new_walk("roaming", channel)
    driver, clock, phone = walk.channel, walk.clock, walk.phone
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        offer = driver.find_offering("国际漫游")
        assert (offer.name, offer.fee) == ("国际漫游", Decimal("0.00"))
        assert "二区(日本、韩国、新加坡、泰国、马来西亚)通话1.99元/分钟" in offer.terms
        assert driver.order(offer)
        clock.advance(3600)
        assert {(p.name, p.status) for p in driver.products()} == \
            {(PLAN, "active"), ("国际漫游", "active")}
        phone.travel("JP")
        assert "欢迎来到日本" in phone.inbox()[-1].text
        call = phone.call(4, clock.now(), "JP")
        assert (call.connected, call.country) == (True, "JP")
        assert ("voice", Decimal(4)) in {(u.kind, u.quantity) for u in driver.usage()}
        phone.travel("CN")
    finally:
        walk.close()


@pytest.mark.parametrize("channel", ["api", "web", "counter"])
def test_a_driver_orders_the_bundle_and_reads_its_discount(session, channel):
    walk = session.new_walk("bundle", channel)
    driver, clock = walk.channel, walk.clock
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        offer = driver.find_offering("我的e家融合套餐")
        assert offer.fee == Decimal("199.00") and "优惠30%" in offer.terms
        assert driver.order(offer)
        clock.advance(3 * 3600)
        assert {(p.name, p.status) for p in driver.products()} == {
            (name, "active") for name in ("我的e家融合套餐", "我的e家手机", "我的e家宽带300M",
                                          "我的e家高清电视")}
        month = clock.now().strftime("%Y-%m")
        clock.advance_to(first_of_next_month(clock.now()))
        bill = {b.period: b for b in driver.bills()}[month]
        lines = driver.bill_lines(bill)
        discount = [line for line in lines if line.name.startswith("融合优惠(30%)")]
        assert len(discount) == 1 and discount[0].amount < 0
    finally:
        walk.close()


def _card(walk, amount: str):
    from walkthrough.views import RechargeCard
    card = walk.phone.backstage.call("recharge_card", amount=amount)
    return RechargeCard(card["number"], card["password"], Decimal(card["amount"]))


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_driver_reads_the_balance_and_tops_up(session, channel):
    walk = session.new_walk("topup", channel)  # prepaid, opening balance 1.00, PLAN-58
    driver = walk.channel
    assert not walk.broken, walk.broken
    try:
        driver.sign_in()
        before = driver.balance()
        assert before < 0  # the rest of the month's fee overdrew the 1.00
        card = _card(walk, "50.00") if channel in ("hotline", "sms") else None
        receipt = driver.top_up(Decimal("50.00"), card)
        assert receipt.balance in (None, before + Decimal("50.00"))
        assert driver.balance() == before + Decimal("50.00")
        if card is not None:  # a card is used once
            with pytest.raises(ActionFailed, match="已使用"):
                driver.top_up(Decimal("50.00"), card)
        elif channel == "api":  # the API takes a card as well as online payment
            driver.top_up(Decimal("50.00"), _card(walk, "50.00"))
            assert driver.balance() == before + Decimal("100.00")
        else:  # the halls and the counter take no card
            with pytest.raises(ActionFailed):
                driver.top_up(Decimal("50.00"), _card(walk, "50.00"))
        if channel == "hotline":
            assert driver.measures["top_up.keys"] == 2 + 18 + 1
        if channel == "counter":
            assert 0 < driver.measures["topups.seconds"] <= 300
    finally:
        walk.close()
