"""Rate standards judged as rates: the verdict from a share of attempts and its Wilson
interval, the catalogue's `rate:` entries, and the run's summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from walkthrough import rates, standards, summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import UsageError
from walkthrough.session import CATALOGUE

TOP_UPS = rates.Rate(0.98, confidence=0.95, min_attempts=30)


def test_a_rate_passes_only_when_its_whole_interval_reaches_the_threshold():
    judged = rates.judge("TOP-SUCCESS", 300, 300, TOP_UPS)
    assert judged.verdict == rates.PASS
    assert judged.low is not None and 0.98 <= judged.low < 1.0 and judged.high == 1.0
    assert judged.to_dict()["interval"] == [round(judged.low, 4), 1.0]


def test_a_rate_fails_when_its_whole_interval_falls_short():
    judged = rates.judge("TOP-SUCCESS", 45, 50, TOP_UPS)
    assert judged.verdict == rates.FAIL
    assert judged.high is not None and judged.high < 0.98
    assert judged.share == 0.9


def test_an_interval_across_the_threshold_is_not_enough_attempts_to_judge():
    # 50 of 50 is 100 %, but 50 tries cannot show 98 %: the interval reaches below it
    judged = rates.judge("TOP-SUCCESS", 50, 50, TOP_UPS)
    assert judged.verdict == rates.NOT_ENOUGH
    assert judged.low is not None and judged.low < 0.98 <= judged.high  # type: ignore[operator]
    # and a sample that has failures but cannot yet show the rate is short of 98 % either
    assert rates.judge("TOP-SUCCESS", 98, 100, TOP_UPS).verdict == rates.NOT_ENOUGH


def test_zero_attempts_never_pass():
    judged = rates.judge("TOP-SUCCESS", 0, 0, TOP_UPS)
    assert judged.verdict == rates.NOT_ENOUGH
    assert judged.to_dict()["rate"] is None and judged.to_dict()["interval"] is None
    assert "no attempt" in str(judged)
    easy = rates.Rate(0.01, min_attempts=1)
    assert rates.judge("ANY", 0, 0, easy).verdict == rates.NOT_ENOUGH


def test_below_the_minimum_sample_nothing_is_judged():
    assert rates.judge("TOP-SUCCESS", 0, 15, TOP_UPS).verdict == rates.NOT_ENOUGH
    assert rates.judge("TOP-SUCCESS", 0, 30, TOP_UPS).verdict == rates.FAIL


def test_the_interval_follows_the_confidence_level():
    wide = rates.judge("X", 90, 100, rates.Rate(0.8, confidence=0.99))
    narrow = rates.judge("X", 90, 100, rates.Rate(0.8, confidence=0.80))
    assert wide.low < narrow.low and wide.high > narrow.high  # type: ignore[operator]


def _record(standard: str, status: str, walk: str = "w1") -> CheckpointRecord:
    return CheckpointRecord(run="r", walk=walk, carrier="c", product_line="topup",
                            channel="api", stage="order", standard=standard, title="t",
                            department="it", severity="critical", status=status)


def test_the_run_s_checkpoints_of_a_rate_standard_are_its_attempts():
    found = [_record("TOP-SUCCESS", "passed", f"w{n}") for n in range(40)] + [
        _record("TOP-SUCCESS", "failed", "w1"), _record("TOP-SUCCESS", "blocked", "w2"),
        _record("TOP-SUCCESS", "errored", "w3"), _record("ORD-ACK", "failed")]
    [judged] = rates.judge_records(found, {"TOP-SUCCESS": TOP_UPS, "REF-3DAYS": TOP_UPS})
    # a blocked attempt counts against the product, an errored one is no attempt
    assert (judged.successes, judged.attempts, judged.errored) == (40, 42, 1)


def test_a_failed_rate_puts_the_run_below_target_and_the_summary_says_it():
    catalogue = standards.load(CATALOGUE)
    found = [_record("TOP-SUCCESS", "passed", f"w{n}") for n in range(27)] + \
        [_record("TOP-SUCCESS", "failed", f"w{n}") for n in range(3)] + \
        [_record("ORD-ACK", "passed", f"w{n}") for n in range(100)]
    result = summary.summarise(found, catalogue, run="r", carrier="c")
    assert result["compliance"] >= result["target"]
    assert result["verdict"] == "below target" and summary.exit_code(result) == 1
    [judged] = result["rates"]
    assert judged["standard"] == "TOP-SUCCESS" and judged["verdict"] == "fail"
    assert (judged["successes"], judged["attempts"]) == (27, 30)
    assert judged["threshold"] == {"op": ">=", "value": 0.98}
    assert "TOP-SUCCESS: 27 of 30 (90.0%" in summary.render(result)


def test_not_enough_attempts_leaves_the_verdict_to_compliance():
    catalogue = standards.load(CATALOGUE)
    found = [_record("TOP-SUCCESS", "passed", f"w{n}") for n in range(10)]
    result = summary.summarise(found, catalogue, run="r", carrier="c")
    assert result["verdict"] == "pass"
    assert result["rates"][0]["verdict"] == "not enough attempts"


def test_the_catalogue_says_which_standards_are_rates_and_where_their_figures_come_from():
    catalogue = standards.load(CATALOGUE)
    assert catalogue.rates["TOP-SUCCESS"].value == 0.98
    assert catalogue.rates["REF-3DAYS"].value == 0.95
    assert all(r.source.startswith("000 ") for r in catalogue.rates.values())
    assert "ORD-ACK" not in catalogue.rates


def test_the_ring_back_tone_rate_judges_as_its_catalogue_entry_says():
    ring = standards.load(CATALOGUE).rates["VAS-RING-ORDER"]
    assert (ring.value, ring.confidence, ring.min_attempts) == (0.93, 0.95, 20)
    # below the minimum even two failures of two are not judged
    assert rates.judge("VAS-RING-ORDER", 0, 2, ring).verdict == rates.NOT_ENOUGH
    # at 20 a fail needs 4 failed orders; a pass needs 52 orders without a failure
    assert rates.judge("VAS-RING-ORDER", 16, 20, ring).verdict == rates.FAIL
    assert rates.judge("VAS-RING-ORDER", 17, 20, ring).verdict == rates.NOT_ENOUGH
    assert rates.judge("VAS-RING-ORDER", 51, 51, ring).verdict == rates.NOT_ENOUGH
    assert rates.judge("VAS-RING-ORDER", 52, 52, ring).verdict == rates.PASS


@pytest.mark.parametrize("rate, said", [
    ("{at_least: 98, source: x}", "shares between 0 and 1"),
    ("{at_least: 0.98}", "rate must give at_least and source"),
    ("{at_least: 0.98, source: x, confidence: high}", "rate confidence 'high' is not a number"),
    ("{at_least: 0.98, source: x, min_attempts: 0}", "is not a whole number of at least 1"),
    ("{at_least: 0.98, source: x, min_sample: 30}", "unknown key 'min_sample' in rate"),
])
def test_a_malformed_rate_is_a_usage_error_with_its_line(tmp_path: Path, rate: str, said: str):
    text = CATALOGUE.read_text(encoding="utf-8")
    start = text.index("    rate: {at_least: 0.98")
    end = text.index("\n", text.index("source:", start + 20))
    bad = tmp_path / "standards.yaml"
    bad.write_text(text[:start] + f"    rate: {rate}" + text[end:], encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        standards.load(bad)
    line = text[:start].count("\n") + 1
    assert caught.value.line == line and said in str(caught.value), str(caught.value)
