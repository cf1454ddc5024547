"""The expected bill: what the published tariff says a month must cost, to the fen.

It knows only the carrier file's tariff and what the walk itself did and saw (when the plan
started and ended, the sessions the phone made), never the operator's own figures.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from walkthrough.carrier import BundleTariff, RoamingZone, Tariff
from walkthrough.views import BillLine

FEN = Decimal("0.01")


@dataclasses.dataclass(frozen=True)
class Usage:
    kind: str  # voice | data
    quantity: int
    at: dt.datetime
    country: str = ""  # abroad: the country (ISO 3166 alpha-2); "" at home


@dataclasses.dataclass(frozen=True)
class ExpectedLine:
    kind: str
    amount: Decimal
    usage: Usage | None = None


@dataclasses.dataclass(frozen=True)
class ExpectedBill:
    period: str
    lines: tuple[ExpectedLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_of(period: str) -> tuple[int, int]:
    year, month = period.split("-")
    return int(year), int(month)


def period_of(day: dt.date | dt.datetime) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_of_next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def charged_days(period: str, start: dt.date | None, end: dt.date | None) -> int:
    """Days of the month the product was active at some time (start and end days count)."""
    year, month = month_of(period)
    first, last = dt.date(year, month, 1), dt.date(year, month, days_in(year, month))
    begin = max(first, start) if start else first
    finish = min(last, end) if end else last
    return max((finish - begin).days + 1, 0)


def monthly_fee(tariff: Tariff, period: str, start: dt.date | None = None,
                end: dt.date | None = None) -> Decimal:
    """The month's fee, prorated by day in the first and the last month."""
    year, month = month_of(period)
    days = charged_days(period, start, end)
    return (tariff.monthly_fee * days / days_in(year, month)).quantize(FEN, ROUND_HALF_UP)


def usage_lines(tariff: Tariff, usages: Iterable[Usage]) -> list[ExpectedLine]:
    """Each session's charge: allowances are used up in time order, the part of a session past
    its allowance is charged at the overage rate."""
    left = {"voice": tariff.voice_minutes, "data": tariff.data_mb}
    rate = {"voice": tariff.voice_rate, "data": tariff.data_rate}
    lines = []
    for usage in sorted(usages, key=lambda u: u.at):
        free = min(left[usage.kind], usage.quantity)
        left[usage.kind] -= free
        charge = (rate[usage.kind] * (usage.quantity - free)).quantize(FEN, ROUND_HALF_UP)
        lines.append(ExpectedLine(usage.kind, charge, usage))
    return lines


def expected_bill(tariff: Tariff, period: str, *, start: dt.date | None = None,
                  end: dt.date | None = None, usages: Iterable[Usage] = ()) -> ExpectedBill:
    fee = ExpectedLine("recurring", monthly_fee(tariff, period, start, end))
    in_period = [u for u in usages if period_of(u.at) == period]
    return ExpectedBill(period, (fee, *usage_lines(tariff, in_period)))


def rerate(expected: Iterable[ExpectedLine], shown: Iterable[BillLine], *,
           charges: bool = True) -> list[str]:
    """What is wrong with the itemised usage lines a channel ``shown`` against the ``expected``
    lines of the sessions the walk made: a session with no line, a line for a session never
    made, and (``charges``) a line charged other than its session's expected charge. Each
    session's line is the one of its kind and quantity nearest its time."""
    left = list(shown)
    wrong = []
    for line in expected:
        usage = line.usage
        assert usage is not None
        same = [s for s in left if s.kind == usage.kind and s.quantity == usage.quantity]
        if not same:
            wrong.append(f"no line for the {usage.kind} session of {usage.quantity} at "
                         f"{usage.at:%m-%d %H:%M}")
            continue
        match = min(same, key=lambda s: _apart(s.at, usage.at))
        left.remove(match)
        if charges and match.amount != line.amount:
            wrong.append(f"{usage.kind} {usage.quantity} charged {match.amount}, "
                         f"expected {line.amount}")
    wrong += [(f"a {s.kind} line of {s.quantity} for a session never made" if s.kind != "usage"
               else f"a usage charge of {s.amount} tied to no usage record")
              + (f" ({s.at:%m-%d %H:%M})" if s.at else "") for s in left]
    return wrong


def _apart(shown: dt.datetime | None, made: dt.datetime) -> float:
    """Seconds between two moments; a channel may show its times without a zone (the carrier's
    local time) or not at all."""
    if shown is None:
        return 0.0
    if (shown.tzinfo is None) != (made.tzinfo is None):
        shown, made = shown.replace(tzinfo=None), made.replace(tzinfo=None)
    return abs((shown - made).total_seconds())


def free_months(ordered: dt.date, last_free_day: int = 20) -> tuple[str, ...]:
    """A value-added service's free trial: ordered on day 1..last_free_day, the order month;
    later, the order month and the next."""
    first = period_of(ordered)
    if ordered.day <= last_free_day:
        return (first,)
    return first, period_of(first_of_next_month(ordered))


def vas_fee(tariff: Tariff, period: str, *, ordered: dt.date, terminated: dt.date | None = None,
            last_free_day: int = 20) -> Decimal:
    """A value-added service's information fee on a month's bill: nothing in the free months,
    otherwise the whole fee when the subscription was active at 00:00 on the month's 1st
    (charged from the 1st, never prorated)."""
    year, month = month_of(period)
    first = dt.date(year, month, 1)
    if period in free_months(ordered, last_free_day) or ordered >= first:
        return Decimal("0.00")
    if terminated is not None and terminated < first:
        return Decimal("0.00")
    return tariff.monthly_fee


