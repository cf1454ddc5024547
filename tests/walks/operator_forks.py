"""Embedded operators forked from one process that has already imported them, for the tests'
runs: ``python -m demo_operator serve ...`` started by a run's launcher becomes a thin client
(``operator_site/sitecustomize.py``) that hands its command line, environment, working folder
and streams (the inherited listening socket among them) to this process, which forks the
operator from its preloaded state. The operator is the real one, serving on the socket the
launcher bound, writing to the launcher's log and pipe; only its imports (FastAPI, pydantic,
uvicorn: about 0.6 s of CPU an operator) are paid once. The client stands for the operator to
the launcher: a signal sent to the client reaches the operator, the operator's exit status is
the client's, and when the client dies (SIGKILL included) the operator is killed.

The tests of starting and stopping (an operator left behind, a signal mid-run) start the real
``python -m walkthrough.cli`` without this, and so real operator processes.

    python tests/walks/operator_forks.py FD    (FD: a bound, listening AF_UNIX seqpacket socket)
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import json
import os
import random
import runpy
import selectors
import signal
import socket
import sys
import threading
import traceback

from walkthrough.launch import _dies_with_parent  # what the launcher arranges for its own

PRELOAD = ["demo_operator.app", "demo_operator.context", "demo_operator.db",
           "competitor_operator.app", "uvicorn", "uvicorn.config", "uvicorn.server",
           "uvicorn.loops.auto", "uvicorn.loops.asyncio", "uvicorn.protocols.http.auto",
           "uvicorn.protocols.http.h11_impl", "uvicorn.protocols.websockets.auto",
           "uvicorn.lifespan.on", "uvicorn.logging", "asyncio", "sqlite3"]


def _serve(module: str, argv: list[str], cwd: str, env: dict[str, str]) -> int:
    """In the forked child, with the client's streams in place: the operator's ``-m`` run."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    random.seed()  # a fork shares its parent's generator state
    sys.argv = [module, *argv]
    sys.path[0] = cwd  # as `python -m` has it
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)
        return 1
    except BaseException:  # noqa: BLE001 - said as `python -m` would say it
        traceback.print_exc()
        return 1
    return 0


class Forks:
    def __init__(self, listener: socket.socket, parent: int) -> None:
        self.listener = listener
        self.selector = selectors.DefaultSelector()
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_read, False)
        os.set_blocking(self.wake_write, False)
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.selector.register(listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_read, selectors.EVENT_READ, "reap")
        # the process that started the forks is watched, not its thread (a parent-death
        # signal would follow the thread, and tests start runs from threads)
        self.parent = os.pidfd_open(parent)
        self.selector.register(self.parent, selectors.EVENT_READ, "parent")
        self.clients: set[socket.socket] = set()
        self.child_of: dict[socket.socket, int] = {}
        self.client_of: dict[int, socket.socket] = {}

    def loop(self) -> None:
        while True:
            for key, _ in self.selector.select():
                if key.data == "accept":
                    conn, _ = self.listener.accept()
                    self.selector.register(conn, selectors.EVENT_READ, "client")
                    self.clients.add(conn)
                elif key.data == "parent":
                    for pid in self.client_of:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGKILL)
                    return
                elif key.data == "reap":
                    with contextlib.suppress(BlockingIOError):
                        while os.read(self.wake_read, 512):
                            pass
                    self._reap()
                else:
                    self._from_client(key.fileobj)  # type: ignore[arg-type]

    def _from_client(self, conn: socket.socket) -> None:
        try:
            data, fds, _, _ = socket.recv_fds(conn, 1 << 20, 8)
        except OSError:
            data, fds = b"", []
        if not data:  # the client died: its operator goes with it
            for fd in fds:
                os.close(fd)
            pid = self.child_of.pop(conn, None)
            if pid is not None:
                self.client_of.pop(pid, None)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.selector.unregister(conn)
            self.clients.discard(conn)
            conn.close()
            return
        ask = json.loads(data)
        pid = self._fork(ask, fds)
        for fd in fds:
            os.close(fd)
        self.child_of[conn], self.client_of[pid] = pid, conn
        conn.send(b"pid %d" % pid)

    def _fork(self, ask: dict[str, object], fds: list[int]) -> int:
        sys.stdout.flush()
        sys.stderr.flush()
        dies_with_us = _dies_with_parent()
        pid = os.fork()
        if pid:
            return pid
        # the child: nothing of the forks' own but the preloaded modules
        code = 1
        try:
            if dies_with_us:
                dies_with_us()
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # the forks' own descriptors closed first, the client's moved out of the way of
            # the numbers they are put at
            self.selector.close()
            for fd in [self.wake_read, self.wake_write, self.parent, self.listener.fileno(),
                       *(c.fileno() for c in self.clients)]:
                with contextlib.suppress(OSError):
                    os.close(fd)
            moved = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 256) for fd in fds]
            for fd in fds:
                os.close(fd)
            for target, fd in zip(ask["fds"], moved, strict=True):  # type: ignore[call-overload]
                os.dup2(fd, target, inheritable=target > 2)
                os.close(fd)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
            code = _serve(str(ask["module"]), list(ask["argv"]), str(ask["cwd"]),  # type: ignore[call-overload]
                          dict(ask["env"]))  # type: ignore[call-overload]
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.client_of.pop(pid, None)
            if conn is not None:
                self.child_of.pop(conn, None)
                with contextlib.suppress(OSError):
                    conn.send(b"exit %d" % status)


def main() -> None:
    listener = socket.socket(fileno=int(sys.argv[1]))
    parent = os.getppid()
    for module in PRELOAD:
        importlib.import_module(module)
    # forking is safe only from one thread: an import that starts one would make it unsafe
    if threading.active_count() != 1:
        sys.exit(f"operator_forks: {threading.active_count()} threads after the imports")
    Forks(listener, parent).loop()


if __name__ == "__main__":
    main()
