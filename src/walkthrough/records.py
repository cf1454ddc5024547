"""Checkpoint records on disk: one JSON line each, written as they happen, so a run that dies
keeps every checkpoint it made."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from walkthrough.checkpoint import CheckpointRecord


class RecordFile:
    """Each record reaches the operating system as it is made, so a run that is killed keeps
    it; a walk's records reach the disk itself (fsync) when the walk ends (``sync``), so a
    machine that goes down keeps every walk that had finished. One fsync a walk instead of one
    a checkpoint: it was a twentieth of a walk's CPU and most of its disk waits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._unsynced = False

    def write(self, record: CheckpointRecord) -> None:
        line = json.dumps(record.to_dict(), ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            self._unsynced = True

    def sync(self) -> None:
        """Whatever was written so far, on the disk."""
        with self._lock:
            if not self._unsynced:
                return
            descriptor = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            self._unsynced = False


def read(directory: Path, run: str | None = None) -> list[CheckpointRecord]:
    records = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = CheckpointRecord.from_dict(json.loads(line))
                if run is None or record.run == run:
                    records.append(record)
    return records


def clear(directory: Path, keep: Iterable[str] = ()) -> None:
    for path in directory.glob("*.jsonl"):
        if path.name not in set(keep):
            path.unlink()
