"""The tariff rules with hand-worked examples: the arithmetic alone, then whole bills cut by a
running operator (pool number 17099990002 has bill day 12; the date starts 2026-11-23 10:00)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from competitor_operator import tariff
from competitor_operator.catalogue import BASIC_VAT, VALUE_ADDED_VAT, vat_of

POOL_TEL = "17099990002"       # bill day 12: the cycle of 2026-11-23 is 11-12 .. 12-11 (30 days)


def test_the_cycle_starts_on_the_bill_day_not_the_1st() -> None:
    assert tariff.cycle_of(12, dt.date(2026, 11, 23)) == (dt.date(2026, 11, 12),
                                                         dt.date(2026, 12, 11))
    assert tariff.cycle_of(12, dt.date(2026, 11, 5)) == (dt.date(2026, 10, 12),
                                                        dt.date(2026, 11, 11))
    assert tariff.cycle_of(28, dt.date(2027, 1, 3)) == (dt.date(2026, 12, 28),
                                                       dt.date(2027, 1, 27))
    assert tariff.cycle_of(1, dt.date(2027, 2, 14)) == (dt.date(2027, 2, 1),
                                                       dt.date(2027, 2, 28))


def test_fees_and_allowances_are_prorated_by_the_day() -> None:
    # 19 of 30 days: 39.00 × 19 / 30 = 24.70; 100 min × 19 / 30 = 63.3 → 63; 5120 MB → 3242
    assert tariff.prorated_fee(3900, 19, 30) == 2470
    assert tariff.prorated_allowance(100, 19, 30) == 63
    assert tariff.prorated_allowance(5120, 19, 30) == 3242
    # half up to the fen: 69.00 × 1 / 31 = 2.2258 → 2.23; 6.00 × 1 / 8 = 0.75
    assert tariff.prorated_fee(6900, 1, 31) == 223
    assert tariff.prorated_fee(600, 1, 8) == 75
    assert tariff.prorated_fee(3900, 30, 30) == 3900


def test_calls_per_started_minute_and_data_per_started_kb() -> None:
    assert [tariff.started_minutes(s) for s in (1, 59, 60, 61, 720)] == [1, 1, 1, 2, 12]
    assert [tariff.started_kb(Decimal(k)) for k in ("0.1", "1", "1.5", "1024")] == [1, 1, 2, 1024]


def test_vat_is_inside_the_price() -> None:
    assert vat_of(3900, BASIC_VAT) == 322        # 39.00 − 39.00 / 1.09 = 3.22
    assert vat_of(6900, BASIC_VAT) == 570
    assert vat_of(600, VALUE_ADDED_VAT) == 34     # 6.00 − 6.00 / 1.06 = 0.34


def _first_cycle(bw: Any) -> list[dict[str, Any]]:
    """Pool number (bill day 12) orders 鲸享39 on 11-23, makes calls of 3600 s and 241 s
    (65 minutes) and uses the prorated data allowance plus 1000 KB; the bill of 11-12..12-11."""
    pool = {r["telNo"]: r for r in bw.qa("GET", "/pool").json()["data"]["rows"]}[POOL_TEL]
    bw.add(pool["subsId"], "BW-39")
    bw.shift(11 * 60)
    assert bw.call(POOL_TEL, 3600).json()["data"]["billedMinutes"] == 60
    assert bw.call(POOL_TEL, 241).json()["data"]["billedMinutes"] == 5
    assert bw.data(POOL_TEL, str(3242 * 1024 + 1000)).status_code == 201
    assert bw.bills(pool["subsId"]) == []
    bw.date_to("2026-12-12 00:00:01")
    bills = bw.bills(pool["subsId"])
    assert len(bills) == 1
    assert bills[0]["billingPeriod"] == {"startDateTime": "2026-11-12T00:00:00+08:00",
                                         "endDateTime": "2026-12-12T00:00:00+08:00"}
    return [bills[0], {line["type"]: line for line in bw.lines(bills[0]["id"])}]


def test_the_first_cycle_prorates_the_fee_and_the_allowances(fresh: Any) -> None:
    bill, lines = _first_cycle(fresh())
    assert lines["plan"]["taxIncludedAmount"]["value"] == 24.70      # 39.00 × 19/30
    assert lines["voice"]["taxIncludedAmount"]["value"] == 0.30      # 65 − 63 = 2 min × 0.15
    assert lines["data"]["taxIncludedAmount"]["value"] == 3.00       # 1000 KB × 0.003
    assert bill["amountDue"]["value"] == 28.00
    # VAT 9 %: 24.70 → 2.04, 0.30 → 0.02, 3.00 → 0.25
    assert bill["taxItem"] == [{"taxCategory": "VAT", "taxRate": 0.09,
                                "taxAmount": {"unit": "CNY", "value": 2.31}}]
    assert bill["taxExcludedAmount"]["value"] == 25.69


@pytest.mark.parametrize(("fault", "plan", "voice", "data"), [
    ("first-month-allowance-full", 24.70, None, None),
    ("first-month-fee-full", 39.00, 0.30, 3.00),
    ("data-per-mb", 24.70, 0.30, 3.07),      # 1 started MB = 1024 KB × 0.003 = 3.072
])
def test_tariff_faults_change_the_first_bill(fresh: Any, fault: str, plan: float,
                                             voice: float | None, data: float | None) -> None:
    _, lines = _first_cycle(fresh(fault))
    assert lines["plan"]["taxIncludedAmount"]["value"] == plan
    assert lines.get("voice", {}).get("taxIncludedAmount", {}).get("value") == voice
    assert lines.get("data", {}).get("taxIncludedAmount", {}).get("value") == data


def _changed(bw: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Bill day 23, 鲸享39 from 11-23; on 12-03 changed to 鲸享69; 240 minutes of calls."""
    subs = bw.subscriber(billDay=23, planCode="BW-39")
    plan = bw.products(subs["subsId"])[0]
    bw.date_to("2026-12-03 10:00:00")
    response = bw.order(subs["subsId"], action="modify", product={"id": plan["id"]},
                        productOffering={"id": "BW-69"})
    assert response.status_code == 201, response.text
    assert bw.call(subs["telNo"], 14400).status_code == 201
    bw.date_to("2026-12-23 00:00:01")
    bills = bw.bills(subs["subsId"])
    assert len(bills) == 1
    return bills[0], bw.lines(bills[0]["id"])


