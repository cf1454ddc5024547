"""Test customers, and whose turn it is on a test environment with one clock.

A walk's customer is made on demand (the ``new_customer`` hook) or taken from the carrier's
pool of pre-provisioned test numbers (``pool``, reset by ``reset``), the way a carrier hands QA
a set of test SIMs: the ``pool`` hook's numbers, or those of a customers file the run was given.
A pool number is held by one walk at a time, across the processes of a run.

On a test environment with one system date (``clock.scope: environment``) a walk that moves
the date moves it for every customer, so walks there take turns: one at a time holds the
environment, across threads and processes. A walk never waits for time another walk spent.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import filelock

from walkthrough.backstage import Backstage, Refused, moment
from walkthrough.carrier import Carrier
from walkthrough.channels.api import api_client
from walkthrough.checkpoint import EnvironmentBroken
from walkthrough.http import Http
from walkthrough.persona import Persona

LOCKS_ENV = "WALKTHROUGH_LOCKS"  # where the turn and pool locks live (default: the temp folder)
SECRET = "secret."


def _lock_folder() -> Path:
    folder = Path(os.environ.get(LOCKS_ENV) or tempfile.gettempdir()) / "walkthrough-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _lock(*parts: str) -> filelock.FileLock:
    name = hashlib.sha1("\0".join(parts).encode()).hexdigest()[:16]
    # not thread-local: a walk's turn is the process's, whichever thread closes the walk
    return filelock.FileLock(str(_lock_folder() / f"{name}.lock"), thread_local=False)


class Customers:
    def __init__(self, carrier: Carrier, given: list[dict[str, Any]] | None = None) -> None:
        """``given``: the pool's numbers from a customers file, instead of the ``pool`` hook
        (customers_file.py)."""
        self.carrier = carrier
        self.given = given
        self._turn: filelock.FileLock | None = None
        # the file lock counts a process's holds, whichever thread: threads take turns here
        self._turns = threading.RLock()
        self._held: dict[str, filelock.FileLock] = {}  # pool numbers this process holds

    @property
    def shared_clock(self) -> bool:
        return self.carrier.get("clock.scope", "customer") == "environment" and \
            self.carrier.get("clock.kind", "real") == "test-api"

    # -- turns -------------------------------------------------------------------------------
    def take_turn(self) -> None:
        if not self.shared_clock:
            return
        self._turns.acquire()  # reentrant: a walk opened inside another's turn goes on
        if self._turn is None:
            self._turn = _lock("turn", self.carrier.base_url)
        self._turn.acquire()

    def end_turn(self) -> None:
        if self._turn is not None and self._turn.is_locked:
            self._turn.release()
            self._turns.release()  # the walk's thread ends the turn it took

    # -- customers ---------------------------------------------------------------------------
    def provide(self, http: Http, persona: Persona, extra: dict[str, Any]) -> str:
        """Give the persona a customer account and a number (with what the product line needs
        already in place, e.g. a plan); on failure, why (the walk is then errored)."""
        backstage = Backstage(self.carrier, http, name=persona.name,
                              id_number=persona.id_number)
        try:
            if self.given is not None or self.carrier.get("backstage.customers", "new") == "pool":
                found = self._from_pool(backstage, extra)
            else:
                # made as the walk's API client, so the client's tokens may see the customer
                as_api = backstage.hook("new_customer").as_api_client
                maker = api_client(self.carrier, self.carrier.test_support_headers()) \
                    if as_api else None
                found = backstage.call("new_customer", http=maker,
                                       extra=self._filled(backstage, extra))
        except (EnvironmentBroken, Refused) as exc:
            return f"no test customer could be made: {exc}"
        if not found.get("customer") or not found.get("msisdn"):
            return (f"test environment: the test customer's answer has no customer id or number "
                    f"where backstage.hooks say: {found}")
        persona.customer_id, persona.msisdn = str(found["customer"]), str(found["msisdn"])
        persona.account = str(found.get("account") or found["customer"])
        if found.get("bill_day") is not None:
            persona.bill_day = int(found["bill_day"])
        persona.secrets = {k[len(SECRET):]: str(v) for k, v in found.items()
                           if k.startswith(SECRET) and v is not None}
        return ""

    def _filled(self, backstage: Backstage, extra: dict[str, Any]) -> dict[str, Any]:
        """What the product line asks of the test customer, with ``{other_day}`` (a day of the
        month, 2-28, that is neither today on the carrier's clock nor the 1st: a bill day that
        makes the first cycle a part one, so its proration is walked, and a cycle that is not
        the calendar month) where it asks for it."""
        if "{other_day}" not in extra.values():
            return extra
        tz = ZoneInfo(str(self.carrier.get("timezone", "Asia/Shanghai")))
        today = moment(backstage.call("clock").get("now"), tz).day
        other = (today + 13) % 27 + 2  # never today's day: 15 is not 0 modulo 27
        return {k: other if v == "{other_day}" else v for k, v in extra.items()}

    def _from_pool(self, backstage: Backstage, extra: dict[str, Any]) -> dict[str, Any]:
        """A pool number no other walk holds, reset to how it was handed out."""
        rows = self.given if self.given is not None else backstage.call("pool")
        if not rows:
            raise Refused("test environment: the pool of test numbers is empty")
        while True:
            for row in rows:
                number = str(row.get("msisdn"))
                lock = _lock("pool", self.carrier.base_url, number)
                try:
                    lock.acquire(timeout=0)
                except filelock.Timeout:
                    continue
                self._held[number] = lock
                reset = backstage.call("reset", msisdn=number, extra=extra)
                return {**row, **{k: v for k, v in reset.items() if v is not None}}
            # every number is held by a walk: wait for the first to come back
            first = _lock("pool", self.carrier.base_url, str(rows[0].get("msisdn")))
            with first.acquire():
                pass

    def give_back(self, persona: Persona) -> None:
        lock = self._held.pop(persona.msisdn, None)
        if lock is not None:
            lock.release(force=True)

    def close(self) -> None:
        for lock in self._held.values():
            lock.release(force=True)
        self._held.clear()
        if self._turn is not None:
            self._turn.release(force=True)
