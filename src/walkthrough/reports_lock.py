"""One run at a time in a reports folder.

A run owns its folder's summary.json, Allure results and report from its start to its end;
a second run started on the same folder waits for the first. The lock is the kernel's
(flock), so a run that is killed lets go of it with its last breath, and the file names the
run that holds it, so `walkthrough history import` can leave a live run alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

NAME = "run.lock"


def _busy(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    return False


def _holder(handle: IO[str]) -> dict[str, object]:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def hold(reports: Path, run_id: str) -> Iterator[None]:
    """Hold the folder's lock for ``run_id``, waiting (and saying so) while another run
    holds it."""
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / NAME
    with path.open("a+", encoding="utf-8") as handle:
        if _busy(handle):
            other = _holder(handle)
            print(f"walkthrough: run {other.get('run', '?')} (pid {other.get('pid', '?')}) is "
                  f"using {reports}; waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"run": run_id, "pid": os.getpid()}) + "\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def live_run(reports: Path) -> str | None:
    """The id of the run walking in this folder now, if one is."""
    path = reports / NAME
    if not path.is_file():
        return None
    with path.open("r", encoding="utf-8") as handle:
        if not _busy(handle):
            fcntl.flock(handle, fcntl.LOCK_UN)
            return None
        run = _holder(handle).get("run")
        return str(run) if run else None
