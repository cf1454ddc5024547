"""User mistakes, reported the way pytest reports them: file, line, what to do."""

from __future__ import annotations

from pathlib import Path


class UsageError(Exception):
    """A mistake in what the user gave us (a config file, a feature, an option)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        self.path = path
        self.line = line
        self.hint = hint
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line else f"{path}: "
        text = f"{where}{message}"
        if hint:
            text += f"\n  hint: {hint}"
        super().__init__(text)
