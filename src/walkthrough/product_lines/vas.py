"""The value-added subscription's walk: an information service or a ring-back tone, with the
free-trial, reminder, charging-from-the-1st and unsubscribe rules of DOMAIN.md [004].

The customer already has a mobile plan (a value-added service needs one); every bill the
walk reads is that plan's fee plus the information fee the oracle expects.

Facts, in order: ``plan_start``, ``signed_in``, ``offering``, ``offer``, ``order``,
``active``, ``trial_end``, ``cancel``, ``terminated``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from walkthrough import oracle
from walkthrough.checkpoint import Verdict
from walkthrough.clock import wait_for
from walkthrough.errors import UsageError
from walkthrough.product_lines import common
from walkthrough.questions import to_judge
from walkthrough.walk import Walk

DELIVERY_WINDOW = 86400.0  # a daily service shows itself within a day


def _service(walk: Walk, key: str) -> dict:
    """The service's settings; a carrier without it may name one of its own to walk instead
    (``music: news``)."""
    services = common.settings_of(walk)["services"]
    if isinstance(services.get(key), str):
        key = str(services[key])
    if not isinstance(services.get(key), dict):
        raise UsageError(f"no value-added service '{key}' in products.vas.services",
                         path=walk.carrier.path, line=walk.carrier.line_of("products.vas.services"),
                         hint=f"add it, or use one of {', '.join(services)}")
    return dict(services[key])


def _last_free_day(walk: Walk) -> int:
    return int(walk.carrier.get("tariff.vas_trial.last_free_day", 20))


def note_plan_start(walk: Walk) -> None:
    """The test customer comes with its plan active from this moment (the test set-up's
    promise), which the plan part of every bill is prorated from."""
    walk.act("plan_start", "order", lambda: walk.clock.now().date())


def next_day_of_month(now: dt.datetime, day: int) -> dt.datetime:
    """The next 10:00 on the ``day``th of a month, after ``now``."""
    year, month = now.year, now.month
    for _ in range(13):
        if day <= oracle.days_in(year, month):
            moment = dt.datetime(year, month, day, 10, tzinfo=now.tzinfo)
            if moment > now:
                return moment
        year, month = year + month // 12, month % 12 + 1
    raise ValueError(f"no month has a day {day}")


def on_day(walk: Walk, day: int) -> None:
    """Let time pass to the next ``day`` of a month, 10:00: the trial rule turns on it."""
    def task() -> dt.datetime:
        moment = next_day_of_month(walk.clock.now(), day)
        walk.clock.advance_to(moment)
        return moment
    walk.act("order_day", "order", task, needs=("plan_start",))


def look_up(walk: Walk, service: str) -> None:
    common.look_up(walk, str(_service(walk, service)["offering"]))
    walk.facts["service"] = service


def subscribe_on_first(cross: object, service: str) -> None:
    """The customer subscribes on the first channel and waits until it is active."""
    first = cross.walks[0]  # type: ignore[attr-defined]
    look_up(first, service)
    common.order(first)
    common.wait_for_activation(first)


# -- use -------------------------------------------------------------------------------------
def check_delivers(walk: Walk, standard: str) -> None:
    """A daily information service sends its first message within a day; a ring-back tone is
    heard by the next caller."""
    def question() -> Verdict:
        delivers = _service(walk, walk.fact("service"))["delivers"]
        since = walk.fact("active").at
        if "ringback" in delivers:
            tone = walk.phone.ringback()
            return Verdict(tone == delivers["ringback"], f"callers hear {tone!r}",
                           f"callers hear {delivers['ringback']!r}")
        sender, pattern = str(delivers["sms_from"]), str(delivers["pattern"])

        def look() -> object | None:
            return next((m for m in walk.phone.inbox() if m.sender == sender and
                         m.received_at >= since and re.search(pattern, m.text)), None)
        found, seconds = wait_for(walk.clock, look, DELIVERY_WINDOW, since=since)
        return Verdict(found is not None, f"first message after {common.days(seconds)}"
                       if found else f"no message from {sender} in {common.days(seconds)}",
                       f"a message from {sender} within 24 h")
    walk.check(standard, question, needs=("active",))


# -- bill ------------------------------------------------------------------------------------
def _expected(walk: Walk, period: str, terminated: dt.date | None = None) -> Decimal:
    """The plan's fee for the month plus the service's information fee."""
    settings = common.settings_of(walk)
    plan = oracle.monthly_fee(walk.carrier.tariff(str(settings["plan"])), period,
                              start=walk.fact("plan_start"))
    fee = oracle.vas_fee(walk.carrier.tariff(common.offering_of(walk)), period,
                         ordered=walk.fact("order").at.date(), terminated=terminated,
                         last_free_day=_last_free_day(walk))
    return plan + fee


def _bills(walk: Walk) -> dict[str, Decimal]:
    return {b.period: b.amount for b in common.bills(walk)}


def trial_ends(walk: Walk) -> None:
    """Let the free months pass: to the first paid month's 1st, 01:00."""
    def task() -> dt.date:
        months = oracle.free_months(walk.fact("order").at.date(), _last_free_day(walk))
        year, month = oracle.month_of(months[-1])
        first_paid = oracle.first_of_next_month(dt.date(year, month, 1))
        walk.clock.advance_to(dt.datetime.combine(first_paid, dt.time(1),
                                                  walk.fact("order").at.tzinfo))
        return first_paid
    walk.act("trial_end", "bill", task, needs=("active",))


