"""Checkpoints: one observed fact checked against one service standard.

A checkpoint ends in one of four statuses. Only ``passed``, ``failed`` and ``blocked`` say
something about the product; ``errored`` says the harness or its environment broke, and is
kept out of compliance so that an operator that is down never reads as product defects.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Any


class Status(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    BLOCKED = "blocked"
    ERRORED = "errored"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)


def worst(statuses: set[str]) -> str:
    """A walk's outcome from its checkpoints' statuses: the worst of them."""
    for status in (Status.ERRORED, Status.FAILED, Status.BLOCKED):
        if status.value in statuses:
            return status.value
    return Status.PASSED.value


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What a question about the product found: the fact observed and whether it meets the
    standard."""

    passed: bool
    observed: str
    expected: str


@dataclasses.dataclass
class CheckpointRecord:
    run: str
    walk: str
    carrier: str
    product_line: str
    channel: str
    stage: str
    standard: str
    title: str
    department: str
    severity: str
    status: str
    observed: str = ""
    expected: str = ""
    reason: str = ""
    at: str = ""
    seconds: float = 0.0
    feature: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckpointRecord:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


class WalkSignal(Exception):
    """Base of what a step raises to tell the runner how the walk went on."""


class CheckpointFailed(WalkSignal, AssertionError):
    """The product did not meet a standard. The walk goes on where the customer could."""


class ActionFailed(WalkSignal, AssertionError):
    """A customer task could not be done because of the product (a page without the button,
    an order refused). What depends on it is blocked; the rest of the walk goes on."""


class CheckpointBlocked(WalkSignal):
    """A standard could not be reached because an earlier task failed for the product."""


class CheckpointErrored(WalkSignal):
    """What a checkpoint needs could not be done or seen because the harness, a driver, the
    carrier file or the test environment broke (a stand-in answering 500, an answer shaped
    otherwise than expected): not a product defect. Unlike ``EnvironmentBroken`` the walk
    goes on; only what needs the fact is errored."""


class EnvironmentBroken(WalkSignal):
    """The environment broke (operator unreachable, browser missing, bad credentials): not a
    product defect. Every later checkpoint of the walk is recorded as errored."""


class NotSelected(WalkSignal):
    """The step belongs to a stage that this run did not select."""


class NotApplicable(WalkSignal):
    """The standard does not apply to the walk's channel (the catalogue says where it does)."""


class NotSold(WalkSignal):
    """The carrier does not sell what the walk was to take (its carrier file says so): the
    walk ends there, neither passed nor failed, and is not counted."""


class WalkStopped(WalkSignal):
    """The walk went past the last selected stage; the remaining steps are not run."""
