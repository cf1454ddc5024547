"""The customer's handset (SMS inbox, calls and data sessions, calls received) and the fixed
line registered to the same number."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from walkthrough.backstage import Backstage, moment
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import CheckpointErrored, EnvironmentBroken
from walkthrough.views import InboundCall, Sms


@dataclasses.dataclass(frozen=True)
class Session:
    kind: str  # voice | data
    quantity: int | Decimal
    connected: bool
    at: dt.datetime
    reason: str = ""
    country: str = ""  # where the phone was, when abroad (ISO 3166 alpha-2); "" at home


class Phone:
    """The handset's stand-ins, reached through the backstage (``inbox``, ``send_sms``,
    ``call``, ``data``, ``ringback``, ``call_log``, ``line``, ``location`` hooks)."""

    def __init__(self, backstage: Backstage, carrier: Carrier, msisdn: str,
                 tz: ZoneInfo) -> None:
        self.backstage, self.carrier, self.msisdn, self.tz = backstage, carrier, msisdn, tz

    def inbox(self) -> list[Sms]:
        try:
            found = self.backstage.call("inbox", msisdn=self.msisdn)
        except EnvironmentBroken as exc:  # the handset is the test environment's stand-in:
            raise CheckpointErrored(f"test environment: {exc}") from None  # not the carrier
        return [Sms(sender=str(m.get("sender") or ""), text=str(m.get("text") or ""),
                    received_at=moment(m.get("received_at"), self.tz), id=str(m.get("id") or ""))
                for m in found]

    def send(self, to: str, text: str) -> None:
        """Send an SMS from the customer's number (to the carrier's short code)."""
        self.backstage.call("send_sms", msisdn=self.msisdn, to=to, text=text)

    def find(self, pattern: str, since: dt.datetime | None = None) -> Sms | None:
        """The first SMS from the carrier matching ``pattern`` received at or after ``since``."""
        sender = str(self.carrier.get("messages.sender", ""))
        for sms in self.inbox():
            if sender and sms.sender != sender:
                continue
            if since is not None and sms.received_at < since.replace(microsecond=0):
                continue
            if re.search(pattern, sms.text):
                return sms
        return None

    def ringback(self) -> str:
        """What a caller to this number hears while it rings."""
        return str(self.backstage.call("ringback", msisdn=self.msisdn).get("tone") or "")

    def calls_received(self) -> list[InboundCall]:
        """The calls the phone has rung with (the carrier's revisit calls), oldest first."""
        return [InboundCall(caller=str(c.get("caller") or ""), at=moment(c.get("at"), self.tz),
                            purpose=str(c.get("purpose") or ""), note=str(c.get("note") or ""))
                for c in self.backstage.call("call_log", msisdn=self.msisdn)]

    def line_session(self, megabytes: int, at: dt.datetime) -> Session:
        """A session on the fixed line (broadband at home, a leased line at the site)."""
        return self._session("line", "data", megabytes, at, megabytes=megabytes,
                             kilobytes=megabytes * 1024)

    def call(self, minutes: int, at: dt.datetime, country: str = "") -> Session:
        """A call of ``minutes``; ``country``: made abroad there (the phone is there)."""
        return self._session("call", "voice", minutes, at, country,
                             to=str(self.carrier.get("phone.call_to", "10000")),
                             minutes=minutes, seconds=minutes * 60)

    def data(self, megabytes: int | Decimal, at: dt.datetime, country: str = "") -> Session:
        return self._session("data", "data", megabytes, at, country,
                             megabytes=_number(megabytes), kilobytes=_number(megabytes * 1024))

    def travel(self, country: str) -> None:
        """Take the phone to ``country`` (the home country code brings it home): it registers
        on a network there, as a handset does on landing."""
        self.backstage.call("location", msisdn=self.msisdn, country=country)

    def _session(self, hook: str, kind: str, quantity: int | Decimal, at: dt.datetime,
                 country: str = "", **values: Any) -> Session:
        """A session the network connects or refuses (its own verdict, a product fact); a
        stand-in that answers otherwise is the test environment breaking."""
        found = self.backstage.call(hook, msisdn=self.msisdn, country=country, **values)
        connected = bool(found.get("connected"))
        reason = "" if connected else str(found.get("reason") or found.get("verdict") or
                                          "not connected")
        return Session(kind, quantity, connected, at, reason, country)


def _number(quantity: int | Decimal) -> int | float:
    """A quantity as JSON carries it: whole, or with its fraction."""
    return int(quantity) if quantity == int(quantity) else float(quantity)
