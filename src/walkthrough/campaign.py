"""A campaign walked across machines: the end of one shard's run, and `walkthrough merge`,
which makes one run of the shards' reports folders.

A shard's run writes its records, its Allure results and a summary that says which shard of
which campaign it is and which walks it made; it stores nothing in the history (a run of a
third of the walks would read as a run whose other walks were fixed or gone). Merge checks
that the folders are one whole campaign, then sums up the records with the same code as a
run that walked everything on one machine, and makes its history entry and reports.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from walkthrough import preflight, reports_lock, summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import EnvironmentProblem, UsageError
from walkthrough.session import CATALOGUE, ROOT

# what Allure's generation writes into the results itself; each shard's copy is not ours
_ALLURE_OWN = {"categories.json", "executor.json", "environment.properties"}
HOW = "`walkthrough run --shard K/N` leaves one reports folder a shard"


def register(sub: Any) -> None:
    merge_parser = sub.add_parser(
        "merge", help="make one run of the reports folders of a campaign's shards")
    merge_parser.add_argument("folders", nargs="+", type=Path, metavar="DIR",
                              help="the reports folder of each shard (`run --shard K/N`)")
    merge_parser.add_argument("--reports", type=Path, default=ROOT / "reports",
                              help="where the merged run's reports go (default: reports/)")
    merge_parser.add_argument("--history", metavar="URL", default=None,
                              help="the history database to store the merged run in "
                                   "(default: $WALKTHROUGH_HISTORY, else REPORTS/history.db)")


# -- a shard's run --------------------------------------------------------------------------
def begin_shard(args: argparse.Namespace, run_id: str, reports: Path) -> list[str]:
    """Before the walks of a shard: its sidecar says it is a shard (the history stores the
    merged run, never a shard's), and pytest's options for the split."""
    from walkthrough import shard_durations
    from walkthrough.carrier import Carrier
    from walkthrough.report.commands import _complete_sidecar

    carrier = Carrier.load(args.config).name
    _complete_sidecar(reports / "checkpoints", run_id, carrier, complete=False,
                      shard=str(args.shard))
    options = ["--walk-shard", str(args.shard)]
    if args.campaign:
        options += ["--walk-campaign", args.campaign]
    seconds = shard_durations.measured(args.history, reports, carrier)
    if seconds:
        path = reports / "shard-durations.json"
        shard_durations.write(path, seconds, "the history's walk durations")
        options += ["--walk-shard-durations", str(path)]
    return options


def finish_shard(args: argparse.Namespace, *, run_id: str, reports: Path,
                 result: dict[str, Any]) -> int:
    """A shard's run ends with its records, summary and Allure results; the exit code is its
    share's own verdict, the campaign's is merge's."""
    from walkthrough.report.commands import _complete_sidecar

    plan = result.get("shard")
    if not isinstance(plan, dict):
        print(f"walkthrough: environment: shard {args.shard} left no plan of its walks in "
              f"{reports / 'checkpoints'}; it cannot be merged", file=sys.stderr)
        return summary.EXIT_ENVIRONMENT
    _complete_sidecar(reports / "checkpoints", run_id, result["carrier"],
                      shard=f"{plan['index']}/{plan['total']}", campaign=plan["campaign"])
    print(f"\nShard {plan['index']} of {plan['total']} of campaign {plan['campaign']}: "
          f"{len(plan['walks'])} of the campaign's {plan['walks_in_campaign']} walk(s), "
          f"balanced by {plan['balanced_by']}\n"
          f"  summary       {reports / 'summary.json'}\n"
          f"  Allure data   {reports / 'allure-results'}\n"
          f"Merge the {plan['total']} shards' reports folders into one run (history, Allure, "
          f"walkthrough report) with `walkthrough merge DIR...`")
    return summary.exit_code(result)


# -- merge ----------------------------------------------------------------------------------
@dataclasses.dataclass
class ShardRun:
    folder: Path
    summary: dict[str, Any]
    sidecar: dict[str, Any]
    records: list[CheckpointRecord]

    @property
    def plan(self) -> dict[str, Any]:
        return self.summary["shard"]

    @property
    def index(self) -> int:
        return int(self.plan["index"])

    @property
    def run(self) -> str:
        return str(self.summary["run"])

    @property
    def name(self) -> str:
        return f"shard {self.index} of {self.plan['total']} ({self.folder})"


def _read(folder: Path) -> ShardRun:
    from walkthrough.history.importer import read_records, read_sidecar

    path = folder / "summary.json"
    if not folder.is_dir():
        raise UsageError("no such reports folder", path=folder, hint=HOW)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError("no summary.json here: not the reports folder of a shard",
                         path=folder, hint=HOW) from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno,
                         hint="walk this shard again") from None
    if not isinstance(data, dict) or "run" not in data:
        raise UsageError("not a walkthrough summary", path=path, hint=HOW)
    checkpoints = folder / "checkpoints"
    sidecar = read_sidecar(checkpoints, data["run"]) if checkpoints.is_dir() else {}
    plan = data.get("shard")
    said = f"{plan.get('index')} of {plan.get('total')}" if isinstance(plan, dict) else \
        str(sidecar.get("shard") or "").replace("/", " of ")
    if not said:
        raise UsageError("this run was not a shard (its summary names no shard K of N)",
                         path=path, hint=HOW)
    if not data.get("complete", True) or not isinstance(plan, dict):
        # a shard stopped or killed is summed up without its plan
        raise EnvironmentProblem(
            f"{path}: shard {said} did not finish (verdict {data.get('verdict')}): walk that "
            f"shard again, then merge")
    found = read_records(checkpoints).get(data["run"], []) if checkpoints.is_dir() else []
    if len(found) != data["checkpoints"]["total"]:
        raise UsageError(f"the summary counts {data['checkpoints']['total']} checkpoints of run "
                         f"{data['run']}, its records hold {len(found)}", path=checkpoints,
                         hint="give the whole reports folder the shard wrote")
    return ShardRun(folder, data, sidecar, found)