def test_a_plan_change_is_immediate_and_prorated(fresh: Any) -> None:
    bill, lines = _changed(fresh())
    fees = [(line["name"], line["taxIncludedAmount"]["value"]) for line in lines]
    # old plan 11-23..12-02: 10/30 of 39.00; new plan 12-03..12-22: 20/30 of 69.00;
    # allowance 100×10/30 → 33 + 300×20/30 = 200 → 233 min; 240 used → 7 × 0.15 = 1.05
    assert fees == [("鲸享39元套餐", 13.00), ("鲸享69元套餐", 46.00), ("超出套餐通话", 1.05)]
    assert bill["amountDue"]["value"] == 60.05


def test_change_not_prorated_bills_both_full_fees(fresh: Any) -> None:
    _, lines = _changed(fresh("change-not-prorated"))
    assert [line["taxIncludedAmount"]["value"] for line in lines][:2] == [39.00, 69.00]


def test_an_unsubscribed_plan_is_charged_up_to_the_day(fresh: Any) -> None:
    for faults, fee in (((), 14.30), (("cancel-still-charged",), 39.00)):
        bw = fresh(*faults)
        subs = bw.subscriber(billDay=23, planCode="BW-39")
        plan = bw.products(subs["subsId"])[0]
        bw.date_to("2026-12-03 10:00:00")
        assert bw.order(subs["subsId"], action="delete",
                        product={"id": plan["id"]}).status_code == 201
        bw.date_to("2026-12-23 00:00:01")
        bill = bw.bills(subs["subsId"])[0]
        assert bill["amountDue"]["value"] == fee, faults   # 11 of 30 days: 39.00 × 11/30


def test_cycle_on_the_1st_cuts_the_bill_on_the_1st(fresh: Any) -> None:
    for faults, bills_on_the_1st in (((), 0), (("cycle-on-the-1st",), 1)):
        bw = fresh(*faults)
        subs = bw.subscriber(billDay=23, planCode="BW-39")
        bw.date_to("2026-12-01 00:00:01")
        assert len(bw.bills(subs["subsId"])) == bills_on_the_1st, faults


def test_a_call_of_whole_minutes_with_call_extra_minute(bw_with: Any) -> None:
    for faults, minutes in (((), 12), (("call-extra-minute",), 13)):
        bw = bw_with(*faults)
        subs = bw.with_plan()
        assert bw.call(subs["telNo"], 720).json()["data"]["billedMinutes"] == minutes
