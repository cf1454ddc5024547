"""A campaign: many customers in each cell, a pool of given test numbers, and rate standards
judged over every attempt of the run."""

from __future__ import annotations

from pathlib import Path

from tests.walks.conftest import COMPETITOR

CUSTOMERS = 5


def _top_up_rate(summary: dict) -> dict:
    [judged] = [r for r in summary["rates"] if r["standard"] == "TOP-SUCCESS"]
    return judged


def test_five_customers_walk_the_cell_and_top_ups_are_judged_as_a_rate(run_walks):
    outcome = run_walks("--channel", "api", "--product", "topup",
                        "--customers", str(CUSTOMERS))
    assert outcome.code == 0, outcome.stdout[-2000:] + outcome.stderr[-2000:]
    summary = outcome.summary
    assert summary["walks"]["total"] == CUSTOMERS
    assert summary["matrix"]["topup"]["api"]["walks"] == CUSTOMERS
    records = outcome.records()
    walks = {r["walk"] for r in records}
    assert len(walks) == CUSTOMERS  # each walk its own id, across the run
    top_ups = [r for r in records if r["standard"] == "TOP-SUCCESS"]
    judged = _top_up_rate(summary)
    # every top-up of every walk is one attempt (the demo's API walk makes 10)
    assert judged["attempts"] == len(top_ups) == 10 * CUSTOMERS
    assert judged["successes"] == judged["attempts"]
    low, high = judged["interval"]
    assert low < 0.98 <= high == 1.0 and judged["confidence"] == 0.95
    # 50 top-ups, all credited, cannot show 98 %: said, not passed
    assert judged["verdict"] == "not enough attempts"
    assert "TOP-SUCCESS: 50 of 50" in outcome.stdout and "NOT ENOUGH ATTEMPTS" in outcome.stdout
    html = (outcome.reports / "walkthrough.html").read_text(encoding="utf-8")
    assert 'data-rate="TOP-SUCCESS"' in html


def test_with_a_fault_that_fails_top_ups_the_rate_fails(run_walks):
    outcome = run_walks("--channel", "api", "--product", "topup",
                        "--customers", str(CUSTOMERS), "--fault", "topup-card-fails")
    judged = _top_up_rate(outcome.summary)
    # the fault drops each number's 1st top-up in 10
    assert (judged["successes"], judged["attempts"]) == (9 * CUSTOMERS, 10 * CUSTOMERS)
    assert judged["verdict"] == "fail" and judged["interval"][1] < 0.98
    assert outcome.summary["verdict"] == "below target" and outcome.code == 1


def _pool_file(tmp_path: Path, *numbers: tuple[str, str, int, str, str]) -> Path:
    path = tmp_path / "pool.csv"
    path.write_text("msisdn,customer,bill_day,password,service_password\n" + "".join(
        ",".join(str(v) for v in n) + "\n" for n in numbers), encoding="utf-8")
    return path


def test_a_customers_file_is_the_pool_the_walks_take_their_numbers_from(run_walks, tmp_path):
    # two of the competitor's test SIMs for three walks: one is reset and walked again
    given = _pool_file(tmp_path, ("17099990001", "BWP00000001", 5, "Whale#0001", "010101"),
                       ("17099990002", "BWP00000002", 12, "Whale#0002", "020202"))
    outcome = run_walks("--config", str(COMPETITOR), "--customers-file", str(given),
                        "--channel", "api", "--product", "mobile_plan", "--customers", "3")
    assert outcome.code == 0, outcome.stdout[-2000:] + outcome.stderr[-2000:]
    assert outcome.summary["walks"]["total"] == 3
    # a number the carrier's test environment does not know cannot be reset: the file's
    # numbers are what the walks ask for, and the refusal is the environment's, no defect
    unknown = _pool_file(tmp_path, ("17000000000", "BWP00000099", 5, "x", "y"))
    refused = run_walks("--config", str(COMPETITOR), "--customers-file", str(unknown),
                        "--channel", "api", "--product", "mobile_plan")
    assert refused.code == 3, refused.stdout[-2000:]
    counts = refused.summary["checkpoints"]
    assert counts["errored"] > 0 and counts["failed"] == counts["blocked"] == 0
    assert any("reset" in e and "refused" in e for e in refused.summary["errors"]), \
        refused.summary["errors"]


RING_CUSTOMERS = 20  # the catalogue's minimum sample for VAS-RING-ORDER: fewer is never judged


def test_with_a_fault_that_fails_ring_back_tone_orders_their_rate_fails(run_walks):
    # the order stage alone: the rate is judged there, and the later stages cost walk time
    outcome = run_walks("--channel", "sms", "--product", "vas", "--stage", "order",
                        "--customers", str(RING_CUSTOMERS),
                        "--fault", "ringback-sms-order-busy")
    records = outcome.records()
    orders = [r for r in records if r["standard"] == "VAS-RING-ORDER"]
    # one attempt per ring-back tone walk, none from the information service's walks, and
    # no ORD-ACK beside it (the order counts once)
    ring_walks = {r["walk"] for r in orders}
    assert len(orders) == len(ring_walks) == RING_CUSTOMERS
    assert not [r for r in records if r["standard"] == "ORD-ACK" and r["walk"] in ring_walks]
    assert len({r["walk"] for r in records if r["standard"] == "ORD-ACK"}) == RING_CUSTOMERS
    [judged] = [r for r in outcome.summary["rates"] if r["standard"] == "VAS-RING-ORDER"]
    # the fault refuses every other ring-back tone order of the operator
    assert (judged["successes"], judged["attempts"]) == (RING_CUSTOMERS // 2, RING_CUSTOMERS)
    assert judged["verdict"] == "fail" and judged["interval"][1] < 0.93
    assert "VAS-RING-ORDER: 10 of 20 (50.0%" in outcome.stdout and "FAIL" in outcome.stdout
    assert {r["status"] for r in orders} == {"passed", "failed"}
    assert outcome.summary["verdict"] == "below target" and outcome.code == 1


def test_a_carrier_that_sells_no_ring_back_tone_has_no_ring_back_tone_attempt(run_walks):
    outcome = run_walks("--config", str(COMPETITOR), "--channel", "sms", "--product", "vas",
                        "--stage", "order")
    assert outcome.code == 0, outcome.stdout[-2000:] + outcome.stderr[-2000:]
    assert not [r for r in outcome.records() if r["standard"] == "VAS-RING-ORDER"]
    assert not [r for r in outcome.summary["rates"] if r["standard"] == "VAS-RING-ORDER"]
