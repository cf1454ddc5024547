"""Each channel driver against the demo operator: the same customer tasks, the same answers
in the same shapes, whatever the channel. (The walks check the standards; these check that a
driver reads its channel right.)"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from walkthrough.checkpoint import ActionFailed
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
        if channel == "hotline":
            with pytest.raises(ActionFailed, match="itemised"):
                driver.bill_lines(bills[month])
        else:
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
