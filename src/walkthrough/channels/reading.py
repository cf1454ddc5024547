"""Reading what a channel says (a page cell, an SMS, a voice prompt) into values."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from walkthrough.checkpoint import ActionFailed


def money(text: str) -> Decimal:
    try:
        return Decimal(re.sub(r"[^\d.\-]", "", text)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ActionFailed(f"not an amount of money: {text!r}") from None


def number(text: str) -> Decimal:
    try:
        return Decimal(re.sub(r"[^\d.\-]", "", text) or "0")
    except InvalidOperation:
        return Decimal(0)


def day(text: str) -> dt.date | None:
    match = re.search(r"\d{4}-\d{2}-\d{2}", text or "")
    return dt.date.fromisoformat(match.group(0)) if match else None


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.strip().replace("/", "-"))


def search(pattern: str, text: str, what: str) -> re.Match[str]:
    """The first match, or the product's failure to say what the customer needed to hear."""
    match = re.search(pattern, text)
    if match is None:
        raise ActionFailed(f"{what}: the carrier's answer does not say it: {text!r}")
    return match
