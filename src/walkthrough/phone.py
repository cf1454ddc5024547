"""The customer's handset (SMS inbox, calls and data sessions, calls received) and the fixed
line registered to the same number."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

from walkthrough.carrier import Carrier
from walkthrough.checkpoint import ActionFailed, CheckpointErrored, EnvironmentBroken
from walkthrough.http import Http, error_text
from walkthrough.views import InboundCall, Sms


@dataclasses.dataclass(frozen=True)
class Session:
    kind: str  # voice | data
    quantity: int
    connected: bool
    at: dt.datetime
    reason: str = ""
    country: str = ""  # where the phone was, when abroad (ISO 3166 alpha-2); "" at home


class Phone:
    def __init__(self, http: Http, carrier: Carrier, msisdn: str, tz: ZoneInfo) -> None:
        self.http, self.carrier, self.msisdn, self.tz = http, carrier, msisdn, tz

    def inbox(self) -> list[Sms]:
        url = self.carrier.url("phone.inbox", msisdn=self.msisdn)
        try:
            response = self.http.get(url)
        except EnvironmentBroken as exc:  # the handset is the test environment's stand-in:
            raise CheckpointErrored(f"test environment: {exc}") from None  # not the carrier
        if response.status_code >= 400:
            raise CheckpointErrored(f"test environment: the phone's inbox at {url} could not "
                                    f"be read: {error_text(response)}")
        return [Sms(sender=m["from"], text=m["text"],
                    received_at=dt.datetime.fromisoformat(m["receivedAt"]).astimezone(self.tz),
                    id=str(m.get("id", "")))
                for m in response.json()]

    def send(self, to: str, text: str) -> None:
        """Send an SMS from the customer's number (to the carrier's short code)."""
        url = self.carrier.url("phone.send", msisdn=self.msisdn)
        response = self.http.post(url, json={"to": to, "text": text})
        if response.status_code >= 400:
            raise ActionFailed(f"the SMS '{text}' to {to} was not accepted: "
                               f"{error_text(response)}")

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
        response = self.http.get(self.carrier.url("phone.ringback", msisdn=self.msisdn))
        if response.status_code >= 400:
            raise ActionFailed(f"no ring-back tone could be heard: {error_text(response)}")
        return str(response.json().get("tone", ""))

    def calls_received(self) -> list[InboundCall]:
        """The calls the phone has rung with (the carrier's revisit calls), oldest first."""
        url = self.carrier.url("phone.call_log", msisdn=self.msisdn)
        response = self.http.get(url)
        if response.status_code >= 400:
            raise CheckpointErrored(f"test environment: the phone's call log at {url} could "
                                    f"not be read: {error_text(response)}")
        return [InboundCall(caller=str(c.get("from", "")),
                            at=dt.datetime.fromisoformat(c["at"]).astimezone(self.tz),
                            purpose=str(c.get("purpose", "")), note=str(c.get("note", "")))
                for c in response.json()]

    def line_session(self, megabytes: int, at: dt.datetime) -> Session:
        """A session on the fixed line (broadband at home, a leased line at the site)."""
        url = self.carrier.url("phone.line", msisdn=self.msisdn)
        return self._session("data", megabytes, at,
                             self.http.post(url, json={"megabytes": megabytes}), url)

    def call(self, minutes: int, at: dt.datetime, country: str = "") -> Session:
        """A call of ``minutes``; ``country``: made abroad there (the phone is there)."""
        url = self.carrier.url("phone.call", msisdn=self.msisdn)
        body: dict[str, object] = {"to": str(self.carrier.get("phone.call_to", "10000")),
                                   "minutes": minutes}
        if country:
            body["country"] = country
        return self._session("voice", minutes, at, self.http.post(url, json=body), url,
                             country)

    def data(self, megabytes: int, at: dt.datetime, country: str = "") -> Session:
        url = self.carrier.url("phone.data", msisdn=self.msisdn)
        body: dict[str, object] = {"megabytes": megabytes}
        if country:
            body["country"] = country
        return self._session("data", megabytes, at, self.http.post(url, json=body), url,
                             country)

    def travel(self, country: str) -> None:
        """Take the phone to ``country`` (the home country code brings it home): it registers
        on a network there, as a handset does on landing."""
        url = self.carrier.url("phone.location", msisdn=self.msisdn)
        response = self.http.post(url, json={"country": country})
        if response.status_code >= 400:  # where the phone is, is the test environment's doing
            raise CheckpointErrored(f"test environment: the phone could not be taken to "
                                    f"{country} at {url}: {error_text(response)}")

    @staticmethod
    def _session(kind: str, quantity: int, at: dt.datetime, response,  # type: ignore[no-untyped-def]
                 url: str, country: str = "") -> Session:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if response.status_code >= 500 and "connected" not in body:
            # the network's refusal says so ("connected": false); a bare 500 is the handset
            # stand-in breaking, which tells nothing of the carrier
            raise CheckpointErrored(f"test environment: {url} answered {error_text(response)}")
        connected = response.status_code < 300 and bool(body.get("connected"))
        reason = "" if connected else str(body.get("reason") or f"HTTP {response.status_code}")
        return Session(kind, quantity, connected, at, reason, country)
