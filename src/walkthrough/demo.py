"""Starting the embedded demo operator as its own process.

The harness knows the demo operator the way it knows any carrier: by address. It starts the
process by module name and never imports its code.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from walkthrough.errors import UsageError

MODULE = "demo_operator"
TOKEN_ENV = "DEMO_OPERATOR_API_TOKEN"
COUNTER_PASSWORD_ENV = "DEMO_OPERATOR_COUNTER_PASSWORD"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DemoOperator:
    def __init__(self, faults: list[str], db: Path, port: int | None = None,
                 log: Path | None = None, real_time: bool = False) -> None:
        self.faults, self.db, self.real_time = faults, db, real_time
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", MODULE, "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--db", str(self.db)]
        for fault in self.faults:
            cmd += ["--fault", fault]
        if self.real_time:
            cmd.append("--real-time")
        return cmd

    def start(self, wait: float = 30.0) -> DemoOperator:
        # One token per run, shared with the API driver through the environment, as a real
        # carrier's credentials would be.
        os.environ.setdefault(TOKEN_ENV, secrets.token_urlsafe(24))
        os.environ.setdefault(COUNTER_PASSWORD_ENV, secrets.token_urlsafe(12))
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self.db.unlink(missing_ok=True)
        out = self.log.open("wb") if self.log else subprocess.DEVNULL
        self.process = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.PIPE,
                                        env=os.environ.copy())
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode(errors="replace").strip() \
                    if self.process.stderr else ""
                last = err.splitlines()[-1] if err else f"exit {self.process.returncode}"
                raise UsageError(f"the demo operator did not start: {last}",
                                 hint="`walkthrough faults` lists the fault names it knows")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base_url}/test/health", timeout=1).ok:
                    return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the demo operator did not answer on {self.base_url} in {wait:.0f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def __enter__(self) -> DemoOperator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
