"""`walkthrough history export`: the history as JSON lines or CSV, for a spreadsheet or
another system. Every text is masked again on the way out, so an export is safe to pass on
even from a history written by an older version."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select

from walkthrough.history import schema
from walkthrough.history.store import History
from walkthrough.masking import mask_text

CHECKPOINT_COLUMNS = ("run_id", "carrier", "release", "org", "walk_id", "product_line",
                      "channel", "stage", "standard", "department", "severity", "status",
                      "observed", "expected", "reason", "at")
_TEXT = {"observed", "expected", "reason", "title"}


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=dt.UTC).isoformat()
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif key in _TEXT and isinstance(value, str):
            value = mask_text(value)
        out[key] = value
    return out


def _checkpoints(history: History, run_id: str | None) -> Iterator[dict[str, Any]]:
    c, r = schema.checkpoints, schema.runs
    query = (select(c.c.run_id, r.c.carrier, r.c.release, r.c.org, c.c.walk_id,
                    c.c.product_line, c.c.channel, c.c.stage, c.c.standard, c.c.department,
                    c.c.severity, c.c.status, c.c.observed, c.c.expected, c.c.reason, c.c.at)
             .join(r, r.c.id == c.c.run_id).order_by(r.c.started, c.c.id))
    if run_id:
        query = query.where(c.c.run_id == run_id)
    with history.read() as conn:
        for row in conn.execution_options(yield_per=2000).execute(query):
            yield _clean(dict(row._mapping))


def write_jsonl(history: History, out: IO[str], run_id: str | None = None) -> int:
    """Runs, checkpoints and problems, one JSON object a line, each with its ``type``."""
    count = 0
    runs = [run for run in history.runs() if not run_id or run["id"] == run_id]
    for run in reversed(runs):
        out.write(json.dumps({"type": "run", **_clean(run)}, ensure_ascii=False) + "\n")
        count += 1
    for row in _checkpoints(history, run_id):
        out.write(json.dumps({"type": "checkpoint", **row}, ensure_ascii=False) + "\n")
        count += 1
    if not run_id:
        p = schema.problems
        with history.read() as conn:
            for problem in conn.execute(select(p).order_by(p.c.id)):
                out.write(json.dumps({"type": "problem", **_clean(dict(problem._mapping))},
                                     ensure_ascii=False) + "\n")
                count += 1
    return count


def write_csv(history: History, out: IO[str], run_id: str | None = None) -> int:
    """The checkpoints, one row each, with the run's carrier, release and org unit."""
    writer = csv.DictWriter(out, fieldnames=CHECKPOINT_COLUMNS)
    writer.writeheader()
    count = 0
    for row in _checkpoints(history, run_id):
        writer.writerow(row)
        count += 1
    return count
