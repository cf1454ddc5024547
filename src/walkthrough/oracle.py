"""The expected bill: what the published tariff says a cycle must cost, to the fen.

It knows only the carrier file's tariff (its prices and its rules: ``TariffRules``) and what
the walk itself did and saw (when the plan started, changed and ended, the sessions the phone
made), never the operator's own figures. The cycles are in ``walkthrough.cycles``, the
arithmetic of one line in ``walkthrough.rating``.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from walkthrough import rating
from walkthrough.carrier import BundleTariff, RoamingZone, Tariff
from walkthrough.cycles import Cycle, cycle_named, cycle_of, cycles_between, next_cycle
from walkthrough.tariff_rules import TariffRules
from walkthrough.views import BillLine

FEN = Decimal("0.01")
DEMO_RULES = TariffRules(last_free_day=20)  # what the functions by calendar month apply
# the VAT class of a bill line's kind (``tariff.vat``)
VAT_CLASS = {"recurring": "plan", "voice": "voice", "data": "data", "vas": "vas"}


@dataclasses.dataclass(frozen=True)
class Usage:
    kind: str  # voice | data
    quantity: int | Decimal
    at: dt.datetime
    country: str = ""  # abroad: the country (ISO 3166 alpha-2); "" at home
    unit: str = ""  # what ``quantity`` counts: second|minute, KB|MB; "": minutes, MB


@dataclasses.dataclass(frozen=True)
class ExpectedLine:
    kind: str
    amount: Decimal
    usage: Usage | None = None
    vat: Decimal = Decimal("0.00")  # included in ``amount``


@dataclasses.dataclass(frozen=True)
class ExpectedBill:
    period: str
    lines: tuple[ExpectedLine, ...]
    cycle: Cycle | None = None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def vat(self) -> Decimal:
        """The bill's VAT: the sum of its lines' (each rounded on its own)."""
        return sum((line.vat for line in self.lines), Decimal("0.00"))


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
    return cycle_named(period).covered(start, end)


def monthly_fee(tariff: Tariff, period: str, start: dt.date | None = None,
                end: dt.date | None = None) -> Decimal:
    """The month's fee, prorated by day in the first and the last month."""
    cycle = cycle_named(period)
    return rating.prorated_fee(tariff.monthly_fee, cycle.covered(start, end), cycle.days,
                               DEMO_RULES)


def usage_lines(tariff: Tariff, usages: Iterable[Usage]) -> list[ExpectedLine]:
    """Each session's charge: allowances are used up in time order, the part of a session past
    its allowance is charged at the overage rate."""
    left: dict[str, int | Decimal] = {"voice": tariff.voice_minutes, "data": tariff.data_mb}
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


# -- a cycle by the tariff's rules -------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Tenure:
    """A plan as the customer had it: its tariff from ``start`` to ``end`` (both days
    counted; None: from before / until after any cycle asked about)."""

    tariff: Tariff
    start: dt.date | None
    end: dt.date | None = None


def effective_on(rules: TariffRules, asked: dt.date, bill_day: int | None = None) -> dt.date:
    """The day a plan change asked for on ``asked`` takes effect: the next cycle's first, or
    that very day."""
    if rules.change_effective == "immediate":
        return asked
    return next_cycle(cycle_of(asked, bill_day), bill_day).start


def tenures(rules: TariffRules, plan: Tariff, start: dt.date | None, *,
            change: tuple[Tariff, dt.date] | None = None, end: dt.date | None = None,
            bill_day: int | None = None) -> list[Tenure]:
    """The plans a customer had: ``plan`` from ``start``; after a change to a new plan asked
    for on a day, the old one up to the day before it took effect and the new one from then;
    everything up to ``end`` (an unsubscribe: that day counted)."""
    if change is None:
        return [Tenure(plan, start, end)]
    new, asked = change
    effective = effective_on(rules, asked, bill_day)
    if end is not None and end < effective:  # ended before the change took effect
        return [Tenure(plan, start, end)]
    return [Tenure(plan, start, effective - dt.timedelta(days=1)), Tenure(new, effective, end)]


def _with_vat(rules: TariffRules, line: ExpectedLine, vat_class: str = "") -> ExpectedLine:
    rate = rules.vat.get(vat_class or VAT_CLASS.get(line.kind, ""))
    return dataclasses.replace(line, vat=rating.vat_of(line.amount, rate))


def rated_usage(rules: TariffRules, usage: Usage) -> int:
    """A session's quantity in the started units the tariff rates it in."""
    return rating.started(usage.kind, usage.quantity, usage.unit or rating.MEASURED[usage.kind],
                          rules.unit(usage.kind))


