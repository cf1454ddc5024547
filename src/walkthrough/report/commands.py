"""The reporting commands: the end of `walkthrough run` (history, Allure HTML, the
walkthrough report, a competitor walked beside), and `report`, `problems`, `history`.

cli.py only registers these. Heavy imports (SQLAlchemy, matplotlib) happen inside the
functions, so `walkthrough faults` and friends stay quick to start.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from walkthrough import argtypes, rates, stopping, summary
from walkthrough.errors import UsageError, os_error
from walkthrough.session import CATALOGUE, ROOT

if TYPE_CHECKING:
    from walkthrough.history import History
    from walkthrough.standards import Catalogue

REPORT_NAME = "walkthrough.html"
EXIT_ENVIRONMENT = summary.EXIT_ENVIRONMENT
COMPETITOR_DIR = "competitor"  # history.importer.BESIDE: where it finds leftovers


# -- registration ---------------------------------------------------------------------------
def _history_option(parser: argparse.ArgumentParser, default: Any = None) -> None:
    parser.add_argument("--history", metavar="URL", default=default,
                        help="the history database: a file path, sqlite:///FILE or "
                             "postgresql://USER@HOST/DB (default: $WALKTHROUGH_HISTORY, else "
                             "REPORTS/history.db)")


def _reports_option(parser: argparse.ArgumentParser, default: Any = ROOT / "reports") -> None:
    parser.add_argument("--reports", type=Path, default=default,
                        help="reports folder (default: reports/)")


def register(sub: Any, run: argparse.ArgumentParser) -> None:
    """Add the reporting options to `run` and the `report`, `problems` and `history`
    commands."""
    run.add_argument("--release", default="", help="release label stored with the run, "
                     "e.g. 2026.11-rc1")
    run.add_argument("--org", default="", help="org unit that walked, group/province/city, "
                     "e.g. 集团/广东/广州")
    _history_option(run)
    run.add_argument("--competitor", type=Path, metavar="CARRIER_FILE",
                     help="also walk this carrier (its own carrier file, e.g. "
                          "scenarios/carriers/bluewhale.yaml) with the same features and "
                          "selection, set side by side in the report and Allure")
    run.add_argument("--competitor-fault", action="append", default=[], metavar="NAME",
                     help="switch this fault on in the competitor's embedded operator "
                          "(repeatable); without --competitor, a second demo operator with "
                          "the fault: before/after rectification side by side")
    run.add_argument("--competitor-name", default="",
                     help="the second operator's name in the reports (default: 对比运营商 "
                          "with its faults)")

    report = sub.add_parser("report", help="write the walkthrough report from the history")
    _reports_option(report)
    _history_option(report)
    report.add_argument("--compare", nargs=2, metavar=("RUN_A", "RUN_B"),
                        help="set these two runs side by side (default: the latest run "
                             "against the run beside it, else the carrier's previous run)")
    report.add_argument("--carrier", help="report on this carrier's latest run")
    report.add_argument("--out", type=Path, help="the HTML file (default: "
                        "REPORTS/walkthrough.html)")

    problems = sub.add_parser("problems", help="list the open problems by department, "
                              "oldest first")
    _reports_option(problems)
    _history_option(problems)
    problems.add_argument("--carrier", help="only this carrier")
    problems.add_argument("--org", help="only this org unit and the units under it")
    problems.add_argument("--all", action="store_true", help="fixed problems too")
    problems.add_argument("--json", action="store_true", help="as JSON")

    history = sub.add_parser("history", help="the run history: list, import, export")
    _reports_option(history)
    _history_option(history)
    actions = history.add_subparsers(dest="action")
    listing = actions.add_parser("list", help="the runs, newest first (the default)")
    listing.add_argument("--limit", type=argtypes.whole(1), default=30)
    imp = actions.add_parser("import", help="import records of runs not in the history "
                             "(runs that died are marked incomplete)")
    exp = actions.add_parser("export", help="write the history, masked, as JSON lines or CSV")
    exp.add_argument("--out", type=Path, help="file to write (default: standard output)")
    exp.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exp.add_argument("--run", help="only this run")
    for parser in (listing, imp, exp):
        # the options may come after the action too; SUPPRESS keeps a value given before it
        _reports_option(parser, argparse.SUPPRESS)
        _history_option(parser, argparse.SUPPRESS)


# -- shared helpers -------------------------------------------------------------------------
def _catalogue() -> tuple[Catalogue, dict[str, int]]:
    from walkthrough import problems, standards

    return standards.load(CATALOGUE), problems.due_days(CATALOGUE)


def _open_history(args: argparse.Namespace, reports: Path) -> History:
    from walkthrough.history import History
    from walkthrough.history.url import resolve

    url, _source = resolve(getattr(args, "history", None), reports)
    return History(url)


def _org(text: str) -> str:
    """An org unit path as given to --org, checked: levels separated by '/', none empty."""
    parts = [p.strip() for p in text.strip().strip("/").split("/")] if text.strip() else []
    if any(not p for p in parts):
        raise UsageError(f"--org {text!r} has an empty level",
                         hint="write it like 集团/广东/广州 (group/province/city)")
    return "/".join(parts)


def _environment(message: str) -> None:
    print(f"walkthrough: environment: {message}", file=sys.stderr)


# -- the end of `walkthrough run` -----------------------------------------------------------
def begin_run(args: argparse.Namespace, run_id: str, reports: Path) -> None:
    """Before the walks: check the reporting options, and leave the run's sidecar, so a run
    that dies can still be imported with its release and org unit, and a summary of no walks
    marked incomplete, so a run that dies never leaves the previous run's verdict looking
    like its own."""
    from walkthrough.carrier import Carrier
    from walkthrough.history.url import resolve

    args.org = _org(args.org)
    resolve(args.history, reports)  # a malformed URL is a usage error before any walk
    carrier = Carrier.load(args.config)
    other = Carrier.load(args.competitor) if args.competitor else carrier
    if args.competitor_fault and not other.launches:
        raise UsageError("--competitor-fault switches a fault on in an embedded operator, and "
                         "this carrier file launches none", path=other.path,
                         hint="drop --competitor-fault, or walk a carrier file with "
                              "carrier.launch")
    _begin(args, run_id, reports, carrier.name, args.fault)


def _begin(args: argparse.Namespace, run_id: str, folder: Path, carrier: str,
           faults: list[str], beside: str | None = None) -> None:
    from walkthrough import standards
    from walkthrough.history import RunInfo
    from walkthrough.history.importer import write_sidecar

    selection = _selection(args, faults)
    write_sidecar(folder / "checkpoints", RunInfo(
        id=run_id, carrier=carrier, started=dt.datetime.now(dt.UTC), complete=False,
        release=args.release, org=args.org, target=args.min_compliance, beside=beside,
        selection=selection))
    summary.write(summary.summarise([], standards.load(CATALOGUE), run=run_id,
                                    carrier=carrier, target=args.min_compliance,
                                    selection=selection, complete=False),
                  folder / "summary.json")


def _selection(args: argparse.Namespace, faults: list[str]) -> dict[str, list[str]]:
    return {"channel": args.channel, "product": args.product, "stage": args.stage,
            "fault": faults}


def _complete_sidecar(checkpoints: Path, run_id: str, carrier: str, complete: bool = True,
                      **extra: Any) -> None:
    from walkthrough.history.importer import read_sidecar, sidecar_path

    data = read_sidecar(checkpoints, run_id)
    now = dt.datetime.now(dt.UTC).isoformat()
    data.update(carrier=carrier, complete=complete, finished=now if complete else None,
                **extra)
    data.setdefault("started", now)
    sidecar_path(checkpoints, run_id).write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@dataclasses.dataclass
class Walked:
    """One carrier's run within this invocation, ready to import."""

    run_id: str
    reports: Path  # where its checkpoints and summary.json are
    summary: dict[str, Any]
    beside: str | None = None
    complete: bool = True