def refund_due(fee: Decimal, *, ordered: bool, answered_after: dt.timedelta,
               verify_within: dt.timedelta = dt.timedelta(days=3)) -> Decimal:
    """What a complaint about an information fee must give back [004]: nothing for a service
    the customer ordered; for a fee charged in error (no order, so no proof of use) double,
    unless it could not be verified within ``verify_within``: then the fee once."""
    if ordered:
        return Decimal("0.00")
    return (fee * (2 if answered_after <= verify_within else 1)).quantize(FEN)


def zone_of(zones: Iterable[RoamingZone], country: str) -> RoamingZone:
    """The zone a country is rated in: the zone naming it, else the zone naming none."""
    zones = list(zones)
    code = country.upper()
    named = next((z for z in zones if code in z.countries), None)
    rest = next((z for z in zones if not z.countries), None)
    if named is None and rest is None:
        raise ValueError(f"no roaming zone rates {country}")
    return named or rest  # type: ignore[return-value]


def roaming_lines(zones: Iterable[RoamingZone], usages: Iterable[Usage]) -> list[ExpectedLine]:
    """Each session abroad at its zone's rate, the whole quantity: no allowance applies
    abroad, and sessions abroad use up none of the domestic one."""
    zones = list(zones)
    lines = []
    for usage in sorted(usages, key=lambda u: u.at):
        zone = zone_of(zones, usage.country)
        rate = zone.voice_rate if usage.kind == "voice" else zone.data_rate
        lines.append(ExpectedLine(usage.kind, (rate * usage.quantity).quantize(
            FEN, ROUND_HALF_UP), usage))
    return lines


def roaming_bill(plan: Tariff, zones: Iterable[RoamingZone], period: str, *,
                 start: dt.date | None = None, end: dt.date | None = None,
                 usages: Iterable[Usage] = ()) -> ExpectedBill:
    """A month of a plan with roaming: the plan's bill for the sessions at home (their
    allowance untouched by those abroad) and a line per session abroad at its zone's rate."""
    in_period = [u for u in usages if period_of(u.at) == period]
    home = expected_bill(plan, period, start=start, end=end,
                         usages=[u for u in in_period if not u.country])
    abroad = roaming_lines(zones, [u for u in in_period if u.country])
    return ExpectedBill(period, (*home.lines, *abroad))


@dataclasses.dataclass(frozen=True)
class Member:
    """A bundle member as the walk saw it: its tariff and the days it was in service."""

    tariff: Tariff
    start: dt.date | None
    end: dt.date | None = None


def discount_rate(bundle: BundleTariff, in_service: Iterable[str]) -> Decimal:
    """The fraction off for the members in service at the month's start."""
    names = set(in_service)
    return next((rate for members, rate in bundle.discounts if members <= names),
                Decimal("0"))


def in_service_on(members: Iterable[Member], period: str) -> set[str]:
    """The members in service at 00:00 on the month's 1st; in the month they start, all that
    start in it (the bundle starts with every member it was ordered with)."""
    year, month = month_of(period)
    first = dt.date(year, month, 1)
    return {m.tariff.name for m in members
            if m.start is not None and (m.end is None or m.end >= first)}


def bundle_bill(bundle: BundleTariff, members: Iterable[Member], period: str) -> ExpectedBill:
    """A bundle's month: each member's fee (prorated by day), then the discount on their sum
    at the rate of the members in service at the month's start, rounded half up (negative)."""
    members = list(members)
    fees = [ExpectedLine("recurring", monthly_fee(m.tariff, period, m.start, m.end))
            for m in members if m.start is not None
            and charged_days(period, m.start, m.end) > 0]
    base = sum((line.amount for line in fees), Decimal("0.00"))
    rate = discount_rate(bundle, in_service_on(members, period))
    discount = -(base * rate).quantize(FEN, ROUND_HALF_UP)
    lines = (*fees, ExpectedLine("discount", discount)) if fees and rate else tuple(fees)
    return ExpectedBill(period, lines)
# -- prepaid ---------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class TopUp:
    amount: Decimal
    at: dt.datetime  # when it reached the balance


def prepaid_charges(tariff: Tariff, start: dt.datetime, until: dt.datetime,
                    usages: Iterable[Usage] = ()) -> Decimal:
    """What a prepaid plan in service from ``start`` has taken from the balance by ``until``:
    the rest of the start month's fee at the start (prorated by day, as on a bill), the whole
    fee at 00:00 on every 1st since, and each session's charge past the month's allowance."""
    taken = monthly_fee(tariff, period_of(start), start=start.date()) if start <= until \
        else Decimal("0.00")
    first = first_of_next_month(start.date())
    while dt.datetime.combine(first, dt.time(0), start.tzinfo) <= until:
        taken += tariff.monthly_fee
        first = first_of_next_month(first)
    months: dict[str, list[Usage]] = {}
    for usage in usages:
        if usage.at <= until:
            months.setdefault(period_of(usage.at), []).append(usage)
    for sessions in months.values():
        taken += sum((line.amount for line in usage_lines(tariff, sessions)), Decimal("0.00"))
    return taken


def prepaid_balance(tariff: Tariff, opening: Decimal, start: dt.datetime, until: dt.datetime,
                    topups: Iterable[TopUp] = (), usages: Iterable[Usage] = ()) -> Decimal:
    """The balance at ``until``: the opening balance, plus the top-ups credited by then, less
    the charges (``prepaid_charges``)."""
    paid = sum((t.amount for t in topups if t.at <= until), Decimal("0.00"))
    return opening + paid - prepaid_charges(tariff, start, until, usages)
