"""International roaming (国际漫游) once ordered: where the phone is, what a session abroad
needs, the welcome SMS on arrival, and the zone rating (README.md, "International roaming").

Taking the order and unsubscribing are orders.place like any product; the charges abroad are
usage lines of the roaming product on the month's bill (billing.month_charges calls
``charges`` here).
"""

from __future__ import annotations

import sqlite3

from demo_operator import billing, catalogue, inventory, sms, times
from demo_operator.billing import Charge, Session
from demo_operator.catalogue import HOME
from demo_operator.context import Ctx
from demo_operator.money import yuan

NOT_OPEN = "未开通国际漫游"
HOME_ZONE = "国内"
# roaming-rated-wrong: the rating engine treats the visited network as home and rates a
# session abroad at the domestic overage rate of the plan (fen per minute, per MB).
DOMESTIC_RATES = {"voice": 15, "data": 3}


def location(ctx: Ctx, customer_id: str) -> str:
    """Where the customer's phone is registered: an ISO 3166 code, CN at home."""
    row = ctx.conn.execute("SELECT country FROM phone_location WHERE customer_id = ?",
                           (customer_id,)).fetchone()
    return row["country"] if row else HOME


def in_service(ctx: Ctx, customer_id: str) -> sqlite3.Row | None:
    """The customer's roaming product while it works abroad (active, or unsubscribed but not
    yet terminated)."""
    return next((p for p in inventory.of_customer(ctx, customer_id)
                 if catalogue.is_roaming(p["offering_id"])
                 and p["status"] in inventory.IN_SERVICE), None)


def arrive(ctx: Ctx, customer_id: str, country: str) -> str:
    """The phone registers in ``country``: abroad, the visited network's welcome goes out at
    once, with the zone's rates (or how to open roaming). Returns the zone's name."""
    code = country.upper()
    before = location(ctx, customer_id)
    ctx.conn.execute("INSERT INTO phone_location(customer_id, country) VALUES (?, ?) "
                     "ON CONFLICT(customer_id) DO UPDATE SET country = excluded.country",
                     (customer_id, code))
    if code == HOME:
        return HOME_ZONE
    zone = catalogue.zone_of(code)
    # roaming-no-welcome: the welcome SMS platform is not told of the registration.
    if code != before and not ctx.fault("roaming-no-welcome"):
        name = catalogue.country_name(code)
        if in_service(ctx, customer_id) is not None:
            sms.say(ctx, customer_id, sms.ROAMING_WELCOME, country=name, zone=zone.name,
                    voice=yuan(zone.voice_rate), data=yuan(zone.data_rate))
        else:
            sms.say(ctx, customer_id, sms.ROAMING_NOT_OPEN, country=name)
    return zone.name


def rate(ctx: Ctx, usage_type: str, country: str) -> int:
    """Fen per minute or per MB of a session abroad in ``country``."""
    if ctx.fault("roaming-rated-wrong"):
        return DOMESTIC_RATES[usage_type]
    zone = catalogue.zone_of(country)
    return zone.voice_rate if usage_type == "voice" else zone.data_rate


def charges(ctx: Ctx, product: sqlite3.Row, year: int, month: int) -> list[Charge]:
    """The month's usage lines of a roaming product: each session at its zone's rate, the
    whole quantity (no allowance applies abroad)."""
    start = times.month_start(year, month)
    end = times.month_start(*times.next_month(year, month))
    found = []
    for r in ctx.conn.execute(
            "SELECT * FROM usage WHERE product_id = ? AND bill_id IS NULL AND usage_date >= ? "
            "AND usage_date < ? ORDER BY usage_date, seq",
            (product["id"], times.stored(start), times.stored(end))):
        kind, country = r["usage_type"], r["country"] or ""
        per = rate(ctx, kind, country)
        unit = billing.UNIT_WORDS[kind]
        at = times.parse(r["usage_date"])
        day = times.local_date(at)
        word = "通话" if kind == "voice" else "流量"
        found.append(Charge(
            billing.USAGE, per * r["quantity"], product["offering_id"],
            f"国际漫游{word}({catalogue.country_name(country)})",
            f"{r['quantity']}{unit},{catalogue.zone_of(country).name}{yuan(per)}元/{unit}",
            day, day, session=Session(r["id"], kind, r["quantity"], at),
            charged_quantity=r["quantity"]))
    return found
