"""The international roaming walk: a customer with a mobile plan turns roaming on, lands
abroad, calls and uses data there, is billed at the zone's rates, and turns roaming off.

The customer already has a mobile plan (roaming rides on one); every bill the walk reads is
that plan's fee plus the sessions abroad at the published zone rates (``tariff.roaming``).

Facts, in order: ``plan_start``, ``signed_in``, ``offering``, ``offer``, ``order``, ``active``,
``arrival``, ``sessions``, ``bill_period``, ``cancel``, ``terminated``, ``after_cancel``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal

from walkthrough import oracle
from walkthrough.carrier import RoamingZone
from walkthrough.channels import Itemised
from walkthrough.checkpoint import Verdict
from walkthrough.errors import UsageError
from walkthrough.phone import Session
from walkthrough.product_lines import common
from walkthrough.questions import connected, sms_within, to_judge
from walkthrough.views import Bill, BillLine
from walkthrough.walk import Walk


@dataclasses.dataclass(frozen=True)
class Arrival:
    country: str
    at: dt.datetime


def _settings(walk: Walk) -> dict:
    return common.settings_of(walk)


def _zones(walk: Walk) -> list[RoamingZone]:
    return walk.carrier.roaming_zones()


def _zone(walk: Walk, country: str) -> RoamingZone:
    try:
        return oracle.zone_of(_zones(walk), country)
    except ValueError as exc:
        raise UsageError(f"tariff.roaming.zones: {exc}", path=walk.carrier.path,
                         line=walk.carrier.line_of("tariff.roaming.zones"),
                         hint="give a zone for every country a walk lands in") from None


def rates_in(text: str, pattern: str, zone: RoamingZone) -> tuple[Decimal, Decimal] | None:
    """The (voice, data) rates ``text`` states for ``zone`` (``pattern`` with ``{zone}``)."""
    found = re.search(pattern.replace("{zone}", re.escape(zone.name)), text)
    if found is None:
        return None
    return Decimal(found.group("voice")), Decimal(found.group("data"))


# -- order -----------------------------------------------------------------------------------
def look_up(walk: Walk) -> None:
    common.look_up(walk, str(_settings(walk)["offering"]))


def check_rates_shown(walk: Walk, standard: str) -> None:
    """The fee is the published one, and the terms state every zone's published rates."""
    def question() -> Verdict:
        offer = walk.fact("offer")
        fee = walk.carrier.tariff(offer.name).monthly_fee
        pattern = str(_settings(walk)["rates_in_terms"])
        seen, wrong = [], []
        for zone in to_judge(_zones(walk), "tariff.roaming.zones lists no zone"):
            rates = rates_in(offer.terms, pattern, zone)
            seen.append(f"{zone.name} {'/'.join(map(str, rates)) if rates else 'not stated'}")
            if rates != (zone.voice_rate, zone.data_rate):
                wrong.append(zone.name)
        ok = offer.fee == fee and not wrong
        return Verdict(ok, f"{offer.fee} a month; {', '.join(seen)}",
                       f"{fee} a month; " + ", ".join(
                           f"{z.name} {z.voice_rate}/{z.data_rate}" for z in _zones(walk)))
    walk.check(standard, question)


# -- use -------------------------------------------------------------------------------------
def travel(walk: Walk, country: str) -> None:
    """The customer lands in ``country``: the phone registers on a network there."""
    def task() -> Arrival:
        walk.phone.travel(country)
        return Arrival(country, walk.clock.now())
    walk.act("arrival", "use", task, needs=("active",))


def check_welcome(walk: Walk, standard: str) -> None:
    """A welcome SMS in time after landing, stating the zone's published rates."""
    def question() -> Verdict:
        arrival = walk.fact("arrival")
        settings = _settings(walk)
        timely = sms_within(walk, standard, "welcome_sms", str(settings["welcome"]), arrival.at)
        if not timely.passed or "welcome_sms" not in walk.facts:
            return timely
        zone = _zone(walk, arrival.country)
        text = walk.facts["welcome_sms"].text
        found = re.search(str(settings["welcome_rates"]), text)
        stated = (Decimal(found.group("voice")), Decimal(found.group("data"))) if found else None
        expected = (zone.voice_rate, zone.data_rate)
        return Verdict(stated == expected, f"{timely.observed}; rates stated "
                       f"{'/'.join(map(str, stated)) if stated else 'none'}",
                       f"{timely.expected}, stating {zone.name} {expected[0]}/{expected[1]}")
    walk.check(standard, question, needs=("arrival",))


