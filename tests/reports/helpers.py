"""Hand-made checkpoint records and runs for the reporting tests."""

from __future__ import annotations

import datetime as dt

from walkthrough import problems, standards
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.history import History, RunInfo
from walkthrough.session import ROOT

CATALOGUE_PATH = ROOT / "scenarios" / "standards.yaml"
CATALOGUE = standards.load(CATALOGUE_PATH)
DUE_DAYS = problems.due_days(CATALOGUE_PATH)
T0 = dt.datetime(2026, 11, 2, 9, 0)
ALL_PASS = ("ORD-ACK", "BILL-ACCURATE", "ACT-NOTICE")


def record(run: str, standard: str, status: str, *, channel: str = "api",
           product_line: str = "mobile_plan", carrier: str = "演示电信 (demo)", walk: str = "",
           observed: str = "", at: dt.datetime | None = None) -> CheckpointRecord:
    std = CATALOGUE.get(standard)
    moment = (at or T0).replace(tzinfo=dt.UTC).isoformat()
    return CheckpointRecord(
        run=run, walk=walk or f"{run}-001-{channel}", carrier=carrier,
        product_line=product_line, channel=channel, stage=std.stage, standard=standard,
        title=std.title_en, department=std.department, severity=std.severity, status=status,
        observed=observed or ("as expected" if status == "passed" else "not as expected"),
        expected="the standard", at=moment)


def walk_run(history: History, run: str, statuses: dict[str, str], *, day: int,
             org: str = "集团/广东/广州", carrier: str = "演示电信 (demo)",
             channel: str = "api", complete: bool = True, release: str = "") -> RunInfo:
    """Import one run whose checkpoints have the given statuses (standard → status)."""
    at = T0 + dt.timedelta(days=day)
    found = [record(run, sid, status, channel=channel, carrier=carrier, at=at)
             for sid, status in statuses.items()]
    info = RunInfo(id=run, carrier=carrier, started=at, finished=at + dt.timedelta(minutes=1),
                   complete=complete, org=org, release=release)
    history.import_run(info, found, CATALOGUE, DUE_DAYS)
    return info
