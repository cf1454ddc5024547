"""The run history on a real SQLite file and a real PostgreSQL server: what a run row holds,
the figures read back equal the summary's, leftover records of a dead run are imported as
incomplete, and the database is chosen by option, environment or default."""

from __future__ import annotations

import json
import sqlite3

import pytest

from walkthrough import summary
from walkthrough.errors import UsageError
from walkthrough.history import History, RunInfo
from walkthrough.history import url as history_url
from walkthrough.history.importer import import_leftovers, write_sidecar
from walkthrough.history.url import parse
from walkthrough.records import RecordFile

from .helpers import CATALOGUE, DUE_DAYS, T0, record, walk_run


def test_a_run_row_and_its_checkpoints(any_history: History) -> None:
    info = walk_run(any_history, "r1", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed",
                                        "ACT-NOTICE": "errored"}, day=0, release="2026.11-rc1")
    run = any_history.run("r1")
    assert run is not None
    assert (run["carrier"], run["release"], run["org"], run["complete"]) == (
        "演示电信 (demo)", "2026.11-rc1", "集团/广东/广州", True)
    assert run["started"] == info.started and run["finished"] == info.finished
    assert (run["passed"], run["failed"], run["errored"], run["compliance"]) == (1, 1, 1, 0.5)
    assert run["weighted_compliance"] == 0.5  # both critical
    records = any_history.records("r1")
    assert [(r.standard, r.status) for r in records] == [
        ("ORD-ACK", "passed"), ("BILL-ACCURATE", "failed"), ("ACT-NOTICE", "errored")]
    assert not any_history.import_run(info, [], CATALOGUE, DUE_DAYS)  # once only


def test_figures_read_back_equal_the_summary(sqlite_history: History) -> None:
    statuses = {"ORD-ACK": "passed", "ORD-PRICE-SHOWN": "failed", "ACT-NOTICE": "blocked",
                "USE-WORKS": "passed", "BILL-ACCURATE": "passed", "CAN-CONFIRM": "errored"}
    walk_run(sqlite_history, "r1", statuses, day=0)
    direct = summary.summarise([record("r1", s, st) for s, st in statuses.items()], CATALOGUE,
                               run="r1", carrier="演示电信 (demo)")
    again = summary.summarise(sqlite_history.records("r1"), CATALOGUE, run="r1",
                              carrier="演示电信 (demo)")
    for key in ("compliance", "weighted_compliance", "checkpoints", "by_product_line",
                "by_channel", "by_stage", "matrix", "walks"):
        assert again[key] == direct[key], key


def test_the_history_is_one_real_sqlite_file(tmp_path) -> None:
    path = tmp_path / "sub" / "history.db"
    with History(parse(str(path))) as history:
        walk_run(history, "r1", {"ORD-ACK": "passed"}, day=0)
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert {"runs", "walks", "checkpoints", "problems", "problem_events"} <= tables
        assert conn.execute("select count(*) from checkpoints").fetchone() == (1,)


def _records(folder, run: str, standards: dict[str, str], *, half_line: bool = False) -> None:
    file = RecordFile(folder / "checkpoints" / f"{run}-main.jsonl")
    for sid, status in standards.items():
        file.write(record(run, sid, status))
    if half_line:  # the process was killed while writing its last record
        with file.path.open("a", encoding="utf-8") as handle:
            handle.write('{"run": "' + run + '", "walk": "w", "carr')