def use(walk: Walk) -> None:
    """A call and a data session where the customer has landed."""
    def task() -> list[Session]:
        settings = _settings(walk).get("use", {})
        minutes = int(settings.get("call_minutes", 10))
        megabytes = int(settings.get("data_mb", 200))
        country = walk.fact("arrival").country
        return common.call_then_data(walk, minutes, megabytes, country)
    walk.act("sessions", "use", task, needs=("arrival",))


def _usages(sessions: list[Session]) -> list[oracle.Usage]:
    return [oracle.Usage(s.kind, s.quantity, s.at, s.country) for s in sessions if s.connected]


# -- bill ------------------------------------------------------------------------------------
def _expected(walk: Walk, period: str, sessions: list[Session]) -> oracle.ExpectedBill:
    plan = walk.carrier.tariff(str(_settings(walk)["plan"]))
    return oracle.roaming_bill(plan, _zones(walk), period, start=walk.fact("plan_start"),
                               usages=_usages(sessions))


def _lines(walk: Walk, bill: Bill) -> list[BillLine] | None:
    """The bill's itemised lines, where the channel reads them out (a voice menu does not)."""
    if not walk.can(Itemised):
        return None
    return walk.able(Itemised).bill_lines(bill)


def check_rated(walk: Walk, standard: str) -> None:
    """The month's bill is the plan's fee plus each session abroad at its zone's rate: the
    total to the fen, and line by line where the channel shows the lines."""
    def question() -> Verdict:
        period, _ = walk.fact("bill_period")
        expected = _expected(walk, period, connected(walk.fact("sessions")))
        abroad = to_judge([line for line in expected.lines if line.usage and line.usage.country],
                          f"no session abroad in {period}")
        wanted = ", ".join(f"{line.usage.kind} {line.usage.quantity} in "  # type: ignore[union-attr]
                           f"{line.usage.country} {line.amount}" for line in abroad)  # type: ignore[union-attr]
        bill = common.bill_of(walk, period)
        if bill is None:
            return Verdict(False, f"no bill for {period}", f"a bill for {period}")
        problems = []
        if bill.amount != expected.total:
            problems.append(f"{period} bill {bill.amount}, not {expected.total}")
        lines = _lines(walk, bill)
        if lines is not None:
            for line in abroad:
                usage = line.usage
                assert usage is not None
                match = next((x for x in lines if x.kind == usage.kind
                              and x.quantity == Decimal(usage.quantity)), None)
                if match is None:
                    problems.append(f"no line for {usage.kind} {usage.quantity}")
                elif match.amount != line.amount:
                    problems.append(f"{usage.kind} {usage.quantity} in {usage.country} charged "
                                    f"{match.amount}, not {line.amount}")
        observed = "; ".join(problems) or (
            f"{period} bill {bill.amount}" + (", every line abroad as expected"
                                              if lines is not None else ""))
        return Verdict(not problems, observed,
                       f"{period} bill {expected.total} ({wanted})")
    walk.check(standard, question, needs=("bill_period", "sessions"))


# -- cancel ----------------------------------------------------------------------------------
def cancel(walk: Walk) -> None:
    common.cancel(walk, {str(_settings(walk)["offering"])})


def check_charges_stop(walk: Walk, standard: str) -> None:
    """A day after turning roaming off (the promise), a call abroad does not connect, and the
    bill of that month carries nothing from abroad."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        promised = float(walk.carrier.get("tariff.cancel_within_hours", 24)) * 3600
        walk.clock.advance_to(max(walk.clock.now(),
                                  request.at + dt.timedelta(seconds=promised + 60)))
        country = walk.fact("arrival").country
        attempt = walk.phone.call(1, walk.clock.now(), country)
        walk.facts["after_cancel"] = attempt
        period = oracle.period_of(attempt.at)
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(attempt.at.date()), dt.time(1), request.at.tzinfo))
        earlier = [s for s in walk.fact("sessions") if oracle.period_of(s.at) == period]
        expected = _expected(walk, period, earlier).total
        bill = common.bill_of(walk, period)
        seen = bill.amount if bill else None
        ok = not attempt.connected and seen == expected
        return Verdict(ok, f"a call in {country} after roaming was off "
                       f"{'connected' if attempt.connected else 'was refused'}; "
                       f"{period} bill {seen if seen is not None else 'missing'}",
                       f"refused; {period} bill {expected} (nothing from abroad)")
    walk.check(standard, question, needs=("cancel", "arrival"))

