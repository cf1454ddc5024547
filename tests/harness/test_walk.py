"""How a walk goes on after a failure, and how it tells product defects from a broken
environment. The channel here is a stand-in: what is under test is the walk's bookkeeping."""

from __future__ import annotations

import datetime as dt

import pytest

from walkthrough import cross_channel, problems, questions, standards, summary
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
    EnvironmentBroken,
    NotSelected,
    Verdict,
    WalkStopped,
)
from walkthrough.persona import Persona
from walkthrough.phone import Session
from walkthrough.product_lines import mobile_plan
from walkthrough.session import ROOT
from walkthrough.views import ProductState, Sms
from walkthrough.walk import Walk


class Counter:
    name = "api"

    def evidence(self):
        return [("evidence", b"x", "text/plain")]


def make_walk(stages=None) -> Walk:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "19912345678")
    return Walk(walk_id="w", run_id="r", carrier=Carrier.load(),
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line="mobile_plan", channel=Counter(), phone=None, clock=None,
                persona=persona, stages=stages)


def statuses(walk: Walk) -> dict[str, str]:
    return {r.standard: r.status for r in walk.records}


def test_a_failed_task_fails_the_check_that_asks_for_it_and_blocks_those_that_need_it():
    walk = make_walk()

    def refuse():
        raise ActionFailed("order refused: 系统繁忙")
    with pytest.raises(ActionFailed):
        walk.act("order", "order", refuse)
    with pytest.raises(CheckpointFailed):
        walk.check("ORD-ACK", lambda: Verdict(bool(walk.fact("order")), "", ""))
    with pytest.raises(CheckpointBlocked):
        walk.act("active", "activate", lambda: "ok", needs=("order",))
    with pytest.raises(CheckpointBlocked):
        walk.check("ACT-ACTIVE-24H", lambda: Verdict(True, "", ""), needs=("active",))
    # a check that does not depend on the order still runs: the walk goes on
    walk.check("ORD-PRICE-SHOWN", lambda: Verdict(True, "58.00", "58.00"))
    assert statuses(walk) == {"ORD-ACK": "failed", "ACT-ACTIVE-24H": "blocked",
                              "ORD-PRICE-SHOWN": "passed"}
    assert "系统繁忙" in walk.records[0].observed
    assert walk.evidence  # what the channel showed is kept for the report


def test_after_the_environment_breaks_every_checkpoint_is_errored_not_failed():
    walk = make_walk()

    def unreachable():
        raise EnvironmentBroken("http://127.0.0.1:9 did not answer")
    with pytest.raises(EnvironmentBroken):
        walk.check("ORD-PRICE-SHOWN", unreachable)
    with pytest.raises(EnvironmentBroken):
        walk.act("order", "order", lambda: "never called")
    with pytest.raises(EnvironmentBroken):
        walk.check("ORD-ACK", lambda: Verdict(False, "", ""))
    assert statuses(walk) == {"ORD-PRICE-SHOWN": "errored", "ORD-ACK": "errored"}
    assert walk.outcome == "errored"


def test_a_harness_bug_is_errored_with_its_cause():
    walk = make_walk()
    with pytest.raises(CheckpointErrored) as raised:
        walk.check("ORD-ACK", lambda: Verdict(1 / 0 > 0, "", ""))
    assert walk.records[0].status == "errored"
    assert "harness error: ZeroDivisionError" in walk.records[0].reason
    assert "test_walk.py" in walk.records[0].reason  # where it broke, for whoever fixes it
    assert isinstance(raised.value.__cause__, ZeroDivisionError)


def test_records_mask_the_persona():
    walk = make_walk()
    with pytest.raises(CheckpointFailed):
        walk.check("ACT-NOTICE", lambda: Verdict(False, "您的号码19912345678已开通 张三", "x"))
    assert walk.records[0].observed == "您的号码199****5678已开通 张*"


def test_stage_selection():
    walk = make_walk(stages=["bill"])
    with pytest.raises(NotSelected):
        walk.check("ORD-ACK", lambda: Verdict(True, "", ""))
    walk.act("order", "order", lambda: "walked, not checked")
    walk.check("BILL-NOTICE", lambda: Verdict(True, "", ""))
    with pytest.raises(WalkStopped):
        walk.act("change", "change", lambda: None)
    assert statuses(walk) == {"BILL-NOTICE": "passed"}


# -- a harness failure is never the carrier's -----------------------------------------------
def _compliance(walk: Walk) -> float | None:
    return summary.summarise(walk.records, walk.catalogue, run="r", carrier="c")["compliance"]


def _problems(walk: Walk) -> dict:
    rows = [r.to_dict() for r in walk.records]
    return {k: o for k, o in problems.outcomes(rows, "c", "").items() if o.failed}


