"""TMF value shapes read the same way on every carrier: Money, dates, moments, parties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from walkthrough.checkpoint import CheckpointErrored

CENT = Decimal("0.01")


def money(value: Any, what: str) -> Decimal:
    """A TMF Money {unit, value}; a Price {taxIncludedAmount: Money} is read too, as some
    carriers give a price by value in that shape."""
    if isinstance(value, dict) and isinstance(value.get("taxIncludedAmount"), dict):
        value = value["taxIncludedAmount"]
    if isinstance(value, dict) and "value" in value:
        value = value["value"]
    return amount(value, what)


def amount(value: Any, what: str) -> Decimal:
    """A number of the carrier's answer as money, to the fen."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CheckpointErrored(f"{what} is not an amount: {value!r}")
    try:
        return Decimal(str(value)).quantize(CENT)
    except ArithmeticError:
        raise CheckpointErrored(f"{what} is not an amount: {value!r}") from None


def date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value)).date() if "T" in str(value) else \
        dt.date.fromisoformat(str(value)[:10])


def moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value)) if value else None


def customer_of(resource: dict[str, Any]) -> str:
    """The id of the related party in the role of customer ("" when there is none)."""
    return next((str(p.get("id", "")) for p in resource.get("relatedParty", [])
                 if p.get("role", "customer").lower() == "customer"), "")


def characteristics(resource: dict[str, Any], key: str = "characteristic") -> dict[Any, Any]:
    # keyed by each name as the carrier gave it: any JSON value, None for a nameless one
    return {c.get("name"): c.get("value") for c in resource.get(key) or []
            if isinstance(c, dict)}
