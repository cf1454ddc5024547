"""How a walk goes on after a failure, and how it tells product defects from a broken
environment. The channel here is a stand-in: what is under test is the walk's bookkeeping."""

from __future__ import annotations

import pytest

from walkthrough import standards
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
from walkthrough.session import ROOT
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
