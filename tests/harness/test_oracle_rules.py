"""The oracle under a tariff's rules, read as a carrier file's ``tariff:`` section: the
competitor's hand-worked examples (src/competitor_operator/README.md, "Tariff"), the demo's
rules, and the edge days of bill cycles."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from walkthrough import oracle, rating, tariff_rules, yamlfile
from walkthrough.carrier import Carrier, Tariff
from walkthrough.cycles import Cycle, cycle_named, cycle_of, cycles_between, next_cycle
from walkthrough.errors import UsageError
from walkthrough.views import BillLine

# the competitor's tariff as its carrier file would publish it
COMPETITOR = yaml.safe_load("""
tariff:
  currency: CNY
  cycle: bill-day
  proration: {fee: daily, allowances: daily}
  change_effective: immediate
  rounding: {voice: minute, data: KB}
  vat: {plan: "9", voice: "9", data: "9", vas: "6"}
  balance_charged: bill-cut
  offerings:
    鲸享39元套餐: {monthly_fee: "39.00", voice_minutes: 100, data_mb: 5120,
                 voice_rate: "0.15", data_rate: "0.003"}
    鲸享69元套餐: {monthly_fee: "69.00", voice_minutes: 300, data_mb: 20480,
                 voice_rate: "0.15", data_rate: "0.003"}
    鲸鱼资讯: {monthly_fee: "6.00"}
