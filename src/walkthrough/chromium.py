"""Which Chromium a run drives.

Debian's ``chromium-headless-shell`` is the old headless Chromium, without the browser's
window stack: measured on the mobile plan's walk in the web hall, it takes about a third less
CPU than full ``chromium --headless`` for the same pages (see the README's section on speed).
A run takes it where it is installed, and the full browser where it is not;
$WALKTHROUGH_CHROMIUM names another.
"""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM_ENV = "WALKTHROUGH_CHROMIUM"
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
FULL = Path("/usr/bin/chromium")


def executable() -> str:
    """$WALKTHROUGH_CHROMIUM, else the headless shell where it is installed, else the full
    browser."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named
    return str(HEADLESS_SHELL if HEADLESS_SHELL.is_file() else FULL)