def _one(shard_runs: list[ShardRun], what: str, value: Any) -> None:
    """Every shard must agree on ``what``: a shard that differs is of another campaign."""
    first = shard_runs[0]
    for other in shard_runs[1:]:
        if value(other) != value(first):
            raise UsageError(
                f"the shards are not of one campaign: {first.name} has {what} "
                f"{value(first)!r}, {other.name} has {value(other)!r}",
                hint="give the reports folders of one campaign's shards only")


def check_whole(shard_runs: list[ShardRun]) -> None:
    """One campaign, every shard once, every walk once."""
    _one(shard_runs, "the carrier", lambda s: s.summary["carrier"])
    _one(shard_runs, "the selection", lambda s: s.summary.get("selection"))
    _one(shard_runs, "the target", lambda s: s.summary["target"])
    _one(shard_runs, "the shard count", lambda s: s.plan["total"])
    _one(shard_runs, "the campaign", lambda s: s.plan["campaign"])
    _one(shard_runs, "the release", lambda s: s.sidecar.get("release", ""))
    _one(shard_runs, "the org unit", lambda s: s.sidecar.get("org", ""))
    by_index: dict[int, ShardRun] = {}
    for each in shard_runs:
        if each.index in by_index:
            raise UsageError(f"shard {each.index} of {each.plan['total']} is given twice: "
                             f"{by_index[each.index].folder} and {each.folder}",
                             hint="give each shard's reports folder once")
        by_index[each.index] = each
    total = int(shard_runs[0].plan["total"])
    missing = [k for k in range(1, total + 1) if k not in by_index]
    if missing:
        said = "shard " + ", ".join(map(str, missing)) if len(missing) == 1 else \
            "shards " + ", ".join(map(str, missing))
        raise UsageError(f"{said} of {total} of campaign {shard_runs[0].plan['campaign']} "
                         f"{'is' if len(missing) == 1 else 'are'} missing (given: "
                         f"{', '.join(str(k) for k in sorted(by_index))})",
                         hint="give every shard's reports folder; a shard that did not run "
                              "is walked again with `walkthrough run --shard K/N`")
    _one(shard_runs, "the split of the walks (its durations came from another history)",
         lambda s: s.plan["split"])
    walked: dict[str, ShardRun] = {}
    walk_ids: dict[str, ShardRun] = {}
    for each in shard_runs:
        for key in each.plan["walks"]:
            if key in walked:
                raise UsageError(f"the walk {key!r} appears twice: in {walked[key].name} and "
                                 f"in {each.name}", hint="give each shard's folder once")
            walked[key] = each
        for walk in dict.fromkeys(r.walk for r in each.records):
            if walk in walk_ids:
                raise UsageError(f"the walk {walk} appears twice: in {walk_ids[walk].name} and "
                                 f"in {each.name}", hint="give each shard's folder once")
            walk_ids[walk] = each
    expected = int(shard_runs[0].plan["walks_in_campaign"])
    if len(walked) != expected:
        raise UsageError(f"the shards walked {len(walked)} of the campaign's {expected} walks",
                         hint="walk the shards again with the same selection and N")


