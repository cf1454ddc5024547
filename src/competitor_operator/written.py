"""Moments and money, kept and written the BlueWhale way.

Moments are kept as fixed-width ISO strings (+08:00, microseconds) so SQLite sorts them as text;
the test environment writes them ``YYYY-MM-DD HH:MM:SS``, the halls ``2027年02月01日``. Money is
kept in fen and written ``¥58.00``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
PLAIN = "%Y-%m-%d %H:%M:%S"


def parse(text: str) -> dt.datetime:
    """``YYYY-MM-DD HH:MM:SS`` or ISO-8601; without an offset it is Shanghai time."""
    moment = dt.datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TZ)
    return moment.astimezone(TZ)


def stored(moment: dt.datetime) -> str:
    return moment.astimezone(TZ).isoformat(timespec="microseconds")


def plain(moment: dt.datetime) -> str:
    """The test environment's and the API's own form: ``2026-11-23 10:00:00``."""
    return moment.astimezone(TZ).strftime(PLAIN)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(TZ).isoformat(timespec="seconds")


def chinese_date(day: dt.date | dt.datetime) -> str:
    """``2027年02月01日``"""
    if isinstance(day, dt.datetime):
        day = day.astimezone(TZ).date()
    return f"{day.year:04d}年{day.month:02d}月{day.day:02d}日"


def month_word(day: dt.date) -> str:
    """A bill cycle is named by the month it starts in, as the SMS hall writes it: ``11月``."""
    return f"{day.month}月"


def duration(seconds: int) -> str:
    """``12分00秒``"""
    return f"{seconds // 60}分{seconds % 60:02d}秒"


def yuan(fen: int) -> str:
    """``58.00`` (negative amounts keep their sign)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def cny(fen: int) -> str:
    """``¥58.00``"""
    return f"¥{yuan(fen)}"


def half_up(amount: Decimal) -> int:
    """A Decimal amount of fen rounded half up to a whole fen."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_of(text: str) -> int:
    """``"50"`` or ``"50.00"`` (yuan) as fen; ValueError if it is not an amount."""
    value = Decimal(text.strip())
    if value != value.quantize(Decimal("0.01")) or value < 0:
        raise ValueError(text)
    return int(value * 100)