def test_a_task_that_breaks_errors_what_needs_it_and_blocks_nothing():
    walk = make_walk()
    walk.act("order", "order", lambda: "ORD-1")
    walk.check("ORD-ACK", lambda: Verdict(True, "ORD-1", "an order number"))

    def misread() -> object:
        return {"state": "active"}["status"]  # an answer shaped otherwise than the driver expects
    with pytest.raises(CheckpointErrored) as raised:
        walk.act("active", "activate", misread, needs=("order",))
    assert isinstance(raised.value.__cause__, KeyError)
    with pytest.raises(CheckpointErrored):
        walk.check("ACT-ACTIVE-24H", lambda: Verdict(walk.fact("active") is not None, "", ""))
    with pytest.raises(CheckpointErrored):  # a task that needs it, and a check after that
        walk.act("sessions", "use", lambda: [], needs=("active",))
    with pytest.raises(CheckpointErrored):
        walk.check("USE-WORKS", lambda: Verdict(True, "", ""), needs=("sessions",))
    assert statuses(walk) == {"ORD-ACK": "passed", "ACT-ACTIVE-24H": "errored",
                              "USE-WORKS": "errored"}
    for record in walk.records[1:]:
        assert "harness error: KeyError: 'status'" in record.reason
        assert "test_walk.py" in record.reason  # the line that broke, for whoever fixes it
    assert _compliance(walk) == 1.0  # what the other checkpoints give
    assert _problems(walk) == {}
    assert walk.outcome == "errored"


def test_a_product_failure_still_blocks_what_needs_it():
    walk = make_walk()

    def refuse() -> object:
        raise ActionFailed("activation refused")
    with pytest.raises(ActionFailed):
        walk.act("active", "activate", refuse)
    with pytest.raises(CheckpointBlocked):
        walk.check("ACT-NOTICE", lambda: Verdict(True, "", ""), needs=("active",))
    assert statuses(walk) == {"ACT-NOTICE": "blocked"}
    assert _compliance(walk) == 0.0
    assert set(_problems(walk)) == {("c", "", "ACT-NOTICE", "mobile_plan", "api")}


def test_a_test_environment_failure_is_errored_with_its_cause_masked():
    walk = make_walk()

    def inbox() -> object:
        raise CheckpointErrored("test environment: the inbox of 19912345678 answered HTTP 500")
    with pytest.raises(CheckpointErrored):
        walk.act("order_sms", "order", inbox)
    with pytest.raises(CheckpointErrored):
        walk.check("ORD-SMS-CONTENT", lambda: Verdict(True, "", ""), needs=("order_sms",))
    record = walk.records[0]
    assert record.status == "errored" and "HTTP 500" in record.reason
    assert "19912345678" not in record.reason and "199****5678" in record.reason


def test_a_configuration_mistake_in_a_task_is_errored_in_one_line():
    walk = make_walk()

    def read_setting() -> object:
        return walk.carrier.get("products.mobile_plan.no_such_setting")
    with pytest.raises(CheckpointErrored):
        walk.act("active", "activate", read_setting)
    with pytest.raises(CheckpointErrored):
        walk.check("ACT-NOTICE", lambda: Verdict(True, "", ""), needs=("active",))
    reason = walk.records[0].reason
    assert "configuration:" in reason and "demo.yaml" in reason and "no_such_setting" in reason
    assert "hint: add 'products.mobile_plan.no_such_setting'" in reason  # what to do
    assert "Traceback" not in reason and len(reason.splitlines()) == 1


def test_a_fact_no_step_established_is_errored_not_blocked():
    walk = make_walk()
    with pytest.raises(CheckpointErrored):
        walk.check("BILL-ACCURATE", lambda: Verdict(bool(walk.fact("bill_period")), "", ""))
    assert statuses(walk) == {"BILL-ACCURATE": "errored"}
    assert "never established 'bill_period'" in walk.records[0].reason


def test_what_a_check_gives_shares_its_outcome():
    walk = make_walk()
    walk.act("order", "order", lambda: "ORD-1")

    def inbox_breaks() -> Verdict:
        raise RuntimeError("inbox answer not understood")
    with pytest.raises(CheckpointErrored):
        walk.check("ORD-SMS-5MIN", inbox_breaks, needs=("order",), gives=("order_sms",))
    with pytest.raises(CheckpointErrored):
        walk.check("ORD-SMS-CONTENT", lambda: Verdict(True, "", ""), needs=("order_sms",))
    # the same check failing for the product blocks what needs the fact instead
    with pytest.raises(CheckpointFailed):
        walk.check("ORD-SMS-5MIN", lambda: Verdict(False, "no SMS", "an SMS"), needs=("order",),
                   gives=("order_sms",))
    with pytest.raises(CheckpointBlocked):
        walk.check("ORD-SMS-CONTENT", lambda: Verdict(True, "", ""), needs=("order_sms",))
    assert [r.status for r in walk.records] == ["errored", "errored", "failed", "blocked"]


def test_a_check_of_a_stage_not_selected_still_gives_its_facts():
    walk = make_walk(stages=["bill"])
    walk.act("order", "order", lambda: "ORD-1")

    def sms() -> Verdict:
        walk.facts["order_sms"] = "the confirmation"
        return Verdict(True, "", "")
    with pytest.raises(NotSelected):
        walk.check("ORD-SMS-5MIN", sms, needs=("order",), gives=("order_sms",))
    assert walk.fact("order_sms") == "the confirmation"
    assert walk.records == []