def merged_run_id(shard_runs: list[ShardRun]) -> str:
    """The same shards make the same id: merged twice into one history, it is refused."""
    first = min(s.run for s in shard_runs)
    digest = hashlib.sha256("|".join(sorted(s.run for s in shard_runs)).encode()).hexdigest()
    return f"{first[:15]}-m{digest[:4]}"


def _rewritten(each: ShardRun, run_id: str) -> list[CheckpointRecord]:
    """The shard's records as the merged run's: walk ids keep the shard apart (two machines'
    workers number their walks alike)."""
    out = []
    for record in each.records:
        rest = record.walk[len(each.run) + 1:] if record.walk.startswith(f"{each.run}-") \
            else record.walk
        out.append(dataclasses.replace(record, run=run_id,
                                       walk=f"{run_id}-s{each.index}-{rest}"))
    return out


def _merge_allure(shard_runs: list[ShardRun], results: Path) -> None:
    shutil.rmtree(results, ignore_errors=True)
    results.mkdir(parents=True)
    for each in shard_runs:
        source = each.folder / "allure-results"
        for path in sorted(source.iterdir()) if source.is_dir() else []:
            if path.is_file() and path.name not in _ALLURE_OWN:
                shutil.copy2(path, results / path.name)


def _copy_traces(shard_runs: list[ShardRun], out: Path) -> None:
    for each in shard_runs:
        source = each.folder / "traces"
        for path in sorted(source.glob("*.zip")) if source.is_dir() else []:
            (out / "traces").mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out / "traces" / path.name)


def merge(args: argparse.Namespace) -> int:
    from walkthrough import records as record_files
    from walkthrough import standards
    from walkthrough.history import History, RunInfo
    from walkthrough.history.importer import write_sidecar
    from walkthrough.history.url import resolve
    from walkthrough.report import commands as reporting

    folders = [f.resolve() for f in args.folders]
    out: Path = args.reports.resolve()
    for folder in folders:
        if out == folder or out in folder.parents or folder in out.parents:
            raise UsageError("--reports is one of the shards' folders (or holds one)",
                             path=out, hint="merge into a folder of its own, e.g. --reports "
                                            "reports/merged")
    shard_runs = sorted((_read(f) for f in folders), key=lambda s: (s.index, str(s.folder)))
    check_whole(shard_runs)
    first = shard_runs[0]
    run_id = merged_run_id(shard_runs)
    url, _source = resolve(args.history, out)
    preflight.reports_writable(out)
    preflight.history_reachable(args.history, out)
    with History(url) as history:
        if history.has_run(run_id):
            raise UsageError(f"these shards are already merged into {history.where} as run "
                             f"{run_id}", hint="`walkthrough report` writes its report again")
    found = [r for each in shard_runs for r in _rewritten(each, run_id)]
    catalogue = standards.load(CATALOGUE)
    selection = first.summary.get("selection") or {}
    with reports_lock.hold(out, run_id):
        checkpoints = out / "checkpoints"
        record_file = record_files.RecordFile(checkpoints / f"{run_id}-merged.jsonl")
        if record_file.path.exists():
            record_file.path.unlink()
        for record in found:
            record_file.write(record)
        record_file.sync()
        started = min((dt.datetime.fromisoformat(s.sidecar["started"]) for s in shard_runs
                       if s.sidecar.get("started")), default=dt.datetime.now(dt.UTC))
        write_sidecar(checkpoints, RunInfo(
            id=run_id, carrier=first.summary["carrier"], started=started, complete=False,
            release=first.sidecar.get("release", ""), org=first.sidecar.get("org", ""),
            target=first.summary["target"], selection=selection))
        result = summary.summarise(found, catalogue, run=run_id,
                                   carrier=first.summary["carrier"],
                                   target=first.summary["target"], selection=selection)
        result["campaign"] = {"id": first.plan["campaign"], "shards": len(shard_runs),
                              "runs": [s.run for s in shard_runs]}
        summary.write(result, out / "summary.json")
        _merge_allure(shard_runs, out / "allure-results")
        _copy_traces(shard_runs, out)
        print(f"Merged {len(shard_runs)} shards of campaign {first.plan['campaign']}: "
              f"{', '.join(f'{s.index}: {s.folder}' for s in shard_runs)}\n")
        print(summary.render(result))
        finishing = argparse.Namespace(
            competitor=None, competitor_fault=[], release=first.sidecar.get("release", ""),
            org=first.sidecar.get("org", ""), fault=selection.get("fault") or [],
            history=args.history, min_compliance=first.summary["target"])
        return reporting.finish_run(finishing, run_id=run_id, reports=out, result=result,
                                    pytest_args=[])
