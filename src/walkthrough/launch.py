"""Starting an embedded operator (the demo operator, the competitor) as its own process.

The harness knows an embedded operator the way it knows any carrier: by address. It starts the
process by the module the carrier file's ``carrier.launch`` names and never imports its code.
Every embedded operator takes the same command line:
``python -m MODULE serve --fd N --db FILE [--fault NAME ...] [--start ISO] [REAL-TIME OPTION]``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import datetime as dt
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from walkthrough.errors import EnvironmentProblem, UsageError


@dataclasses.dataclass(frozen=True)
class Launch:
    """How to start an embedded operator (``carrier.launch`` in the carrier file)."""

    module: str
    ready: str  # the path that answers 2xx once it serves
    secrets: tuple[str, ...] = ()  # variables it reads credentials from: made for the run
    real_time: str = ""  # the option that puts it on wall-clock time ("": it has none)
    faults: str = ""  # the path that lists its faults
    name: str = "operator"


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _dies_with_parent() -> Callable[[], None] | None:
    """What the child runs before the operator starts, on Linux: the kernel kills it when
    the launcher dies, however the launcher dies (SIGKILL included), so no operator is left
    serving with nobody to stop it. (The kernel watches the thread that started the child:
    start an operator from a thread that outlives it.) Looked up here, in the parent: the
    child between fork and exec should do no more than a system call."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    prctl, parent = libc.prctl, os.getpid()

    def arrange() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the launcher died before the line above
            os._exit(1)
    return arrange


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Operator:
    def __init__(self, launch: Launch, faults: list[str], db: Path, port: int | None = None,
                 log: Path | None = None, real_time: bool = False,
                 start: dt.datetime | None = None) -> None:
        self.launch = launch
        self.faults, self.db, self.real_time = faults, db, real_time
        self.clock_start = start  # where every customer's clock starts (default: now)
        # Without a port asked for, the launcher binds one itself and hands the listening
        # socket to the operator: two operators started at once never get the same port.
        # A port asked for is bound here too, so a port in use is said at once (the health
        # check would otherwise be answered by whatever holds the port).
        self.listener: socket.socket | None = socket.socket()
        try:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.listener.bind(("127.0.0.1", port or 0))
        except OSError as exc:
            self.listener.close()
            raise EnvironmentProblem(f"the {launch.name} cannot listen on 127.0.0.1:{port} "
                                     f"({exc.strerror}); give another --port") from None
        self.listener.listen(64)
        port = int(self.listener.getsockname()[1])
        self.port = port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        where = ["--fd", str(self.listener.fileno())] if self.listener else \
            ["--host", "127.0.0.1", "--port", str(self.port)]
        cmd = [sys.executable, "-m", self.launch.module, "serve", *where, "--db", str(self.db)]
        for fault in self.faults:
            cmd += ["--fault", fault]
        if self.real_time:
            if not self.launch.real_time:
                raise UsageError(f"the {self.launch.name} has no wall-clock mode",
                                 hint="give the carrier file clock.kind: test-api")
            cmd.append(self.launch.real_time)
        if self.clock_start is not None:
            cmd += ["--start", self.clock_start.isoformat()]
        return cmd

    def start(self, wait: float = 90.0) -> Operator:
        return self.spawn().ready(wait)

    def spawn(self) -> Operator:
        """The operator's process started, not waited for: what the launcher does meanwhile
        overlaps the operator's own start (its web framework's imports, about a second)."""
        if self.process is not None:
            return self
        # One set of credentials per run, shared with the drivers through the environment, as
        # a real carrier's credentials would be.
        for name in self.launch.secrets:
            os.environ.setdefault(name, secrets.token_urlsafe(18))
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self.db.unlink(missing_ok=True)
        out = self.log.open("wb") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(
            self.command(), stdout=out, stderr=subprocess.PIPE, env=os.environ.copy(),
            pass_fds=[self.listener.fileno()] if self.listener else (),
            preexec_fn=_dies_with_parent())  # noqa: PLW1509 - one system call, see above
        return self

    def ready(self, wait: float = 90.0) -> Operator:
        """Once it answers on its ready path (spawned first if it was not)."""
        self.spawn()
        assert self.process is not None
        if self.listener is None and self.process.poll() is None:
            return self  # it answered before
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace").strip() \
                    if self.process.stderr else ""
                last = err.splitlines()[-1] if err else f"exit {self.process.returncode}"
                raise UsageError(f"the {self.launch.name} did not start: {last}",
                                 hint="`walkthrough faults` lists the fault names it knows")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.base_url + self.launch.ready, timeout=1).ok:
                    self._let_go()
                    return self
            time.sleep(0.1)
        self.stop()
        raise EnvironmentProblem(f"the {self.launch.name} did not answer on {self.base_url} in "
                                 f"{wait:.0f} s")

    def _let_go(self) -> None:
        """The operator has the socket now; the launcher's copy would only keep the port
        answering (into a queue) after the operator died."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def stop(self) -> None:
        self._let_go()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> Operator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