def test_import_of_leftovers_marks_a_run_that_died_incomplete(tmp_path,
                                                              sqlite_history: History) -> None:
    reports = tmp_path / "reports"
    _records(reports, "20261101-090000-aaaa", {"ORD-ACK": "passed"})
    write_sidecar(reports / "checkpoints", RunInfo(
        id="20261101-090000-aaaa", carrier="", started=T0, complete=True, org="集团/广东"))
    _records(reports, "20261102-090000-bbbb", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed"},
             half_line=True)
    write_sidecar(reports / "checkpoints", RunInfo(
        id="20261102-090000-bbbb", carrier="", started=T0, complete=False, release="rc2",
        org="集团/广东/广州"))
    done, skipped = import_leftovers(sqlite_history, reports, CATALOGUE, DUE_DAYS)
    assert [(d.run, d.complete, d.checkpoints) for d in done] == [
        ("20261101-090000-aaaa", True, 1), ("20261102-090000-bbbb", False, 2)]
    died = sqlite_history.run("20261102-090000-bbbb")
    assert died is not None
    assert (died["complete"], died["finished"], died["release"], died["org"]) == (
        False, None, "rc2", "集团/广东/广州")
    assert [p.standard for p in sqlite_history.problems()] == ["BILL-ACCURATE"]
    done, skipped = import_leftovers(sqlite_history, reports, CATALOGUE, DUE_DAYS)
    assert done == [] and len(skipped) == 2


def test_a_record_line_that_is_not_a_record_names_file_and_line(tmp_path,
                                                                sqlite_history: History) -> None:
    reports = tmp_path / "reports"
    _records(reports, "r1", {"ORD-ACK": "passed", "ACT-NOTICE": "passed"})
    path = reports / "checkpoints" / "r1-main.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "not json", lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"r1-main.jsonl:2: not a checkpoint record"):
        import_leftovers(sqlite_history, reports, CATALOGUE, DUE_DAYS)


def test_a_sidecar_that_is_not_json_names_its_file(tmp_path, sqlite_history: History) -> None:
    reports = tmp_path / "reports"
    _records(reports, "r1", {"ORD-ACK": "passed"})
    (reports / "checkpoints" / "r1.run.json").write_text("{\n  release: x\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"r1.run.json:2: not valid JSON"):
        import_leftovers(sqlite_history, reports, CATALOGUE, DUE_DAYS)


# -- which database ---------------------------------------------------------------------------
def test_default_is_a_file_in_the_reports_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(history_url.ENV, raising=False)
    url, source = history_url.resolve(None, tmp_path)
    assert (url.drivername, url.database, source) == (
        "sqlite", str(tmp_path / "history.db"), "the default")


def test_environment_then_option(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(history_url.ENV, "postgresql://qa:secret@db.example/walks")
    url, source = history_url.resolve(None, tmp_path)
    assert (url.drivername, url.host, url.database, source) == (
        "postgresql+psycopg", "db.example", "walks", "$WALKTHROUGH_HISTORY")
    assert "secret" not in history_url.shown(url)
    url, source = history_url.resolve(str(tmp_path / "x.db"), tmp_path)
    assert (url.drivername, source) == ("sqlite", "--history")


@pytest.mark.parametrize(("text", "says"), [
    ("mysql://u@h/db", "database 'mysql' is not supported"),
    ("postgresql://u@h:notaport/db", "is not a database URL"),
])
def test_bad_urls_are_usage_errors(text: str, says: str) -> None:
    with pytest.raises(UsageError, match=says) as caught:
        history_url.parse(text)
    assert "hint:" in str(caught.value)


def test_an_unreachable_server_is_an_environment_problem() -> None:
    from walkthrough.demo import free_port
    from walkthrough.history import HistoryUnavailable

    url = parse(f"postgresql://nobody:pw@127.0.0.1:{free_port()}/none?connect_timeout=2")
    with pytest.raises(HistoryUnavailable) as caught:
        History(url)
    assert "could not be opened" in str(caught.value) and "pw" not in str(caught.value)


def test_export_json_lines_holds_runs_checkpoints_problems(sqlite_history: History) -> None:
    import io

    from walkthrough.history import export

    walk_run(sqlite_history, "r1", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed"}, day=0)
    out = io.StringIO()
    assert export.write_jsonl(sqlite_history, out) == 4
    kinds = [json.loads(line)["type"] for line in out.getvalue().splitlines()]
    assert kinds == ["run", "checkpoint", "checkpoint", "problem"]
