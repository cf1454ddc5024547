"""Problems: a failed (or blocked) checkpoint carried across runs until a later walk verifies
it fixed (整改 → 再体验).

A problem is keyed by carrier × org unit × standard × product line × channel: the same
standard failing on the web hall of 广州 and on the API of 深圳 are two problems with two
owners' deadlines. Its life across the runs of that carrier and org unit:

    new        found by the latest run, never seen before
    open       found earlier and not verified fixed since
    fixed      a later run passed that checkpoint
    regressed  failed again after it was fixed (until a run passes it again)

The owning department comes from the catalogue, and the due date from the standard's severity
(``problem_due_days`` in scenarios/standards.yaml).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from walkthrough import yamlfile
from walkthrough.errors import UsageError
from walkthrough.standards import SEVERITIES, Catalogue

OPEN = ("new", "open", "regressed")
STATUSES = ("new", "open", "fixed", "regressed")
DUE_KEY = "problem_due_days"

Key = tuple[str, str, str, str, str]  # carrier, org, standard, product line, channel


def due_days(path: Path) -> dict[str, int]:
    """Days to rectify, by severity, from the catalogue file's ``problem_due_days``."""
    data = yamlfile.load(path)
    if DUE_KEY not in data:
        raise UsageError(f"no '{DUE_KEY}:' mapping", path=path,
                         hint=f"add '{DUE_KEY}: {{critical: 7, major: 14, minor: 30}}'")
    entry = data[DUE_KEY]
    line = data.line_of(DUE_KEY)
    if not isinstance(entry, dict):
        raise UsageError(f"'{DUE_KEY}' must map each severity to days", path=path, line=line)
    missing = [s for s in SEVERITIES if s not in entry]
    if missing:
        raise UsageError(f"'{DUE_KEY}' lacks {', '.join(missing)}", path=path, line=line,
                         hint=f"give days for each of {', '.join(SEVERITIES)}")
    days: dict[str, int] = {}
    for severity, value in entry.items():
        if severity not in SEVERITIES:
            raise UsageError(f"'{DUE_KEY}': {severity!r} is not a severity", path=path,
                             line=line, hint=f"severities are {', '.join(SEVERITIES)}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise UsageError(f"'{DUE_KEY}': {severity} must be a whole number of days, not "
                             f"{value!r}", path=path, line=line)
        days[str(severity)] = value
    return days


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one run said about one problem key."""

    failed: bool
    stage: str
    title: str
    department: str
    severity: str
    observed: str = ""
    expected: str = ""


def outcomes(rows: Iterable[Mapping[str, Any]], carrier: str, org: str,
             catalogue: Catalogue | None = None) -> dict[Key, Outcome]:
    """Each key's outcome in one run: failed if any of its checkpoints failed or was blocked,
    passed if every judged one passed; errored checkpoints say nothing either way."""
    found: dict[Key, Outcome] = {}
    for row in rows:
        status = row["status"]
        if status not in ("passed", "failed", "blocked"):
            continue
        key = (carrier, org, row["standard"], row["product_line"], row["channel"])
        failed = status != "passed"
        if key in found and (found[key].failed or not failed):
            continue  # a failure already stands, or this pass adds nothing
        standard = catalogue.standards.get(row["standard"]) if catalogue else None
        found[key] = Outcome(
            failed=failed, stage=row["stage"], title=row.get("title") or "",
            department=standard.department if standard else row["department"],
            severity=standard.severity if standard else row["severity"],
            observed=(row.get("observed") or row.get("reason") or "") if failed else "",
            expected=row.get("expected") or "")
    return found


def next_status(current: str | None, failed: bool | None) -> str | None:
    """The status after one run: ``failed`` None means the run did not judge the key."""
    if failed is None:
        return "open" if current == "new" else current
    if failed:
        if current is None:
            return "new"
        if current == "fixed":
            return "regressed"
        return "regressed" if current == "regressed" else "open"
    return None if current is None else "fixed"


@dataclasses.dataclass
class Problem:
    """One problem's row as the lifecycle keeps it (the history stores it as is)."""

    carrier: str
    org: str
    standard: str
    product_line: str
    channel: str
    stage: str
    title: str
    department: str
    severity: str
    status: str
    first_run: str
    first_seen: dt.datetime
    last_failed_run: str
    last_failed: dt.datetime
    last_run: str
    due: dt.date
    fixed_run: str | None = None
    fixed: dt.datetime | None = None
    observed: str = ""
    expected: str = ""
    id: int | None = None

    @property
    def key(self) -> Key:
        return (self.carrier, self.org, self.standard, self.product_line, self.channel)

    def age_days(self, now: dt.datetime) -> int:
        return max((now - self.first_seen).days, 0)

    def overdue(self, today: dt.date) -> bool:
        return self.status in OPEN and today > self.due

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Problem:
        """A problem from its table's row (a database row is keyed by names and columns)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in row.items() if k in names})

    def to_row(self) -> dict[str, Any]:
        row = dataclasses.asdict(self)
        row.pop("id")
        return row


def advance(known: dict[Key, Problem], found: dict[Key, Outcome], *, run: str,
            at: dt.datetime, days: Mapping[str, int]) -> list[tuple[Problem, str]]:
    """Move the problems of one carrier and org unit through one run, in place. Returns each
    problem whose status changed, with its new status (for the event log); new problems are
    added to ``known``."""
    changed: list[tuple[Problem, str]] = []
    for key in set(known) | set(found):
        outcome = found.get(key)
        problem = known.get(key)
        status = next_status(problem.status if problem else None,
                             outcome.failed if outcome else None)
        if status is None:
            continue
        if problem is None:
            assert outcome is not None
            problem = Problem(
                carrier=key[0], org=key[1], standard=key[2], product_line=key[3],
                channel=key[4], stage=outcome.stage, title=outcome.title,
                department=outcome.department, severity=outcome.severity, status=status,
                first_run=run, first_seen=at, last_failed_run=run, last_failed=at,
                last_run=run, due=_due(at, outcome.severity, days),
                observed=outcome.observed, expected=outcome.expected)
            known[key] = problem
            changed.append((problem, status))
            continue
        if outcome is not None:
            problem.last_run = run
            problem.title = outcome.title or problem.title
            problem.department, problem.severity = outcome.department, outcome.severity
            if outcome.failed:
                problem.last_failed_run, problem.last_failed = run, at
                problem.observed, problem.expected = outcome.observed, outcome.expected
            else:
                problem.fixed_run, problem.fixed = (problem.fixed_run, problem.fixed) \
                    if problem.status == "fixed" else (run, at)
        if status == "regressed" and problem.status == "fixed":
            # the deadline starts again: the department has the full time to fix it again
            problem.due = _due(at, problem.severity, days)
            problem.fixed_run, problem.fixed = None, None
        if status != problem.status:
            problem.status = status
            changed.append((problem, status))
    return changed


def _due(at: dt.datetime, severity: str, days: Mapping[str, int]) -> dt.date:
    return (at + dt.timedelta(days=days.get(severity, max(days.values(), default=30)))).date()
