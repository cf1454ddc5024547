"""The SMS hall and hotline drivers against a real competitor process (``python -m
competitor_operator serve``, started by its carrier file as a run starts it): its two-step
orders by SMS, its own reply and prompt shapes, amounts and dates, its menu tree, and its
faults seen where a walk sees them. The carrier file alone makes the difference."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointErrored,
    CheckpointFailed,
    NotApplicable,
)
from walkthrough.cycles import cycle_of
from walkthrough.errors import UsageError
from walkthrough.product_lines import common, topup
from walkthrough.session import Options, Session
from walkthrough.views import Offer, RechargeCard
from walkthrough.walk import Walk

ROOT = Path(__file__).resolve().parents[2]
BLUEWHALE = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"
PLAN, UPGRADE, NEWS = "鲸享39元套餐", "鲸享69元套餐", "鲸鱼资讯"


def _session(reports: Path, config: Path = BLUEWHALE, faults: tuple[str, ...] = ()) -> Session:
    session = Session(Options(config=config, reports=reports, faults=list(faults)))
    session.start()
    return session


@pytest.fixture(scope="module")
def bluewhale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    session = _session(tmp_path_factory.mktemp("reports"))
    yield session
    session.close()


@pytest.fixture
def walk_on(bluewhale: Session) -> Iterator[Callable[[str, str], Walk]]:
    walks: list[Walk] = []

    def make(product_line: str, channel: str) -> Walk:
        walks.append(bluewhale.new_walk(product_line, channel))
        assert not walks[-1].broken, walks[-1].broken
        return walks[-1]

    yield make
    for walk in walks:
        bluewhale.end_walk(walk)


def _card(walk: Walk, yuan: int) -> RechargeCard:
    card = walk.phone.backstage.call("recharge_card", amount=Decimal(yuan), yuan=yuan,
                                     fen=yuan * 100)
    return RechargeCard(str(card["number"]), str(card["password"]), Decimal(yuan))


def test_the_sms_hall_orders_with_a_second_confirmation_and_reads_its_own_words(walk_on):
    walk = walk_on("mobile_plan", "sms")
    sms, clock = walk.channel, walk.clock
    offer = sms.find_offering(PLAN)
    assert (offer.name, offer.fee, offer.terms) == (PLAN, Decimal("39.00"), "含增值税¥3.22")
    assert sms.products() == []

    order = sms.order(offer)
    assert order.startswith("BWO")
    said = "\n".join(sms.transcript)
    # the question was asked and answered, and the reply told from the notices by its words
    assert "> 10655888: KT39" in said and "回复Y确认" in said and "> 10655888: Y" in said
    assert f"已受理{PLAN}，订单号{order}" in said
    [pending] = sms.products()
    assert (pending.name, pending.status) == (PLAN, "pendingActive")
    clock.advance(11 * 60)
    [active] = sms.products()
    assert (active.name, active.status) == (PLAN, "active")
    assert sms.balance() == Decimal("0.00")

    assert sms.change_plan(active, UPGRADE) is None  # the reply names no day: 即时生效
    states = {p.name: p.status for p in sms.products()}
    assert states == {UPGRADE: "active", PLAN: "terminated"}  # listed no more: ended

    with pytest.raises(NotApplicable, match="usage"):
        sms.usage()
    sms.cancel(next(p for p in sms.products() if p.name == UPGRADE))
    assert {p.name: p.status for p in sms.products()} == {UPGRADE: "terminated",
                                                          PLAN: "terminated"}


def test_the_sms_hall_subscribes_to_the_news_and_takes_a_recharge_card(walk_on):
    walk = walk_on("vas", "sms")  # the test customer comes with its plan active
    sms = walk.channel
    offer = sms.find_offering(NEWS)
    assert (offer.name, offer.fee) == (NEWS, Decimal("6.00"))
    assert sms.order(offer)
    assert {p.name: p.status for p in sms.products()} == {PLAN: "active", NEWS: "active"}
    sms.cancel(next(p for p in sms.products() if p.name == NEWS))
    assert {p.name: p.status for p in sms.products()}[NEWS] == "terminated"

    before = sms.balance()
    receipt = sms.top_up(Decimal(50), _card(walk, 50))
    assert receipt.balance is None and "充值¥50.00已受理" in receipt.reference
    assert sms.balance() == before + Decimal("50.00")
    with pytest.raises(ActionFailed, match="充值卡号或密码不正确"):
        sms.top_up(Decimal(50), RechargeCard("0000", "0000", Decimal(50)))


def test_the_hotline_walks_the_competitors_tree_by_what_its_prompts_announce(walk_on):
    walk = walk_on("mobile_plan", "hotline")
    hotline, clock = walk.channel, walk.clock
    offer = hotline.find_offering(PLAN)
    assert (offer.name, offer.fee, offer.terms) == (PLAN, Decimal("39.00"), "含增值税¥3.22")
    assert hotline.order(offer).startswith("BWO")
    assert hotline.measures["order.keys"] == 3
    clock.advance(11 * 60)
    # the menu tells no state: the states come from the SMS hall, as the carrier file says
    [active] = hotline.products()
    assert (active.name, active.status) == (PLAN, "active")
    assert hotline.balance() == Decimal("0.00")
    assert hotline.change_plan(active, UPGRADE) is None
    hotline.cancel(next(p for p in hotline.products() if p.name == UPGRADE))
    assert hotline.measures["cancel.keys"] == 3
    assert all(n == 0 for k, n in hotline.measures.items() if k.endswith(".unannounced"))
    assert {p.name: p.status for p in hotline.products()}[UPGRADE] == "terminated"
    with pytest.raises(NotApplicable, match="usage"):
        hotline.usage()
    said = "\n".join(hotline.transcript)
    assert "退订业务请按3" in said and "退订已办理" in said

    common.check_announced(walk, "HOT-MENU-CANCEL", tasks=frozenset({"cancel"}))
    assert walk.records[-1].status == "passed", walk.records[-1]


def test_the_hotline_keys_in_a_card_number_and_password_each_ended_by_a_star(walk_on):
    walk = walk_on("topup", "hotline")
    hotline = walk.channel
    before = hotline.balance()
    receipt = hotline.top_up(Decimal(30), _card(walk, 30))
    assert "充值30.00元已成功" in receipt.reference
    assert hotline.balance() == before + Decimal("30.00")
    with pytest.raises(ActionFailed, match="充值卡号或密码不正确"):
        hotline.top_up(Decimal(30), RechargeCard("1234", "5678", Decimal(30)))


def test_a_command_the_short_code_does_not_know_is_the_carrier_files_mistake(tmp_path):
    wrong = tmp_path / "bluewhale.yaml"
    text = BLUEWHALE.read_text(encoding="utf-8")
    text = text.replace("price: [send: JG,", "price: [send: JGX,")
    text = text.replace('answer: "Y", expect: order]', 'answer: "Y", expect: ordr]')
    wrong.write_text(text, encoding="utf-8")
    session = _session(tmp_path / "reports", config=wrong)
    walk = session.new_walk("mobile_plan", "sms")
    try:
        with pytest.raises(CheckpointErrored, match="did not understand 'JGX'"):
            walk.channel.find_offering(PLAN)
        with pytest.raises(UsageError, match=r"bluewhale.yaml:\d+: .*expect: ordr names no "
                                             r"pattern under channels.sms.replies"):
            walk.channel.order(Offer(PLAN, Decimal("39.00"), "", "39"))
    finally:
        session.end_walk(walk)
        session.close()


def test_a_hotline_request_shaped_wrong_by_the_carrier_file_is_errored_not_failed(tmp_path):
    wrong = tmp_path / "bluewhale.yaml"
    wrong.write_text(BLUEWHALE.read_text(encoding="utf-8").replace(
        'dial: {caller: "{msisdn}"}', 'dial: {from: "{msisdn}"}'), encoding="utf-8")
    session = _session(tmp_path / "reports", config=wrong)
    walk = session.new_walk("mobile_plan", "hotline")
    try:
        with pytest.raises(CheckpointErrored, match="answered HTTP 400.*caller"):
            walk.channel.find_offering(PLAN)
    finally:
        session.end_walk(walk)
        session.close()


def test_the_competitors_talk_faults_are_seen_where_a_walk_sees_them(tmp_path):
    session = _session(tmp_path / "reports",
                       faults=("sms-confirm-ignored", "hotline-unsubscribe-unannounced"))
    sms = session.new_walk("mobile_plan", "sms")
    hotline = session.new_walk("vas", "hotline")
    try:
        # a Y thanked for, nothing ordered: no order number, the carrier's words kept
        with pytest.raises(ActionFailed, match="感谢您的确认"):
            sms.channel.order(sms.channel.find_offering(PLAN))
        assert sms.channel.products() == []

        news = hotline.channel.find_offering(NEWS)
        assert hotline.channel.order(news)
        common.cancel(hotline, {NEWS}, needs=())
        # key 3 still unsubscribes, but the menu no longer says so
        assert hotline.channel.measures["cancel.unannounced"] == 1
        with pytest.raises(CheckpointFailed, match="HOT-MENU-CANCEL"):
            common.check_announced(hotline, "HOT-MENU-CANCEL", tasks=frozenset({"cancel"}))
        assert hotline.records[-1].status == "failed"
        assert "not announced" in "\n".join(hotline.channel.transcript)
    finally:
        for walk in (sms, hotline):
            session.end_walk(walk)
        session.close()


def test_the_hotline_bill_names_the_latest_such_month(walk_on):
    walk = walk_on("mobile_plan", "hotline")
    hotline, clock = walk.channel, walk.clock
    hotline.order(hotline.find_offering(PLAN))
    start = clock.now()
    clock.advance_to(start + dt.timedelta(days=32))
    bills = hotline.bills()
    # the cycle the plan was ordered in, named by the month it starts in (its bill day)
    assert [b.period for b in bills] == [cycle_of(start.date(), walk.persona.bill_day).name]
    assert bills[0].amount > Decimal("0.00")


@pytest.mark.parametrize("channel", ["sms", "hotline"])
def test_the_top_up_tasks_and_checks_pass_by_card_once_the_balance_has_run_out(walk_on, channel):
    """The top-up walk's own tasks and checks on the driver; the arrears come a bill cycle
    after the test customer is made (the competitor's rule), so the test lets one pass."""
    walk = walk_on("topup", channel)
    topup.note_start(walk)
    walk.clock.advance(32 * 86400)
    topup.fall_into_arrears(walk)
    assert walk.channel.balance() < 0
    topup.top_up_several(walk)
    for check, standard in ((topup.check_success_rate, "TOP-SUCCESS"),
                            (topup.check_credited_in_time, "TOP-CREDIT-5S"),
                            (topup.check_payment_notice, "TOP-NOTICE")):
        check(walk, standard)
    attempts = walk.fact("topups")
    assert len(attempts) == {"sms": 5, "hotline": 3}[channel]
    # each top-up is one checkpoint of the rate standard
    assert [(r.standard, r.status) for r in walk.records] == [
        ("TOP-SUCCESS", "passed")] * len(attempts) + [
        ("TOP-CREDIT-5S", "passed"), ("TOP-NOTICE", "passed")]
