"""No customer's number, name or ID number in anything a run leaves in its reports folder.

A failing run on every channel (the bill overcharges data everywhere, and the web hall shows
another customer's bill), plus history exports, then every file under the reports folder is
read: trace zips and any other zip entry by entry, Allure results and attachments, the
single-file Allure report with its embedded data decoded, the SQLite history's text, JSONL,
HTML and JSON. The customers are the carrier's own data, read from the demo operator's
database the way a tester could ask the carrier for its list of test customers.
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from walkthrough import chromium
from walkthrough.report import allure
from walkthrough.session import OPERATOR_DATA_ENV, ROOT

CHROMIUM = chromium.executable()
CHANNELS = ("api", "web", "mobile", "counter", "hotline", "sms")
FAULTS = ("bill-overcharges-data", "web-bill-other-customer")

pytestmark = pytest.mark.browser

_BASE64 = re.compile(rb"[A-Za-z0-9+/]{64,}={0,2}")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff")


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "walkthrough.cli", *args], capture_output=True,
                          text=True, timeout=900, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}; ./quickstart.sh should have installed it")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    base = tmp_path_factory.mktemp("privacy")
    reports, operator = base / "reports", base / "operator"
    env = {k: v for k, v in os.environ.items() if k != "WALKTHROUGH_HISTORY"}
    env[OPERATOR_DATA_ENV] = str(operator)
    faults = [arg for fault in FAULTS for arg in ("--fault", fault)]
    done = cli("run", "--product", "mobile_plan", *faults, "--reports", str(reports), env=env)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    exports = []
    for fmt in ("jsonl", "csv"):
        out = reports / f"history-export.{fmt}"
        exported = cli("history", "export", "--format", fmt, "--out", str(out),
                       "--reports", str(reports), env=env)
        assert exported.returncode == 0, exported.stdout + exported.stderr
        exports.append(out)
    return {"reports": reports, "operator": operator, "exports": exports,
            "output": done.stdout + done.stderr}


def personas(operator: Path) -> list[tuple[str, str, str]]:
    """Every customer the carrier made during the run: (number, name, ID number)."""
    found = []
    for db in sorted(operator.glob("*.db")):
        with sqlite3.connect(db) as conn:
            found += conn.execute("SELECT msisdn, name, id_number FROM customer").fetchall()
    return found


def _decoded(name: str, data: bytes, depth: int = 0) -> Iterator[tuple[str, str | None]]:
    """(where, text) for the file and everything inside it; text None for an image."""
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.namelist():
                yield from _decoded(f"{name}!{entry}", archive.read(entry), depth + 1)
        return
    if data.startswith(_IMAGES):
        yield name, None
        return
    if data.startswith(b"SQLite format 3"):
        path = Path(name)
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            yield f"{name} (SQL dump)", "\n".join(conn.iterdump())
    text = data.decode("utf-8", errors="replace")
    yield name, text
    # the same text as a reader of it would see it: JSON, HTML and URL escapes undone
    yield name, _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    yield name, html.unescape(text)
    yield name, urllib.parse.unquote_plus(text)
    if depth < 3:
        for run in _BASE64.findall(data):
            try:
                inner = base64.b64decode(run, validate=True)
            except (binascii.Error, ValueError):
                continue
            if inner.startswith((b"PK\x03\x04", *_IMAGES)):
                yield from _decoded(f"{name}#base64", inner, depth + 1)
                continue
            try:
                inner.decode("utf-8")
            except UnicodeDecodeError:
                continue
            yield from _decoded(f"{name}#base64", inner, depth + 1)


def scanned(reports: Path, output: str) -> Iterator[tuple[str, str | None]]:
    yield "the run's console output", output
    for path in sorted(p for p in reports.rglob("*") if p.is_file()):
        yield from _decoded(str(path), path.read_bytes())


def test_the_run_failed_on_every_channel_and_left_what_is_scanned(
        failing_run: dict[str, Any]) -> None:
    reports = failing_run["reports"]
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    failing = {p["channel"] for p in summary["problems"]}
    assert set(CHANNELS) <= failing, failing
    assert {"BILL-ACCURATE", "BILL-OWN"} <= {p["standard"] for p in summary["problems"]}
    traces = sorted((reports / "traces").glob("*.zip"))
    assert {t.stem.rsplit("-", 1)[-1] for t in traces} >= {"web", "mobile", "counter"}
    assert list((reports / "allure-results").glob("*-attachment.zip")), "no trace in Allure"
    assert (reports / "history.db").is_file() and (reports / "walkthrough.html").is_file()
    assert list((reports / "checkpoints").glob("*.jsonl"))
    if allure.locate()[0] is not None:  # without the tool the run says so, and has no HTML
        assert (reports / "allure-report" / "index.html").is_file()
    # the carrier's data is not the run's: it is kept where the test asked for it
    assert not (reports / "operator").exists()
    assert len(personas(failing_run["operator"])) > len(CHANNELS)


def test_no_persona_appears_in_any_file_under_the_reports_folder_nor_on_the_console(
        failing_run: dict[str, Any]) -> None:
    customers = personas(failing_run["operator"])
    assert customers
    needles = {value: f"{kind} of customer {number[:3]}…"
               for number, name, id_number in customers
               for kind, value in (("number", number), ("name", name), ("ID", id_number))}
    hits: dict[str, set[str]] = {}
    files = 0
    for where, text in scanned(failing_run["reports"], failing_run["output"]):
        files += 1
        if text is None:
            continue
        for value, what in needles.items():
            if value in text:
                hits.setdefault(what, set()).add(where)
    assert files > 50
    assert not hits, "\n".join(f"{what}: {len(places)} file(s), e.g. {sorted(places)[:3]}"
                               for what, places in sorted(hits.items()))


def test_traces_hold_no_screencast_frames(failing_run: dict[str, Any]) -> None:
    """A picture of a page cannot be masked: a trace keeps the page's masked DOM instead."""
    traces = sorted((failing_run["reports"] / "traces").glob("*.zip"))
    assert traces
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            assert "trace.trace" in names and "trace.network" in names
            images = [n for n in names if archive.read(n).startswith(_IMAGES)]
            events = archive.read("trace.trace").decode("utf-8")
        assert not images, f"{trace.name}: {images[:3]}"
        assert '"screencast-frame"' not in events
        assert '"frame-snapshot"' in events  # the DOM is still there to look at