def finish_run(args: argparse.Namespace, *, run_id: str, reports: Path,
               result: dict[str, Any], pytest_args: list[str]) -> int:
    """After the walks: the competitor's walk if asked, then history, Allure HTML and the
    walkthrough report. The exit code is the walk's: a report that cannot be made is an
    environment problem, said as such, never a failed run."""
    code = summary.exit_code(result)
    complete = bool(result.get("complete", True))  # a run that lost a worker is stored as is
    _complete_sidecar(reports / "checkpoints", run_id, result["carrier"], complete=complete)
    walked = [Walked(run_id, reports, result, complete=complete)]
    stopping.check()  # a stop during our walks' last moments: the command ends it
    results_dir = reports / "allure-results"
    if args.competitor or args.competitor_fault:
        other = _walk_competitor(args, run_id, reports, pytest_args, results_dir)
        if isinstance(other, int):
            return other
        if other is not None:
            walked.append(other)
    notes: list[str] = []
    history = None
    report_path: Path | None = reports / REPORT_NAME
    if getattr(args, "no_html", False):
        _label_alone(results_dir, walked)  # an Allure server builds the report from them
        history = _store_walked(args, reports, walked, notes)
        if history is not None:
            history.close()
        _print_where(reports, walked, None, history, notes)
        print("  (no HTML: --no-html; `walkthrough report` writes walkthrough.html from the "
              "history)")
        return code
    # Allure (a Java process, about a second) works while the history is written and the
    # charts are drawn; the report waits for it only because it links into it.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        allure_done = pool.submit(_allure, args, reports, walked, results_dir)

        def allure_ready() -> None:
            try:
                note = allure_done.result()
            except Exception as exc:  # noqa: BLE001 - Allure's trouble never fails the run
                note = f"the Allure report could not be made: {exc}"
            if note and note not in notes:
                notes.append(note)

        history = _store_walked(args, reports, walked, notes)
        if history is not None:
            try:
                with history:
                    build_report(history, reports, reports / REPORT_NAME, compare=(
                        (run_id, walked[1].run_id) if len(walked) > 1 else None),
                        allure_ready=allure_ready)
            except Exception as exc:  # noqa: BLE001 - the walk's verdict stands regardless
                notes.append(f"the walkthrough report could not be written: {exc}")
                report_path = None
        else:
            report_path = None
        allure_ready()
    _print_where(reports, walked, report_path, history, notes)
    return code


