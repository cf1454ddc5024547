"""A driver that breaks inside a task is the harness's or the test environment's failure,
never the carrier's: the checkpoints that need what it could not establish are errored (not
blocked), compliance is what the other checkpoints give, no problem is opened, and the
reports sort the walk under environment or harness errors.

The walks are real (`walkthrough run` against the demo operator); what breaks is made with
a carrier file, as a user could: a reply pattern that lacks the group its task reads (a
malformed value the schema refuses before walking), and an inbox stand-in answering 500.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from walkthrough.report.allure import CATEGORIES
from walkthrough.session import ROOT

from .conftest import Outcome

DEMO = (ROOT / "scenarios" / "carriers" / "demo.yaml").read_text(encoding="utf-8")
# what the mobile plan's walk on the API checks without the phone's inbox or the activation
WITHOUT_INBOX = {"ORD-PRICE-SHOWN", "ORD-ACK", "ACT-ACTIVE-24H", "USE-WORKS", "USE-RECORDED",
                 "BILL-OWN", "BILL-ACCURATE", "BILL-ITEMISED", "CHG-EFFECTIVE",
                 "CAN-EFFECT-24H", "CAN-CHARGES-STOP"}
BEFORE_ACTIVATION = {"ORD-PRICE-SHOWN", "ORD-ACK", "ORD-SMS-5MIN", "ORD-SMS-CONTENT"}


class _Answers500(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = b'{"message": "inbox store unavailable"}'
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def broken_inbox() -> Iterator[str]:
    """A phone-inbox stand-in that answers every read with HTTP 500."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answers500)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _carrier(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEMO
    path = tmp_path / "carrier.yaml"
    path.write_text(DEMO.replace(old, new, 1), encoding="utf-8")
    return path


def _by_status(outcome: Outcome) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for record in outcome.records():
        found.setdefault(record["status"], set()).add(record["standard"])
    return found


def _open_problems(outcome: Outcome) -> int:
    with sqlite3.connect(outcome.reports / "history.db") as db:
        return db.execute("SELECT COUNT(*) FROM problems").fetchone()[0]


def _categories(outcome: Outcome) -> set[str]:
    """The Allure categories the checkpoints' results fall in (Allure matches the whole
    message): an errored checkpoint is unknown to Allure, never failed or broken (blocked)."""
    names = set()
    for path in (outcome.reports / "allure-results").glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        if result["status"] == "passed":
            continue
        message = (result.get("statusDetails") or {}).get("message", "")
        names |= {c["name"] for c in CATEGORIES if result["status"] in c["matchedStatuses"]
                  and re.fullmatch(c["messageRegex"], message)}
        assert result["status"] == "unknown", message
    assert names, "no errored checkpoint in Allure"
    return names


def _assert_harness_not_carrier(outcome: Outcome, errored: set[str]) -> None:
    summary = outcome.summary
    statuses = _by_status(outcome)
    assert statuses.get("failed", set()) == statuses.get("blocked", set()) == set(), \
        outcome.stdout[-3000:]
    assert statuses["errored"] == errored
    assert summary["compliance"] == 1.0  # what the checkpoints that could be judged give
    assert summary["checkpoints"]["passed"] > 0
    assert summary["problems"] == []
    assert _open_problems(outcome) == 0
    assert outcome.code != 1  # never "below target": the carrier did nothing wrong
    assert not any(name.startswith("Product defects") for name in _categories(outcome))


def test_a_setting_only_a_task_can_judge_errors_what_needs_it(run_walks, tmp_path):
    # A malformed value (`activation_hours: soon`) is the schema's: refused before anything
    # is walked. The order reply's pattern here compiles and holds to the schema, but has no
    # group `order`: only the order task finds that out, and what needs the order is errored.
    carrier = _carrier(tmp_path, r'order: "订单号(?P<order>[\\w-]+)"',
                       r'order: "订单号(?P<number>[\\w-]+)"')
    outcome = run_walks("--channel", "sms", "--product", "mobile_plan",
                        "--config", str(carrier))
    records = outcome.records()
    standards = {r["standard"] for r in records}
    assert "ORD-PRICE-SHOWN" in standards
    _assert_harness_not_carrier(outcome, standards - {"ORD-PRICE-SHOWN"})
    for record in records:
        if record["status"] == "errored":
            assert "harness error: IndexError" in record["reason"] and "no such group" in \
                record["reason"], record
    assert "Harness errors 测试工具问题" in _categories(outcome)


@pytest.mark.parametrize("inbox", ["answers 500", "unreachable"])
def test_a_broken_inbox_errors_the_sms_checks_only(run_walks, tmp_path, broken_inbox, inbox):
    where = broken_inbox if inbox == "answers 500" else "http://127.0.0.1:9"  # discard port
    carrier = _carrier(tmp_path, 'inbox: {request: "GET {base_url}/phone/{msisdn}/inbox"',
                       f'inbox: {{request: "GET {where}/phone/{{msisdn}}/inbox"')
    outcome = run_walks("--channel", "api", "--product", "mobile_plan",
                        "--config", str(carrier))
    standards = {r["standard"] for r in outcome.records()}
    assert standards > WITHOUT_INBOX
    _assert_harness_not_carrier(outcome, standards - WITHOUT_INBOX)
    assert {"ORD-SMS-5MIN", "ORD-SMS-CONTENT", "ACT-NOTICE", "BILL-NOTICE"} <= \
        _by_status(outcome)["errored"]
    for record in outcome.records():
        if record["status"] == "errored":
            assert "test environment" in record["reason"]
            assert ("HTTP 500" if inbox == "answers 500" else "did not answer") in \
                record["reason"]
    assert _categories(outcome) == {"Environment errors 环境问题"}


def test_behave_reports_such_a_walk_as_errored_not_failed(tmp_path, broken_inbox):
    carrier = _carrier(tmp_path, 'inbox: {request: "GET {base_url}/phone/{msisdn}/inbox"',
                       f'inbox: {{request: "GET {broken_inbox}/phone/{{msisdn}}/inbox"')
    reports = tmp_path / "behave"
    done = subprocess.run(
        [sys.executable, "-m", "behave", str(ROOT / "features" / "mobile_plan.feature"),
         "--no-capture", "-f", "json", "-o", str(tmp_path / "behave.json"),
         "-D", "channel=api", "-D", f"config={carrier}", "-D", f"reports={reports}"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    features = json.loads((tmp_path / "behave.json").read_text(encoding="utf-8"))
    walked = [s for f in features for s in f.get("elements", [])
              if s.get("status") != "skipped" and s.get("type") == "scenario"]
    assert walked, done.stdout[-2000:] + done.stderr[-2000:]
    steps = [step.get("result", {}).get("status") for s in walked for step in s["steps"]]
    assert "failed" not in steps and "error" in steps
    assert all(s["status"] == "error" for s in walked)
    with contextlib.suppress(FileNotFoundError):
        summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
        assert summary["checkpoints"]["failed"] == summary["checkpoints"]["blocked"] == 0


def test_a_walk_that_gets_no_test_customer_is_errored_in_one_line(run_walks, tmp_path):
    carrier = _carrier(tmp_path, 'request: POST {base_url}/test/customers',
                       'request: POST {base_url}/test/nothere')
    outcome = run_walks("--channel", "api", "--product", "mobile_plan", "--config", str(carrier))
    assert outcome.code == 3, outcome.stdout[-3000:]
    assert "Traceback" not in outcome.stdout + outcome.stderr
    records = outcome.records()
    assert records and {r["status"] for r in records} == {"errored"}
    assert all("no test customer could be made" in r["reason"] for r in records)
