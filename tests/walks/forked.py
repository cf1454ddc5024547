"""The `walkthrough` command, run as its own process forked from one that has already
imported the harness.

A run's command is the same code and the same kind of process as ``python -m walkthrough.cli``
(its own operator, its own pytest session, its own exit code, stdout and stderr), without
paying for the interpreter's start and the harness's imports each time: the tests make
hundreds of runs. The tests of the entry point itself (a usage mistake said in one line, a
signal stopping a run) start the real ``python -m walkthrough.cli``.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# what every run imports: imported once, in the process the runs are forked from
PRELOAD = ["walkthrough.cli", "walkthrough.pytest_plugin", "walkthrough.report.commands",
           "walkthrough.report.html", "walkthrough.report.charts", "walkthrough.history.store",
           "walkthrough.product_lines", "allure_pytest.plugin", "behave.runner",
           "_pytest.main", "faker", "scipy.stats"]

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(PRELOAD)
HERE = Path(__file__).parent
_forks: tuple[subprocess.Popen[bytes], str] | None = None
_forks_lock = threading.Lock()


def _stop_forks(process: subprocess.Popen[bytes], folder: str) -> None:
    process.kill()
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)


def operator_forks() -> dict[str, str]:
    """What an environment needs for the embedded operators started in it to be forked from
    ``operator_forks.py`` (started once, for this process) rather than started anew."""
    global _forks
    with _forks_lock:
        if _forks is None or _forks[0].poll() is not None:
            _forks = _start_forks()
    site = str(HERE / "operator_site")
    return {"WALKTHROUGH_OPERATOR_FORKS": _forks[1],
            "PYTHONPATH": os.pathsep.join([site, *(p for p in os.environ.get(
                "PYTHONPATH", "").split(os.pathsep) if p and p != site)])}


def _start_forks() -> tuple[subprocess.Popen[bytes], str]:
    folder = tempfile.mkdtemp(prefix="operator-forks-")
    path = os.path.join(folder, "socket")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)  # bound here: a run asking before the imports are done waits
    listener.listen(64)
    process = subprocess.Popen([sys.executable, str(HERE / "operator_forks.py"),
                                str(listener.fileno())], pass_fds=[listener.fileno()],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    listener.close()
    atexit.register(_stop_forks, process, folder)
    return process, path


def _main(argv: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> None:
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - own streams
    from walkthrough import cli

    try:
        code = cli.main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


def run(argv: list[str], cwd: Path, timeout: float, logs: Path,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``walkthrough ARGV`` in ``cwd`` (with ``env``, default this process's environment),
    as subprocess.run(capture_output=True, text=True) gives it back; its output is kept in
    ``logs`` (a folder) while it runs. Its embedded operators are forked from preloaded ones
    (operator_forks.py) where the environment says so (conftest.py's ``operators_forked``)."""
    logs.mkdir(parents=True, exist_ok=True)
    out, err = logs / "stdout.txt", logs / "stderr.txt"
    process = _CONTEXT.Process(target=_main, args=(argv, str(cwd), dict(env or os.environ),
                                                   str(out), str(err)))
    process.start()
    process.join(timeout)
    if process.exitcode is None:
        process.kill()
        process.join()
        raise subprocess.TimeoutExpired(["walkthrough", *argv], timeout)
    return subprocess.CompletedProcess(
        ["walkthrough", *argv], process.exitcode,
        out.read_text(encoding="utf-8", errors="replace"),
        err.read_text(encoding="utf-8", errors="replace"))
