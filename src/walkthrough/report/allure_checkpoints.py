"""Allure counts what summary.json counts: one test case per checkpoint.

allure-pytest writes one result per scenario: a walk, or a walk across channels (a walk on
each channel). Counted so, Allure's overview and the summary's compliance cannot be
reconciled (one failed checkpoint fails a whole walk). After the walks each result is
rewritten into one result per checkpoint, in the Suites tree as carrier → product line →
walk, the walk itself (its steps and attachments) being the set-up of each (an Allure
container), so every checkpoint's page still shows how the customer got there.

Allure 2's overview figure is passed ÷ (passed + failed + broken), skipped and unknown left
out; compliance is passed ÷ (passed + failed + blocked), errored left out. Hence each of our
statuses has one Allure status of its own, and the two figures are the same number: passed
is passed, failed is failed, blocked is broken (it counts against the product) and errored
is unknown (nothing is known of the product there). The categories say which is which.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from walkthrough.checkpoint import CheckpointRecord

STATUS = {"passed": "passed", "failed": "failed", "blocked": "broken", "errored": "unknown"}
WALK_LABEL, STANDARD_LABEL = "walk", "standard"
SEVERITY = {"critical": "critical", "major": "normal", "minor": "minor"}
# what the checkpoint says of itself, in place of what allure-pytest put on the whole walk
_OWN_LABELS = {"epic", "feature", "story", "severity", "owner", "parentSuite", "suite",
               "subSuite", WALK_LABEL, STANDARD_LABEL}
BLOCKED_MESSAGE = "blocked by an earlier failure"


def walk_title(scenario: str, channel: str, across_channels: bool) -> str:
    """A walk's name in every report: its scenario's, and the channel's for each walk of a
    scenario walked across channels (each counts as a walk, as in summary.json)."""
    return f"{scenario} — {channel}" if across_channels else scenario


def unrecorded_trouble(status: str, recorded: set[str]) -> bool:
    """Whether a scenario failed or broke in a way none of its checkpoints records (a task
    that broke with nothing after it needing it, or a walk that never began): it then stays
    a test case of its own, so no trouble is hidden by counting checkpoints."""
    if status == "broken":
        return "errored" not in recorded
    if status == "failed":
        return not recorded & {"failed", "blocked"}
    return False


def message(record: CheckpointRecord) -> str:
    """The checkpoint's message: the categories (allure.CATEGORIES) sort it by its start."""
    if record.status == "failed":
        return (f"standards not met: [{record.standard}] {record.title}: observed "
                f"{record.observed}; expected {record.expected}")
    if record.status == "blocked":
        return f"{BLOCKED_MESSAGE}: [{record.standard}] {record.reason}"
    if record.status == "errored":
        return f"the walk could not be completed: [{record.standard}] {record.reason}"
    return ""


def label_walks(results: Path, walks: dict[str, tuple[list[str], str]],
                since: int = 0) -> int:
    """Name its walks, and give its status, on each result whose history id is in ``walks``
    (id → the walks' ids and the Allure status of their outcome) and which started at
    ``since`` (ms) or later — an earlier run's result of the same scenario is not this one —
    as allure-pytest's results have them. (allure-behave takes no label from a step, and
    takes a scenario's status from its first step that did not pass, which may be a
    checkpoint not applicable to the channel.) How many were named."""
    named = 0
    for path in sorted(results.glob("*-result.json")) if results.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        ids, status = walks.get(str(data.get("historyId")), ([], ""))
        labels = data.setdefault("labels", [])
        if not ids or int(data.get("start") or 0) < since or \
                any(label.get("name") == WALK_LABEL for label in labels):
            continue
        labels.extend({"name": WALK_LABEL, "value": walk} for walk in ids)
        data["status"] = status
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        named += 1
    return named


