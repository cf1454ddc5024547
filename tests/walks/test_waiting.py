"""Waiting for one thing never manufactures a second defect, whatever the hour of the day.

The demo operator's clocks start where the test says (not at the wall clock), so these walks
are the same at any hour CI runs them.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest

from walkthrough.demo import DemoOperator
from walkthrough.session import BASE_URL_ENV

from .conftest import walkthrough

SHANGHAI = ZoneInfo("Asia/Shanghai")


# Broadband's first slot is tomorrow morning (09:00-12:00): ordered before 09:00 a day's wait
# for the missing confirmation would end inside the slot, after 12:00 past it.
@pytest.mark.parametrize("hour", [0, 8, 11, 13, 18, 23])
def test_a_missing_confirmation_does_not_make_the_customer_miss_the_technician(hour, tmp_path):
    start = dt.datetime(2027, 3, 9, hour, 30, tzinfo=SHANGHAI)
    with DemoOperator(["no-confirmation-sms"], db=tmp_path / "operator.db", start=start) as demo:
        os.environ[BASE_URL_ENV] = demo.base_url
        try:
            outcome = walkthrough("run", "--channel", "api", "--product", "broadband",
                                  reports=tmp_path / "reports")
        finally:
            del os.environ[BASE_URL_ENV]
    assert outcome.code == 1, outcome.stdout[-3000:]
    records = outcome.records()
    assert {r["standard"] for r in records if r["status"] != "passed"} == {"ORD-SMS-5MIN"}
    [sms] = [r for r in records if r["standard"] == "ORD-SMS-5MIN"]
    # said as never arrived (not as late), and how long it was looked for: up to the
    # appointment when it comes within a day
    assert sms["observed"].startswith("never arrived within "), sms["observed"]
    assert ("installation appointment" in sms["observed"]) == (hour >= 9), sms["observed"]


def test_a_late_confirmation_is_said_late_by_its_real_delay(run_walks):
    # the fault holds order confirmations back 12 minutes; the standard allows 5
    outcome = run_walks("--fault", "confirmation-sms-late", "--channel", "api",
                        "--product", "mobile_plan")
    assert outcome.code == 1, outcome.stdout[-3000:]
    [sms] = [r for r in outcome.records() if r["standard"] == "ORD-SMS-5MIN"]
    assert sms["status"] == "failed"
    # to the second the handset stamped it, though past the 5 minutes the walk looked hourly
    assert sms["observed"].startswith("late by 7 minutes, arrived after 12 minutes: "), \
        sms["observed"]