# -- a check over nothing never passes ------------------------------------------------------
def _session(connected: bool) -> Session:
    return Session("voice", 12, connected, dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
                   "" if connected else "network busy")


class Usage(Counter):
    def usage(self) -> list:
        return []


def test_no_session_recorded_is_not_every_session_recorded():
    walk = make_walk()
    walk.channel = Usage()
    walk.act("sessions", "use", lambda: [_session(False), _session(False)])
    with pytest.raises(CheckpointFailed):
        mobile_plan.check_use_works(walk, "USE-WORKS")
    with pytest.raises(CheckpointBlocked):  # nothing connected: nothing could be recorded
        mobile_plan.check_use_recorded(walk, "USE-RECORDED")
    walk.act("sessions", "use", lambda: [])
    with pytest.raises(CheckpointErrored):  # the walk made none: nothing to judge
        mobile_plan.check_use_works(walk, "USE-WORKS")
    with pytest.raises(CheckpointErrored):
        mobile_plan.check_use_recorded(walk, "USE-RECORDED")
    assert [r.status for r in walk.records] == ["failed", "blocked", "errored", "errored"]


def test_a_check_over_an_empty_list_does_not_pass():
    with pytest.raises(CheckpointErrored):
        questions.to_judge([], "no zone")
    assert questions.to_judge(["JP"], "no zone") == ["JP"]
    sms = Sms(sender="10086", text="anything", received_at=dt.datetime.now(dt.UTC))
    with pytest.raises(CheckpointErrored):
        questions.names_all(sms, {})
    assert not questions.names_all(sms, {"the plan": "58元"}).passed


# -- across channels: agreeing with nobody is not agreeing -----------------------------------
class Listing:
    """A channel that lists the customer's products (or breaks as told)."""

    def __init__(self, name: str, shown: list[ProductState] | Exception) -> None:
        self.name, self.shown = name, shown

    def products(self) -> list[ProductState]:
        if isinstance(self.shown, Exception):
            raise self.shown
        return self.shown

    def evidence(self) -> list:
        return []


def _cross(*channels: Listing) -> cross_channel.CrossWalk:
    walks = []
    for channel in channels:
        walk = make_walk()
        walk.product_line, walk.channel = "vas", channel
        walks.append(walk)
    return cross_channel.CrossWalk(walks)


def _statuses(cross: cross_channel.CrossWalk) -> dict[str, str]:
    return {r.channel: r.status for r in cross.records}


NEWS = [ProductState("头条新闻", "active")]


def _compare(cross: cross_channel.CrossWalk) -> None:
    cross_channel.read(cross, cross_channel.subscriptions)
    cross_channel.check_same_products(cross, "VAS-SAME-SUBS")


def test_channels_that_all_list_nothing_do_not_agree():
    cross = _cross(Listing("api", []), Listing("web", []))
    with pytest.raises(CheckpointFailed):
        _compare(cross)
    assert _statuses(cross) == {"api": "failed", "web": "failed"}


def test_a_lone_answer_is_blocked_by_a_channel_that_failed_and_errored_by_one_that_broke():
    cross = _cross(Listing("api", NEWS), Listing("web", ActionFailed("no services page")))
    with pytest.raises(CheckpointFailed):
        _compare(cross)
    assert _statuses(cross) == {"api": "blocked", "web": "failed"}

    cross = _cross(Listing("api", NEWS), Listing("web", KeyError("status")))
    with pytest.raises(CheckpointErrored):
        _compare(cross)
    assert _statuses(cross) == {"api": "errored", "web": "errored"}
    assert "KeyError" in cross.walks[1].records[0].reason


def test_channels_that_agree_pass():
    cross = _cross(Listing("api", NEWS), Listing("web", list(NEWS)))
    _compare(cross)
    assert _statuses(cross) == {"api": "passed", "web": "passed"}


def test_a_task_the_channels_driver_cannot_do_is_not_applicable_with_what_needs_it():
    from walkthrough.channels import AgentQueue, Disputes
    from walkthrough.checkpoint import NotApplicable

    walk = make_walk()
    walk.channel.abilities = frozenset({AgentQueue})  # agents, and no complaints
    assert walk.able(AgentQueue) is walk.channel
    with pytest.raises(NotApplicable, match="api channel's driver cannot: Complain about"):
        walk.act("dispute", "change", lambda: walk.able(Disputes).dispute(None, "x"))
    # neither the check that asks for it nor the task that needs it blames the carrier
    with pytest.raises(NotApplicable):
        walk.check("ORD-ACK", lambda: Verdict(bool(walk.fact("dispute")), "", ""))
    with pytest.raises(NotApplicable):
        walk.act("refund", "change", lambda: "ok", needs=("dispute",))
    assert walk.records == []
