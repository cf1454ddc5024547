"""Whole walks of the competitor (蓝鲸通信) by its own carrier file, with the same features and
step definitions as the demo operator's: clean, with each of its faults, side by side with
ours, and on its one system clock started on the days that turn months."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from competitor_operator.faults import FAULTS as COMPETITOR_FAULTS
from walkthrough.carrier import Carrier
from walkthrough.launch import Operator
from walkthrough.matrix import SoldOn
from walkthrough.session import BASE_URL_ENV

from .conftest import COMPETITOR, Outcome
from .test_demo_walks import AMONG_CUSTOMERS, assert_caught, checked_across, lines_walked

CARRIER = Carrier.load(COMPETITOR)
SOLD = SoldOn.of(CARRIER)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _config(*args: str) -> tuple[str, ...]:
    return ("--config", str(COMPETITOR), *args)


@pytest.mark.apart
def test_the_clean_competitor_passes_every_checkpoint_on_every_channel_it_sells(run_walks):
    outcome = run_walks(*_config())
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    summary = outcome.summary
    counts = summary["checkpoints"]
    assert summary["carrier"] == CARRIER.name
    assert summary["compliance"] == 1.0
    assert counts["passed"] == counts["total"] > 0
    assert counts["failed"] == counts["blocked"] == counts["errored"] == 0
    for line, channels in SOLD.cells.items():  # every cell it sells was walked, no other
        assert set(summary["matrix"][line]) == set(channels), line
    assert set(summary["matrix"]) == set(SOLD.cells)
    assert list(summary["by_stage"]) == ["order", "activate", "use", "bill", "change", "cancel"]


# faults no walk can see, and why (each walk of them is still run: it must fail nothing)
UNSEEN: dict[str, str] = {}  # a fault no walk can see, and why


def _fault_channels(fault: dict) -> list[str]:
    """A fault of every channel is walked on the API, where its walks are quickest; a fault
    of some channels on those channels, beside two others only when a standard it breaks is
    judged by comparing channels (the cross-channel walk needs a majority)."""
    if not fault.get("channels"):
        return ["api"]
    if not set(fault["breaks"]) & (checked_across() | AMONG_CUSTOMERS):
        return list(fault["channels"])
    others = [c for c in ("api", "hotline", "sms") if c not in fault["channels"]][:2]
    return [*fault["channels"], *others]


@pytest.mark.apart
@pytest.mark.parametrize("name", sorted(COMPETITOR_FAULTS))
def test_the_competitor_fault_fails_exactly_the_standards_it_breaks(run_walks, name,
                                                                    record_property):
    fault = COMPETITOR_FAULTS[name].as_json()
    channels = _fault_channels(fault)
    lines = lines_walked(set(fault["breaks"]), channels, SOLD.cells)
    args = [a for c in channels for a in ("--channel", c)] + \
        [a for line in lines for a in ("--product", line)]
    outcome = run_walks(*_config(*args, "--fault", name, "--no-html"))
    owned = set() if name in UNSEEN else \
        {(sid, ch) for sid in fault["breaks"] for ch in fault.get("channels") or channels}
    failed = ", ".join(sorted(f"{s}@{c}" for s, c in outcome.failed_on()))
    if name in UNSEEN:
        failed = f"{failed or 'nothing'} (not seen by a walk: {UNSEEN[name]})"
    record_property("detected", (f"competitor:{name}", ", ".join(channels), failed,
                                 len(outcome.failed_on() - owned)))
    assert_caught(outcome, owned, f"competitor:{name}")


def test_the_command_lists_the_competitors_faults(competitor_faults):
    assert {f["name"] for f in competitor_faults} == set(COMPETITOR_FAULTS)
    assert len(competitor_faults) >= 20


def test_both_carriers_walk_side_by_side_in_one_run(run_walks):
    """The same features and step definitions walk our operator and the competitor in one
    invocation, each by its own carrier file; the report sets them side by side."""
    outcome = run_walks("--channel", "api", "--product", "mobile_plan",
                        "--competitor", str(COMPETITOR))
    assert outcome.code == 0, outcome.stdout[-3000:] + outcome.stderr[-2000:]
    ours, theirs = outcome.summary, Outcome(0, "", "", outcome.reports / "competitor").summary
    assert ours["carrier"] != theirs["carrier"] == CARRIER.name
    assert ours["compliance"] == theirs["compliance"] == 1.0
    walks = {name: {r["feature"] for r in o.records()} for name, o in (
        ("ours", outcome), ("theirs", Outcome(0, "", "", outcome.reports / "competitor")))}
    assert walks["ours"] == walks["theirs"]  # the same feature walked on both
    report = (outcome.reports / "walkthrough.html").read_text(encoding="utf-8")
    assert CARRIER.name in report and ours["carrier"] in report


# the days that turn months, a leap day and a year's end: a walk on the one environment clock
# passes whatever day it starts on; and on every channel a minute before the year turns, so
# orders made before midnight are provisioned, used and billed after it
STARTS = [("2027-01-01T10:00", "api"), ("2026-11-15T10:00", "api"), ("2027-01-28T10:00", "api"),
          ("2028-02-29T10:00", "api"), ("2027-03-30T10:00", "api"), ("2026-12-31T10:00", "api"),
          ("2026-12-31T23:55", None)]


@pytest.mark.apart  # each its own operator and run
@pytest.mark.parametrize(("moment", "channel"), STARTS)
def test_walks_on_the_one_clock_pass_whatever_moment_they_start(run_walks, tmp_path, moment,
                                                                channel):
    start = dt.datetime.fromisoformat(moment).replace(tzinfo=SHANGHAI)
    assert CARRIER.launch is not None
    with Operator(CARRIER.launch, [], db=tmp_path / "bw.db", start=start) as operator:
        os.environ[BASE_URL_ENV] = operator.base_url
        try:
            outcome = run_walks(*_config(*(("--channel", channel) if channel else ()), "--no-html"))
        finally:
            del os.environ[BASE_URL_ENV]
    assert outcome.code == 0, (moment, outcome.stdout[-3000:])
    assert outcome.summary["compliance"] == 1.0, moment
    assert outcome.summary["checkpoints"]["passed"] > 0
    if channel is None:
        sold = {c for line in SOLD.cells for c in SOLD.channels(line)}
        assert set(outcome.summary["by_channel"]) == sold, outcome.summary["by_channel"]
