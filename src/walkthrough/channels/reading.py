"""Reading what a channel says (a page cell, an SMS, a voice prompt) into values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from walkthrough.checkpoint import ActionFailed

if TYPE_CHECKING:  # the carrier file imports no channel: no cycle at run time
    from walkthrough.carrier import Carrier


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


def kind_named(name: str, words: Mapping[str, str]) -> str:
    """The kind of a bill line by its name: the kind of the first of ``words`` (word → kind,
    in the carrier file's order) the name contains, "other" where it contains none."""
    return next((str(kind) for word, kind in words.items() if str(word) in name), "other")


def search(pattern: str, text: str, what: str) -> re.Match[str]:
    """The first match, or the product's failure to say what the customer needed to hear."""
    match = re.search(pattern, text)
    if match is None:
        raise ActionFailed(f"{what}: the carrier's answer does not say it: {text!r}")
    return match


# -- the carrier's own ways of writing values (``formats`` in the carrier file) ----------------
# Each is a list of regular expressions with named groups, tried in turn; the first that
# matches reads the value. Without a ``formats`` section, what every carrier file had to write
# before: plain amounts, ISO dates and times.
DEFAULT_FORMATS: dict[str, tuple[str, ...]] = {
    "amount": (r"(?P<amount>-?\d[\d,]*(?:\.\d+)?)",),
    "date": (r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})",),
    "moment": (r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[ T](?P<hour>\d{2}):"
               r"(?P<minute>\d{2})(?::(?P<second>\d{2}))?",),
    "duration": (r"(?P<minutes>\d+):(?P<seconds>\d{2})",),
    "vat": (),  # how a channel states the VAT in a price (none: it does not)
}


class Formats:
    """How one carrier writes amounts, dates, times and durations, read the same way on every
    channel: ``formats.amount`` (group ``amount``), ``formats.date`` (``year``, ``month``,
    ``day``), ``formats.moment`` (and ``hour``, ``minute``, ``second``), ``formats.duration``
    (any of ``hours``, ``minutes``, ``seconds``)."""

    def __init__(self, patterns: dict[str, tuple[str, ...]]) -> None:
        self.patterns = {kind: tuple(re.compile(p) for p in found)
                         for kind, found in {**DEFAULT_FORMATS, **patterns}.items()}

    @classmethod
    def of(cls, carrier: Carrier) -> Formats:
        given = carrier.get("formats", None) or {}
        return cls({str(kind): tuple(str(p) for p in (v if isinstance(v, list) else [v]))
                    for kind, v in given.items()})

    def _match(self, kind: str, text: str) -> re.Match[str] | None:
        for pattern in self.patterns[kind]:
            found = pattern.search(text or "")
            if found:
                return found
        return None

    def money(self, text: str) -> Decimal:
        found = self._match("amount", text)
        if found is None:
            raise ActionFailed(f"not an amount of money: {text!r}")
        return Decimal(found.group("amount").replace(",", "")).quantize(Decimal("0.01"))

    def vat(self, text: str) -> Decimal | None:
        """The VAT a text states (``formats.vat``, group ``amount``), or none."""
        found = self._match("vat", text)
        return None if found is None else \
            Decimal(found.group("amount").replace(",", "")).quantize(Decimal("0.01"))

    def day(self, text: str) -> dt.date | None:
        found = self._match("date", text)
        if found is None:
            return None
        return dt.date(int(found.group("year")), int(found.group("month")),
                       int(found.group("day")))

    def days(self, text: str) -> list[dt.date]:
        """Every day a text writes, in order, by the first date pattern that reads one (a
        bill's period written as its first and last days)."""
        for pattern in self.patterns["date"]:
            found = [dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
                     for m in pattern.finditer(text or "")]
            if found:
                return found
        return []

    def moment(self, text: str, tz: dt.tzinfo | None = None) -> dt.datetime:
        found = self._match("moment", text)
        if found is None:
            raise ActionFailed(f"not a time: {text!r}")
        parts = found.groupdict()
        return dt.datetime(int(parts["year"]), int(parts["month"]), int(parts["day"]),
                           int(parts["hour"]), int(parts["minute"]),
                           int(parts.get("second") or 0), tzinfo=tz)

    def duration(self, text: str) -> dt.timedelta | None:
        found = self._match("duration", text)
        if found is None:
            return None
        parts = {k: int(v) for k, v in found.groupdict().items() if v}
        return dt.timedelta(hours=parts.get("hours", 0), minutes=parts.get("minutes", 0),
                            seconds=parts.get("seconds", 0))