def _store_walked(args: argparse.Namespace, reports: Path, walked: list[Walked],
                  notes: list[str]) -> History | None:
    """The walked runs in the history; None, with the note to print, if it cannot be
    written."""
    try:
        return _import_walked(args, reports, walked)
    except UsageError:
        raise
    except Exception as exc:  # noqa: BLE001 - any database failure is the environment's
        notes.append(f"{exc}; the records stay in {reports / 'checkpoints'} for "
                     f"`walkthrough history import`")
        return None


def stop_run(args: argparse.Namespace, *, run_id: str, reports: Path,
             stopped: stopping.Stopped) -> int:
    """A run stopped by SIGINT or SIGTERM (its operators are already stopped): the summary
    of what was walked, marked incomplete, first, as the one thing a caller that cannot
    wait reads; then the history and the walkthrough report. Every finished walk's records
    stay. No Allure report: whoever stopped the run wants it to end."""
    from walkthrough import standards
    from walkthrough.history.importer import read_records, read_sidecar

    catalogue = standards.load(CATALOGUE)
    walked: list[Walked] = []
    for run, folder, beside in ((run_id, reports, None),
                                (f"{run_id}-vs", reports / COMPETITOR_DIR, run_id)):
        checkpoints = folder / "checkpoints"
        meta = read_sidecar(checkpoints, run)
        if not meta:
            continue  # the second operator was not begun
        result = _summary_of(folder, run)
        if result is None or not result.get("complete", True):
            result = summary.summarise(
                read_records(checkpoints).get(run, []), catalogue, run=run,
                carrier=str(meta.get("carrier") or ""), target=args.min_compliance,
                selection=meta.get("selection") or {}, complete=False)
            summary.write(result, folder / "summary.json")
            _complete_sidecar(checkpoints, run, result["carrier"], complete=False,
                              stopped=stopped.name)
        elif not meta.get("complete"):
            _complete_sidecar(checkpoints, run, result["carrier"])
        walked.append(Walked(run, folder, result, beside=beside,
                             complete=bool(result["complete"])))
    ours = walked[0].summary
    print(f"\n{summary.render(ours)}", flush=True)
    notes: list[str] = []
    history = None
    report_path: Path | None = None
    try:
        if getattr(args, "shard", None) is None:  # a shard's run is stored by merge alone
            history = _import_walked(args, reports, walked)
            with history:
                report_path = build_report(history, reports, reports / REPORT_NAME, compare=(
                    (run_id, walked[1].run_id) if len(walked) > 1 else None))
    except stopping.Stopped:
        raise
    except Exception as exc:  # noqa: BLE001 - the stop is said regardless
        notes.append(f"{exc}; the records stay in {reports / 'checkpoints'} for "
                     f"`walkthrough history import`")
    _print_where(reports, walked, report_path, history, notes)
    print("walkthrough: the Allure report was not made: the run was stopped", file=sys.stderr)
    states = ", ".join(
        f"run {w.run_id} {'complete' if w.complete else 'incomplete'} "
        f"({w.summary['checkpoints']['total']} checkpoints kept)" for w in walked)
    print(f"walkthrough: stopped by {stopped.name}: {states}; exit {stopped.exit_code}",
          file=sys.stderr)
    return stopped.exit_code


