"""The expected-bill oracle, on hand-worked examples."""

import datetime as dt
from decimal import Decimal

import pytest

from walkthrough import oracle
from walkthrough.carrier import BundleTariff, RoamingZone, Tariff

PLAN_58 = Tariff("5G畅享58元套餐", Decimal("58.00"), 100, 1024, Decimal("0.15"), Decimal("0.03"))
PLAN_88 = Tariff("5G畅享88元套餐", Decimal("88.00"), 300, 5120, Decimal("0.15"), Decimal("0.03"))
TZ = dt.timezone(dt.timedelta(hours=8))


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


@pytest.mark.parametrize(("period", "start", "end", "days", "fee"), [
    # 23rd..30th of a 30-day month: 8 days; 58 x 8 / 30 = 15.4666.. -> 15.47
    ("2026-11", dt.date(2026, 11, 23), None, 8, "15.47"),
    # a whole month
    ("2026-12", None, None, 31, "58.00"),
    # started on the last day of a 31-day month: 1 day; 58 / 31 = 1.8709.. -> 1.87
    ("2026-12", dt.date(2026, 12, 31), None, 1, "1.87"),
    # February of a common year, from the 15th: 14 days; 58 x 14 / 28 = 29.00
    ("2027-02", dt.date(2027, 2, 15), None, 14, "29.00"),
    # February of a leap year, from the 15th: 15 days; 58 x 15 / 29 = 30.00
    ("2028-02", dt.date(2028, 2, 15), None, 15, "30.00"),
    # terminated on the 1st: 1 day; 58 / 31 = 1.87
    ("2027-01", None, dt.date(2027, 1, 1), 1, "1.87"),
    # started and ended in the same month: 10th..20th = 11 days; 58 x 11 / 30 = 21.2666.. -> 21.27
    ("2026-11", dt.date(2026, 11, 10), dt.date(2026, 11, 20), 11, "21.27"),
    # ended before the month began: nothing
    ("2026-12", None, dt.date(2026, 11, 30), 0, "0.00"),
])
def test_monthly_fee_is_prorated_by_day(period, start, end, days, fee):
    assert oracle.charged_days(period, start, end) == days
    assert oracle.monthly_fee(PLAN_58, period, start, end) == Decimal(fee)


def test_half_a_fen_rounds_up():
    # 0.15 x 1 / 30 = 0.005 exactly: half up gives 0.01 (banker's rounding would give 0.00)
    tiny = Tariff("x", Decimal("0.15"), 0, 0, Decimal(0), Decimal(0))
    assert oracle.monthly_fee(tiny, "2026-11", start=dt.date(2026, 11, 30)) == Decimal("0.01")
    # 88 x 1 / 31 = 2.8387.. -> 2.84
    assert oracle.monthly_fee(PLAN_88, "2027-01", end=dt.date(2027, 1, 1)) == Decimal("2.84")


def test_usage_past_the_allowance_is_charged_in_time_order():
    usages = [oracle.Usage("data", 1500, at("2026-11-23", "11:00")),
              oracle.Usage("voice", 12, at("2026-11-23", "10:30"))]
    lines = oracle.usage_lines(PLAN_58, usages)
    # the call is within 100 minutes; 1500 MB is 476 MB over 1024 MB: 476 x 0.03 = 14.28
    assert [(line.kind, line.amount) for line in lines] == [
        ("voice", Decimal("0.00")), ("data", Decimal("14.28"))]


def test_a_session_crossing_the_allowance_is_charged_for_its_part_over():
    usages = [oracle.Usage("voice", 90, at("2026-11-24")),
              oracle.Usage("voice", 30, at("2026-11-25"))]
    lines = oracle.usage_lines(PLAN_58, usages)
    # 90 free, then 10 of 30 free: 20 x 0.15 = 3.00
    assert [line.amount for line in lines] == [Decimal("0.00"), Decimal("3.00")]


