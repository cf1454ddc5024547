"""The tariff's arithmetic on one line: a session's started units, a fee or an allowance for the
days of a cycle a product covered, and the VAT included in an amount."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from walkthrough.tariff_rules import UNITS, TariffRules

FEN = Decimal("0.01")
# the unit a walk's sessions are measured in (the phone makes calls of whole minutes and data
# sessions of whole MB); a plan's allowances are published in the same units
MEASURED = {"voice": "minute", "data": "MB"}


def started(kind: str, quantity: Decimal | int, unit: str, rated_in: str) -> int:
    """``quantity`` of ``unit`` in started ``rated_in`` units (61 s in minutes: 2)."""
    smallest = Decimal(quantity) * UNITS[kind][unit]
    return math.ceil(smallest / UNITS[kind][rated_in])


def allowance_in(kind: str, allowance: int, rated_in: str) -> int:
    """A published allowance (minutes, MB) in the units sessions are rated in."""
    return allowance * UNITS[kind][MEASURED[kind]] // UNITS[kind][rated_in]


def prorated_fee(fee: Decimal, covered: int, cycle_days: int, rules: TariffRules) -> Decimal:
    """The fee for ``covered`` days of a cycle: by the day (half up), or whole."""
    if covered <= 0:
        return Decimal("0.00")
    if covered >= cycle_days or rules.fee_proration == "none":
        return fee.quantize(FEN, ROUND_HALF_UP)
    return (fee * covered / cycle_days).quantize(FEN, ROUND_HALF_UP)


def prorated_allowance(allowance: int, covered: int, cycle_days: int,
                       rules: TariffRules) -> int:
    """An allowance for ``covered`` days of a cycle: by the day (rounded down), or whole."""
    if covered <= 0:
        return 0
    if covered >= cycle_days or rules.allowance_proration == "none":
        return allowance
    return allowance * covered // cycle_days


def vat_of(amount: Decimal, rate: Decimal | None) -> Decimal:
    """The VAT included in ``amount`` at ``rate`` (0.09): amount - amount / (1 + rate),
    half up to the fen; none where the tariff names no rate."""
    if not rate:
        return Decimal("0.00")
    return (amount - amount / (1 + rate)).quantize(FEN, ROUND_HALF_UP)
