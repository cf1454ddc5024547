"""The browser halls read a page once per moment: a second reading of the same page with
nothing done and no time let pass in between is the first one's; after a click, a flow, a
clock move or anything else sent to the carrier, the page is read again."""

from __future__ import annotations

import datetime as dt

import pytest

from walkthrough.channels.web import WebChannel
from walkthrough.clock import RealClock
from walkthrough.session import Options, Session

PLAN = "5G畅享58元套餐"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    session = Session(Options(reports=tmp_path_factory.mktemp("reports")))
    session.start()
    yield session
    session.close()


def loads(driver: WebChannel, read):
    """What ``read`` returns, and the pages the browser loaded for it."""
    before = driver.pages_loaded
    found = read()
    return found, driver.pages_loaded - before


@pytest.mark.parametrize("channel", ["web", "mobile"])
def test_a_page_is_read_once_per_moment_and_again_after_anything_happens(session, channel):
    walk = session.new_walk("mobile_plan", channel)
    driver, clock, phone = walk.channel, walk.clock, walk.phone
    assert isinstance(driver, WebChannel) and not walk.broken, walk.broken
    try:
        driver.sign_in()
        driver.order(driver.find_offering(PLAN))
        clock.advance(3600)
        first, pages = loads(driver, driver.products)
        assert pages == 1 and [p.status for p in first] == ["active"]
        again, pages = loads(driver, driver.products)
        assert (again, pages) == (first, 0)  # the same page, nothing done: read once

        usage, pages = loads(driver, driver.usage)
        assert (usage, pages) == ([], 1)  # another page: read
        phone.call(12, clock.now())  # a call the carrier is told of, the clock not moved
        usage, pages = loads(driver, driver.usage)
        assert pages == 1 and [u.kind for u in usage] == ["voice"]

        clock.advance_to(dt.datetime.combine(
            (clock.now().date().replace(day=1) + dt.timedelta(days=32)).replace(day=1),
            dt.time(1), clock.now().tzinfo))
        bills, pages = loads(driver, driver.bills)
        assert pages == 1 and bills
        assert loads(driver, driver.bills) == (bills, 0)
        lines, pages = loads(driver, lambda: driver.bill_lines(bills[0]))
        assert pages >= 1 and lines
        assert loads(driver, lambda: driver.bill_lines(bills[0])) == (lines, 0)
        # the bill list after its lines: the browser shows another page now, so it is read
        assert loads(driver, driver.bills)[1] == 1

        clock.advance(60)  # time let pass: read again
        assert loads(driver, driver.bills)[1] == 1

        [product] = driver.products()
        driver.cancel(product)  # an action: what the page shows next is read, never kept
        clock.advance(3 * 3600)
        ended, pages = loads(driver, driver.products)
        assert pages == 1 and [p.status for p in ended] == ["terminated"]
    finally:
        walk.close()


def test_on_a_real_clock_every_reading_reads_the_page(session):
    """Real time passes between any two readings: nothing is kept."""
    walk = session.new_walk("mobile_plan", "web")
    assert not walk.broken, walk.broken
    driver = WebChannel(walk.carrier, walk.persona, walk.phone, session.browser(),
                        clock=RealClock(walk.phone.tz, 60))
    try:
        driver.sign_in()
        assert loads(driver, driver.products)[1] == 1
        assert loads(driver, driver.products)[1] == 1
    finally:
        driver.close(failed=False)
        walk.close()
