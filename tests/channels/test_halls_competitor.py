"""The web and mobile halls' drivers against the competitor (蓝鲸通信), a real process started
by its carrier file: the same tasks and answers as on the demo, from cards, a cart and a
checkout, radio buttons, toasts and result pages, read by the carrier file alone. And where
the line falls between the product failing and the harness or the file being wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from walkthrough.channels.web import WebChannel
from walkthrough.checkpoint import ActionFailed, CheckpointErrored, NotApplicable
from walkthrough.errors import UsageError
from walkthrough.session import Options, Session
from walkthrough.walk import Walk

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"
PLAN, UPGRADE, NEWS = "鲸享39元套餐", "鲸享69元套餐", "鲸鱼资讯"
HALLS = ("web", "mobile")


class Sessions:
    """One competitor process (and browser) at a time, with the faults a test asks for: a
    new set of faults is a new process, and Playwright runs one browser per thread."""

    def __init__(self, reports: Path) -> None:
        self.reports = reports
        self.faults: tuple[str, ...] | None = None
        self.current: Session | None = None

    def with_faults(self, *faults: str) -> Session:
        if faults != self.faults:
            self.close()
            self.current = Session(Options(config=CONFIG, reports=self.reports / "-".join(
                faults or ("clean",)), faults=list(faults)))
            self.current.start()
            self.faults = faults
        assert self.current is not None
        return self.current

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
        self.current, self.faults = None, None


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sessions]:
    made = Sessions(tmp_path_factory.mktemp("bw-reports"))
    yield made
    made.close()


@pytest.fixture
def session(sessions: Sessions) -> Session:
    return sessions.with_faults()


def _walk(session: Session, line: str, channel: str) -> Walk:
    walk = session.new_walk(line, channel)
    assert not walk.broken, walk.broken
    return walk


@pytest.mark.parametrize("channel", HALLS)
def test_a_hall_orders_reads_changes_and_cancels_a_plan(session: Session, channel: str) -> None:
    walk = _walk(session, "mobile_plan", channel)
    driver, clock, phone = walk.channel, walk.clock, walk.phone
    try:
        driver.sign_in()  # password (web) or service password (mobile), then the SMS code
        offer = driver.find_offering(PLAN)
        assert (offer.name, offer.fee) == (PLAN, Decimal("39.00"))
        assert "含增值税¥3.22" in offer.terms
        order = driver.order(offer)
        assert order.startswith("BWO")
        # web: 选购, 加入购物车, 去结算, the tick, 提交订单;
        # mobile: 办理, the offering's tile, the tick, 立即办理
        assert (driver.measures["order.clicks"], driver.measures["order.pages"]) == \
            ((5, 4) if channel == "web" else (4, 3))
        ordered_on = clock.now().date()
        clock.advance(3600)
        [product] = driver.products()
        assert (product.name, product.status) == (PLAN, "active")
        # active from the day it was provisioned, minutes after the order: past midnight, the next
        assert ordered_on <= product.start <= clock.now().date()

        phone.call(12, clock.now())
        clock.advance(720)
        phone.data(1500, clock.now())
        if channel == "web":  # 时长12分00秒 and 上网流量…KB, in minutes and MB
            seen = sorted((u.kind, u.quantity) for u in driver.usage())
            assert seen == [("data", Decimal(1500)), ("voice", Decimal(12))]
        else:  # the mobile hall has no usage page: the carrier file says so, and it is not judged
            with pytest.raises(NotApplicable, match="no usage records"):
                driver.usage()

        driver.change_plan(product, UPGRADE)  # at once, by a radio button
        shown = {p.name: p.status for p in driver.products()}
        assert shown == {UPGRADE: "active", PLAN: "terminated"}  # the hall drops the old one
        [changed] = [p for p in driver.products() if p.name == UPGRADE]
        driver.cancel(changed)
        assert {p.name: p.status for p in driver.products()} == \
            {UPGRADE: "terminated", PLAN: "terminated"}
    finally:
        session.end_walk(walk)


def _cycle_start(day: dt.date, bill_day: int) -> dt.date:
    """The first day of the bill cycle ``day`` falls in (cycles start on the bill day)."""
    if day.day >= bill_day:
        return day.replace(day=bill_day)
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=bill_day)


@pytest.mark.parametrize("channel", HALLS)
def test_a_hall_reads_its_bills_by_the_month_they_begin(session: Session, channel: str) -> None:
    walk = _walk(session, "mobile_plan", channel)
    driver, clock = walk.channel, walk.clock
    try:
        driver.sign_in()
        assert driver.bills() == []  # 暂无…账单: nothing yet, said by the page
        driver.order(driver.find_offering(PLAN))
        ordered = clock.now()
        clock.advance(3600)
        [product] = driver.products()  # the cycle runs from the day it was provisioned
        cycle = _cycle_start(product.start, walk.persona.bill_day or 1)
        cut = (cycle.replace(day=1) + dt.timedelta(days=32)).replace(day=cycle.day)
        clock.advance_to(dt.datetime.combine(cut, dt.time(1), ordered.tzinfo))
        [bill] = driver.bills()
        # the period written 2026年11月23日至… (web) or 2026年11月23日起 (mobile): its month is
        # the month the cycle begins in
        assert bill.period == f"{cycle:%Y-%m}"
        # the web hall writes the cycle's first and last days; the mobile hall its first alone
        assert (bill.start, bill.end) == ((cycle, cut - dt.timedelta(days=1))
                                          if channel == "web" else (None, None))
        assert Decimal("0") < bill.amount <= Decimal("39.00")
        assert bill.holder == (walk.persona.msisdn if channel == "web" else None)
        lines = driver.bill_lines(bill)
        assert any(line.name == PLAN and line.amount == bill.amount for line in lines)
    finally:
        session.end_walk(walk)


@pytest.mark.parametrize("channel", HALLS)
def test_a_hall_subscribes_to_news_and_tops_up(session: Session, channel: str) -> None:
    walk = _walk(session, "topup", channel)
    driver = walk.channel
    try:
        driver.sign_in()
        before = driver.balance()
        receipt = driver.top_up(Decimal("50.00"))
        assert receipt.reference.startswith("充值成功")
        assert receipt.balance in (None, before + Decimal("50.00"))
        assert driver.balance() == before + Decimal("50.00")
        news = driver.find_offering(NEWS)
        assert (news.fee, "含增值税¥0.34" in news.terms) == (Decimal("6.00"), True)
        assert driver.order(news).startswith("BWO")
        assert {p.name: p.status for p in driver.products()}[NEWS] == "active"
    finally:
        session.end_walk(walk)


def test_the_line_between_the_product_failing_and_the_harness(session: Session) -> None:
    walk = _walk(session, "mobile_plan", "web")
    driver = walk.channel
    assert isinstance(driver, WebChannel)
    try:
        driver.sign_in()
        # a selector that is not one: the carrier file's mistake, with its file and line
        with pytest.raises(UsageError, match="bluewhale.yaml"):
            driver.guard("x", "flows.order", driver.locate('role=button[name="x"s', "x").count)
        # an address that is not there: the page did not load, not the product's failure
        with pytest.raises(CheckpointErrored, match="HTTP 404"):
            driver.goto(walk.carrier.base_url + "/bw/no-such-page")
        # a button the page leaves out, on a page that loaded: the product's (as a hall
        # without its 退订 button fails the customer)
        driver.page.go_back()
        driver.open("services")
        with pytest.raises(ActionFailed, match="not found"):
            driver.click(driver.locate('role=button[name="不存在的按钮"s]', "x"), "button",
                         "flows.cancel")
    finally:
        session.end_walk(walk)


# faults of different halls share a process; the two of the web checkout do not
@pytest.mark.parametrize(("channel", "faults"), [
    ("web", ("web-agreement-cleared", "mobile-price-wrong")),
    ("mobile", ("web-agreement-cleared", "mobile-price-wrong")),
    ("web", ("web-no-toast",))])
def test_the_competitor_faults_of_the_halls_show(sessions: Sessions, channel: str,
                                                 faults: tuple[str, ...]) -> None:
    session = sessions.with_faults(*faults)
    walk = _walk(session, "mobile_plan", channel)
    driver = walk.channel
    try:
        driver.sign_in()
        offer = driver.find_offering(PLAN)
        if channel == "mobile":  # mobile-price-wrong: the hall's price is 10.00 high
            assert offer.fee == Decimal("49.00")
        elif "web-no-toast" in faults:  # the order went in, but the customer is told nothing
            assert offer.fee == Decimal("39.00")
            with pytest.raises(ActionFailed, match="no outcome shown"):
                driver.order(offer)
        else:  # web-agreement-cleared: the tick asked for again, and given
            assert driver.order(offer).startswith("BWO")
            assert (driver.measures["order.clicks"], driver.measures["order.pages"]) == (7, 5)
    finally:
        session.end_walk(walk)
