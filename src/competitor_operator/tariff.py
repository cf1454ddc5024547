"""The tariff's arithmetic, as pure functions (the rules are in README.md, with examples).

- A number's bill cycle starts on its bill day (the day of month it was activated, 1–28) and
  ends the day before the next bill day.
- A monthly fee is charged by the day in a cycle the product only partly covers (its first
  cycle, a plan change, an unsubscribe): fee × days ÷ cycle days, half up to the fen; and a
  plan's allowances likewise: allowance × days ÷ cycle days, rounded down to a whole minute / MB.
- Calls are rated per started minute, data per started KB (1 MB = 1024 KB).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from competitor_operator.written import half_up


def cycle_of(bill_day: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The cycle (first day, last day) that ``day`` falls in."""
    start = day.replace(day=bill_day) if day.day >= bill_day else \
        _month_before(day).replace(day=bill_day)
    return start, _month_after(start) - dt.timedelta(days=1)


def _month_after(day: dt.date) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month)


def _month_before(day: dt.date) -> dt.date:
    year, month = (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)
    return day.replace(year=year, month=month, day=1)


def days(first: dt.date, last: dt.date) -> int:
    """Days from ``first`` to ``last``, both counted (0 if last is before first)."""
    return max(0, (last - first).days + 1)


def prorated_fee(fee: int, covered: int, cycle_days: int) -> int:
    return fee if covered >= cycle_days else half_up(Decimal(fee * covered) / cycle_days)


def prorated_allowance(units: int, covered: int, cycle_days: int) -> int:
    return units if covered >= cycle_days else units * covered // cycle_days


def started_minutes(seconds: int) -> int:
    return math.ceil(seconds / 60)


def started_kb(kb: Decimal) -> int:
    return math.ceil(kb)
