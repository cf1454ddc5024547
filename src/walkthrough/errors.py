"""User mistakes, reported the way pytest reports them: file, line, what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class UsageError(Exception):
    """A mistake in what the user gave us (a config file, a feature, an option)."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 hint: str = "") -> None:
        self.message = message
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


class EnvironmentProblem(RuntimeError):
    """The test environment broke before or around the walks (an unreachable carrier, a
    reports folder that cannot be written, a database that is down): never the user's
    mistake, never the carrier's defect."""


# a write refused by the machine (a full disk, a read-only or forbidden folder, a failing
# device) is the environment's fault; a path that is no file or no folder is the user's
_ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES,
                       errno.EPERM, errno.EFBIG, errno.EMFILE, errno.ENFILE}


def os_error(exc: OSError, doing: str, path: Path | str | None = None,
             ) -> UsageError | EnvironmentProblem:
    """An OSError as what it means to the user: ``doing`` is e.g. "cannot write"."""
    where = path if path is not None else exc.filename
    reason = exc.strerror or str(exc)
    if exc.errno in _ENVIRONMENT_ERRNOS:
        return EnvironmentProblem(f"{where}: {doing} ({reason})")
    return UsageError(f"{doing} ({reason})", path=where,
                      hint="give a path where a file can be written")
