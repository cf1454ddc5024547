"""What the walkthrough report shows, gathered from the history.

The figures of a run are computed by the same function as ``summary.json``
(``summary.summarise``) from the checkpoints the history holds, so the page and the file
always agree. Everything here is plain data; charts and HTML are made from it elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any

from walkthrough import problems as lifecycle
from walkthrough import summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import UsageError
from walkthrough.history.store import History
from walkthrough.report import allure
from walkthrough.standards import STAGES, Catalogue

TREND_RUNS = 30  # a manager reads a month of daily runs; older ones stay in the history
PROBLEMS_SHOWN = 200


@dataclasses.dataclass
class RunView:
    run: dict[str, Any]
    summary: dict[str, Any]
    records: list[CheckpointRecord]
    failing: list[dict[str, Any]]  # failed/blocked checkpoints (links added by link_allure)
    walks: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.run["id"])

    @property
    def label(self) -> str:
        """How the run is named beside another: carrier, release, date."""
        parts = [self.run["carrier"]]
        if self.run.get("release"):
            parts.append(self.run["release"])
        parts.append(self.run["started"].strftime("%Y-%m-%d %H:%M"))
        return " · ".join(parts)


@dataclasses.dataclass
class Comparison:
    a: RunView
    b: RunView
    why: tuple[str, str]  # (zh, en): why these two
    rows: list[dict[str, Any]]  # dimension, name, a, b, delta


@dataclasses.dataclass
class ReportData:
    generated: dt.datetime
    history_where: str
    current: RunView
    comparison: Comparison | None
    trend: list[dict[str, Any]]
    heat: dict[str, dict[str, float | None]]  # product line → stage → compliance
    orgs: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    problems_total: int
    owners: list[dict[str, Any]]  # open problems summed up by owning department
    problem_counts: dict[str, int]
    overdue: int
    allure_note: str
    departments: dict[str, dict[str, str]]


def _view(history: History, run: dict[str, Any], catalogue: Catalogue) -> RunView:
    records = history.records(run["id"])
    result = summary.summarise(records, catalogue, run=run["id"], carrier=run["carrier"],
                               target=run["target"], complete=bool(run["complete"]))
    walks = {w["id"]: w for w in history.walks([run["id"]])}
    failing = [{**vars(r), "allure": "", "allure_history_id": "",
                "department_zh": catalogue.department_name(r.department, "zh"),
                "department_en": catalogue.department_name(r.department, "en")}
               for r in records if r.status in ("failed", "blocked")]
    return RunView(run=run, summary=result, records=records, failing=failing, walks=walks)


def link_allure(d: ReportData, cases: list[allure.TestCase], prefix: str,
                available: bool) -> None:
    """Link each failing checkpoint to its own page in the Allure report (its test case),
    else to its walk's, or to the report's suites when neither is found; no link without a
    report."""
    d.allure_note = "" if cases else "allure-unreadable" if available else "allure-missing"
    checkpoints: dict[tuple[str, str], list[allure.TestCase]] = {}
    for case in cases:
        if case.label("walk") and case.label("standard"):
            checkpoints.setdefault((case.label("walk"), case.label("standard")), []).append(case)
    for found in checkpoints.values():  # a walk's checkpoints start in the order made
        found.sort(key=lambda c: c.start)
    views = [d.current] + ([d.comparison.b] if d.comparison else [])
    for view in views:
        links: dict[str, allure.TestCase | None] = {}
        # a standard a walk checks several times (one checkpoint a reading): the nth of its
        # checkpoints that failed is the nth of its test cases that did not pass
        nth: dict[tuple[str, str], int] = {}
        for f in view.failing:
            key = (f["walk"], f["standard"])
            own = [c for c in checkpoints.get(key, []) if c.status != "passed"]
            if not own and f["walk"] not in links:
                links[f["walk"]] = _match(view.walks.get(f["walk"]), view.run["carrier"],
                                          cases)
            nth[key] = nth.get(key, -1) + 1
            linked = own[min(nth[key], len(own) - 1)] if own else links[f["walk"]]
            f["allure"] = allure.link(linked, prefix) if available else ""
            f["allure_history_id"] = linked.history_id if linked else ""


def _match(walk: dict[str, Any] | None, carrier: str,
           cases: list[allure.TestCase]) -> allure.TestCase | None:
    """The Allure test case of a walk from a report of one test case a walk: same product
    line (epic), channel (feature) and carrier, and the walk's checkpoints made while the
    test ran."""
    if not walk or walk.get("started") is None:
        return None
    started = walk["started"].replace(tzinfo=dt.UTC).timestamp() * 1000
    for case in cases:
        if case.label("standard"):
            continue
        if case.label("epic") != walk["product_line"] or case.label("feature") != \
                walk["channel"]:
            continue
        if case.label("parentSuite") not in ("", "features", carrier):
            continue
        if case.start - 1500 <= started <= case.stop + 1500:  # records keep whole seconds
            return case
    return None


def _pick(history: History, run_ids: tuple[str, str] | None,
          carrier: str | None) -> tuple[dict[str, Any], dict[str, Any] | None,
                                        tuple[str, str]]:
    """The run to report on and the run to set beside it."""
    if run_ids:
        found = []
        for run_id in run_ids:
            run = history.run(run_id)
            if run is None:
                raise UsageError(f"--compare: there is no run {run_id!r} in the history "
                                 f"{history.where}",
                                 hint="`walkthrough history` lists the runs it holds")
            found.append(run)
        if found[1].get("beside") == found[0]["id"]:
            return found[0], found[1], ("同一次运行中并行穿越", "walked side by side in one run")
        return found[0], found[1], ("按 --compare 指定", "as given by --compare")
    runs = history.runs(carrier=carrier, limit=500)
    ours = [r for r in runs if not r.get("beside")]
    if not ours:
        where = f" of carrier {carrier!r}" if carrier else ""
        raise UsageError(f"the history {history.where} holds no run{where} yet",
                         hint="run `walkthrough run` first, or `walkthrough history import` "
                              "for records of earlier runs")
    current = ours[0]
    beside = history.runs_beside(current["id"])
    if beside:
        return current, beside[0], ("同一次运行中并行穿越", "walked side by side in one run")
    previous = [r for r in ours if r["carrier"] == current["carrier"]
                and r["started"] <= current["started"] and r["id"] != current["id"]]
    if previous:
        return current, previous[0], ("与同一运营商的上一次运行对比",
                                      "against the previous run of the same carrier")
    return current, None, ("", "")


def _rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [{"dimension": "overall", "name": "compliance", "a": a["compliance"],
             "b": b["compliance"]},
            {"dimension": "overall", "name": "weighted", "a": a["weighted_compliance"],
             "b": b["weighted_compliance"]}]
    for dimension in ("by_product_line", "by_channel", "by_stage"):
        names = list(dict.fromkeys([*a[dimension], *b[dimension]]))
        if dimension == "by_stage":
            names = [s for s in STAGES if s in names] + [n for n in names if n not in STAGES]
        for name in names:
            rows.append({"dimension": dimension, "name": name,
                         "a": a[dimension].get(name, {}).get("compliance"),
                         "b": b[dimension].get(name, {}).get("compliance")})
    for row in rows:
        row["delta"] = None if row["a"] is None or row["b"] is None else \
            round(row["a"] - row["b"], 4)
    return rows


def _heat(records: list[CheckpointRecord]) -> dict[str, dict[str, float | None]]:
    cells: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for r in records:
        if r.status in summary.JUDGED:
            cell = cells[r.product_line][r.stage]
            cell[1] += 1
            cell[0] += r.status == "passed"
    return {line: {stage: (round(cells[line][stage][0] / cells[line][stage][1], 4)
                           if stage in cells[line] else None) for stage in STAGES}
            for line in sorted(cells)}


def _orgs(history: History, carrier: str,
          open_problems: list[lifecycle.Problem]) -> list[dict[str, Any]]:
    """Latest run of each org unit, rolled up local network → province → group."""
    units: dict[str, dict[str, Any]] = {}
    for run in history.latest_per_org(carrier):
        parts = [p for p in (run["org"] or "").split("/") if p] or [""]
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            unit = units.setdefault(path, {
                "path": path, "name": parts[depth - 1], "depth": depth - 1, "runs": 0,
                "passed": 0, "failed": 0, "blocked": 0, "errored": 0, "wp": 0.0, "wj": 0.0,
                "latest": run["started"], "problems": 0})
            unit["runs"] += 1
            for key in ("passed", "failed", "blocked", "errored"):
                unit[key] += run[key]
            unit["wp"] += run["weight_passed"]
            unit["wj"] += run["weight_judged"]
            unit["latest"] = max(unit["latest"], run["started"])
    for problem in open_problems:
        parts = [p for p in problem.org.split("/") if p] or [""]
        for depth in range(1, len(parts) + 1):
            path = "/".join(parts[:depth])
            if path in units:
                units[path]["problems"] += 1
    for unit in units.values():
        judged = unit["passed"] + unit["failed"] + unit["blocked"]
        unit["compliance"] = round(unit["passed"] / judged, 4) if judged else None
        unit["weighted"] = round(unit["wp"] / unit["wj"], 4) if unit["wj"] else None
    return [units[k] for k in sorted(units)]


def _owners(open_: list[lifecycle.Problem], now: dt.datetime,
            catalogue: Catalogue) -> list[dict[str, Any]]:
    """Who has what to rectify: per department, by severity, overdue, oldest, next due."""
    rows: dict[str, dict[str, Any]] = {}
    for p in open_:
        row = rows.setdefault(p.department, {
            "department": p.department, "zh": catalogue.department_name(p.department, "zh"),
            "en": catalogue.department_name(p.department, "en"), "open": 0, "critical": 0,
            "major": 0, "minor": 0, "regressed": 0, "overdue": 0, "oldest": 0,
            "next_due": p.due})
        row["open"] += 1
        row[p.severity] = row.get(p.severity, 0) + 1
        row["regressed"] += p.status == "regressed"
        row["overdue"] += p.overdue(now.date())
        row["oldest"] = max(row["oldest"], p.age_days(now))
        row["next_due"] = min(row["next_due"], p.due)
    return sorted(rows.values(), key=lambda r: (-r["overdue"], -r["critical"], -r["open"]))


def gather(history: History, catalogue: Catalogue, *,
           compare: tuple[str, str] | None = None, carrier: str | None = None,
           now: dt.datetime | None = None) -> ReportData:
    """Everything but the Allure links (``link_allure``), which wait for the Allure report."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run, other, why = _pick(history, compare, carrier)
    current = _view(history, run, catalogue)
    comparison = None
    if other is not None:
        view = _view(history, other, catalogue)
        comparison = Comparison(current, view, why, _rows(current.summary, view.summary))
    trend_runs = [r for r in history.runs(carrier=run["carrier"], limit=TREND_RUNS * 4)
                  if not r.get("beside")][:TREND_RUNS]
    trend = [{"id": r["id"], "started": r["started"], "release": r["release"],
              "org": r["org"], "compliance": r["compliance"],
              "weighted": r["weighted_compliance"], "complete": r["complete"],
              "failed": r["failed"] + r["blocked"]} for r in reversed(trend_runs)]
    every = history.problems(carrier=run["carrier"], statuses=lifecycle.STATUSES)
    open_ = [p for p in every if p.status in lifecycle.OPEN]
    order = {"regressed": 0, "new": 1, "open": 2, "fixed": 3}
    shown = sorted(open_, key=lambda p: (p.department, p.first_seen)) + \
        sorted((p for p in every if p.status == "fixed"), key=lambda p: p.fixed or now,
               reverse=True)
    counts = {s: sum(1 for p in every if p.status == s) for s in order}
    listed = []
    for p in shown[:PROBLEMS_SHOWN]:
        listed.append({**dataclasses.asdict(p), "age": p.age_days(now),
                       "overdue": p.overdue(now.date()),
                       "department_zh": catalogue.department_name(p.department, "zh"),
                       "department_en": catalogue.department_name(p.department, "en")})
    return ReportData(
        generated=now, history_where=history.where, current=current, comparison=comparison,
        trend=trend, heat=_heat(current.records), orgs=_orgs(history, run["carrier"], open_),
        problems=listed, problems_total=len(shown), problem_counts=counts,
        owners=_owners(open_, now, catalogue),
        overdue=sum(1 for p in open_ if p.overdue(now.date())), allure_note="",
        departments=catalogue.departments)
