"""Which Chromium a run drives.

Debian's ``chromium-headless-shell`` is the old headless Chromium, without the browser's
window stack: measured on the mobile plan's walk in the web hall, it takes about a third less
CPU than full ``chromium --headless`` for the same pages (see the README's section on speed).
A run takes it where it is installed, and the full browser where it is not;
$WALKTHROUGH_CHROMIUM names another.

The flags it starts with (``ARGS``) are here too. With ``--disable-gpu`` Chromium still runs a
GPU process that composites every frame in software; ``--in-process-gpu`` runs it as a thread
of the browser's process instead, which saves the hop between the two processes on each frame
the walk's pages draw: measured with ``benchmarks/browser_speed.py --parts flags`` (the mobile
plan's walk in the web hall, 36 page loads, the two interleaved) in two sittings, 0.87x and
0.95x the CPU of a walk (the harness's, the browser's and the operator's), 0.90x and 0.98x
its seconds. It changes no page, what the page shows, nor a screenshot.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM_ENV = "WALKTHROUGH_CHROMIUM"
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
FULL = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--in-process-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def executable() -> str:
    """$WALKTHROUGH_CHROMIUM, else the headless shell where it is installed, else the full
    browser."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named
    return str(HEADLESS_SHELL if HEADLESS_SHELL.is_file() else FULL)