def _walk_competitor(args: argparse.Namespace, run_id: str, reports: Path,
                     pytest_args: list[str], results_dir: Path) -> Walked | int | None:
    """The second operator (the competitor's carrier file, or a second demo operator with
    faults), walked with the same selection by a second pytest session: its own run id,
    carrier name, records and summary (in reports/competitor/), and its Allure results beside
    ours."""
    import pytest

    from walkthrough.carrier import Carrier
    from walkthrough.report import allure

    other_id = f"{run_id}-vs"
    other_reports = reports / COMPETITOR_DIR
    if args.competitor:
        carrier_file = Path(args.competitor)
        name = args.competitor_name or Carrier.load(carrier_file).name
        if args.competitor_name:
            carrier_file = _competitor_carrier(carrier_file, name, other_reports)
    else:
        name = args.competitor_name or \
            f"对比运营商 (demo: {', '.join(args.competitor_fault)})"
        carrier_file = _competitor_carrier(args.config, name, other_reports)
    competitor_args = _replace(pytest_args, {
        "--walk-reports": str(other_reports), "--walk-run-id": other_id,
        "--walk-config": str(carrier_file)},
        # the given test numbers are our carrier's: the second one makes its own customers
        drop={"--walk-fault", "--walk-customers-file"}, flags={"--clean-alluredir"})
    for fault in args.competitor_fault:
        competitor_args += ["--walk-fault", fault]
    ours = allure.result_files(results_dir)
    allure.label_results(results_dir, ours, _summary_carrier(reports, run_id), False)
    print(f"\n== walking the second operator: {name}", flush=True)
    other = argparse.Namespace(**{**vars(args), "fault": args.competitor_fault,
                                  "config": carrier_file})
    _begin(args, other_id, other_reports, name, args.competitor_fault, beside=run_id)
    with _shared_operator(other, other_reports):
        code = pytest.main(competitor_args)
    stopping.check()
    allure.label_results(results_dir, allure.result_files(results_dir) - ours, name, True)
    found = _summary_of(other_reports, other_id)
    if not found or not found.get("complete", True):
        if int(code) == 2:
            return 2
        _environment(f"the second operator could not be walked (pytest exit {int(code)}); "
                     f"see above")
        return None
    _complete_sidecar(other_reports / "checkpoints", other_id, found["carrier"], beside=run_id)
    return Walked(other_id, other_reports, found, beside=run_id)