def test_the_first_month_bill_of_the_walk():
    usages = [oracle.Usage("voice", 12, at("2026-11-23", "10:31")),
              oracle.Usage("data", 1500, at("2026-11-23", "10:43"))]
    bill = oracle.expected_bill(PLAN_58, "2026-11", start=dt.date(2026, 11, 23), usages=usages)
    assert bill.total == Decimal("29.75")  # 15.47 + 0.00 + 14.28
    assert len(bill.lines) == 3


def test_usage_of_another_month_is_not_in_the_bill():
    usages = [oracle.Usage("data", 2000, at("2026-12-01", "00:10"))]
    bill = oracle.expected_bill(PLAN_58, "2026-11", start=dt.date(2026, 11, 23), usages=usages)
    assert bill.total == Decimal("15.47")


@pytest.mark.parametrize(("day", "first"), [
    (dt.date(2026, 11, 23), dt.date(2026, 12, 1)),
    (dt.date(2026, 12, 31), dt.date(2027, 1, 1)),
    (dt.date(2027, 1, 31), dt.date(2027, 2, 1)),
    (dt.date(2028, 2, 29), dt.date(2028, 3, 1)),
])
def test_first_of_next_month(day, first):
    assert oracle.first_of_next_month(day) == first


NEWS = Tariff("头条新闻", Decimal("3.00"), 0, 0, Decimal(0), Decimal(0))


@pytest.mark.parametrize(("ordered", "free"), [
    (dt.date(2026, 11, 20), ("2026-11",)),               # day 20 of a 30-day month: that month
    (dt.date(2026, 11, 21), ("2026-11", "2026-12")),     # day 21: that month and the next
    (dt.date(2026, 12, 31), ("2026-12", "2027-01")),     # the last day of a 31-day month
    (dt.date(2027, 2, 20), ("2027-02",)),                # day 20 of a 28-day February
    (dt.date(2026, 12, 1), ("2026-12",)),
])
def test_free_trial_months(ordered, free):
    assert oracle.free_months(ordered) == free


@pytest.mark.parametrize(("period", "ordered", "terminated", "fee"), [
    ("2026-11", dt.date(2026, 11, 20), None, "0.00"),              # the free month
    ("2026-12", dt.date(2026, 11, 20), None, "3.00"),              # charged from the 1st
    ("2026-12", dt.date(2026, 11, 21), None, "0.00"),              # still free: ordered the 21st
    ("2027-01", dt.date(2026, 11, 21), None, "3.00"),
    ("2027-01", dt.date(2026, 11, 21), dt.date(2027, 1, 1), "3.00"),   # active at 00:00 on the 1st
    ("2027-02", dt.date(2026, 11, 21), dt.date(2027, 1, 1), "0.00"),   # nothing after it ended
    ("2026-12", dt.date(2026, 11, 20), dt.date(2026, 11, 25), "0.00"),  # left in the trial
    ("2026-10", dt.date(2026, 11, 20), None, "0.00"),              # before it was ordered
])
def test_information_fee(period, ordered, terminated, fee):
    assert oracle.vas_fee(NEWS, period, ordered=ordered, terminated=terminated) == Decimal(fee)


# -- refunds of information fees [004] -----------------------------------------------------------

@pytest.mark.parametrize(("ordered", "after", "due"), [
    (False, dt.timedelta(days=2), "20.00"),           # an error, verified in time: double
    (False, dt.timedelta(days=3), "20.00"),           # the 3rd day still counts
    (False, dt.timedelta(days=3, seconds=1), "10.00"),  # not verified in 3 days: once
    (False, dt.timedelta(days=5), "10.00"),
    (True, dt.timedelta(days=1), "0.00"),             # ordered: upheld, nothing back
])
def test_refund_due_by_the_rule(ordered, after, due):
    assert oracle.refund_due(Decimal("10.00"), ordered=ordered, answered_after=after) == \
        Decimal(due)