def test_a_masked_trace_opens_in_the_trace_viewer(failing_run: dict[str, Any]) -> None:
    """`playwright show-trace` serves the viewer; the masked trace loads and lists the
    walk's actions."""
    from playwright.sync_api import sync_playwright

    from walkthrough.session import BROWSER_ARGS

    trace = sorted((failing_run["reports"] / "traces").glob("*-web.zip"))[0]
    viewer = subprocess.Popen(
        [sys.executable, "-m", "playwright", "show-trace", "--host", "127.0.0.1", "--port", "0",
         str(trace)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # its own group: the node server it starts ends with it
    try:
        assert viewer.stdout is not None
        url = next((m.group(1) for line in viewer.stdout
                    if (m := re.search(r"Listening on (\S+)", line))), None)
        assert url, "show-trace printed no address"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=BROWSER_ARGS)
            try:
                page = browser.new_page()
                page.goto(url)
                # the action list names the locators the walk used
                page.get_by_text(re.compile(r"^get_by_(role|label)\(")).first.wait_for(
                    timeout=60_000)
                assert page.get_by_text("Could not load trace").count() == 0
            finally:
                browser.close()
    finally:
        os.killpg(viewer.pid, signal.SIGTERM)  # the Python wrapper alone leaves node serving
        viewer.wait(timeout=30)
