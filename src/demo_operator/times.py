"""Moments, months and their written forms, all in Asia/Shanghai.

Timestamps are stored as fixed-width ISO strings (always with microseconds, always +08:00) so
that SQLite can compare and sort them as text.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


def parse(text: str) -> dt.datetime:
    """An ISO-8601 moment; one without an offset is read as Shanghai time."""
    moment = dt.datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ)
    return moment.astimezone(TZ)


def stored(moment: dt.datetime) -> str:
    """The fixed-width form kept in the database."""
    return moment.astimezone(TZ).isoformat(timespec="microseconds")


def iso(moment: dt.datetime) -> str:
    """The form shown on the API: seconds, unless the moment has a fraction."""
    local = moment.astimezone(TZ)
    return local.isoformat(timespec="seconds" if local.microsecond == 0 else "microseconds")


def shown(moment: dt.datetime) -> str:
    """The form shown in the web hall: YYYY-MM-DD HH:MM:SS."""
    return moment.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S")


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(TZ).date()


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_start(year: int, month: int) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=TZ)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month_start(moment: dt.datetime) -> dt.datetime:
    """00:00 on the 1st of the month after the one ``moment`` falls in."""
    local = moment.astimezone(TZ)
    return month_start(*next_month(local.year, local.month))
