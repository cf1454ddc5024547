"""Money is kept in fen (integers) and shown in yuan with two decimals."""

from __future__ import annotations


def yuan(fen: int) -> str:
    """58.00, 0.15, -3.20: the written form used in SMS, pages and terms."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


def yuan_value(fen: int) -> float:
    """The number put in a TMF Money ``value``; fen / 100 prints as the shortest decimal."""
    return round(fen / 100, 2)
