"""Bill cycles: the calendar month, or a month from the customer's bill day (bill day 12:
11-12 … 12-11). A cycle is named by the month it starts in; its bill is cut at 00:00 of the day
after its last."""

from __future__ import annotations

import dataclasses
import datetime as dt

LAST_BILL_DAY = 28  # every month has the day: a cycle never has to start on another


@dataclasses.dataclass(frozen=True)
class Cycle:
    start: dt.date
    end: dt.date  # its last day, counted

    @property
    def name(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def cut(self) -> dt.date:
        """The day the cycle's bill is cut (at 00:00): the next cycle's first."""
        return self.end + dt.timedelta(days=1)

    def __contains__(self, day: dt.date | dt.datetime) -> bool:
        day = day.date() if isinstance(day, dt.datetime) else day
        return self.start <= day <= self.end

    def covered(self, start: dt.date | None = None, end: dt.date | None = None) -> int:
        """Days of the cycle from ``start`` to ``end`` (both counted; None: the cycle's own)."""
        begin = max(self.start, start) if start else self.start
        finish = min(self.end, end) if end else self.end
        return max((finish - begin).days + 1, 0)


def _month_shift(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the day is at most 28 wherever it is used)."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def cycle_of(day: dt.date | dt.datetime, bill_day: int | None = None) -> Cycle:
    """The cycle ``day`` falls in, for a customer whose cycles start on ``bill_day`` (None:
    the calendar month)."""
    day = day.date() if isinstance(day, dt.datetime) else day
    first = 1 if bill_day is None else bill_day
    if not 1 <= first <= LAST_BILL_DAY:
        raise ValueError(f"a bill day is 1..{LAST_BILL_DAY}, not {bill_day}")
    start = day.replace(day=first) if day.day >= first else \
        _month_shift(day.replace(day=first), -1)
    return Cycle(start, _month_shift(start, 1) - dt.timedelta(days=1))


def next_cycle(cycle: Cycle, bill_day: int | None = None) -> Cycle:
    return cycle_of(cycle.cut, bill_day)


def cycle_named(name: str, bill_day: int | None = None) -> Cycle:
    """The cycle that starts in the month ``name`` (YYYY-MM)."""
    year, month = name.split("-")
    return cycle_of(dt.date(int(year), int(month), 1 if bill_day is None else bill_day),
                    bill_day)


def cycles_between(first: dt.date, last: dt.date, bill_day: int | None = None) -> list[Cycle]:
    """The cycles from the one ``first`` falls in to the one ``last`` falls in."""
    found = [cycle_of(first, bill_day)]
    while found[-1].end < last:
        found.append(next_cycle(found[-1], bill_day))
    return found
