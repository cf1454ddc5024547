"""The customer's products (TMF637) and which plan is in force when.

A product is a mobile plan, a value-added service (catalogue category ``vas``) or the roaming
add-on (``roaming``); calls, data and plan changes concern plans only (calls and data abroad
need the roaming add-on in service as well)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from demo_operator import catalogue, times
from demo_operator.catalogue import Offering
from demo_operator.context import Ctx

# Statuses in which the number has service: calls and data connect, the monthly fee runs.
IN_SERVICE = ("active", "pendingTerminate")


def get(ctx: Ctx, product_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM product WHERE id = ?", (product_id,)).fetchone()


def of_customer(ctx: Ctx, customer_id: str | None = None) -> list[sqlite3.Row]:
    if customer_id is None:
        return ctx.conn.execute("SELECT * FROM product ORDER BY order_date, id").fetchall()
    return ctx.conn.execute("SELECT * FROM product WHERE customer_id = ? ORDER BY order_date, id",
                            (customer_id,)).fetchall()


def active(ctx: Ctx, customer_id: str) -> list[sqlite3.Row]:
    """The customer's active products, oldest first."""
    return ctx.conn.execute(
        "SELECT * FROM product WHERE customer_id = ? AND status = 'active' "
        "ORDER BY order_date, id", (customer_id,)).fetchall()


def active_plans(ctx: Ctx, customer_id: str) -> list[sqlite3.Row]:
    """The customer's active mobile plans, oldest first."""
    return [p for p in active(ctx, customer_id) if catalogue.is_plan(p["offering_id"])]


def in_service(ctx: Ctx, customer_id: str) -> sqlite3.Row | None:
    """The plan (or a bundle's mobile member) a call or data session on the customer's SIM is
    charged to."""
    return next((p for p in ctx.conn.execute(
        "SELECT * FROM product WHERE customer_id = ? AND status IN (?, ?) "
        "ORDER BY start_date, id", (customer_id, *IN_SERVICE))
        if (o := catalogue.get(p["offering_id"])) is not None and o.is_mobile), None)


def members(ctx: Ctx, bundle_product_id: str) -> list[sqlite3.Row]:
    """A bundle product's member products, in the order the bundle lists them."""
    return ctx.conn.execute("SELECT * FROM product WHERE parent_id = ? ORDER BY rowid",
                            (bundle_product_id,)).fetchall()


def fixed_in_service(ctx: Ctx, customer_id: str) -> sqlite3.Row | None:
    """The fixed line (broadband or leased line) a session on the customer's line uses."""
    return next((p for p in ctx.conn.execute(
        "SELECT * FROM product WHERE customer_id = ? AND status IN (?, ?) "
        "ORDER BY start_date, id", (customer_id, *IN_SERVICE))
        if catalogue.is_fixed(p["offering_id"])), None)


def service_in_service(ctx: Ctx, customer_id: str, offering_id: str) -> sqlite3.Row | None:
    """The customer's subscription to a value-added service while it delivers (active, or
    unsubscribed but not yet terminated)."""
    return ctx.conn.execute(
        "SELECT * FROM product WHERE customer_id = ? AND offering_id = ? AND status IN (?, ?) "
        "ORDER BY start_date, id LIMIT 1", (customer_id, offering_id, *IN_SERVICE)).fetchone()


def unsubscribed_at(ctx: Ctx, product_id: str) -> dt.datetime | None:
    """When the unsubscribe that terminated the product was asked for (None while it is not
    terminated): from then on it is no longer ``active``."""
    row = ctx.conn.execute(
        "SELECT o.order_date FROM order_item i JOIN product_order o ON o.id = i.order_id "
        "JOIN product p ON p.id = i.product_id WHERE i.product_id = ? AND i.action = 'delete' "
        "AND p.status = 'terminated' ORDER BY o.order_date DESC LIMIT 1",
        (product_id,)).fetchone()
    return times.parse(row["order_date"]) if row else None


def plan_before(ctx: Ctx, product_id: str, moment: dt.datetime) -> Offering:
    """The plan in force just before ``moment`` (a change effective exactly at ``moment``
    does not count yet)."""
    row = ctx.conn.execute(
        "SELECT offering_id FROM plan_period WHERE product_id = ? AND effective_from < ? "
        "ORDER BY effective_from DESC, rowid DESC LIMIT 1",
        (product_id, times.stored(moment))).fetchone()
    if row is None:  # not yet ordered at that moment: the first plan
        row = ctx.conn.execute(
            "SELECT offering_id FROM plan_period WHERE product_id = ? "
            "ORDER BY effective_from, rowid LIMIT 1", (product_id,)).fetchone()
    offering = catalogue.get(row["offering_id"])
    assert offering is not None
    return offering


def start_plan(ctx: Ctx, product_id: str, offering_id: str, moment: dt.datetime) -> None:
    ctx.conn.execute("INSERT INTO plan_period(product_id, offering_id, effective_from) "
                     "VALUES (?, ?, ?)", (product_id, offering_id, times.stored(moment)))
    ctx.conn.execute("UPDATE product SET offering_id = ? WHERE id = ?", (offering_id, product_id))
