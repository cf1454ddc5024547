"""Compliance from checkpoint records, and reports/summary.json.

Compliance is passed ÷ (passed + failed + blocked): a standard the walk could not reach
because the product broke earlier counts against the product. Errored checkpoints (the
environment or the harness broke) are counted apart and never enter compliance.

A rate standard (the catalogue's ``rate:``) is also judged over all its checkpoints of the
run, with its sample and interval (``walkthrough.rates``); one that fails puts the run below
target whatever its compliance.

The keys of summary.json are read by CI scripts and dashboards: keep them stable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from walkthrough import rates
from walkthrough.checkpoint import STATUSES, CheckpointRecord
from walkthrough.standards import STAGES, Catalogue

JUDGED = ("passed", "failed", "blocked")
EXIT_OK, EXIT_BELOW_TARGET, EXIT_ENVIRONMENT = 0, 1, 3


def _counts(records: Iterable[CheckpointRecord]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for record in records:
        counts[record.status] += 1
    return counts


def _rate(counts: dict[str, int]) -> float | None:
    judged = sum(counts[s] for s in JUDGED)
    return round(counts["passed"] / judged, 4) if judged else None


def _weighted(records: list[CheckpointRecord], weights: dict[str, int]) -> float | None:
    judged = [r for r in records if r.status in JUDGED]
    total = sum(weights.get(r.severity, 1) for r in judged)
    passed = sum(weights.get(r.severity, 1) for r in judged if r.status == "passed")
    return round(passed / total, 4) if total else None


def _group(records: list[CheckpointRecord], key: str,
           order: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[CheckpointRecord]] = defaultdict(list)
    for record in records:
        groups[getattr(record, key)].append(record)
    names = [n for n in order if n in groups] + sorted(n for n in groups if n not in order)
    out = {}
    for name in names:
        counts = _counts(groups[name])
        out[name] = {"compliance": _rate(counts), **counts}
    return out


def summarise(records: list[CheckpointRecord], catalogue: Catalogue, *, run: str,
              carrier: str, target: float | None = None,
              selection: dict[str, list[str]] | None = None,
              complete: bool = True, lost: list[str] | None = None) -> dict[str, Any]:
    """The run's figures. A run that did not finish (stopped, killed, or not yet done) is
    ``complete: false`` with the verdict "incomplete", whatever its figures say so far;
    ``lost`` says what the run lost on its way (a worker that died), among its errors."""
    target = catalogue.target if target is None else target
    counts = _counts(records)
    compliance = _rate(counts)
    walks: dict[str, set[str]] = defaultdict(set)
    matrix: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    for record in records:
        walks[record.walk].add(record.status)
        cell = matrix[record.product_line].setdefault(record.channel,
                                                      {"walks": 0, "checkpoints": 0})
        cell["checkpoints"] += 1
    seen_walks: set[tuple[str, str, str]] = set()
    for record in records:
        key = (record.walk, record.product_line, record.channel)
        if key not in seen_walks:
            seen_walks.add(key)
            matrix[record.product_line][record.channel]["walks"] += 1
    problems = [
        {"standard": r.standard, "title": r.title, "status": r.status, "stage": r.stage,
         "product_line": r.product_line, "channel": r.channel, "department": r.department,
         "department_name": catalogue.department_name(r.department, "zh"),
         "severity": r.severity, "observed": r.observed, "expected": r.expected,
         "reason": r.reason, "walk": r.walk}
        for r in records if r.status in ("failed", "blocked")
    ]
    errors = sorted({(r.reason or "unknown").splitlines()[0] for r in records
                     if r.status == "errored"}) + list(lost or [])
    judged = [j.to_dict() for j in rates.judge_records(records, catalogue.rates)]
    if not complete:
        verdict = "incomplete"
    elif counts["errored"]:
        verdict = "environment error"
    elif compliance is None:
        verdict = "no checkpoints"
    else:
        rate_failed = any(j["verdict"] == rates.FAIL for j in judged)
        verdict = "pass" if compliance >= target and not rate_failed else "below target"
    return {
        "run": run,
        "carrier": carrier,
        "complete": complete,
        "lost": list(lost or []),  # what made it incomplete, when a worker of it died
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "selection": selection or {},
        "compliance": compliance,
        "weighted_compliance": _weighted(records, catalogue.weights),
        "target": target,
        "verdict": verdict,
        "checkpoints": {**counts, "total": len(records)},
        "walks": {"total": len(walks),
                  "passed": sum(1 for s in walks.values() if s <= {"passed"})},
        "by_product_line": _group(records, "product_line"),
        "by_channel": _group(records, "channel"),
        "by_stage": _group(records, "stage", STAGES),
        "matrix": {line: dict(cells) for line, cells in matrix.items()},
        "rates": judged,
        "problems": problems,
        "errors": errors,
    }


def exit_code(summary: dict[str, Any]) -> int:
    if summary["verdict"] in ("environment error", "no checkpoints", "incomplete"):
        return EXIT_ENVIRONMENT
    return EXIT_OK if summary["verdict"] == "pass" else EXIT_BELOW_TARGET


def write(summary: dict[str, Any], path: Path) -> None:
    """Written beside and renamed over the old one: a reader never sees half a summary, and
    a run killed while writing leaves the one before."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    part.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(part, path)


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{value * 100:5.1f} %"


def render(summary: dict[str, Any]) -> str:
    """The compliance summary a person reads at the end of a run."""
    c = summary["checkpoints"]
    lines = [
        f"Walkthrough of {summary['carrier']} — run {summary['run']}",
        f"Compliance {_pct(summary['compliance']).strip()} (weighted "
        f"{_pct(summary['weighted_compliance']).strip()}), target "
        f"{summary['target'] * 100:.0f} %: {summary['verdict'].upper()}",
        f"Checkpoints: {c['passed']} passed, {c['failed']} failed, {c['blocked']} blocked, "
        f"{c['errored']} errored, in {summary['walks']['total']} walks",
    ]
    if summary["matrix"]:
        channels = sorted({ch for cells in summary["matrix"].values() for ch in cells})
        lines.append("Walked (walks / checkpoints):")
        lines.append("  " + "product line".ljust(16) + "".join(ch.ljust(12) for ch in channels))
        for line, cells in summary["matrix"].items():
            row = "".join((f"{cells[ch]['walks']} / {cells[ch]['checkpoints']}" if ch in cells
                           else "-").ljust(12) for ch in channels)
            lines.append("  " + line.ljust(16) + row)
    for title, key in (("channel", "by_channel"), ("stage", "by_stage")):
        parts = [f"{name} {_pct(v['compliance']).strip()}" for name, v in summary[key].items()]
        if parts:
            lines.append(f"By {title}: " + ", ".join(parts))
    if summary.get("rates"):
        lines.append("Rates over the run's attempts:")
        lines.extend(f"  {rates.describe(judged)}" for judged in summary["rates"])
    blocked: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for p in summary["problems"]:
        if p["status"] == "blocked":  # one line a walk: what blocked them is the failure above
            blocked[(p["product_line"], p["channel"])].append(p)
            continue
        lines.append(f"  FAILED  {p['standard']:16} {p['product_line']}/{p['channel']} "
                     f"({p['department_name']}): {p['observed'] or p['reason']}"[:300])
    for (line, channel), items in blocked.items():
        lines.append(f"  BLOCKED {len(items):2} checkpoint(s) of {line}/{channel}: "
                     f"{items[0]['reason']}"[:300])
    for error in summary["errors"]:
        lines.append(f"  ENVIRONMENT ERROR: {error}"[:300])
    return "\n".join(lines)
