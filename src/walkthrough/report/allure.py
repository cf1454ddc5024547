"""The Allure HTML report, generated offline at the end of a run.

The tool is Allure 2 (npm ``allure-commandline``, a Java program), installed by quickstart.sh
into ``.tools/``: nothing is downloaded at run time. The report is one file
(``--single-file``) so it opens from disk; its trend is carried from run to run by copying
the previous report's ``history/`` into the next results, as Allure expects. A single-file
report keeps its data inside ``index.html``; the history and the test cases (whose report
ids the walkthrough report links to) are read back from there.

A missing tool, or Java, is an environment problem: the run still ends, and says how to
get it.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from walkthrough.checkpoint import CheckpointRecord
from walkthrough.masking import mask_text
from walkthrough.report import allure_ahead, allure_checkpoints, jvm
from walkthrough.report.allure_checkpoints import BLOCKED_MESSAGE
from walkthrough.session import ROOT
from walkthrough.traces import mask_trace, masked_bytes

TOOL_ENV = "WALKTHROUGH_ALLURE"
LOCAL_TOOL = ROOT / ".tools" / "node_modules" / "allure-commandline" / "dist" / "bin" / "allure"
HOW_TO_GET = ("run ./quickstart.sh --no-run (it installs Allure into .tools/ with npm and "
              "Java from Debian), or set WALKTHROUGH_ALLURE to an allure 2 command")
# Allure matches a category's messageRegex against the whole message (Java's matches()), which
# allure-pytest begins with the exception's class ("walkthrough.pytest_plugin.WalkFailed: ").
# Each result is a checkpoint (allure_checkpoints): failed, blocked (broken), errored (unknown);
# a walk that broke before any checkpoint is broken with "the walk could not be completed".
# The four stay apart: a harness error is a harness error even if the environment also broke.
_CLASS = r"(?:[\w.]+: )?"
_OURS = (r"(?:standards not met|the walk could not be completed|environment:|"
         rf"{BLOCKED_MESSAGE})")
CATEGORIES = [
    {"name": "Product defects (failed checkpoints) 产品问题", "matchedStatuses": ["failed"],
     "messageRegex": rf"(?s){_CLASS}standards not met.*"},
    {"name": "Blocked by an earlier failure 被阻断", "matchedStatuses": ["broken"],
     "messageRegex": rf"(?s){BLOCKED_MESSAGE}.*"},
    {"name": "Environment errors 环境问题", "matchedStatuses": ["unknown", "broken", "failed"],
     "messageRegex": rf"(?s){_CLASS}(?:the walk could not be completed|environment:)"
                     r"(?:(?!harness error).)*"},
    {"name": "Harness errors 测试工具问题", "matchedStatuses": ["unknown", "broken", "failed"],
     "messageRegex": rf"(?s)(?!{_CLASS}{_OURS}).*|.*harness error.*"},
]
# one file of the single-file report: d('data/test-cases/….json','<base64>'), a line each
_DATA = re.compile(rb"d\('([^']+)','([A-Za-z0-9+/=]*)'\)")


@dataclasses.dataclass(frozen=True)
class TestCase:
    """One walk as the generated report knows it: its report uid is what a link needs."""

    uid: str
    history_id: str
    name: str
    status: str
    start: int  # ms
    stop: int
    labels: dict[str, list[str]]

    def label(self, name: str) -> str:
        return (self.labels.get(name) or [""])[0]


def locate() -> tuple[list[str] | None, str]:
    """The command to run Allure 2, or None and why not."""
    chosen = os.environ.get(TOOL_ENV)
    if chosen is not None:  # set: it is the one to use, and nothing else is looked for
        if not (Path(chosen).is_file() and os.access(chosen, os.X_OK)):
            return None, (f"{TOOL_ENV}={chosen!r} is not an executable Allure command; "
                          f"unset it, or {HOW_TO_GET.split(', or ')[0]}")
        candidates = [chosen]
    else:
        candidates = [str(LOCAL_TOOL), shutil.which("allure") or ""]
    tool = next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)),
                None)
    if tool is None:
        return None, f"the Allure command was not found; {HOW_TO_GET}"
    if jvm.java() is None:
        return None, ("Allure needs Java, which was not found; install Debian's "
                      "default-jre-headless (./quickstart.sh --no-run does) or set JAVA_HOME")
    return [tool], ""


def prepare(results: Path, report: Path, *, executor: dict[str, Any],
            environment: dict[str, str]) -> None:
    """Categories, the executor (the build name in Allure's trend), the environment, and the
    previous report's history so the trend goes on."""
    results.mkdir(parents=True, exist_ok=True)
    (results / "categories.json").write_text(
        json.dumps(CATEGORIES, ensure_ascii=False, indent=1), encoding="utf-8")
    executor = {**executor, "buildOrder": _next_build(report / "history")}
    (results / "executor.json").write_text(json.dumps(executor, ensure_ascii=False),
                                           encoding="utf-8")
    # environment.properties is read as ISO-8859-1: escape everything else as \uXXXX
    lines = [f"{_prop(k)}={_prop(v)}" for k, v in environment.items() if v]
    (results / "environment.properties").write_text("\n".join(lines) + "\n", encoding="ascii")
    previous = report / "history"
    if previous.is_dir():
        target = results / "history"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(previous, target)


def _next_build(history: Path) -> int:
    """Allure's trend labels each point with its build order: number the runs 1, 2, 3…"""
    try:
        trend = json.loads((history / "history-trend.json").read_text(encoding="utf-8"))
        return max(int(item.get("buildOrder") or 0) for item in trend) + 1
    except (OSError, ValueError, TypeError, AttributeError):
        return 1


def _prop(text: str) -> str:
    return "".join(c if 32 <= ord(c) < 127 and c not in "=:\\" else f"\\u{ord(c):04x}"
                   for c in str(text))


def result_files(results: Path) -> set[str]:
    return {p.name for p in results.glob("*-result.json")}


def label_results(results: Path, names: Iterable[str], carrier: str,
                  separate_history: bool) -> None:
    """Put the carrier on each walk (Allure's suite tree then reads carrier → feature), and
    give a second carrier's walks their own history ids, or Allure would take the two
    carriers' walks of the same scenario for retries of one test."""
    for name in names:
        path = results / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        said = [x for x in data.get("labels", []) if x.get("name") == "parentSuite"]
        if not separate_history and said == [{"name": "parentSuite", "value": carrier}]:
            continue  # a checkpoint's result says its carrier already (allure_checkpoints)
        labels = [x for x in data.get("labels", []) if x.get("name") != "parentSuite"]
        labels.append({"name": "parentSuite", "value": carrier})
        data["labels"] = labels
        if separate_history:
            for key in ("historyId", "testCaseId"):
                if data.get(key):
                    data[key] = hashlib.md5(f"{data[key]}|{carrier}".encode()).hexdigest()
            data.setdefault("parameters", []).append({"name": "carrier", "value": carrier})
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def generate(command: list[str], results: Path, report: Path, name: str,
             timeout: float = 300) -> str:
    """Generate the single-file report; '' on success, else what went wrong."""
    ahead = allure_ahead.take(command)
    if ahead is not None and not ahead.generate(_arguments(results, report, name), timeout):
        keep_history(report)
        return ""
    archive = None if "JAVA_OPTS" in os.environ else class_archive(command)
    error = _generate(command, results, report, name, timeout, archive)
    if error and archive is not None and archive.is_file():
        # an archive the JVM cannot use (a disk that filled, a JDK replaced in place) ends
        # it before Allure starts: once more without one, and the next run makes it again
        archive.unlink(missing_ok=True)
        error = _generate(command, results, report, name, timeout, None)
    if not error:
        keep_history(report)
    return error


def _arguments(results: Path, report: Path, name: str) -> list[str]:
    return ["generate", "--clean", "--single-file", "--name", name, "-o", str(report),
            str(results)]


def _generate(command: list[str], results: Path, report: Path, name: str, timeout: float,
              archive: Path | None) -> str:
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}  # no tracker in a report read offline
    making = None
    if archive is not None:
        # a JVM that dies of a bad archive writes its crash report here, not into the
        # folder the user ran the command in
        crash = f"-XX:ErrorFile={Path(tempfile.gettempdir()) / 'walkthrough-allure-jvm-%p.log'}"
        if archive.is_file():
            # -Xshare:on: an archive the JVM cannot use ends it, so it is made again, rather
            # than ignored in silence on every run after
            env["JAVA_OPTS"] = (f"{jvm.OPTIONS} -Xshare:on -XX:SharedArchiveFile={archive} "
                                f"-Xlog:cds=off {crash}")
        else:
            # written beside it and renamed once the JVM has ended: a JVM mapping an archive
            # still being written dies of it (SIGBUS), and two runs may end at once
            making = archive.with_name(f"{archive.name}.{os.getpid()}.tmp")
            env["JAVA_OPTS"] = (f"{jvm.OPTIONS} -XX:ArchiveClassesAtExit={making} "
                                f"-Xlog:cds=off {crash}")
    else:
        env.setdefault("JAVA_OPTS", jvm.OPTIONS)
    try:
        done = subprocess.run(
            [*command, *_arguments(results, report, name)],
            capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Allure could not run ({exc})"
    finally:
        if making is not None and archive is not None:
            with contextlib.suppress(OSError):
                if making.is_file():
                    os.replace(making, archive)
    if done.returncode != 0 or not (report / "index.html").is_file():
        lines = (done.stderr or done.stdout).strip().splitlines()
        return f"Allure failed (exit {done.returncode}): {lines[-1] if lines else 'no output'}"
    return ""


def class_archive(command: list[str]) -> Path | None:
    """Where the JVM keeps the classes Allure loads, parsed and verified (a dynamic
    class-data-sharing archive), so later runs map them instead of reading about 50 jars
    again: Allure's generation takes about a quarter less time. One archive per Allure
    and Java installation (the JVM refuses an archive made for another classpath or JVM);
    None where there is no cache folder to keep it in."""
    key = jvm.cache_key(command[0], jvm.java() or "java")
    folder = jvm.cache_folder()
    if key is None or folder is None:
        return None
    return folder / f"allure-classes-{key}.jsa"


def embedded(report: Path, wanted: Callable[[str], bool] = lambda name: True
             ) -> Iterator[tuple[str, bytes]]:
    """The files inside the single-file report's index.html that ``wanted`` names, decoded
    one at a time.

    The page embeds every file Allure would have written (each test case, each attachment)
    in base64, one a line, and grows by about 135 KB a walk. Read whole as text, every match
    taken at once and every file decoded, it took several times its size at once (the
    harness's peak grew 0.7 MiB a walk, at the end of a run); read a line at a time, and only
    the files asked for decoded, it takes about its largest file."""
    index = report / "index.html"
    if not index.is_file():
        return
    with index.open("rb") as handle:
        for line in handle:
            for match in _DATA.finditer(line):
                name = match.group(1).decode("utf-8", errors="replace")
                if wanted(name):
                    yield name, base64.b64decode(match.group(2))


def _embedded(report: Path) -> dict[str, bytes]:
    """Every file inside the single-file report (for a few small reports: the run's own
    reading asks ``embedded`` for the files it needs)."""
    return dict(embedded(report))


def keep_history(report: Path) -> int:
    """Write the single-file report's history out as ``history/*.json``, where the next run
    copies it from."""
    kept = 0
    for name, content in embedded(report, lambda name: name.startswith("history/")):
        path = report / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        kept += 1
    return kept


def test_cases(report: Path) -> list[TestCase]:
    """The walks in the generated report, from the data inside its index.html."""
    cases: dict[str, TestCase] = {}  # by file, as Allure names them: one case each
    for name, content in embedded(report, lambda name: name.startswith("data/test-cases/")
                                  and name.endswith(".json")):
        try:
            data = json.loads(content)
        except json.JSONDecodeError:
            continue
        labels: dict[str, list[str]] = {}
        for label in data.get("labels", []):
            labels.setdefault(label.get("name", ""), []).append(str(label.get("value", "")))
        time = data.get("time") or {}
        cases[name] = TestCase(uid=data.get("uid", ""), history_id=data.get("historyId", ""),
                               name=data.get("name", ""), status=data.get("status", ""),
                               start=int(time.get("start") or 0),
                               stop=int(time.get("stop") or 0), labels=labels)
    return list(cases.values())


def link(case: TestCase | None, prefix: str = "allure-report") -> str:
    """The page of a test case; ``prefix`` is the report folder relative to the page."""
    base = f"{prefix.rstrip('/')}/index.html"
    return f"{base}#testresult/{case.uid}" if case else f"{base}#suites"


# what identifies a result or an attachment, never a customer's data: left as it is
_IDENTIFIERS = {"uuid", "historyId", "testCaseId", "source", "children", "type", "fullName"}


def finish_results(results: Path, records: Iterable[CheckpointRecord]) -> None:
    """What the runner wrote, masked, then each walk's result split into its checkpoints'
    (a test case a checkpoint, so Allure counts what the summary counts). Masked first: the
    checkpoints' results are made of the walk's, masked by then, and of the records, masked
    as they were written; masking them again was two thirds of the masking of a province's
    run (64,000 files)."""
    mask_results(results)
    allure_checkpoints.split(results, records)


def mask_results(results: Path) -> int:
    """Mask phone numbers, ID numbers and saluted names in everything allure-pytest wrote:
    results and containers, text attachments and trace zips (screenshots are masked before
    they are taken). How many results and text attachments changed."""
    changed = 0
    for path in sorted(results.glob("*")) if results.is_dir() else []:
        if not path.is_file() or path.name in ("categories.json", "executor.json"):
            continue
        data = path.read_bytes()
        if data.startswith(b"PK\x03\x04"):
            mask_trace(path, mask_text)
            continue
        if path.suffix == ".json":
            try:
                found = json.loads(data)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue
            masked = _masked_json(found)
            new = data if masked == found else \
                json.dumps(masked, ensure_ascii=False).encode("utf-8")
        else:
            new = masked_bytes(data, mask_text)
        if new != data:
            path.write_bytes(new)
            changed += 1
    return changed


def _masked_json(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        return value if key in _IDENTIFIERS else mask_text(value)
    if isinstance(value, list):
        return [_masked_json(v, key) for v in value]
    if isinstance(value, dict):
        return {k: _masked_json(v, k) for k, v in value.items()}
    return value