def allowances(rules: TariffRules, cycle: Cycle, plans: Sequence[Tenure]) -> dict[str, int]:
    """The cycle's allowance in rated units: each plan's for the days it covered (prorated
    where the tariff says so), summed; where allowances are not prorated, the allowance of
    the last plan that covered any of the cycle."""
    covering = [(t, cycle.covered(t.start, t.end)) for t in plans]
    covering = [(t, days) for t, days in covering if days > 0]
    if rules.allowance_proration == "none":
        covering = covering[-1:]
    published = {"voice": lambda t: t.tariff.voice_minutes, "data": lambda t: t.tariff.data_mb}
    return {kind: sum(rating.allowance_in(kind, rating.prorated_allowance(
        of(t), days, cycle.days, rules), rules.unit(kind)) for t, days in covering)
        for kind, of in published.items()}


def cycle_usage(rules: TariffRules, cycle: Cycle, plans: Sequence[Tenure],
                usages: Iterable[Usage]) -> list[ExpectedLine]:
    """Each session of the cycle in time order: out of the cycle's allowance while it lasts,
    the started units past it at the rate of the plan in force that day, half up."""
    left = allowances(rules, cycle, plans)
    lines = []
    for usage in sorted((u for u in usages if u.at in cycle), key=lambda u: u.at):
        units = rated_usage(rules, usage)
        free = min(left[usage.kind], units)
        left[usage.kind] -= free
        day = usage.at.date()
        plan = next((t for t in plans if (t.start is None or t.start <= day)
                     and (t.end is None or day <= t.end)), plans[-1]).tariff
        rate = plan.voice_rate if usage.kind == "voice" else plan.data_rate
        charge = (rate * (units - free)).quantize(FEN, ROUND_HALF_UP)
        lines.append(_with_vat(rules, ExpectedLine(usage.kind, charge, usage)))
    return lines


def plan_bill(rules: TariffRules, cycle: Cycle, plans: Sequence[Tenure],
              usages: Iterable[Usage] = ()) -> ExpectedBill:
    """A cycle of a plan (or of the plans before and after a change): each plan's fee for the
    days of the cycle it covered, then the cycle's sessions; each line with its VAT."""
    fees = [_with_vat(rules, ExpectedLine("recurring", rating.prorated_fee(
        t.tariff.monthly_fee, days, cycle.days, rules)))
        for t in plans if (days := cycle.covered(t.start, t.end)) > 0]
    return ExpectedBill(cycle.name, (*fees, *cycle_usage(rules, cycle, plans, usages)), cycle)


def fees_wrong(expected: Iterable[ExpectedLine], shown: Iterable[BillLine]) -> list[str]:
    """What is wrong with the monthly fee lines a channel ``shown`` against the ``expected``
    bill's (each plan's fee for the days it covered): a fee charged that is not due, and a
    fee due that is not charged. The amounts say which fee is charged for how many days,
    whatever the bill's usage, so a fee is judged apart from the sessions' charges."""
    due = sorted(line.amount for line in expected if line.kind == "recurring" and line.amount)
    left = list(due)
    extra = []
    for line in shown:
        if not line.amount:
            continue
        if line.amount in left:
            left.remove(line.amount)
        else:
            extra.append(f"{line.name or 'a fee'} {line.amount}")
    return ([f"charged {', '.join(extra)}"] if extra else []) + \
        ([f"not charged {', '.join(map(str, left))}"] if left else [])


def fees_of(bill: ExpectedBill) -> str:
    """The fee lines of an expected bill, for a checkpoint's expected value."""
    fees = [str(line.amount) for line in bill.lines if line.kind == "recurring" and line.amount]
    return " + ".join(fees) or "no fee"


def free_cycles(ordered: dt.date, last_free_day: int,
                bill_day: int | None = None) -> tuple[Cycle, ...]:
    """A value-added service's free trial: ordered on the cycle's day 1..last_free_day, the
    order's cycle; later, that cycle and the next."""
    first = cycle_of(ordered, bill_day)
    if (ordered - first.start).days + 1 <= last_free_day:
        return (first,)
    return first, next_cycle(first, bill_day)


