"""A problem's life across runs, on hand-made records: new → open → fixed → regressed, each
keyed by standard × product line × channel × org unit, owned and dated from the catalogue."""

from __future__ import annotations

import datetime as dt

import pytest

from walkthrough import problems as lifecycle
from walkthrough.errors import UsageError
from walkthrough.history import History
from walkthrough.history.url import parse

from .helpers import CATALOGUE, DUE_DAYS, T0, walk_run


def statuses(history: History) -> dict[tuple[str, str, str], str]:
    return {(p.standard, p.channel, p.org): p.status
            for p in history.problems(statuses=lifecycle.STATUSES)}


def test_lifecycle_new_open_fixed_regressed(any_history: History) -> None:
    h = any_history
    walk_run(h, "r1", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed"}, day=0)
    [found] = h.problems()
    assert (found.status, found.department, found.severity) == ("new", "it", "critical")
    assert found.due == (T0 + dt.timedelta(days=DUE_DAYS["critical"])).date()
    assert found.first_run == "r1"

    walk_run(h, "r2", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed"}, day=1)
    assert [p.status for p in h.problems()] == ["open"]

    walk_run(h, "r3", {"ORD-ACK": "passed", "BILL-ACCURATE": "passed"}, day=2)
    assert h.problems() == []  # fixed is not open
    [fixed] = h.problems(statuses=["fixed"])
    assert (fixed.fixed_run, fixed.first_run) == ("r3", "r1")

    walk_run(h, "r4", {"ORD-ACK": "passed", "BILL-ACCURATE": "failed"}, day=10)
    [again] = h.problems()
    assert again.status == "regressed"
    assert again.fixed_run is None
    # a regression gets the full time again, counted from the run that found it again
    assert again.due == (T0 + dt.timedelta(days=10 + DUE_DAYS["critical"])).date()
    assert again.first_seen == T0  # its age still counts from the first sighting

    walk_run(h, "r5", {"BILL-ACCURATE": "failed"}, day=11)
    assert h.problems()[0].status == "regressed"  # still regressed until verified fixed

    events = h.problem_events([again.id])[again.id]
    assert [(e["run_id"], e["status"]) for e in events] == [
        ("r1", "new"), ("r2", "open"), ("r3", "fixed"), ("r4", "regressed")]


def test_blocked_is_a_problem_and_errored_says_nothing(sqlite_history: History) -> None:
    h = sqlite_history
    walk_run(h, "r1", {"BILL-ACCURATE": "blocked", "ACT-NOTICE": "errored"}, day=0)
    assert statuses(h) == {("BILL-ACCURATE", "api", "集团/广东/广州"): "new"}
    walk_run(h, "r2", {"BILL-ACCURATE": "errored"}, day=1)
    # not verified fixed: an errored checkpoint is the environment's, not a fix
    assert statuses(h) == {("BILL-ACCURATE", "api", "集团/广东/广州"): "open"}


def test_a_run_that_does_not_walk_it_makes_new_open(sqlite_history: History) -> None:
    h = sqlite_history
    walk_run(h, "r1", {"BILL-ACCURATE": "failed"}, day=0, channel="web")
    walk_run(h, "r2", {"BILL-ACCURATE": "passed"}, day=1, channel="api")
    assert statuses(h) == {("BILL-ACCURATE", "web", "集团/广东/广州"): "open"}


def test_keyed_by_channel_and_org_unit_each_with_its_due_date(sqlite_history: History) -> None:
    h = sqlite_history
    walk_run(h, "gz", {"ACT-NOTICE": "failed"}, day=0, org="集团/广东/广州")
    walk_run(h, "sz", {"ACT-NOTICE": "failed", "ORD-SMS-5MIN": "failed"}, day=3,
             org="集团/广东/深圳")
    walk_run(h, "gz2", {"ACT-NOTICE": "passed"}, day=4, org="集团/广东/广州")
    assert statuses(h) == {("ACT-NOTICE", "api", "集团/广东/广州"): "fixed",
                           ("ACT-NOTICE", "api", "集团/广东/深圳"): "new",
                           ("ORD-SMS-5MIN", "api", "集团/广东/深圳"): "new"}
    due = {p.standard: p.due for p in h.problems(org="集团/广东/深圳")}
    assert due["ACT-NOTICE"] == (T0 + dt.timedelta(days=3 + DUE_DAYS["minor"])).date()
    assert due["ORD-SMS-5MIN"] == (T0 + dt.timedelta(days=3 + DUE_DAYS["major"])).date()
    assert [p.org for p in h.problems(org="集团/广东")] == ["集团/广东/深圳"] * 2
    assert h.problems(org="集团/广") == []  # a unit is matched whole, not by its prefix


def test_problems_list_by_department_oldest_first(sqlite_history: History) -> None:
    h = sqlite_history
    walk_run(h, "r1", {"CHG-EFFECTIVE": "failed"}, day=0)
    walk_run(h, "r2", {"CHG-EFFECTIVE": "failed", "ACT-ACTIVE-24H": "failed",
                       "BILL-ACCURATE": "failed"}, day=1)
    walk_run(h, "r3", {"CHG-EFFECTIVE": "failed", "ACT-ACTIVE-24H": "failed",
                       "BILL-ACCURATE": "failed", "ORD-ACK": "failed"}, day=2)
    listed = [(p.department, p.standard) for p in h.problems()]
    assert listed == [("it", "BILL-ACCURATE"), ("it", "ORD-ACK"),
                      ("marketing", "CHG-EFFECTIVE"), ("network", "ACT-ACTIVE-24H")]


def test_a_late_import_replays_the_carrier_in_order(tmp_path) -> None:
    """A leftover run imported after newer ones must not reopen what they verified fixed."""
    def history(name: str) -> History:
        return History(parse(str(tmp_path / name)))

    with history("in-order.db") as a, history("late.db") as b:
        walk_run(a, "r1", {"BILL-ACCURATE": "failed"}, day=0)
        walk_run(a, "r2", {"BILL-ACCURATE": "failed"}, day=1)
        walk_run(a, "r3", {"BILL-ACCURATE": "passed"}, day=2)
        walk_run(b, "r1", {"BILL-ACCURATE": "failed"}, day=0)
        walk_run(b, "r3", {"BILL-ACCURATE": "passed"}, day=2)
        walk_run(b, "r2", {"BILL-ACCURATE": "failed"}, day=1, complete=False)
        assert statuses(a) == statuses(b) == {
            ("BILL-ACCURATE", "api", "集团/广东/广州"): "fixed"}


def test_carriers_keep_their_own_problems(sqlite_history: History) -> None:
    h = sqlite_history
    walk_run(h, "ours", {"BILL-ACCURATE": "passed"}, day=0)
    walk_run(h, "theirs", {"BILL-ACCURATE": "failed"}, day=0, carrier="对比运营商")
    assert [p.carrier for p in h.problems()] == ["对比运营商"]
    assert h.problems(carrier="演示电信 (demo)") == []


def test_next_status_table() -> None:
    table = {(None, True): "new", ("new", True): "open", ("open", True): "open",
             ("fixed", True): "regressed", ("regressed", True): "regressed",
             ("new", False): "fixed", ("open", False): "fixed",
             ("regressed", False): "fixed", ("fixed", False): "fixed", (None, False): None,
             ("new", None): "open", ("open", None): "open", ("fixed", None): "fixed"}
    for (current, failed), expected in table.items():
        assert lifecycle.next_status(current, failed) == expected, (current, failed)


def test_due_days_come_from_the_catalogue() -> None:
    assert DUE_DAYS == {"critical": 7, "major": 14, "minor": 30}
    assert set(DUE_DAYS) == {s.severity for s in CATALOGUE.standards.values()} | {"minor"}


@pytest.mark.parametrize(("text", "says"), [
    ("target: {compliance: 0.95}\n", "no 'problem_due_days:' mapping"),
    ("problem_due_days: {critical: 7, major: 14}\n", ":1: 'problem_due_days' lacks minor"),
    ("x: 1\nproblem_due_days: {critical: 7, major: two, minor: 30}\n",
     ":2: 'problem_due_days': major must be a whole number of days"),
    ("problem_due_days: {critical: 7, major: 14, minor: 30, trivial: 90}\n",
     "'trivial' is not a severity"),
])
def test_due_days_errors_name_the_file_and_line(tmp_path, text: str, says: str) -> None:
    path = tmp_path / "standards.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        lifecycle.due_days(path)
    assert str(path) in str(caught.value) and says in str(caught.value)