def test_refund_due_keeps_the_fen():
    assert oracle.refund_due(Decimal("3.33"), ordered=False,
                             answered_after=dt.timedelta(hours=47)) == Decimal("6.66")


# -- international roaming ----------------------------------------------------------------------

ZONES = [
    RoamingZone("一区", ("HK", "MO", "TW"), Decimal("0.99"), Decimal("0.29")),
    RoamingZone("二区", ("JP", "KR", "SG", "TH", "MY"), Decimal("1.99"), Decimal("0.59")),
    RoamingZone("三区", (), Decimal("2.99"), Decimal("1.99")),
]


@pytest.mark.parametrize(("country", "zone"), [
    ("HK", "一区"), ("jp", "二区"), ("MY", "二区"), ("US", "三区"), ("BR", "三区")])
def test_a_country_is_rated_in_its_zone_and_the_rest_in_the_last(country, zone):
    assert oracle.zone_of(ZONES, country).name == zone


def test_a_country_no_zone_takes_is_an_error():
    with pytest.raises(ValueError, match="FR"):
        oracle.zone_of(ZONES[:2], "FR")


def test_roaming_is_rated_by_zone_and_never_out_of_the_domestic_allowance():
    usages = [
        oracle.Usage("voice", 10, at("2026-11-24", "09:00"), "JP"),   # 10 x 1.99 = 19.90
        oracle.Usage("data", 200, at("2026-11-24", "10:00"), "HK"),   # 200 x 0.29 = 58.00
        oracle.Usage("data", 7, at("2026-11-25"), "FR"),              # 7 x 1.99 = 13.93
        oracle.Usage("voice", 30, at("2026-11-26"), ""),              # at home, in the allowance
        oracle.Usage("voice", 3, at("2026-12-02"), "US"),             # next month's
    ]
    bill = oracle.roaming_bill(PLAN_58, ZONES, "2026-11", start=dt.date(2026, 11, 23),
                               usages=usages)
    # plan 58.00 x 8/30 = 15.47; the home call is inside the 100 minutes: 0.00
    assert [(line.kind, line.amount) for line in bill.lines] == [
        ("recurring", Decimal("15.47")), ("voice", Decimal("0.00")),
        ("voice", Decimal("19.90")), ("data", Decimal("58.00")), ("data", Decimal("13.93"))]
    assert bill.total == Decimal("107.30")


def test_a_fraction_of_a_fen_abroad_rounds_half_up():
    zones = [RoamingZone("z", (), Decimal("0.125"), Decimal("0.005"))]
    lines = oracle.roaming_lines(zones, [oracle.Usage("voice", 1, at("2026-11-24"), "JP"),
                                         oracle.Usage("data", 3, at("2026-11-24"), "JP")])
    assert [line.amount for line in lines] == [Decimal("0.13"), Decimal("0.02")]


# -- the converged bundle -----------------------------------------------------------------------

MOBILE = Tariff("我的e家手机", Decimal("99.00"), 500, 30720, Decimal("0.15"), Decimal("0.03"))
BROADBAND = Tariff("我的e家宽带300M", Decimal("80.00"), 0, 0, Decimal("0"), Decimal("0"))
TV = Tariff("我的e家高清电视", Decimal("20.00"), 0, 0, Decimal("0"), Decimal("0"))
BUNDLE = BundleTariff("我的e家融合套餐", (MOBILE.name, BROADBAND.name, TV.name), (
    (frozenset({MOBILE.name, BROADBAND.name, TV.name}), Decimal("0.30")),
    (frozenset({MOBILE.name, BROADBAND.name}), Decimal("0.20"))))


def members(start: dt.date, tv_end: dt.date | None = None,
            end: dt.date | None = None) -> list[oracle.Member]:
    return [oracle.Member(MOBILE, start, end), oracle.Member(BROADBAND, start, end),
            oracle.Member(TV, start, tv_end or end)]


