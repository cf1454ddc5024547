"""The tariff rules, worked by hand: proration, allowances, plan changes and cancellation.

Every expected figure below is written out the way a person checks a bill, not computed by
the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from demo_operator import billing, catalogue, orders, times
from demo_operator.billing import Session, charged_days, prorate, recurring_charge, usage_charges
from demo_operator.money import yuan

PLAN_58 = catalogue.OFFERINGS["PLAN-58"]
PLAN_88 = catalogue.OFFERINGS["PLAN-88"]
PLAN_128 = catalogue.OFFERINGS["PLAN-128"]
D = dt.date


def at(text: str) -> dt.datetime:
    return times.parse(text)


# -- proration ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("fee", "days", "dim", "expected"), [
    (5800, 8, 30, 1547),    # 58 × 8/30 = 15.4666… → 15.47
    (8800, 1, 31, 284),     # 88 × 1/31 = 2.8387… → 2.84
    (5800, 1, 28, 207),     # 58 × 1/28 = 2.0714… → 2.07
    (5800, 1, 29, 200),     # 58 × 1/29 = 2.00 exactly
    (12800, 1, 30, 427),    # 128 × 1/30 = 4.2666… → 4.27
    (5800, 15, 31, 2806),   # 58 × 15/31 = 28.0645… → 28.06
    (100, 1, 8, 13),        # 1.00 × 1/8 = 0.125 → half up → 0.13
    (300, 1, 8, 38),        # 3.00 × 1/8 = 0.375 → 0.38
    (5800, 30, 30, 5800),
])
def test_prorate_rounds_half_up_to_the_fen(fee: int, days: int, dim: int, expected: int) -> None:
    assert prorate(fee, days, dim) == expected


@pytest.mark.parametrize(("start", "end", "year", "month", "expected"), [
    (D(2026, 11, 23), None, 2026, 11, 8),             # 23..30 of a 30-day month
    (D(2026, 11, 23), None, 2026, 12, 31),            # the whole next month
    (D(2026, 11, 23), None, 2026, 10, 0),             # before it started
    (D(2027, 1, 31), None, 2027, 1, 1),               # started on the last day
    (D(2026, 11, 23), D(2027, 1, 1), 2027, 1, 1),     # terminated on the 1st: that day counts
    (D(2026, 11, 23), D(2027, 1, 1), 2027, 2, 0),     # nothing after the termination month
    (D(2027, 2, 10), D(2027, 2, 10), 2027, 2, 1),     # started and ended the same day
    (D(2027, 2, 1), None, 2027, 2, 28),               # February, 28 days
    (D(2028, 2, 1), None, 2028, 2, 29),               # February of a leap year
])
def test_charged_days_count_start_and_termination_days(start: dt.date, end: dt.date | None,
                                                        year: int, month: int,
                                                        expected: int) -> None:
    assert charged_days(start, end, year, month) == expected


@pytest.mark.parametrize(("start", "end", "year", "month", "fen", "days"), [
    (D(2026, 11, 23), None, 2026, 11, 1547, 8),       # 30-day month: 58 × 8/30 → 15.47
    (D(2026, 12, 31), None, 2026, 12, 187, 1),        # 31-day month, last day: 1.870… → 1.87
    (D(2027, 2, 28), None, 2027, 2, 207, 1),          # 28-day month, last day: 2.071… → 2.07
    (D(2028, 2, 29), None, 2028, 2, 200, 1),          # 29-day month, last day: 58/29 = 2.00
    (D(2027, 2, 15), None, 2027, 2, 2900, 14),        # 58 × 14/28 = 29.00
    (D(2026, 11, 23), D(2027, 1, 1), 2027, 1, 187, 1),  # terminated on the 1st: 58/31 → 1.87
    (D(2026, 11, 23), None, 2026, 12, 5800, 31),      # a whole month is the whole fee
])
def test_recurring_charge_prorates_first_and_last_month(start: dt.date, end: dt.date | None,
                                                        year: int, month: int, fen: int,
                                                        days: int) -> None:
    charge = recurring_charge(PLAN_58, start, end, year, month)
    assert charge is not None
    assert (charge.amount, charge.charged_days, charge.type) == (fen, days, "recurringCharge")


def test_no_recurring_charge_outside_the_service_period() -> None:
    assert recurring_charge(PLAN_58, D(2026, 11, 23), None, 2026, 10) is None
    assert recurring_charge(PLAN_58, D(2026, 11, 23), D(2027, 1, 1), 2027, 2) is None


def test_full_fee_after_termination_is_the_charges_after_cancel_fault() -> None:
    january = recurring_charge(PLAN_88, D(2026, 11, 23), D(2027, 1, 1), 2027, 1,
                               full_after_termination=True)
    february = recurring_charge(PLAN_88, D(2026, 11, 23), D(2027, 1, 1), 2027, 2,
                                full_after_termination=True)
    assert january is not None and february is not None
    assert (january.amount, february.amount) == (8800, 8800)


# -- allowances and overage ---------------------------------------------------------------------

def sessions(*spec: tuple[str, int]) -> list[Session]:
    base = at("2026-11-23T11:00:00")
    return [Session(f"U{n}", kind, qty, base + dt.timedelta(minutes=n))
            for n, (kind, qty) in enumerate(spec)]


def test_the_worked_november_example() -> None:
    """A 12-minute call (in the allowance) and 1500 MB (476 MB over at 0.03)."""
    charges = usage_charges(PLAN_58, sessions(("voice", 12), ("data", 1500)))
    assert [(c.session.usage_id, c.amount, c.charged_quantity) for c in charges] == [
        ("U0", 0, 0), ("U1", 1428, 476)]


def test_allowance_is_consumed_in_time_order_across_sessions() -> None:
    # 100 included minutes: 60 free, then 50 of which 10 are over (1.50), then 5 all over (0.75)
    charges = usage_charges(PLAN_58, sessions(("voice", 60), ("voice", 50), ("voice", 5)))
    assert [c.amount for c in charges] == [0, 150, 75]
    # the same sessions given out of order are still rated in time order
    shuffled = list(reversed(sessions(("voice", 60), ("voice", 50), ("voice", 5))))
    assert [c.amount for c in usage_charges(PLAN_58, shuffled)] == [0, 150, 75]


def test_voice_and_data_allowances_are_separate() -> None:
    charges = usage_charges(PLAN_88, sessions(("data", 5120), ("voice", 300), ("data", 1),
                                              ("voice", 1)))
    assert [c.amount for c in charges] == [0, 0, 3, 15]


def test_doubled_data_rate_is_the_bill_overcharges_data_fault() -> None:
    charges = usage_charges(PLAN_58, sessions(("data", 1500)), data_rate=6)
    assert charges[0].amount == 2856  # 476 MB × 0.06


def test_money_is_shown_with_two_decimals() -> None:
    assert [yuan(f) for f in (0, 5, 1547, 5800, 284, -320)] == [
        "0.00", "0.05", "15.47", "58.00", "2.84", "-3.20"]


# -- whole lives, in process --------------------------------------------------------------------

def test_the_worked_example_from_order_to_final_bill(world) -> None:
    """Ordered 2026-11-23 on PLAN-58, 12 min + 1500 MB in November, change to PLAN-88 asked in
    December, cancelled 2027-01-01: bills 29.75, 58.00, 2.84 and nothing for February."""
    customer, product = world.subscribe("PLAN-58")
    assert world.product(product)["start_date"].startswith("2026-11-23T10:30")
    world.use(customer, "voice", 12)
    world.use(customer, "data", 1500)
    world.to(customer, "2026-12-10T09:00:00")
    assert world.bills(customer) == {"2026-11": 2975}

    world.order(customer, orders.ItemRequest("modify", product_id=product, offering_id="PLAN-88"))
    assert world.product(product)["offering_id"] == "PLAN-58"
    assert world.product(product)["scheduled_change_date"] == "2027-01-01"
    world.to(customer, "2027-01-01T09:00:00")
    assert world.product(product)["offering_id"] == "PLAN-88"
    assert world.bills(customer) == {"2026-11": 2975, "2026-12": 5800}

    world.order(customer, orders.ItemRequest("delete", product_id=product))
    assert world.product(product)["status"] == "pendingTerminate"
    world.to(customer, "2027-01-01T11:00:00")
    assert world.product(product)["status"] == "terminated"
    assert world.product(product)["termination_date"].startswith("2027-01-01T11:00")
    world.to(customer, "2027-04-01T12:00:00")
    assert world.bills(customer) == {"2026-11": 2975, "2026-12": 5800, "2027-01": 284}


def test_bill_lines_add_up_and_list_every_session(world) -> None:
    customer, _ = world.subscribe("PLAN-58")
    world.use(customer, "voice", 12)
    world.use(customer, "data", 1500)
    world.to(customer, "2026-12-01T00:00:00")
    with world.tx() as ctx:
        (bill,) = billing.of_customer(ctx, customer)
        lines = billing.lines(ctx, bill["id"])
    assert [(line["type"], line["amount"]) for line in lines] == [
        ("recurringCharge", 1547), ("usageCharge", 0), ("usageCharge", 1428)]
    assert sum(line["amount"] for line in lines) == bill["amount_due"] == 2975
    assert bill["bill_date"].startswith("2026-12-01T00:00:00")


def test_start_on_the_last_day_of_a_31_day_month(world_with) -> None:
    world = world_with(start="2026-12-31T20:00:00+08:00")
    customer, _ = world.subscribe("PLAN-128")
    world.to(customer, "2027-02-01T00:00:00")
    # 128 × 1/31 = 4.129… → 4.13; then January in full
    assert world.bills(customer) == {"2026-12": 413, "2027-01": 12800}


def test_february_proration_in_28_and_29_day_years(world_with) -> None:
    world = world_with(start="2027-02-20T08:00:00+08:00")
    customer, _ = world.subscribe("PLAN-88")
    world.to(customer, "2027-03-01T00:00:00")
    assert world.bills(customer) == {"2027-02": 2829}   # 88 × 9/28 = 28.2857… → 28.29
    leap = world_with(start="2028-02-20T08:00:00+08:00")
    customer, _ = leap.subscribe("PLAN-88")
    leap.to(customer, "2028-03-01T00:00:00")
    assert leap.bills(customer) == {"2028-02": 3034}    # 88 × 10/29 = 30.3448… → 30.34


def test_activation_across_midnight_counts_from_the_activation_day(world_with) -> None:
    world = world_with(start="2026-11-30T23:45:00+08:00")
    customer, product = world.subscribe("PLAN-58")   # active 2026-12-01 00:15
    assert world.product(product)["start_date"].startswith("2026-12-01T00:15")
    world.to(customer, "2027-01-01T00:00:00")
    assert world.bills(customer) == {"2026-12": 5800}   # nothing billed for November


def test_allowance_renews_each_calendar_month(world) -> None:
    customer, _ = world.subscribe("PLAN-58")
    world.use(customer, "data", 1024)                 # the whole November allowance
    world.to(customer, "2026-12-02T10:00:00")
    world.use(customer, "data", 1024)                 # December's, in full again
    world.to(customer, "2027-01-01T00:00:00")
    assert world.bills(customer) == {"2026-11": 1547, "2026-12": 5800}


def test_plan_change_takes_effect_on_the_first_and_the_month_asked_stays_old(world) -> None:
    customer, product = world.subscribe("PLAN-58")
    world.to(customer, "2026-12-15T10:00:00")
    world.use(customer, "voice", 150)                 # 50 over PLAN-58's 100 → 7.50
    world.order(customer, orders.ItemRequest("modify", product_id=product, offering_id="PLAN-88"))
    world.use(customer, "voice", 10)                  # still PLAN-58 this month: 1.50
    world.to(customer, "2026-12-31T23:59:59")
    assert world.product(product)["offering_id"] == "PLAN-58"
    world.to(customer, "2027-01-01T00:00:00")
    assert world.product(product)["offering_id"] == "PLAN-88"
    assert world.product(product)["scheduled_offering"] is None
    assert world.bills(customer)["2026-12"] == 5800 + 750 + 150
    world.use(customer, "voice", 250)                 # PLAN-88 allows 300: free
    world.to(customer, "2027-02-01T00:00:00")
    assert world.bills(customer)["2027-01"] == 8800


def test_cancel_on_the_1st_bills_one_day_and_then_stops(world) -> None:
    customer, product = world.subscribe("PLAN-58")
    world.to(customer, "2027-01-01T08:00:00")
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.to(customer, "2027-06-01T00:00:00")
    # Nov 15.47, Dec 58.00, Jan 58 × 1/31 = 1.87, then nothing
    assert world.bills(customer) == {"2026-11": 1547, "2026-12": 5800, "2027-01": 187}
    with world.tx() as ctx:
        from demo_operator import clock
        assert clock.pending(ctx, customer) == []   # no more month-end runs for this customer


def test_a_later_change_replaces_a_waiting_one(world) -> None:
    customer, product = world.subscribe("PLAN-58")
    first = world.order(customer, orders.ItemRequest("modify", product_id=product,
                                                     offering_id="PLAN-88"))
    world.order(customer, orders.ItemRequest("modify", product_id=product,
                                             offering_id="PLAN-128"))
    world.to(customer, "2026-12-01T00:00:01")
    assert world.product(product)["offering_id"] == "PLAN-128"
    with world.tx() as ctx:
        assert orders.get(ctx, first)["state"] == "cancelled"


def test_orders_are_refused_when_they_cannot_be_done(world) -> None:
    customer, product = world.subscribe("PLAN-58", activate=False)
    with pytest.raises(orders.OrderRefused) as refused:   # not active yet
        world.order(customer, orders.ItemRequest("delete", product_id=product))
    assert refused.value.status == 409
    world.advance(customer, 1800)
    with pytest.raises(orders.OrderRefused) as refused:
        world.order(customer, orders.ItemRequest("modify", product_id=product,
                                                 offering_id="PLAN-58"))
    assert refused.value.status == 409
    with pytest.raises(orders.OrderRefused) as refused:
        world.order(customer, orders.ItemRequest("add", offering_id="PLAN-999"))
    assert refused.value.status == 404
    other = world.customer()
    with pytest.raises(orders.OrderRefused) as refused:   # someone else's product
        world.order(other, orders.ItemRequest("delete", product_id=product))
    assert refused.value.status == 404