def split(results: Path, records: Iterable[CheckpointRecord]) -> int:
    """Rewrite each walk's result into its checkpoints' results; how many were written.
    A result already split is left; one with no checkpoint behind it is removed when it
    passed or was skipped (a product line not sold on the channel, or nothing checked: no
    walk in summary.json either), and kept when it failed or broke."""
    by_walk: dict[str, list[CheckpointRecord]] = defaultdict(list)
    for record in records:
        by_walk[record.walk].append(record)
    written = 0
    for path in sorted(results.glob("*-result.json")) if results.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        labels = data.get("labels", [])
        if any(label.get("name") == STANDARD_LABEL for label in labels):
            continue
        walks = [str(label.get("value")) for label in labels
                 if label.get("name") == WALK_LABEL and by_walk.get(str(label.get("value")))]
        status = data.get("status", "")
        if not walks:
            if status in ("passed", "skipped"):
                path.unlink()
            continue
        for walk in walks:
            written += _write_walk(results, data, by_walk[walk], len(walks) > 1)
        recorded = {r.status for walk in walks for r in by_walk[walk]}
        if not unrecorded_trouble(status, recorded):
            path.unlink()
    return written


def _write_walk(results: Path, data: dict[str, Any], records: list[CheckpointRecord],
                across_channels: bool) -> int:
    first = records[0]
    title = walk_title(str(data.get("name", "")), first.channel, across_channels)
    start, stop = int(data.get("start") or 0), int(data.get("stop") or 0)
    kept = [x for x in data.get("labels", []) if x.get("name") not in _OWN_LABELS]
    seen: dict[str, int] = defaultdict(int)
    children = []
    cursor = start
    for record in records:
        nth = seen[record.standard]
        seen[record.standard] += 1
        key = f"{record.channel}|{record.standard}|{nth}"
        child = str(uuid.uuid4())
        children.append(child)
        # records keep whole seconds: a checkpoint starts no sooner than the one before
        # ended, so Allure lists a walk's checkpoints in the order they were made
        took = int(record.seconds * 1000)
        began = max(cursor, _ms(record.at, stop) - took)
        cursor = began + took + 1
        result: dict[str, Any] = {
            "uuid": child,
            "historyId": _id(data.get("historyId"), key),
            "testCaseId": _id(data.get("testCaseId"), key),
            "fullName": f"{data.get('fullName', '')}::{record.channel}::{record.standard}" +
                        (f"::{nth + 1}" if nth else ""),
            "name": f"[{record.standard}] {record.title}" + (f" ({nth + 1})" if nth else ""),
            "status": STATUS[record.status],
            "stage": "finished",
            "description": _description(record),
            "start": began,
            "stop": began + took,
            "labels": [*kept,
                       *({"name": n, "value": v} for n, v in (
                           ("parentSuite", record.carrier), ("suite", record.product_line),
                           ("subSuite", title), ("epic", record.product_line),
                           ("feature", record.channel), ("story", record.stage),
                           ("severity", SEVERITY.get(record.severity, "normal")),
                           ("owner", record.department), (WALK_LABEL, record.walk),
                           (STANDARD_LABEL, record.standard)))],
            "links": [{"type": "link", "url": f"../walkthrough.html#std-{record.standard}",
                       "name": f"standard {record.standard}"}],
            "parameters": [{"name": "channel", "value": record.channel}],
        }
        if text := message(record):
            result["statusDetails"] = {"message": text}
        (results / f"{child}-result.json").write_text(
            json.dumps(result, ensure_ascii=False), encoding="utf-8")
    walk = {key: data[key] for key in ("status", "statusDetails", "steps", "attachments")
            if key in data}
    container = str(uuid.uuid4())
    (results / f"{container}-container.json").write_text(json.dumps({
        "uuid": container, "name": title, "children": children, "start": start, "stop": stop,
        "befores": [{"name": f"the walk: {title}", "start": start, "stop": stop, **walk}],
        "afters": []}, ensure_ascii=False), encoding="utf-8")
    return len(children)


def _id(walk_id: Any, key: str) -> str:
    return hashlib.md5(f"{walk_id}|{key}".encode()).hexdigest()


def _ms(at: str, default: int) -> int:
    try:
        return int(dt.datetime.fromisoformat(at).timestamp() * 1000)
    except (TypeError, ValueError):
        return default


def _description(record: CheckpointRecord) -> str:
    lines = [f"{record.standard} ({record.stage}, {record.department}): {record.title}"]
    if record.observed or record.expected:
        lines += [f"observed: {record.observed}", f"expected: {record.expected}"]
    if record.reason:
        lines.append(f"reason: {record.reason}")
    return "\n\n".join(lines)
