"""The Java that runs Allure, and the cache folder where what a JVM makes once is kept for
the runs after (Allure's class-data archive, the generator started ahead)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

# a short-lived JVM starts faster without the optimising compiler (about 0.3 s here)
OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def java() -> str | None:
    """The java command: JAVA_HOME's where it is set and has one, else the PATH's."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java")


def cache_key(*paths: Path | str) -> str | None:
    """A key that changes when any of these files is replaced (a new Allure, a new JDK),
    None if one is missing."""
    try:
        made_of = []
        for p in paths:
            real = Path(p).resolve()
            made_of.append(f"{real}:{real.stat().st_mtime_ns}:{real.stat().st_size}")
    except (OSError, RuntimeError):
        return None
    return hashlib.sha256("\n".join(made_of).encode()).hexdigest()[:16]


def cache_folder() -> Path | None:
    """The user's cache folder for walkthrough, made if need be; None where there is none
    that can be written (no home, a read-only cache): then nothing is kept."""
    try:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / \
            "walkthrough"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):
        return None
    return folder if os.access(folder, os.W_OK) else None
