"""Each customer's test clock: it only goes forward, and due jobs run in order on the way."""

from __future__ import annotations

import datetime as dt

import pytest

from demo_operator import billing, clock, customers, orders, times

PROBES: list[tuple[str, str]] = []


@clock.job("test-probe")
def _probe(ctx, customer_id, payload):  # type: ignore[no-untyped-def]
    """Records what ran and where the clock stood; may schedule a follow-up."""
    PROBES.append((payload["name"], times.iso(clock.now(ctx, customer_id))))
    if payload.get("then"):
        clock.schedule(ctx, customer_id, clock.now(ctx, customer_id) + dt.timedelta(minutes=1),
                       "test-probe", {"name": payload["then"]})


def test_due_jobs_run_in_due_order_with_the_clock_at_their_due_time(world) -> None:
    customer = world.customer()
    start = times.parse("2026-11-23T10:00:00")
    PROBES.clear()
    with world.tx() as ctx:
        for name, minutes in (("c", 30), ("a", 10), ("b", 20), ("a2", 10), ("late", 999)):
            clock.schedule(ctx, customer, start + dt.timedelta(minutes=minutes), "test-probe",
                           {"name": name, "then": "after-b" if name == "b" else None})
        clock.advance(ctx, customer, 3600)
        assert times.iso(clock.now(ctx, customer)) == "2026-11-23T11:00:00+08:00"
    # equal due times run in the order they were scheduled; a job's follow-up runs in the
    # same advance when it falls due before the target
    assert PROBES == [("a", "2026-11-23T10:10:00+08:00"), ("a2", "2026-11-23T10:10:00+08:00"),
                      ("b", "2026-11-23T10:20:00+08:00"), ("after-b", "2026-11-23T10:21:00+08:00"),
                      ("c", "2026-11-23T10:30:00+08:00")]
    with world.tx() as ctx:
        assert [kind for _, kind, _ in clock.pending(ctx, customer)] == ["test-probe"]


def test_the_clock_refuses_to_go_back(world) -> None:
    customer = world.customer()
    world.advance(customer, 60)
    with world.tx() as ctx:
        with pytest.raises(clock.ClockBackwards):
            clock.advance_to(ctx, customer, times.parse("2026-11-23T10:00:30"))
        with pytest.raises(clock.ClockBackwards):
            clock.advance(ctx, customer, -1)
        # standing still is allowed
        assert clock.advance(ctx, customer, 0) == times.parse("2026-11-23T10:01:00")


def test_one_long_jump_does_the_months_work_in_order(world) -> None:
    """Provisioning, then month-end runs it scheduled, each stamped with its own time."""
    customer, product = world.subscribe("PLAN-58", activate=False)
    world.to(customer, "2027-02-15T12:00:00")
    assert world.product(product)["start_date"].startswith("2026-11-23T10:30:00")
    with world.tx() as ctx:
        dates = [b["bill_date"][:19] for b in billing.of_customer(ctx, customer)]
    assert dates == ["2026-12-01T00:00:00", "2027-01-01T00:00:00", "2027-02-01T00:00:00"]
    assert world.bills(customer) == {"2026-11": 1547, "2026-12": 5800, "2027-01": 5800}


def test_customers_keep_their_own_time(world) -> None:
    first, second = world.customer(), world.customer()
    world.advance(first, 86400)
    with world.tx() as ctx:
        assert clock.now(ctx, first) - clock.now(ctx, second) == dt.timedelta(days=1)
        assert times.iso(clock.now(ctx, second)) == "2026-11-23T10:00:00+08:00"


def test_an_sms_arrives_when_the_clock_reaches_its_delivery_time(world) -> None:
    customer = world.customer()
    world.order(customer, orders.ItemRequest("add", offering_id="PLAN-58"))
    world.advance(customer, 29)
    assert world.texts(customer) == []
    world.advance(customer, 1)
    assert len(world.texts(customer)) == 1
    with world.tx() as ctx:
        assert customers.get(ctx, customer)["now"].startswith("2026-11-23T10:00:30")