@pytest.mark.parametrize(("names", "rate"), [
    ({MOBILE.name, BROADBAND.name, TV.name}, "0.30"), ({MOBILE.name, BROADBAND.name}, "0.20"),
    ({MOBILE.name, TV.name}, "0"), (set(), "0")])
def test_the_discount_rate_follows_the_members_in_service(names, rate):
    assert oracle.discount_rate(BUNDLE, names) == Decimal(rate)


def test_the_bundle_start_month_is_prorated_then_discounted():
    bill = oracle.bundle_bill(BUNDLE, members(dt.date(2026, 11, 23)), "2026-11")
    # 8/30 days: 99 -> 26.40, 80 -> 21.33 (21.333..), 20 -> 5.33 (5.333..); sum 53.06;
    # 30 % = 15.918 -> 15.92 off; 37.14
    assert [(line.kind, line.amount) for line in bill.lines] == [
        ("recurring", Decimal("26.40")), ("recurring", Decimal("21.33")),
        ("recurring", Decimal("5.33")), ("discount", Decimal("-15.92"))]
    assert bill.total == Decimal("37.14")


def test_a_member_removed_mid_month_keeps_that_months_rate_and_the_next_gets_the_lower():
    removed = members(dt.date(2026, 11, 23), tv_end=dt.date(2026, 12, 10))
    december = oracle.bundle_bill(BUNDLE, removed, "2026-12")
    # 99 + 80 + 20 x 10/31 (6.4516.. -> 6.45) = 185.45; 30 % = 55.635 -> 55.64 (half up)
    assert december.lines[-1].amount == Decimal("-55.64")
    assert december.total == Decimal("129.81")
    january = oracle.bundle_bill(BUNDLE, removed, "2027-01")
    # the TV is gone: 99 + 80 = 179.00; 20 % = 35.80
    assert [line.amount for line in january.lines] == [
        Decimal("99.00"), Decimal("80.00"), Decimal("-35.80")]
    assert january.total == Decimal("143.20")


def test_the_month_the_bundle_ends_and_after():
    ended = members(dt.date(2026, 11, 23), tv_end=dt.date(2026, 12, 10),
                    end=dt.date(2027, 2, 1))
    february = oracle.bundle_bill(BUNDLE, ended, "2027-02")
    # 1/28 day: 99 -> 3.54 (3.5357..), 80 -> 2.86 (2.857..); 6.40; 20 % = 1.28 off
    assert february.total == Decimal("5.12")
    assert oracle.bundle_bill(BUNDLE, ended, "2027-03").lines == ()
# -- prepaid balances -------------------------------------------------------------------------

def test_a_prepaid_balance_within_the_start_month():
    # started 2026-11-23 10:00 with 1.00: the rest of November (23rd..30th, 8 of 30 days) is
    # 58 x 8 / 30 = 15.47 at once, so 1.00 - 15.47 = -14.47; two top-ups of 50.00 on the 24th
    # make 85.53; a 12-minute call and 100 MB are within the allowance: 0.00
    start = at("2026-11-23")
    topups = [oracle.TopUp(Decimal("50.00"), at("2026-11-24", "11:00")),
              oracle.TopUp(Decimal("50.00"), at("2026-11-24", "11:05"))]
    usages = [oracle.Usage("voice", 12, at("2026-11-24", "12:00")),
              oracle.Usage("data", 100, at("2026-11-24", "12:12"))]
    assert oracle.prepaid_balance(PLAN_58, Decimal("1.00"), start, at("2026-11-24", "10:59"),
                                  topups, usages) == Decimal("-14.47")
    assert oracle.prepaid_balance(PLAN_58, Decimal("1.00"), start, at("2026-11-28"),
                                  topups, usages) == Decimal("85.53")