""")["tariff"]
RULES = tariff_rules.read(COMPETITOR)
TZ = dt.timezone(dt.timedelta(hours=8))


def tariff(name: str) -> Tariff:
    t = COMPETITOR["offerings"][name]
    return Tariff(name, Decimal(t["monthly_fee"]), t.get("voice_minutes", 0), t.get("data_mb", 0),
                  Decimal(t.get("voice_rate", 0)), Decimal(t.get("data_rate", 0)))


BW39, BW69, NEWS = tariff("鲸享39元套餐"), tariff("鲸享69元套餐"), tariff("鲸鱼资讯")
PLAN_58 = Tariff("5G畅享58元套餐", Decimal("58.00"), 100, 1024, Decimal("0.15"), Decimal("0.03"))
PLAN_88 = Tariff("5G畅享88元套餐", Decimal("88.00"), 300, 5120, Decimal("0.15"), Decimal("0.03"))


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


# -- the rules as the carrier files say them --------------------------------------------------

def test_the_competitors_rules():
    assert (RULES.cycle, RULES.fee_proration, RULES.allowance_proration) == \
        ("bill-day", "daily", "daily")
    assert (RULES.change_effective, RULES.voice_unit, RULES.data_unit) == \
        ("immediate", "minute", "KB")
    assert RULES.vat == {"plan": Decimal("0.09"), "voice": Decimal("0.09"),
                         "data": Decimal("0.09"), "vas": Decimal("0.06")}
    assert RULES.last_free_day is None  # no vas_trial: no free trial
    assert RULES.balance_charged == "bill-cut"
    assert RULES.bill_day(12) == 12


def test_the_demo_carrier_file_says_todays_rules():
    rules = Carrier.load().tariff_rules()
    assert rules == tariff_rules.TariffRules(
        cycle="calendar", fee_proration="daily", allowance_proration="none",
        change_effective="next-cycle", voice_unit="minute", data_unit="MB", vat={},
        last_free_day=20, balance_charged="cycle-start")
    assert rules == oracle.DEMO_RULES
    assert rules.bill_day(12) is None  # a calendar cycle, whatever the customer's record says


def test_the_rules_before_bill_days_are_still_read():
    rules = tariff_rules.read({"proration": "daily", "change_effective": "next-month"})
    assert (rules.fee_proration, rules.allowance_proration, rules.change_effective) == \
        ("daily", "none", "next-cycle")


def test_a_rule_the_oracle_does_not_know_names_its_line(tmp_path: Path):
    path = tmp_path / "carrier.yaml"
    path.write_text("tariff:\n  cycle: calendar\n  change_effective: someday\n",
                    encoding="utf-8")
    with pytest.raises(UsageError) as error:
        tariff_rules.read(yamlfile.load(path)["tariff"], path)
    assert error.value.line == 3
    assert "tariff.change_effective: 'someday' is not one of" in str(error.value)


@pytest.mark.parametrize("section", [
    {"vat": {"plan": "nine"}}, {"vat": {"roaming": "9"}}, {"rounding": {"data": "GB"}},
    {"vas_trial": {"last_free_day": 0}}, {"proration": {"allowances": "weekly"}},
])
def test_malformed_rules_are_refused(section):
    with pytest.raises(UsageError):
        tariff_rules.read(section)


# -- the competitor's hand-worked examples ----------------------------------------------------

def test_example_1_a_first_cycle_prorates_fee_and_allowances():
    # bill day 12, ordered 2026-11-23: 11-23 .. 12-11, 19 of 30 days
    cycle = cycle_of(d("2026-11-23"), 12)
    assert (cycle.start, cycle.end, cycle.days, cycle.name) == \
        (d("2026-11-12"), d("2026-12-11"), 30, "2026-11")
    plans = oracle.tenures(RULES, BW39, d("2026-11-23"))
    # 100 x 19/30 -> 63 min; 5120 x 19/30 -> 3242 MB, in KB
    assert oracle.allowances(RULES, cycle, plans) == {"voice": 63, "data": 3242 * 1024}
    usages = [oracle.Usage("voice", 3600, at("2026-11-24"), unit="second"),
              oracle.Usage("voice", 241, at("2026-11-25"), unit="second"),
              oracle.Usage("data", 3242 * 1024 + 1000, at("2026-11-26"), unit="KB")]
    bill = oracle.plan_bill(RULES, cycle, plans, usages)
    # 60 + 5 started minutes: 2 past 63 x 0.15; 1000 KB past the allowance x 0.003
    assert [(line.kind, line.amount, line.vat) for line in bill.lines] == [
        ("recurring", Decimal("24.70"), Decimal("2.04")),
        ("voice", Decimal("0.00"), Decimal("0.00")),
        ("voice", Decimal("0.30"), Decimal("0.02")),
        ("data", Decimal("3.00"), Decimal("0.25"))]
    assert (bill.period, bill.total, bill.vat) == ("2026-11", Decimal("28.00"), Decimal("2.31"))


def test_example_2_a_plan_change_takes_effect_at_once_and_both_plans_are_prorated():
    cycle = cycle_of(d("2026-12-03"), 23)
    assert (cycle.start, cycle.end, cycle.days) == (d("2026-11-23"), d("2026-12-22"), 30)
    assert oracle.effective_on(RULES, d("2026-12-03"), 23) == d("2026-12-03")
    plans = oracle.tenures(RULES, BW39, d("2026-11-23"), change=(BW69, d("2026-12-03")),
                           bill_day=23)
    assert [(t.tariff.name, t.start, t.end) for t in plans] == [
        ("鲸享39元套餐", d("2026-11-23"), d("2026-12-02")), ("鲸享69元套餐", d("2026-12-03"), None)]
    assert oracle.allowances(RULES, cycle, plans)["voice"] == 33 + 200
    calls = [oracle.Usage("voice", 120, at("2026-11-30"), unit="minute"),
             oracle.Usage("voice", 120 * 60, at("2026-12-10"), unit="second")]
    bill = oracle.plan_bill(RULES, cycle, plans, calls)
    # 39.00 x 10/30 + 69.00 x 20/30, then 240 - 233 = 7 minutes x 0.15
    assert [line.amount for line in bill.lines] == [
        Decimal("13.00"), Decimal("46.00"), Decimal("0.00"), Decimal("1.05")]
    assert bill.total == Decimal("60.05")


def test_example_3_an_unsubscribe_is_charged_up_to_and_including_its_day():
    cycle = cycle_of(d("2026-12-03"), 23)
    plans = oracle.tenures(RULES, BW39, d("2026-11-23"), end=d("2026-12-03"))
    bill = oracle.plan_bill(RULES, cycle, plans)
    assert cycle.covered(d("2026-11-23"), d("2026-12-03")) == 11
    assert bill.total == Decimal("14.30")  # 39.00 x 11/30
    # and the next cycle has nothing to charge
    assert oracle.plan_bill(RULES, next_cycle(cycle, 23), plans).total == Decimal("0.00")


def test_an_information_fee_without_a_trial_is_charged_by_the_day_from_the_subscription():
    cycle = cycle_of(d("2026-11-23"), 12)
    line = oracle.vas_charge(RULES, NEWS, cycle, ordered=d("2026-11-23"), bill_day=12)
    # 6.00 x 19/30 = 3.80, VAT at 6 %: 3.80 - 3.80 / 1.06 = 0.2151 -> 0.22
    assert (line.kind, line.amount, line.vat) == ("vas", Decimal("3.80"), Decimal("0.22"))
    following = oracle.vas_charge(RULES, NEWS, next_cycle(cycle, 12), ordered=d("2026-11-23"))
    assert following.amount == Decimal("6.00")
    ended = oracle.vas_charge(RULES, NEWS, next_cycle(cycle, 12), ordered=d("2026-11-23"),
                              terminated=d("2026-12-12"))
    # the day of the unsubscribe, of a 31-day cycle (12-12 .. 01-11): 6.00 / 31 = 0.193..
    assert ended.amount == Decimal("0.19")


def test_a_prepaid_balance_charged_when_the_bill_is_cut():
    start = at("2026-11-23")
    before_cut = oracle.prepaid_charges(BW39, start, at("2026-12-11", "23:59"), rules=RULES,
                                        bill_day=12)
    at_cut = oracle.prepaid_charges(BW39, start, at("2026-12-12", "00:00"), rules=RULES,
                                    bill_day=12)
    assert (before_cut, at_cut) == (Decimal("0.00"), Decimal("24.70"))
    assert oracle.prepaid_balance(BW39, Decimal("0.00"), start, at("2027-01-12", "00:00"),
                                  rules=RULES, bill_day=12) == Decimal("-63.70")


# -- the demo's rules through the same functions ----------------------------------------------

def test_the_demo_rules_give_the_calendar_month_bill():
    usages = [oracle.Usage("voice", 12, at("2026-11-23", "10:31")),
              oracle.Usage("data", 1500, at("2026-11-23", "10:43")),
              oracle.Usage("data", 2000, at("2026-12-01", "00:10"))]  # December's
    cycle = cycle_of(d("2026-11-23"))
    bill = oracle.plan_bill(oracle.DEMO_RULES, cycle, oracle.tenures(
        oracle.DEMO_RULES, PLAN_58, d("2026-11-23")), usages)
    # 58 x 8/30 = 15.47, the whole allowance (never prorated): 476 MB over x 0.03 = 14.28
    assert [line.amount for line in bill.lines] == [
        Decimal("15.47"), Decimal("0.00"), Decimal("14.28")]
    assert bill.total == oracle.expected_bill(PLAN_58, "2026-11", start=d("2026-11-23"),
                                              usages=usages).total
    assert bill.vat == Decimal("0.00")  # no tariff.vat: none shown


def test_the_demo_plan_change_waits_for_the_next_month():
    rules = oracle.DEMO_RULES
    assert oracle.effective_on(rules, d("2026-12-15")) == d("2027-01-01")
    plans = oracle.tenures(rules, PLAN_58, d("2026-11-23"), change=(PLAN_88, d("2026-12-15")))
    assert oracle.plan_bill(rules, cycle_of(d("2026-12-15")), plans).total == Decimal("58.00")
    assert oracle.plan_bill(rules, cycle_of(d("2027-01-01")), plans).total == Decimal("88.00")
    # unsubscribed before it took effect: the old plan alone, up to that day
    ended = oracle.tenures(rules, PLAN_58, d("2026-11-23"), change=(PLAN_88, d("2026-12-15")),
                           end=d("2026-12-20"))
    assert [t.tariff.name for t in ended] == [PLAN_58.name]


def test_a_next_cycle_change_on_a_bill_day_cycle_waits_for_the_bill_day():
    rules = tariff_rules.read({"cycle": "bill-day", "change_effective": "next-cycle"})
    assert oracle.effective_on(rules, d("2026-12-03"), 23) == d("2026-12-23")
    assert oracle.effective_on(rules, d("2026-12-23"), 23) == d("2027-01-23")


def test_a_trial_on_bill_day_cycles_counts_the_days_of_the_cycle():
    # bill day 12: ordered 12-01 is day 20 of the cycle 11-12 .. 12-11, ordered 12-02 day 21
    assert [c.name for c in oracle.free_cycles(d("2026-12-01"), 20, 12)] == ["2026-11"]
    assert [c.name for c in oracle.free_cycles(d("2026-12-02"), 20, 12)] == \
        ["2026-11", "2026-12"]


# -- cycles on their edge days ----------------------------------------------------------------

@pytest.mark.parametrize(("day", "bill_day", "start", "end"), [
    # the calendar month, from the 1st, the 15th and the month's last days
    ("2026-11-01", None, "2026-11-01", "2026-11-30"),
    ("2026-11-15", None, "2026-11-01", "2026-11-30"),
    ("2026-12-28", None, "2026-12-01", "2026-12-31"),
    ("2026-12-31", None, "2026-12-01", "2026-12-31"),
    ("2027-01-30", None, "2027-01-01", "2027-01-31"),
    ("2027-02-28", None, "2027-02-01", "2027-02-28"),
    ("2028-02-29", None, "2028-02-01", "2028-02-29"),  # leap year
    # bill day 1 is the calendar month
    ("2026-11-15", 1, "2026-11-01", "2026-11-30"),
    # bill day 15: the day itself starts a cycle, the day before ends one
    ("2026-11-15", 15, "2026-11-15", "2026-12-14"),
    ("2026-11-14", 15, "2026-10-15", "2026-11-14"),
    ("2027-01-10", 15, "2026-12-15", "2027-01-14"),  # across the new year
    # bill day 28 across February
    ("2027-01-31", 28, "2027-01-28", "2027-02-27"),
    ("2027-02-27", 28, "2027-01-28", "2027-02-27"),
    ("2027-02-28", 28, "2027-02-28", "2027-03-27"),
    ("2028-02-29", 28, "2028-02-28", "2028-03-27"),  # leap year: the 29th is the cycle's 2nd day
    ("2028-02-27", 28, "2028-01-28", "2028-02-27"),
    ("2026-12-31", 28, "2026-12-28", "2027-01-27"),
])
def test_the_cycle_a_day_falls_in(day, bill_day, start, end):
    cycle = cycle_of(d(day), bill_day)
    assert (cycle.start, cycle.end) == (d(start), d(end))
    assert d(day) in cycle
    assert cycle.name == start[:7]


@pytest.mark.parametrize(("bill_day", "name", "days"), [
    (None, "2027-02", 28), (None, "2028-02", 29), (28, "2027-01", 31), (28, "2027-02", 28),
    (28, "2028-01", 31), (28, "2028-02", 29), (12, "2026-11", 30), (12, "2026-12", 31),
])
def test_a_cycle_has_the_days_of_the_month_it_starts_in(bill_day, name, days):
    assert cycle_named(name, bill_day).days == days


def test_cycles_follow_each_other_without_a_gap():
    cycles = cycles_between(d("2027-12-30"), d("2028-04-01"), 28)
    assert [c.name for c in cycles] == ["2027-12", "2028-01", "2028-02", "2028-03"]
    for one, following in zip(cycles, cycles[1:], strict=False):
        assert following.start == one.cut == one.end + dt.timedelta(days=1)
        assert next_cycle(one, 28) == following


@pytest.mark.parametrize("bill_day", [0, 29, 31])
def test_a_bill_day_past_the_28th_is_refused(bill_day):
    with pytest.raises(ValueError, match="1..28"):
        cycle_of(d("2026-11-15"), bill_day)


@pytest.mark.parametrize(("start", "days", "fee"), [
    ("2028-02-28", 29, "39.00"),   # from the bill day: the whole cycle, the whole fee
    ("2028-02-29", 28, "37.66"),   # 39 x 28/29 = 37.655.. -> 37.66
    ("2028-03-27", 1, "1.34"),     # the cycle's last day: 39 / 29 = 1.344..
])
def test_a_first_cycle_across_a_leap_february(start, days, fee):
    cycle = cycle_of(d(start), 28)
    assert cycle.covered(d(start)) == days
    assert oracle.plan_bill(RULES, cycle, oracle.tenures(RULES, BW39, d(start))).total == \
        Decimal(fee)


# -- one line's arithmetic --------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "quantity", "unit", "rated_in", "units"), [
    ("voice", 61, "second", "minute", 2), ("voice", 60, "second", "minute", 1),
    ("voice", 12, "minute", "minute", 12), ("voice", 2, "minute", "second", 120),
    ("data", Decimal("1.5"), "KB", "KB", 2), ("data", 1, "MB", "KB", 1024),
    ("data", 1025, "KB", "MB", 2), ("data", 1500, "MB", "MB", 1500),
])
def test_sessions_are_rated_per_started_unit(kind, quantity, unit, rated_in, units):
    assert rating.started(kind, quantity, unit, rated_in) == units


def test_vat_of_a_line_is_included_in_its_amount():
    assert rating.vat_of(Decimal("39.00"), Decimal("0.09")) == Decimal("3.22")
    assert rating.vat_of(Decimal("6.00"), Decimal("0.06")) == Decimal("0.34")
    assert rating.vat_of(Decimal("28.00"), None) == Decimal("0.00")


def test_a_whole_cycle_keeps_the_whole_fee_and_allowance():
    assert rating.prorated_fee(Decimal("39.00"), 30, 30, RULES) == Decimal("39.00")
    assert rating.prorated_allowance(5120, 31, 31, RULES) == 5120
    assert rating.prorated_allowance(5120, 19, 30, RULES) == 3242  # 3242.66.. rounded down
    assert rating.prorated_allowance(5120, 19, 30, oracle.DEMO_RULES) == 5120


def test_a_cycle_is_a_value():
    assert Cycle(d("2026-11-12"), d("2026-12-11")) == cycle_of(d("2026-12-01"), 12)


def _fee_lines(*amounts: str) -> list[BillLine]:
    return [BillLine("recurring", Decimal(a), name="fee") for a in amounts]


def test_fee_lines_are_judged_by_which_fee_is_charged_for_how_many_days():
    expected = oracle.plan_bill(RULES, Cycle(dt.date(2026, 12, 1), dt.date(2026, 12, 31)), [
        oracle.Tenure(BW39, dt.date(2026, 12, 1), dt.date(2026, 12, 2)),
        oracle.Tenure(BW69, dt.date(2026, 12, 3))]).lines
    assert oracle.fees_wrong(expected, _fee_lines("64.55", "2.52")) == []  # in any order
    assert oracle.fees_wrong(expected, _fee_lines("2.52", "69.00")) == [
        "charged fee 69.00", "not charged 64.55"]
    assert oracle.fees_wrong(expected, _fee_lines("64.55")) == ["not charged 2.52"]
    assert oracle.fees_wrong(expected, [*_fee_lines("2.52", "64.55", "0.00")]) == []
