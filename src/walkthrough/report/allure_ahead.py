"""Allure's generator started ahead: a JVM that begins with the run's walks and writes the
run's report at its end.

A freshly started JVM interprets Allure's code and compiles it as it goes; on this
project's 2-core machine that was about 1.05 s of a run's end for its report, against about
0.4 s in a JVM that has written a small report already. So a run that will write the Allure
report starts one (``AllureAhead.java``) while its walks mostly wait on the carrier: it
writes a throw-away report of one made-up walk, at a lower priority than the walks, then
waits on its standard input for the run's own ``allure generate`` arguments.

The program is compiled once per Allure and Java installation into the cache folder (with
the JDK's compiler module, which Debian's headless JRE carries); where it cannot be, or the
JVM dies, the report is made the usual way (allure.generate), so this only ever saves time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from walkthrough.report import jvm

SOURCE = Path(__file__).with_name("AllureAhead.java")
_started: Ahead | None = None


class Ahead:
    """One JVM waiting to write one report."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None
        self.folder = Path(tempfile.mkdtemp(prefix="walkthrough-allure-ahead-"))
        self.log = self.folder / "allure.log"
        self.used = False
        # compiling (the first time) and starting happen off the run's own way
        pool = concurrent.futures.ThreadPoolExecutor(1, "allure-ahead")
        self._starting = pool.submit(self._start)
        pool.shutdown(wait=False)

    def _start(self) -> subprocess.Popen[bytes] | None:
        home = Path(self.command[0]).resolve().parent.parent
        java = jvm.java()
        if java is None or not (home / "lib").is_dir():  # not the npm Allure's layout
            return None
        classes = _compiled(java, home)
        if classes is None:
            return None
        sample = _sample(self.folder / "sample")
        # the user's JVM options where set, as allure's own script would read them
        options = shlex.split(os.environ.get("JAVA_OPTS", jvm.OPTIONS))
        nice = shutil.which("nice")
        with self.log.open("wb") as log:
            return subprocess.Popen(
                [*([nice, "-n", "10"] if nice else []), java, *options, "-cp",
                 os.pathsep.join([str(home / "lib" / "*"), str(home / "lib" / "config"),
                                  str(classes)]),
                 "AllureAhead", str(home), str(sample)],
                stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "ALLURE_NO_ANALYTICS": "true"})

    def generate(self, arguments: list[str], timeout: float) -> str:
        """Write the report these ``allure`` arguments ask for; '' on success, else what
        went wrong (and the caller makes it the usual way)."""
        self.used = True
        try:
            process = self._starting.result(timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - any failure here only means the usual way
            return f"the generator started ahead did not start ({exc})"
        if process is None or process.stdin is None:
            return "no generator was started ahead"
        if any("\n" in argument for argument in arguments):
            return "an argument the generator started ahead cannot be given"
        try:
            process.stdin.write("".join(f"{a}\n" for a in [*arguments, ""]).encode())
            process.stdin.close()
            code = process.wait(timeout=timeout)
        except (OSError, ValueError):  # it had died: its stdin is a broken pipe
            code = process.wait()
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return f"the generator started ahead took more than {timeout:.0f} s"
        if code != 0:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            return f"the generator started ahead failed (exit {code}): " \
                   f"{lines[-1] if lines else 'no output'}"
        return ""

    def close(self) -> None:
        """End it: a JVM still waiting (no report was asked of it) has nothing to finish."""
        with contextlib.suppress(Exception):
            process = self._starting.result()
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def started(command: list[str] | None) -> Iterator[None]:
    """A generator started ahead for the report at this run's end (none where ``command``
    is None: no report, or no Allure), ended with the run."""
    global _started
    if command is None:
        yield
        return
    ahead = _started = Ahead(command)
    try:
        yield
    finally:
        _started = None
        ahead.close()


def take(command: list[str]) -> Ahead | None:
    """The generator started ahead for this Allure command, once: a second report of the
    same run (there is none today) is made the usual way."""
    global _started
    ahead = _started
    if ahead is None or ahead.used or ahead.command != command:
        return None
    return ahead


def _compiled(java: str, home: Path) -> Path | None:
    """The folder of AllureAhead.class, compiled once against this Allure by this Java."""
    key = jvm.cache_key(SOURCE, java, home / "bin" / "allure")
    folder = jvm.cache_folder()
    if key is None or folder is None:
        return None
    classes = folder / f"allure-ahead-{key}"
    if (classes / "AllureAhead.class").is_file():
        return classes
    making = Path(tempfile.mkdtemp(prefix=f"{classes.name}.", dir=folder))
    try:
        done = subprocess.run(
            [java, "-m", "jdk.compiler/com.sun.tools.javac.Main", "-nowarn", "-d", str(making),
             "-cp", os.pathsep.join(str(jar) for jar in sorted((home / "lib").glob("*.jar"))),
             str(SOURCE)], capture_output=True, timeout=120)
        if done.returncode != 0 or not (making / "AllureAhead.class").is_file():
            return None  # a JRE without the compiler module: the usual way, every run
        with contextlib.suppress(OSError):  # a run beside this one compiled it first
            making.rename(classes)
        return classes if (classes / "AllureAhead.class").is_file() else None
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        shutil.rmtree(making, ignore_errors=True)


def _sample(folder: Path) -> Path:
    """One made-up walk in Allure's result format, with the parts a run's results have
    (labels, parameters, steps, an attachment), for the throw-away report."""
    folder.mkdir(parents=True)
    now = int(time.time() * 1000)
    (folder / "sample-attachment.txt").write_text("a sample", encoding="utf-8")
    step = {"name": "a step", "status": "passed", "start": now, "stop": now + 1,
            "attachments": [{"name": "evidence", "source": "sample-attachment.txt",
                             "type": "text/plain"}]}
    for n, status in enumerate(("passed", "failed", "broken")):
        (folder / f"sample{n}-result.json").write_text(json.dumps({
            "uuid": f"sample{n}", "historyId": f"sample{n}", "name": f"a sample walk {n}",
            "fullName": f"sample.walk{n}", "status": status, "start": now, "stop": now + 2,
            "statusDetails": {"message": "a sample", "trace": "a sample"},
            "labels": [{"name": "parentSuite", "value": "sample"},
                       {"name": "feature", "value": "sample"},
                       {"name": "severity", "value": "normal"}],
            "parameters": [{"name": "channel", "value": "api"}],
            "steps": [step, {**step, "status": status}]}), encoding="utf-8")
    return folder
