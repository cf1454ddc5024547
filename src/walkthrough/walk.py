"""A walk: one customer taking one product line through the stages on one channel.

The walk keeps what the customer has established so far (facts: the offer found, the order
placed, the product active) and records every checkpoint. A task that fails for the product
marks its fact failed and the walk goes on: a check that asks for a failed fact fails, one
that merely needs it is blocked. Once the environment breaks, every later checkpoint is
recorded as errored without touching the carrier again.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from walkthrough.carrier import Carrier
from walkthrough.channels import Channel
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointFailed,
    CheckpointRecord,
    EnvironmentBroken,
    NotApplicable,
    NotSelected,
    Status,
    Verdict,
    WalkStopped,
    worst,
)
from walkthrough.clock import Clock
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.standards import STAGES, Catalogue

T = TypeVar("T")


class Walk:
    def __init__(self, *, walk_id: str, run_id: str, carrier: Carrier, catalogue: Catalogue,
                 product_line: str, channel: Channel, phone: Phone, clock: Clock,
                 persona: Persona, feature: str = "", stages: Iterable[str] | None = None,
                 recorder: Callable[[CheckpointRecord], None] | None = None) -> None:
        self.id, self.run_id = walk_id, run_id
        self.carrier, self.catalogue = carrier, catalogue
        self.product_line, self.feature = product_line, feature
        self.channel, self.phone, self.clock, self.persona = channel, phone, clock, persona
        self.stages = set(stages) if stages else set(STAGES)
        self.last_stage = max(STAGES.index(s) for s in self.stages)
        self.recorder = recorder
        self.facts: dict[str, Any] = {}
        self.failed: dict[str, str] = {}
        self.blocked: dict[str, str] = {}
        self.broken = ""
        self.records: list[CheckpointRecord] = []
        self.evidence: list[tuple[str, bytes, str]] = []
        self.appointments: list[tuple[dt.datetime, str]] = []

    # -- facts -------------------------------------------------------------------------------
    def fact(self, name: str) -> Any:
        """A fact the customer established; asking for one that failed fails the question."""
        if name in self.failed:
            raise ActionFailed(self.failed[name])
        if name in self.blocked:
            raise CheckpointBlocked(self.blocked[name])
        if name not in self.facts:
            raise CheckpointBlocked(f"the walk has not reached '{name}'")
        return self.facts[name]

    def _missing(self, needs: Iterable[str]) -> str:
        for need in needs:
            if need in self.failed:
                return f"blocked: '{need}' failed ({self.failed[need]})"
            if need in self.blocked:
                return self.blocked[need]
            if need not in self.facts:
                return f"blocked: the walk has not reached '{need}'"
        return ""

    # -- appointments ------------------------------------------------------------------------
    def appoint(self, at: dt.datetime, what: str) -> None:
        """The customer has promised to be somewhere at ``at`` (a technician's visit): no wait
        for something else may carry the walk past it."""
        self.appointments.append((at, what))

    def next_appointment(self, after: dt.datetime) -> tuple[dt.datetime, str] | None:
        due = sorted(a for a in self.appointments if a[0] > after)
        return due[0] if due else None

    # -- tasks -------------------------------------------------------------------------------
    def act(self, fact: str, stage: str, task: Callable[[], T], *,
            needs: Iterable[str] = ()) -> T:
        """Do a customer task that establishes ``fact``."""
        if STAGES.index(stage) > self.last_stage:
            raise WalkStopped(f"stage {stage} is past the stages selected")
        if self.broken:
            raise EnvironmentBroken(self.broken)
        if missing := self._missing(needs):
            self.blocked[fact] = missing
            raise CheckpointBlocked(missing)
        # what leaves a task is said again by the runners (console, Allure): masked first
        try:
            value = task()
        except EnvironmentBroken as exc:
            self.broken = self.persona.mask(str(exc))
            raise EnvironmentBroken(self.broken) from None
        except ActionFailed as exc:
            self.failed[fact] = self.persona.mask(str(exc))
            raise ActionFailed(self.failed[fact]) from None
        except CheckpointBlocked as exc:
            self.blocked[fact] = self.persona.mask(str(exc))
            raise CheckpointBlocked(self.blocked[fact]) from None
        self.facts[fact] = value
        return value

    # -- checkpoints -------------------------------------------------------------------------
    def check(self, standard_id: str, question: Callable[[], Verdict], *,
              needs: Iterable[str] = ()) -> CheckpointRecord:
        std = self.catalogue.get(standard_id)
        if STAGES.index(std.stage) > self.last_stage:
            raise WalkStopped(f"stage {std.stage} is past the stages selected")
        if std.stage not in self.stages:
            raise NotSelected(f"{std.id} belongs to stage {std.stage}, not selected")
        if not std.applies_to(self.channel.name):
            raise NotApplicable(f"{std.id} applies to {', '.join(std.channels)} only")
        started = time.monotonic()
        if self.broken:
            self._record(std.id, Status.ERRORED, reason=self.broken, started=started)
            raise EnvironmentBroken(self.broken)
        if missing := self._missing(needs):
            self._record(std.id, Status.BLOCKED, reason=missing, started=started)
            raise CheckpointBlocked(f"[{std.id}] {missing}")
        try:
            verdict = question()
        except EnvironmentBroken as exc:
            self.broken = self.persona.mask(str(exc))
            self._record(std.id, Status.ERRORED, reason=self.broken, started=started)
            raise EnvironmentBroken(self.broken) from None
        except ActionFailed as exc:
            verdict = Verdict(False, observed=str(exc), expected=std.title_en)
        except CheckpointBlocked as exc:
            record = self._record(std.id, Status.BLOCKED, reason=str(exc), started=started)
            raise CheckpointBlocked(record.reason) from None
        except Exception as exc:  # a harness bug must not pass for a product defect
            self._record(std.id, Status.ERRORED, started=started,
                         reason=f"harness error: {type(exc).__name__}: {exc}\n"
                                f"{traceback.format_exc(limit=4)}")
            raise
        status = Status.PASSED if verdict.passed else Status.FAILED
        record = self._record(std.id, status, observed=verdict.observed,
                              expected=verdict.expected, started=started)
        if not verdict.passed:
            self.evidence.extend(self.channel.evidence())
            raise CheckpointFailed(f"[{std.id}] {std.title_en}: observed {record.observed}; "
                                   f"expected {record.expected}")
        return record

    def _record(self, standard_id: str, status: Status, *, observed: str = "",
                expected: str = "", reason: str = "", started: float) -> CheckpointRecord:
        std = self.catalogue.get(standard_id)
        record = CheckpointRecord(
            run=self.run_id, walk=self.id, carrier=self.carrier.name,
            product_line=self.product_line, channel=self.channel.name, stage=std.stage,
            standard=std.id, title=std.title_en, department=std.department,
            severity=std.severity, status=status.value,
            observed=self.persona.mask(observed), expected=self.persona.mask(expected),
            reason=self.persona.mask(reason),
            at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            seconds=round(time.monotonic() - started, 3), feature=self.feature,
        )
        self.records.append(record)
        if self.recorder:
            self.recorder(record)
        return record

    @property
    def outcome(self) -> str:
        return worst({r.status for r in self.records})

    def close(self) -> None:
        self.channel.close(self.outcome != Status.PASSED.value)

    def sms_log(self) -> str:
        try:
            inbox = self.phone.inbox()
        except Exception as exc:  # evidence gathering must never hide the walk's own result
            return f"(the inbox could not be read: {exc})"
        return self.persona.mask("\n".join(f"{m.received_at:%Y-%m-%d %H:%M:%S}  {m.sender}  "
                                           f"{m.text}" for m in inbox))
