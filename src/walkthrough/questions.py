"""Questions every product line asks: did a message come in time, and does it say enough."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence, Sized
from decimal import Decimal
from typing import Any, TypeVar

import humanize

from walkthrough.channels.reading import Formats, day
from walkthrough.checkpoint import CheckpointBlocked, CheckpointErrored, Verdict
from walkthrough.clock import wait_late
from walkthrough.errors import UsageError
from walkthrough.phone import Session
from walkthrough.views import Sms
from walkthrough.walk import Walk

LATE_SMS = 24 * 3600.0
S = TypeVar("S", bound=Sized)


def to_judge(items: S, what: str) -> S:
    """What a check goes through (sessions, zones, items an SMS must name): a check over
    nothing proves nothing, so with nothing to go through it is errored, never passed."""
    if not items:
        raise CheckpointErrored(f"errored: nothing to judge: {what}")
    return items


def connected(sessions: Sequence[Session]) -> list[Session]:
    """The sessions that connected, for a check of what became of them (recorded, billed).
    With none, there is nothing to judge: blocked when the network refused every one (the
    check that they connect fails for it), errored when the walk made none."""
    made = [s for s in to_judge(sessions, "the walk made no call or data session")
            if s.connected]
    if not made:
        refused = "; ".join(f"{s.kind} {s.quantity}: {s.reason}" for s in sessions)
        raise CheckpointBlocked(f"blocked: no session connected ({refused}), so none could "
                                f"be recorded or billed")
    return made


def message_pattern(walk: Walk, kind: str, **fields: str) -> str:
    template = str(walk.carrier.said("messages", kind, walk.persona.language))
    return template.format(**{k: re.escape(v) for k, v in fields.items()})


def fee_pattern(fee: Decimal) -> str:
    """A fee as an SMS may write it: 58, 58.0 or 58.00."""
    whole, _, cents = f"{fee:.2f}".partition(".")
    if cents == "00":
        return rf"{whole}(?:\.0{{1,2}})?"
    return rf"{whole}\.{cents.rstrip('0')}0?"


def sms_within(walk: Walk, standard_id: str, fact: str, pattern: str,
               since: dt.datetime, asked: dt.datetime | None = None,
               late: float = LATE_SMS) -> Verdict:
    """Wait for an SMS matching ``pattern``, counting from ``since`` (the request accepted) and
    taking any that came after ``asked`` (the customer began); note it as ``fact``. A late
    SMS is looked for up to ``late`` seconds past the standard's time, but never past the
    customer's next appointment: waiting for one missing notice must not make the customer
    miss the technician and so manufacture a second defect."""
    limit = walk.catalogue.get(standard_id).seconds
    until = ""
    if (appointment := walk.next_appointment(since)) is not None:
        free = (appointment[0] - since).total_seconds() - limit
        if free < late:
            late, until = max(free, 0.0), f" (looked until {appointment[1]})"
    sms, seconds = wait_late(walk.clock, lambda: walk.phone.find(pattern, asked or since),
                             limit, late, since=since)
    expected = f"an SMS matching '{pattern}' within {duration(limit)}"
    if sms is None:
        never = f"never arrived within {duration(limit + late)}{until}"
        walk.failed[fact] = f"no SMS matching '{pattern}': {never}"
        return Verdict(False, never, expected)
    walk.facts[fact] = sms
    # The phone stamps each message as it arrives, more finely than the looks were spaced.
    seconds = max((sms.received_at - since).total_seconds(), 0.0)
    arrived = f"arrived after {duration(seconds)}: {sms.text}"
    if seconds > limit:  # late is not missing: say by how much, as the handset saw it
        arrived = f"late by {duration(seconds - limit)}, {arrived}"
    return Verdict(seconds <= limit, arrived, expected)


def duration(seconds: float) -> str:
    """A time as a walker would say it: "5 minutes and 10 seconds", "1 day and 2 hours"."""
    unit = "seconds" if seconds < 3600 else "minutes" if seconds < 2 * 86400 else "hours"
    return humanize.precisedelta(dt.timedelta(seconds=round(seconds)), minimum_unit=unit,
                                 format="%0.0f")


def stated(walk: Walk, kind: str, sms: Sms, known: dict[str, str | None]) -> list[str]:
    """What the notice of ``kind`` states that differs from what the walk ``known``s (value
    name → the value as the walk writes it, or None for a statement with no value, such as
    how to unsubscribe): "said X, expected Y" for each, "did not state X" for a value it
    leaves out. The patterns are the carrier file's ``messages.says.<kind>``."""
    patterns = _says(walk).get(kind, {})
    to_judge(list(known), f"no value of the {kind} to judge")
    wrong = []
    for name, value in known.items():
        if name not in patterns:
            raise UsageError(f"the carrier file does not say how a {kind} states its {name}",
                             path=walk.carrier.path, line=walk.carrier.line_of("messages"),
                             hint=f"add messages.says.{kind}.{name}: a pattern with named groups")
        found = re.search(str(patterns[name]), sms.text)
        if found is None:
            wrong.append(f"did not state the {_words(name)}" + (f" ({value})" if value else ""))
        elif value is not None and (said := _value(found, name)) != value:
            wrong.append(f"said {_words(name)} {said}, expected {value}")
    return wrong


