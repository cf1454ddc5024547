"""The operator's store at a campaign's size: what it asks of one customer's rows it finds by
an index, not by reading the whole table (a campaign of thousands of customers slowed as it
went while it did), and what a client's token may see is asked for the customers a request
names, not read whole."""

from __future__ import annotations

from demo_operator import billing, inventory, orders, sms, usage
from demo_operator import customers as customers_of
from demo_operator.db import SCHEMA
from tests.plans import schema_only, whole_table_reads


def _scans(statements: list[str]) -> dict[str, list[str]]:
    """The statements whose query plan reads a whole table of customers' rows."""
    plans = schema_only(SCHEMA)
    return {statement: scans for statement in statements
            if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "WITH"))
            and (scans := whole_table_reads(plans, statement))}


def test_a_customers_life_reads_its_rows_by_index(world):
    said: list[str] = []
    world.op.store.conn.set_trace_callback(said.append)
    customer_id, product_id = world.subscribe("PLAN-58")
    assert world.use(customer_id, "voice", 12)
    assert world.use(customer_id, "data", 300)
    world.to(customer_id, "2027-01-02T09:00:00+08:00")  # two month ends: two bills
    bills = world.bills(customer_id)
    assert len(bills) >= 1
    with world.tx() as ctx:
        for bill in billing.of_customer(ctx, customer_id):
            assert billing.lines(ctx, bill["id"])
        assert inventory.of_customer(ctx, customer_id)
        assert inventory.active(ctx, customer_id)
        assert orders.of_customer(ctx, customer_id)
        assert orders.items(ctx, orders.of_customer(ctx, customer_id)[0]["id"])
        assert sms.inbox(ctx, customers_of.get(ctx, customer_id))
        assert usage.of_customer(ctx, customer_id)
    world.op.store.conn.set_trace_callback(None)
    assert len(said) > 50  # the life was lived: a trace of nothing would prove nothing
    assert _scans(said) == {}


def test_a_scan_is_seen_where_there_is_no_index():
    # the check itself can fail: a lookup by a column no index starts with is a scan
    assert _scans(["SELECT * FROM usage WHERE msisdn = '13800000000'"]) == {
        "SELECT * FROM usage WHERE msisdn = '13800000000'": ["SCAN usage"]}