def check_trial_free(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        months = to_judge(oracle.free_months(walk.fact("order").at.date(),
                                             _last_free_day(walk)), "no free month")
        bills = _bills(walk)
        seen = {p: bills.get(p) for p in months}
        expected = {p: _expected(walk, p) for p in months}
        return Verdict(seen == expected, ", ".join(f"{p} bill {a}" for p, a in seen.items()),
                       ", ".join(f"{p} bill {a} (the plan only)" for p, a in expected.items()))
    walk.check(standard, question, needs=("trial_end",))


def check_reminder(walk: Walk, standard: str) -> None:
    def question() -> Verdict:
        months = oracle.free_months(walk.fact("order").at.date(), _last_free_day(walk))
        pattern = str(walk.carrier.said("products.vas", "reminder",
                                        walk.persona.language)).format(
            offering=re.escape(common.offering_of(walk)))
        sms = walk.phone.find(pattern, walk.fact("order").at)
        expected = f"a reminder on the 21st-25th of {months[-1]}"
        if sms is None:
            return Verdict(False, "no reminder", expected)
        on_time = oracle.period_of(sms.received_at) == months[-1] and \
            21 <= sms.received_at.day <= 25
        return Verdict(on_time, f"reminder on {sms.received_at:%Y-%m-%d}: {sms.text}", expected)
    walk.check(standard, question, needs=("trial_end",))


def check_charged_from_first(walk: Walk, standard: str) -> None:
    """The first paid month's bill carries the whole information fee."""
    def question() -> Verdict:
        first_paid = walk.fact("trial_end")
        period = oracle.period_of(first_paid)
        walk.clock.advance_to(dt.datetime.combine(oracle.first_of_next_month(first_paid),
                                                  dt.time(1), walk.fact("order").at.tzinfo))
        amount = _bills(walk).get(period)
        expected = _expected(walk, period)
        return Verdict(amount == expected, f"{period} bill {amount}",
                       f"{period} bill {expected} (the plan and the whole information fee)")
    walk.check(standard, question, needs=("trial_end",))


# -- cancel ----------------------------------------------------------------------------------
def unsubscribe(walk: Walk) -> None:
    common.cancel(walk, {common.offering_of(walk)})


def check_charges_stop(walk: Walk, standard: str) -> None:
    """No information fee for any month that starts after the unsubscribe took effect."""
    def question() -> Verdict:
        request = walk.fact("cancel")
        ends = walk.facts.get("terminated") or [(request.at + dt.timedelta(days=1)).date()]
        end = ends[-1]
        months = [oracle.period_of(end), oracle.period_of(oracle.first_of_next_month(end))]
        walk.clock.advance_to(dt.datetime.combine(
            oracle.first_of_next_month(oracle.first_of_next_month(end)), dt.time(1),
            request.at.tzinfo))
        bills = _bills(walk)
        seen = {p: bills.get(p) for p in months}
        expected = {p: _expected(walk, p, terminated=end) for p in months}
        return Verdict(seen == expected, ", ".join(f"{p} bill {a}" for p, a in seen.items()),
                       ", ".join(f"{p} bill {a}" for p, a in expected.items()))
    walk.check(standard, question, needs=("cancel",))