def _summary_of(folder: Path, run_id: str) -> dict[str, Any] | None:
    """The folder's summary.json if it is this run's."""
    try:
        data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("run") == run_id else None


@contextlib.contextmanager
def _shared_operator(args: argparse.Namespace, reports: Path) -> Iterator[None]:
    """With several workers the command starts one operator for them all; the second
    operator needs the same."""
    from walkthrough import cli

    with cli._shared_operator(args, reports):
        yield


def _summary_carrier(reports: Path, run_id: str) -> str:
    try:
        data = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
        return str(data["carrier"]) if data.get("run") == run_id else ""
    except (OSError, json.JSONDecodeError, KeyError):
        return ""


def _replace(args: list[str], values: dict[str, str], drop: set[str],
             flags: set[str]) -> list[str]:
    """pytest's arguments with options set to new values, some dropped."""
    out: list[str] = []
    skip = False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in flags:
            continue
        if arg in values or arg in drop:
            skip = i + 1 < len(args)
            continue
        out.append(arg)
    for option, value in values.items():
        out += [option, value]
    return out


def _competitor_carrier(config: Path | None, name: str, folder: Path) -> Path:
    """A carrier file under another name (ours, walked again as the second operator), told
    apart in every record and report by its name."""
    import yaml

    from walkthrough.carrier import DEFAULT

    source = Path(config) if config else DEFAULT
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.setdefault("carrier", {})["name"] = name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "carrier.yaml"
    path.write_text(f"# {source.name} walked as the second operator of a run; written by "
                    f"`walkthrough run --competitor-fault`\n" +
                    yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


def _import_walked(args: argparse.Namespace, reports: Path, walked: list[Walked]) -> History:
    from walkthrough.history.importer import (
        import_leftovers,
        read_records,
        read_sidecar,
        run_info,
    )

    catalogue, days = _catalogue()
    history = _open_history(args, reports)
    try:
        for w in walked:
            # a run stopped mid-write may have left half a line: the reader skips it
            found = read_records(w.reports / "checkpoints").get(w.run_id, [])
            meta = read_sidecar(w.reports / "checkpoints", w.run_id)
            meta.setdefault("carrier", w.summary["carrier"])
            info = run_info(w.run_id, found, meta, complete=w.complete)
            info.carrier = w.summary["carrier"]
            info.beside = w.beside
            info.target = w.summary["target"]
            history.import_run(info, found, catalogue, days)
        # runs that died in this folder before (killed, or the machine went down)
        for item in import_leftovers(history, reports, catalogue, days)[0]:
            state = "complete" if item.complete else "incomplete"
            print(f"stored the earlier run {item.run} ({item.carrier}) left in {reports}: "
                  f"{item.checkpoints} checkpoints, {state}")
    except BaseException:
        history.close()
        raise
    return history


def _label_alone(results: Path, walked: list[Walked]) -> None:
    """A carrier walked alone: its name on each of its walks' Allure results (a competitor's
    walk labelled both carriers' as it went)."""
    from walkthrough.report import allure

    if len(walked) == 1:
        allure.label_results(results, allure.result_files(results), walked[0].summary["carrier"],
                             False)


def _allure(args: argparse.Namespace, reports: Path, walked: list[Walked],
            results: Path) -> str:
    """Generate the Allure HTML; '' when done, else the environment note to print."""
    from walkthrough.report import allure

    command, why = allure.locate()
    if command is None:
        return why
    if not any(results.glob("*-result.json")):
        return "no Allure results were written, so there is no Allure report"
    ours = walked[0].summary
    _label_alone(results, walked)
    report = reports / "allure-report"
    allure.prepare(results, report, executor={
        "name": "walkthrough", "type": "walkthrough", "buildName": walked[0].run_id,
        "reportName": f"Walkthrough {ours['carrier']}"},
        environment={"carrier": ours["carrier"], "run": walked[0].run_id,
                     "release": args.release, "org": args.org,
                     "target": f"{ours['target']:.2f}",
                     "faults": ", ".join(args.fault),
                     "compared with": walked[1].summary["carrier"] if len(walked) > 1 else "",
                     **_figures(ours),
                     # a rate is the run's, no walk's: on the overview beside the run
                     **{f"rate {r['standard']}": rates.describe(r)
                        for r in ours.get("rates", [])}})
    error = allure.generate(command, results, report, f"Walkthrough {ours['carrier']}")
    return error


def _figures(result: dict[str, Any]) -> dict[str, str]:
    """summary.json's figures on Allure's overview (its Environment widget), beside Allure's
    own count of the same checkpoints."""
    c, walks = result["checkpoints"], result["walks"]
    compliance = result["compliance"]
    return {"compliance": "n/a" if compliance is None else f"{compliance * 100:.1f} %",
            "checkpoints": f"{c['total']}: {c['passed']} passed, {c['failed']} failed, "
                           f"{c['blocked']} blocked, {c['errored']} errored",
            "walks": f"{walks['total']}, {walks['passed']} with every checkpoint passed"}


def _print_where(reports: Path, walked: list[Walked], report_path: Path | None,
                 history: History | None, notes: list[str]) -> None:
    if len(walked) > 1:
        print()
        for w in walked:
            print(summary.render(w.summary).splitlines()[1].replace(
                "Compliance", f"{w.summary['carrier']}: compliance"))
    lines = [f"  summary       {reports / 'summary.json'}"]
    if report_path is not None:
        lines.append(f"  walkthrough   {report_path}   (open it in a browser)")
    index = reports / "allure-report" / "index.html"
    if index.is_file() and not any(n.startswith("Allure") or "Allure" in n for n in notes):
        lines.append(f"  Allure        {index}")
    lines.append(f"  Allure data   {reports / 'allure-results'}")
    if (reports / "junit.xml").is_file():
        lines.append(f"  JUnit XML     {reports / 'junit.xml'}")
    if history is not None:
        lines.append(f"  history       {history.where}")
    print("\nReports:\n" + "\n".join(lines))
    for note in notes:
        _environment(note)


# -- the report -----------------------------------------------------------------------------
def build_report(history: History, reports: Path, out: Path,
                 compare: tuple[str, str] | None = None, carrier: str | None = None,
                 allure_ready: Callable[[], None] | None = None) -> Path:
    """Gather, draw, then (once ``allure_ready`` returns) link into the Allure report found
    in ``reports/allure-report`` and write the page."""
    from walkthrough.report import allure, data, html

    catalogue, _days = _catalogue()
    gathered = data.gather(history, catalogue, compare=compare, carrier=carrier)
    made = html.make_charts(gathered)
    if allure_ready is not None:
        allure_ready()
    report = reports / "allure-report"
    data.link_allure(gathered, allure.test_cases(report),
                     os.path.relpath(report, out.resolve().parent),
                     (report / "index.html").is_file())
    html.write(html.render(gathered, catalogue, made), out)
    return out


def _environment_guard(func: Any) -> Any:
    """A command that reads the history: an unreachable database is an environment error
    (exit 3), said in one line."""
    def wrapper(args: argparse.Namespace) -> int:
        from walkthrough.history import HistoryUnavailable

        try:
            return int(func(args))
        except HistoryUnavailable as exc:
            _environment(str(exc))
            return EXIT_ENVIRONMENT
    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


@_environment_guard
def report(args: argparse.Namespace) -> int:
    reports = args.reports.resolve()
    out = (args.out or reports / REPORT_NAME).resolve()
    with _open_history(args, reports) as history:
        build_report(history, reports, out, compare=tuple(args.compare) if args.compare
                     else None, carrier=args.carrier)
    print(f"Walkthrough report: {out}")
    return 0


@_environment_guard
def problems(args: argparse.Namespace) -> int:
    from walkthrough import problems as lifecycle

    catalogue, _days = _catalogue()
    reports = args.reports.resolve()
    statuses = lifecycle.STATUSES if args.all else lifecycle.OPEN
    org = _org(args.org) if args.org else None
    with _open_history(args, reports) as history:
        found = history.problems(carrier=args.carrier, org=org, statuses=statuses)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if args.json:
        print(json.dumps([{**dataclasses.asdict(p), "age_days": p.age_days(now),
                           "overdue": p.overdue(now.date()),
                           "department_name": catalogue.department_name(p.department, "zh")}
                          for p in found], ensure_ascii=False, indent=1, default=str))
        return 0
    if not found:
        print("No open problems." if not args.all else "No problems in the history.")
        return 0
    department = None
    for p in found:
        if p.department != department:
            department = p.department
            count = sum(1 for x in found if x.department == department)
            print(f"\n{catalogue.department_name(department, 'zh')} "
                  f"{catalogue.department_name(department, 'en')} ({count})")
        due = f"due {p.due}" + (" OVERDUE" if p.overdue(now.date()) else "")
        if p.status == "fixed":
            due = f"fixed {p.fixed:%Y-%m-%d}" if p.fixed else "fixed"
        print(f"  {p.status:9} {p.age_days(now):4d} d  {due:22} {p.standard:16} "
              f"{p.product_line}/{p.channel}  {p.org or '-'}  {p.carrier}")
    print(f"\n{len(found)} problem(s); oldest first within each department")
    return 0


@_environment_guard
def history_command(args: argparse.Namespace) -> int:
    action = args.action or "list"
    reports = args.reports.resolve()
    with _open_history(args, reports) as history:
        if action == "import":
            from walkthrough import reports_lock
            from walkthrough.history.importer import import_leftovers

            catalogue, days = _catalogue()
            live = reports_lock.live_run(reports)
            done, skipped = import_leftovers(history, reports, catalogue, days,
                                             live=[live] if live else [])
            for item in done:
                state = "complete" if item.complete else "INCOMPLETE (the run did not finish)"
                print(f"imported {item.run} ({item.carrier}): {item.checkpoints} checkpoints, "
                      f"{state}")
            print(f"{len(done)} run(s) imported, {len(skipped)} already in {history.where}")
            if live:
                print(f"run {live} is still walking in {reports}: it is stored when it ends")
            return 0
        if action == "export":
            return _export(args, history)
        runs = history.runs(limit=getattr(args, "limit", 30))
        if not runs:
            print(f"No runs in {history.where} yet.")
            return 0
        for run in runs:
            comp = "  n/a " if run["compliance"] is None else f"{run['compliance'] * 100:5.1f}%"
            flag = "" if run["complete"] else "  INCOMPLETE"
            beside = f"  beside {run['beside']}" if run["beside"] else ""
            print(f"{run['id']:26} {run['started']:%Y-%m-%d %H:%M}  {comp}  "
                  f"{run['carrier']}  {run['release'] or '-'}  {run['org'] or '-'}"
                  f"{flag}{beside}")
        print(f"({len(runs)} newest runs in {history.where})")
    return 0


def _export(args: argparse.Namespace, history: History) -> int:
    from walkthrough.history import export

    if args.run and history.run(args.run) is None:
        raise UsageError(f"--run: there is no run {args.run!r} in {history.where}",
                         hint="`walkthrough history` lists the runs")
    writer = export.write_csv if args.format == "csv" else export.write_jsonl
    if args.out is None:
        count = writer(history, sys.stdout, args.run)
        print(f"{count} row(s) exported", file=sys.stderr)
        return 0
    out = args.out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = writer(history, handle, args.run)
    except OSError as exc:  # a full disk is the environment's; a folder for a file, ours
        raise os_error(exc, "cannot write", f"--out {args.out}") from None
    print(f"{count} row(s) exported to {out} (masked)")
    return 0


COMMANDS = {"report": report, "problems": problems, "history": history_command}
