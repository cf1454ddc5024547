"""From the JSONL checkpoint records of a run to the history.

`walkthrough run` writes a small sidecar, ``checkpoints/<run>.run.json``, when it starts
(release, org unit, start time) and marks it complete when it ends. The records and the
sidecar are all a later ``walkthrough history import`` needs for a run that died: it is
stored as incomplete, with what it gathered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import UsageError
from walkthrough.history.store import History, RunInfo, utc
from walkthrough.standards import Catalogue

SIDECAR = ".run.json"
BESIDE = "competitor"  # report.commands.COMPETITOR_DIR: the second operator's folder


def sidecar_path(checkpoints: Path, run_id: str) -> Path:
    return checkpoints / f"{run_id}{SIDECAR}"


def write_sidecar(checkpoints: Path, info: RunInfo) -> None:
    checkpoints.mkdir(parents=True, exist_ok=True)
    data = dataclasses.asdict(info)
    for key in ("started", "finished"):
        data[key] = data[key].isoformat() if data[key] else None
    sidecar_path(checkpoints, info.id).write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_sidecar(checkpoints: Path, run_id: str) -> dict[str, Any]:
    path = sidecar_path(checkpoints, run_id)
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UsageError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                         hint="fix or delete the file; the run then imports with defaults"
                         ) from None
    return data if isinstance(data, dict) else {}


def read_records(checkpoints: Path) -> dict[str, list[CheckpointRecord]]:
    """Every record in the folder, by run. A line that is not a record names its file and
    line (a run killed mid-write leaves a half line: that one is skipped, not fatal)."""
    by_run: dict[str, list[CheckpointRecord]] = defaultdict(list)
    for path in sorted(checkpoints.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                record = CheckpointRecord.from_dict(data)
            except (json.JSONDecodeError, TypeError) as exc:
                if number == len(lines):  # the last line of a run that died while writing
                    continue
                raise UsageError(f"not a checkpoint record: {exc}", path=path, line=number,
                                 hint="remove the line, or the file if it is not a record"
                                 ) from None
            by_run[record.run].append(record)
    return dict(by_run)


def run_info(run_id: str, records: list[CheckpointRecord], meta: dict[str, Any],
             complete: bool) -> RunInfo:
    times = sorted(t for t in (utc(r.at) for r in records) if t)
    started = utc(meta.get("started")) or (times[0] if times else None) or \
        _from_run_id(run_id) or utc(dt.datetime.now(dt.UTC))
    finished = utc(meta.get("finished")) if complete else None
    if complete and finished is None and times:
        finished = times[-1]
    carrier = records[0].carrier if records else str(meta.get("carrier") or "")
    assert started is not None
    return RunInfo(id=run_id, carrier=carrier or "unknown", started=started, finished=finished,
                   complete=complete, release=str(meta.get("release") or ""),
                   org=str(meta.get("org") or ""), beside=meta.get("beside"),
                   target=meta.get("target"), selection=meta.get("selection") or {})


def _from_run_id(run_id: str) -> dt.datetime | None:
    """Run ids begin with the local start time (20261123-204500-…)."""
    try:
        local = dt.datetime.strptime(run_id[:15], "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    return utc(local.astimezone())


@dataclasses.dataclass
class Imported:
    run: str
    carrier: str
    complete: bool
    checkpoints: int


def import_leftovers(history: History, reports: Path, catalogue: Catalogue,
                     due_days: dict[str, int], live: Iterable[str] = ()
                     ) -> tuple[list[Imported], list[str]]:
    """Import every run whose records are in ``reports/checkpoints`` (or, for a second
    operator walked beside, ``reports/competitor/checkpoints``) but not in the history,
    oldest first, except the ``live`` ones (still walking). A run counts as complete if its
    sidecar says so or if ``summary.json`` is its complete summary; otherwise it died, and
    is stored as incomplete. Returns what was imported and the ids already there."""
    live = set(live)
    done: list[Imported] = []
    skipped: list[str] = []
    infos = []
    for folder in (reports, reports / BESIDE):
        checkpoints = folder / "checkpoints"
        by_run = read_records(checkpoints) if checkpoints.is_dir() else {}
        for path in checkpoints.glob(f"*{SIDECAR}") if checkpoints.is_dir() else ():
            by_run.setdefault(path.name[:-len(SIDECAR)], [])
        summarised = _summary_run(folder / "summary.json")
        for run_id, records in by_run.items():
            if run_id in live or any(run_id.startswith(f"{r}-") for r in live):
                continue
            if history.has_run(run_id):
                skipped.append(run_id)
                continue
            meta = read_sidecar(checkpoints, run_id)
            if meta.get("shard"):
                continue  # a shard of a campaign: `walkthrough merge` stores the whole
            complete = bool(meta.get("complete")) or run_id == summarised
            infos.append((run_info(run_id, records, meta, complete), records))
    for info, records in sorted(infos, key=lambda x: (x[0].started, x[0].id)):
        history.import_run(info, records, catalogue, due_days)
        done.append(Imported(info.id, info.carrier, info.complete, len(records)))
    return done, skipped


def _summary_run(path: Path) -> str | None:
    """The run a complete summary.json is of (a run that stopped leaves one marked
    incomplete)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not data.get("complete", True):
        return None
    return data.get("run")