def _words(name: str) -> str:
    """A value's key as a reader says it: charged_from → charged from."""
    return name.replace("_", " ")


def _says(walk: Walk) -> dict[str, Any]:
    return walk.carrier.said("messages", "says", walk.persona.language, {}) or {}


def content_judged(walk: Walk, kind: str, sms: Sms, known: dict[str, str | None],
                   verdict: Verdict) -> Verdict:
    """``verdict`` (the notice came, in time) with what the notice states judged: failed by
    each value it gets wrong. A carrier file that does not say how this kind of notice states
    its values (no ``messages.says.<kind>``) leaves the content unjudged, and the verdict
    says so rather than passing it."""
    expected = f"{verdict.expected}, stating " + ", ".join(
        _words(name) + ("" if value is None else f" {value}") for name, value in known.items())
    if kind not in _says(walk):
        return Verdict(verdict.passed, f"{verdict.observed}; its content not judged: the "
                       f"carrier file has no messages.says.{kind}", expected)
    wrong = stated(walk, kind, sms, known)
    return Verdict(verdict.passed and not wrong, "; ".join([*wrong, verdict.observed]),
                   expected)


def effective_judged(walk: Walk, kind: str, sms: Sms, latest: dt.datetime,
                     verdict: Verdict) -> Verdict:
    """``verdict`` with the moment the notice says it takes effect by judged against
    ``latest``, the last the carrier's rule allows: failed when it says a later one or none.
    A carrier file whose ``messages.says.<kind>`` has no ``effective`` leaves it unjudged, and
    the verdict says so (with no ``messages.says.<kind>`` at all, ``content_judged`` has)."""
    by = f"{minute_up(latest):%Y-%m-%d %H:%M}"
    expected = f"{verdict.expected}, effective by {by}"
    says = _says(walk)
    if kind not in says:
        return Verdict(verdict.passed, verdict.observed, expected)
    if "effective" not in says[kind]:
        return Verdict(verdict.passed, f"{verdict.observed}; when it takes effect not judged: "
                       f"the carrier file has no messages.says.{kind}.effective", expected)
    wrong = late_effective(str(says[kind]["effective"]), sms.text, latest,
                           Formats.of(walk.carrier))
    return Verdict(verdict.passed and wrong is None,
                   "; ".join([*([wrong] if wrong else []), verdict.observed]), expected)


def minute_up(moment: dt.datetime) -> dt.datetime:
    """The moment to the minute, rounded up: a notice states a time to the minute, so one in
    the minute a rule ends in is within it."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + dt.timedelta(minutes=1)


def late_effective(pattern: str, text: str, latest: dt.datetime,
                   formats: Formats) -> str | None:
    """What a notice gets wrong about when it says a thing takes effect, against ``latest``
    (the last moment the rule allows), or None when it is in time. The ``pattern`` states it
    by a group ``moment`` (a date and time, in the carrier's ``formats.moment``) or ``date``
    (a day: in time if it is ``latest``'s day or before); a pattern with neither is a
    statement that it takes effect at once (即时生效), in time when it is said."""
    by = f"{minute_up(latest):%Y-%m-%d %H:%M}"
    found = re.search(pattern, text)
    if found is None:
        return f"did not state when it takes effect (expected by {by})"
    groups = found.groupdict()
    if groups.get("moment"):
        moment = formats.moment(groups["moment"], latest.tzinfo)
        said, late = f"{moment:%Y-%m-%d %H:%M}", moment > minute_up(latest)
    elif groups.get("date"):
        stated = formats.day(groups["date"])
        if stated is None:
            return f"said effective by {groups['date']}, not a day (expected by {by})"
        said, late = stated.isoformat(), stated > latest.date()
    else:
        return None
    return f"said effective by {said}, expected by {by}" if late else None


def _value(found: re.Match[str], name: str) -> str:
    """A stated value in the walk's own writing: an amount to the fen, a period as YYYY-MM, a
    day as YYYY-MM-DD; any other value as the group named for it (``service``, ``ticket``)
    says it."""
    groups = found.groupdict()
    if "date" in groups:
        return str(day(groups["date"]) or groups["date"])
    if "year" in groups and "month" in groups:
        return f"{int(groups['year']):04d}-{int(groups['month']):02d}"
    if "amount" in groups:
        return f"{Decimal(groups['amount']):.2f}"
    if groups.get(name) is not None:
        return groups[name].strip()
    return found.group(0)


def names_all(sms: Sms, required: dict[str, str]) -> Verdict:
    """Does the SMS name each required item (item → pattern)?"""
    to_judge(list(required), "no item the SMS must name (the carrier file lists none)")
    missing = [item for item, pattern in required.items() if not re.search(pattern, sms.text)]
    observed = f"missing {', '.join(missing)}: {sms.text}" if missing else sms.text
    return Verdict(not missing, observed, "names " + ", ".join(required))
