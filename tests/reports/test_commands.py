"""`walkthrough report`, `problems` and `history`: what they print, and every mistake a user
can make answered in a line or two naming the option or file, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from walkthrough import cli
from walkthrough.demo import free_port
from walkthrough.history import History
from walkthrough.history.url import parse

from .helpers import walk_run


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "history.db")
    with History(parse(path)) as history:
        walk_run(history, "20261102-090000-aaaa", {"ORD-ACK": "passed",
                                                   "BILL-ACCURATE": "failed"}, day=0)
        walk_run(history, "20261103-090000-bbbb", {"ORD-ACK": "passed",
                                                   "BILL-ACCURATE": "failed",
                                                   "ACT-ACTIVE-24H": "failed"}, day=1,
                 release="rc2")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_problems_by_department_with_age_and_due_date(db: str, capsys) -> None:
    code, out, err = run(capsys, "problems", "--history", db)
    assert code == 0, err
    lines = out.splitlines()
    it = lines.index(next(line for line in lines if line.startswith("信息化部 IT")))
    assert "open" in lines[it + 1] and "BILL-ACCURATE" in lines[it + 1]
    assert "due 2026-11-09" in lines[it + 1]
    network = next(line for line in lines if "ACT-ACTIVE-24H" in line)
    assert "new" in network and "集团/广东/广州" in network
    assert "2 problem(s)" in out
    code, out, _ = run(capsys, "problems", "--history", db, "--json")
    listed = json.loads(out)
    assert {(p["standard"], p["status"], p["department"]) for p in listed} == {
        ("BILL-ACCURATE", "open", "it"), ("ACT-ACTIVE-24H", "new", "network")}
    assert all(p["age_days"] >= 0 and p["due"] for p in listed)


def test_history_list_and_report(db: str, tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "history", "--history", db)
    assert code == 0, err
    assert out.index("20261103-090000-bbbb") < out.index("20261102-090000-aaaa")
    assert "rc2" in out
    code, out, err = run(capsys, "report", "--history", db, "--reports", str(tmp_path),
                         "--compare", "20261103-090000-bbbb", "20261102-090000-aaaa")
    assert code == 0, err
    html = (tmp_path / "walkthrough.html").read_text(encoding="utf-8")
    assert 'data-compare-row="by_stage:activate"' in html


@pytest.mark.parametrize(("args", "says"), [
    (["report", "--compare", "nope", "20261102-090000-aaaa"],
     "--compare: there is no run 'nope' in the history"),
    (["history", "export", "--run", "nope"], "--run: there is no run 'nope'"),
    (["problems", "--org", "集团//广州"], "--org '集团//广州' has an empty level"),
    (["history", "export", "--out", "/proc/nowhere/x.jsonl"], "--out /proc/nowhere/x.jsonl: "
                                                              "cannot write"),
])
def test_usage_errors_name_the_option(db: str, capsys, args: list[str], says: str) -> None:
    code, out, err = run(capsys, *args[:1], "--history", db, *args[1:]) if args[0] != \
        "history" else run(capsys, *args[:2], "--history", db, *args[2:])
    assert code == 2
    assert err.startswith("walkthrough: error: ") and says in err, err
    assert "Traceback" not in err and len(err.splitlines()) <= 3


def test_a_report_from_an_empty_history_says_what_to_do(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "report", "--history", str(tmp_path / "h.db"))
    assert code == 2 and "holds no run yet" in err and "walkthrough run" in err


def test_a_malformed_history_url_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "problems", "--history", "mysql://x@y/z")
    assert code == 2 and "--history: database 'mysql' is not supported" in err


def test_an_unreachable_database_is_an_environment_error(capsys) -> None:
    url = f"postgresql://qa:hunter2@127.0.0.1:{free_port()}/walks?connect_timeout=2"
    code, _, err = run(capsys, "problems", "--history", url)
    assert code == 3
    assert err.startswith("walkthrough: environment: the history database") and \
        "hunter2" not in err and "Traceback" not in err


def test_the_run_options_are_checked_before_any_walk(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "run", "--reports", str(tmp_path), "--org", "/集团//x")
    assert code == 2 and "--org" in err
    code, _, err = run(capsys, "run", "--reports", str(tmp_path), "--history", "ftp://x/y")
    assert code == 2 and "--history" in err
    assert not (tmp_path / "checkpoints").exists()  # nothing was walked


def test_a_history_of_another_schema_is_named_not_a_traceback(tmp_path: Path, capsys) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table runs (id text primary key, carrier text)")
    code, _, err = run(capsys, "history", "--history", str(path))
    assert code == 3 and "written by another version of walkthrough" in err
    assert "Traceback" not in err