def test_a_prepaid_balance_across_a_month_boundary():
    # started 2026-11-29 10:00 with 1.00: 29th..30th is 58 x 2 / 30 = 3.87 (3.8666..), so
    # -2.87; a top-up of 100.00 on the 30th: 97.13; at 00:00 on 1 December the whole 58.00:
    # 39.13 from then on, and not a moment before
    start = at("2026-11-29")
    topups = [oracle.TopUp(Decimal("100.00"), at("2026-11-30", "09:00"))]
    assert oracle.prepaid_charges(PLAN_58, start, at("2026-11-30", "23:59")) == Decimal("3.87")
    assert oracle.prepaid_balance(PLAN_58, Decimal("1.00"), start, at("2026-11-30", "23:59"),
                                  topups) == Decimal("97.13")
    assert oracle.prepaid_balance(PLAN_58, Decimal("1.00"), start, at("2026-12-01", "00:00"),
                                  topups) == Decimal("39.13")
    # and on 1 January another 58.00: -18.87
    assert oracle.prepaid_balance(PLAN_58, Decimal("1.00"), start, at("2027-01-01", "00:00"),
                                  topups) == Decimal("-18.87")


def test_prepaid_usage_is_rated_against_each_months_allowance():
    # 90 minutes on 30 November and 30 on 1 December: each month has its own 100 minutes,
    # so nothing is charged; 110 minutes more in December: 20 past the allowance = 3.00
    start = at("2026-11-01", "00:00")
    usages = [oracle.Usage("voice", 90, at("2026-11-30")),
              oracle.Usage("voice", 30, at("2026-12-01", "08:00")),
              oracle.Usage("voice", 90, at("2026-12-02"))]
    # November whole (58.00), December whole (58.00), 20 minutes over x 0.15 = 3.00
    assert oracle.prepaid_charges(PLAN_58, start, at("2026-12-03"), usages) == Decimal("119.00")
    # a top-up counts only once it reached the balance
    late = [oracle.TopUp(Decimal("10.00"), at("2026-12-03", "00:00:02"))]
    assert oracle.prepaid_balance(PLAN_58, Decimal("0.00"), start, at("2026-12-03", "00:00:01"),
                                  late, usages) == Decimal("-119.00")
    assert oracle.prepaid_balance(PLAN_58, Decimal("0.00"), start, at("2026-12-03"), late,
                                  usages) == Decimal("-109.00")


def test_the_itemised_record_is_rerated_line_by_line():
    from walkthrough.views import BillLine

    at = dt.datetime(2027, 1, 10, 9, 0)
    call = oracle.Usage("voice", 12, at)
    data = oracle.Usage("data", 1500, at + dt.timedelta(hours=1))
    expected = [oracle.ExpectedLine("voice", Decimal("0.00"), call),
                oracle.ExpectedLine("data", Decimal("14.28"), data)]

    def line(kind, quantity, amount, when=at):
        return BillLine(kind=kind, amount=Decimal(amount), at=when, quantity=Decimal(quantity))
    right = [line("voice", 12, "0.00"), line("data", 1500, "14.28", data.at)]
    assert oracle.rerate(expected, right) == []
    swapped = [line("voice", 12, "14.28"), line("data", 1500, "0.00", data.at)]
    assert oracle.rerate(expected, swapped) == [
        "voice 12 charged 14.28, expected 0.00", "data 1500 charged 0.00, expected 14.28"]
    # with the total wrong the charges are BILL-ACCURATE's: only presence is judged here
    assert oracle.rerate(expected, swapped, charges=False) == []
    assert oracle.rerate(expected, right[:1]) == [
        "no line for the data session of 1500 at 01-10 10:00"]
    extra = [*right, line("data", 20, "0.00", at + dt.timedelta(hours=2))]
    assert oracle.rerate(expected, extra) == [
        "a data line of 20 for a session never made (01-10 11:00)"]
    unexplained = [*right, BillLine(kind="usage", amount=Decimal("0.00"), at=at)]
    assert oracle.rerate(expected, unexplained) == [
        "a usage charge of 0.00 tied to no usage record (01-10 09:00)"]