def vas_charge(rules: TariffRules, tariff: Tariff, cycle: Cycle, *, ordered: dt.date,
               terminated: dt.date | None = None, bill_day: int | None = None) -> ExpectedLine:
    """A value-added service's information fee on a cycle's bill. With a free trial: nothing
    in the free cycles, else the whole fee when the subscription was active at 00:00 on the
    cycle's first day (never prorated). Without: charged from the day of subscription to the
    day of termination, prorated by day where the tariff prorates fees."""
    if rules.last_free_day is None:
        amount = rating.prorated_fee(tariff.monthly_fee, cycle.covered(ordered, terminated),
                                     cycle.days, rules)
    elif cycle in free_cycles(ordered, rules.last_free_day, bill_day) \
            or ordered >= cycle.start or terminated is not None and terminated < cycle.start:
        amount = Decimal("0.00")
    else:
        amount = tariff.monthly_fee
    return _with_vat(rules, ExpectedLine("vas", amount))


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


def rerate_cycle(expected: Iterable[ExpectedLine], shown: Iterable[BillLine], *,
                 charges: bool = True) -> list[str]:
    """As ``rerate`` for a bill that itemises the cycle's usage by kind (``tariff.itemised:
    cycle``): one line of each kind charged beyond the allowance, at the sum of its sessions'
    charges, and none for a kind the sessions left within it."""
    due: dict[str, Decimal] = {}
    for line in expected:
        assert line.usage is not None
        due[line.usage.kind] = due.get(line.usage.kind, Decimal("0.00")) + line.amount
    left = [s for s in shown if s.kind in ("voice", "data")]
    wrong = []
    for kind, amount in sorted(due.items()):
        same = [s for s in left if s.kind == kind]
        if amount == 0:
            continue
        if len(same) != 1:
            wrong.append(f"{len(same)} {kind} lines for the cycle's {kind} beyond the allowance, "
                         f"expected one")
            left = [s for s in left if s.kind != kind]
            continue
        left.remove(same[0])
        if charges and same[0].amount != amount:
            wrong.append(f"the cycle's {kind} charged {same[0].amount}, expected {amount}")
    wrong += [f"a {s.kind} line of {s.amount} for usage within the allowance" for s in left
              if s.amount != 0]
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
    return tuple(c.name for c in free_cycles(ordered, last_free_day))


def vas_fee(tariff: Tariff, period: str, *, ordered: dt.date, terminated: dt.date | None = None,
            last_free_day: int = 20) -> Decimal:
    """A value-added service's information fee on a month's bill: nothing in the free months,
    otherwise the whole fee when the subscription was active at 00:00 on the month's 1st
    (charged from the 1st, never prorated)."""
    return vas_charge(TariffRules(last_free_day=last_free_day), tariff, cycle_named(period),
                      ordered=ordered, terminated=terminated).amount


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
    if named is not None:
        return named
    if rest is None:
        raise ValueError(f"no roaming zone rates {country}")
    return rest


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
                    usages: Iterable[Usage] = (), *, rules: TariffRules = DEMO_RULES,
                    bill_day: int | None = None) -> Decimal:
    """What a prepaid plan in service from ``start`` has taken from the balance by ``until``.
    Charged at the cycle's start (``balance_charged: cycle-start``): the rest of the start
    cycle's fee at the start (prorated as on a bill), the whole fee at 00:00 on every cycle's
    first day since, and each session's charge past its cycle's allowance as it is made.
    Charged at the bill's cut (``bill-cut``): each cycle's whole bill at 00:00 of its cut."""
    if start > until:
        return Decimal("0.00")
    plans = [Tenure(tariff, start.date())]
    made = [u for u in usages if u.at <= until]
    taken = Decimal("0.00")
    for cycle in cycles_between(start.date(), until.date(), bill_day):
        opens = dt.datetime.combine(cycle.start, dt.time(0), start.tzinfo)
        if rules.balance_charged == "bill-cut":
            if dt.datetime.combine(cycle.cut, dt.time(0), start.tzinfo) <= until:
                taken += plan_bill(rules, cycle, plans, usages).total
            continue
        if opens <= until:  # the start cycle's share is taken at the start itself
            taken += plan_bill(rules, cycle, plans).total
        taken += sum((line.amount for line in cycle_usage(rules, cycle, plans, made)),
                     Decimal("0.00"))
    return taken


def prepaid_balance(tariff: Tariff, opening: Decimal, start: dt.datetime, until: dt.datetime,
                    topups: Iterable[TopUp] = (), usages: Iterable[Usage] = (), *,
                    rules: TariffRules = DEMO_RULES, bill_day: int | None = None) -> Decimal:
    """The balance at ``until``: the opening balance, plus the top-ups credited by then, less
    the charges (``prepaid_charges``)."""
    paid = sum((t.amount for t in topups if t.at <= until), Decimal("0.00"))
    return opening + paid - prepaid_charges(tariff, start, until, usages, rules=rules,
                                            bill_day=bill_day)
