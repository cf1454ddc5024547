"""A walk: one customer taking one product line through the stages on one channel.

The walk keeps what the customer has established so far (facts: the offer found, the order
placed, the product active) and records every checkpoint. Every task and question runs
through one rule here, so that a harness failure is never taken for the carrier's:

- the product failed (``ActionFailed``): the fact is failed, a check that asks for it fails,
  one that merely needs it is blocked, and the walk goes on;
- anything else broke while doing or seeing it (the harness, a driver, the carrier file, a
  test-environment stand-in): the fact is errored, and so is every checkpoint that needs it,
  with the cause kept; the rest of the walk goes on;
- the environment broke for good (``EnvironmentBroken``: the operator unreachable): every
  later checkpoint is errored without touching the carrier again.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from walkthrough.carrier import Carrier
from walkthrough.channels import Channel
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
    CheckpointRecord,
    EnvironmentBroken,
    NotApplicable,
    NotSelected,
    Status,
    Verdict,
    WalkSignal,
    WalkStopped,
    worst,
)
from walkthrough.clock import Clock
from walkthrough.errors import UsageError
from walkthrough.http import TRANSPORT_ERRORS
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.standards import STAGES, Catalogue

if TYPE_CHECKING:  # an ability is a protocol: a type form, never a class to make
    from typing_extensions import TypeForm

T = TypeVar("T")
Outcome = tuple[Status, Any, str, BaseException | None]


def cause(exc: BaseException) -> str:
    """What broke, in one line, for an exception that is not the product's doing."""
    if isinstance(exc, UsageError):  # file, line and what to do, on one line
        return "configuration: " + " ".join(line.strip() for line in str(exc).splitlines())
    text = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    if isinstance(exc, TRANSPORT_ERRORS):
        return f"test environment: {text}"
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name})" \
        if frames else ""
    return f"harness error: {text}{where}"


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
        self.errored: dict[str, str] = {}
        # facts no task can establish on this channel (its driver has not the ability): what
        # needs them is not applicable here, never blocked or errored
        self.unoffered: dict[str, str] = {}
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
        if name in self.unoffered:
            raise NotApplicable(self.unoffered[name])
        if name in self.facts:
            return self.facts[name]
        raise CheckpointErrored(self.errored.get(name) or self._never(name))

    @staticmethod
    def _never(name: str) -> str:
        return f"errored: the walk never established '{name}' (no step before this one did)"

    def _unmet(self, needs: Iterable[str]) -> tuple[Status, str] | None:
        """Why ``needs`` are not all established: blocked when the product failed one of
        them, errored when the harness or the environment could not establish one."""
        needs = list(needs)
        for need in needs:
            if need in self.unoffered:
                raise NotApplicable(self.unoffered[need])
        for need in needs:
            if need in self.failed:
                return Status.BLOCKED, f"blocked: '{need}' failed ({self.failed[need]})"
            if need in self.blocked:
                return Status.BLOCKED, self.blocked[need]
        for need in needs:
            if need not in self.facts:
                return Status.ERRORED, self.errored.get(need) or self._never(need)
        return None

    def _forget(self, fact: str) -> None:
        """A task or question about to establish ``fact`` again: its last outcome goes."""
        for known in (self.facts, self.failed, self.blocked, self.errored):
            known.pop(fact, None)

    def _note(self, fact: str, status: Status, reason: str) -> None:
        """What became of a fact that was not established (unless the task or question
        said so itself)."""
        if not any(fact in known for known in (self.facts, self.failed, self.blocked,
                                               self.errored)):
            {Status.FAILED: self.failed, Status.BLOCKED: self.blocked}.get(
                status, self.errored)[fact] = self.persona.mask(reason)

    def _run(self, call: Callable[[], T]) -> Outcome:
        """The one rule: run a task or a question and say what its outcome means. Only an
        ``ActionFailed`` is the product's failure; anything that is not a walk signal is the
        harness's or the environment's, and never the carrier's."""
        try:
            return Status.PASSED, call(), "", None
        except EnvironmentBroken as exc:
            self.broken = self.persona.mask(str(exc))
            return Status.ERRORED, None, self.broken, exc
        except ActionFailed as exc:
            return Status.FAILED, None, self.persona.mask(str(exc)), exc
        except CheckpointBlocked as exc:
            return Status.BLOCKED, None, self.persona.mask(str(exc)), exc
        except CheckpointErrored as exc:
            return Status.ERRORED, None, self.persona.mask(str(exc)), exc
        except WalkSignal:
            raise
        except Exception as exc:  # noqa: BLE001 - the rule's whole point: never the carrier's
            return Status.ERRORED, None, self.persona.mask(cause(exc)), exc

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
        self._forget(fact)
        if unmet := self._unmet(needs):
            status, reason = unmet
            self._note(fact, status, reason)
            raise (CheckpointBlocked if status is Status.BLOCKED else CheckpointErrored)(reason)
        try:
            status, value, reason, exc = self._run(task)
        except NotApplicable as exc:
            self.unoffered[fact] = str(exc)
            raise
        if status is Status.PASSED:
            self.facts[fact] = value
            return value
        assert exc is not None
        # what leaves a task is said again by the runners (console, Allure): masked first
        if isinstance(exc, EnvironmentBroken):
            raise EnvironmentBroken(self.broken) from None
        if status is Status.ERRORED and not isinstance(exc, CheckpointErrored):
            reason = f"errored: '{fact}' could not be established: {reason}"
            self._note(fact, status, reason)
            raise CheckpointErrored(reason) from exc
        self._note(fact, status, reason)
        signal = {Status.FAILED: ActionFailed, Status.BLOCKED: CheckpointBlocked}.get(
            status, CheckpointErrored)
        raise signal(reason) from None

    def can(self, ability: TypeForm[Any]) -> bool:
        """Whether the walk's channel has the ability (``walkthrough.channels``): a task only
        some channels offer is asked of those that declare it."""
        return ability in getattr(self.channel, "abilities", frozenset())

    def able(self, ability: TypeForm[T]) -> T:
        """The walk's channel, to do a task of ``ability``; where its driver does not declare
        it, the task and the checks that need it are not applicable on this channel."""
        if not self.can(ability):
            what = (ability.__doc__ or ability.__name__).strip().splitlines()[0].rstrip(".")
            raise NotApplicable(f"the {self.channel.name} channel's driver cannot: {what}")
        # the driver declares the ability at run time, which its static type cannot say
        return self.channel  # type: ignore[return-value]

    # -- checkpoints -------------------------------------------------------------------------
    def check(self, standard_id: str, question: Callable[[], Verdict], *,
              needs: Iterable[str] = (), gives: Iterable[str] = ()) -> CheckpointRecord:
        """Check a standard; ``gives``: facts the question establishes on the way (an SMS
        found), which later steps may need, so they share the checkpoint's outcome when the
        question could not establish them."""
        std = self.catalogue.get(standard_id)
        gives = tuple(gives)
        if STAGES.index(std.stage) > self.last_stage:
            raise WalkStopped(f"stage {std.stage} is past the stages selected")
        skip: WalkSignal | None = None
        if std.stage not in self.stages:
            skip = NotSelected(f"{std.id} belongs to stage {std.stage}, not selected")
        elif not std.applies_to(self.channel.name):
            skip = NotApplicable(f"{std.id} applies to {', '.join(std.channels)} only")
        elif std.requires and self.carrier.get(std.requires, None) is None:
            skip = NotApplicable(f"{std.id} judges a rule {self.carrier.name} does not have "
                                 f"(its carrier file has no {std.requires})")
        if skip is not None:
            if gives:  # walked, not checked: what it establishes is still needed later
                self._judge(std.id, question, needs, gives)
            raise skip
        started = time.monotonic()
        status, verdict, reason, exc = self._judge(std.id, question, needs, gives)
        if status is Status.ERRORED:
            self._record(std.id, status, reason=reason, started=started)
            if isinstance(exc, EnvironmentBroken):
                raise EnvironmentBroken(self.broken)
            raise CheckpointErrored(f"[{std.id}] {reason.splitlines()[0]}") from (
                None if isinstance(exc, CheckpointErrored) else exc)
        if status is Status.BLOCKED:
            self._record(std.id, status, reason=reason, started=started)
            raise CheckpointBlocked(f"[{std.id}] {reason}")
        assert verdict is not None
        record = self._record(std.id, status, observed=verdict.observed,
                              expected=verdict.expected, started=started)
        if status is Status.FAILED:
            self.evidence.extend(self.channel.evidence())
            raise CheckpointFailed(f"[{std.id}] {std.title_en}: observed {record.observed}; "
                                   f"expected {record.expected}")
        return record

    def _judge(self, standard_id: str, question: Callable[[], Verdict], needs: Iterable[str],
               gives: tuple[str, ...]) -> Outcome:
        """Ask ``question`` once what ``needs`` is there; its outcome, with ``gives`` noted."""
        if self.broken:
            return Status.ERRORED, None, self.broken, EnvironmentBroken(self.broken)
        for fact in gives:
            self._forget(fact)
        if unmet := self._unmet(needs):
            status, reason = unmet
            for fact in gives:
                self._note(fact, status, reason)
            return status, None, reason, None
        status, verdict, reason, exc = self._run(question)
        if status is Status.FAILED:  # the product refused what the question asked
            verdict = Verdict(False, observed=reason,
                              expected=self.catalogue.get(standard_id).title_en)
        elif status is Status.PASSED and not verdict.passed:
            status = Status.FAILED
        if status is Status.ERRORED and exc is not None and \
                not isinstance(exc, CheckpointErrored | EnvironmentBroken):
            reason = f"errored: {reason}"
            if not isinstance(exc, (UsageError, *TRANSPORT_ERRORS)):  # a harness bug
                reason += "\n" + "".join(traceback.format_exception(exc, limit=-4))
        for fact in gives:
            if status is Status.PASSED and fact not in self.facts:
                self._note(fact, Status.ERRORED, f"errored: [{standard_id}] passed without "
                                                 f"establishing '{fact}'")
            elif status is Status.FAILED:
                self._note(fact, status, f"[{standard_id}] {verdict.observed}")
            else:
                self._note(fact, status, reason.split("\n")[0])
        return status, verdict, reason, exc

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
