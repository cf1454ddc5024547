"""Shards: the split of a run's walks among N machines, and merge's checks that the reports
folders it is given are one whole campaign."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from walkthrough import campaign, cli, shards, standards, summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import EnvironmentProblem, UsageError
from walkthrough.session import ROOT

CATALOGUE = standards.load(ROOT / "scenarios" / "standards.yaml")


def _items(cells: dict[str, int]) -> list[shards.Planned]:
    """``count`` walks of each product line/channel cell, costed by the channel."""
    out = []
    for cell, count in cells.items():
        product, channel = cell.split("/")
        for n in range(count):
            out.append(shards.Planned(f"features/{product}.feature::{channel} {n}", cell,
                                      shards.expected_seconds(product, [channel], "", {})))
    return out


MATRIX = {"mobile_plan/api": 2, "mobile_plan/web": 2, "mobile_plan/sms": 2, "vas/counter": 3,
          "vas/hotline": 3, "broadband/mobile": 2, "topup/api": 2}


# -- K/N ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["0/3", "4/3", "x", "3", "1/0", "-1/3", "1/3/3", ""])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        shards.parse(text)


@pytest.mark.parametrize("text", ["0/3", "4/3", "x"])
def test_a_bad_shard_is_a_usage_error_of_one_line(text: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["run", "--shard", text])
    assert stopped.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("walkthrough run: error: argument --shard: ") and text in last
    assert "Traceback" not in last


def test_k_of_n_is_read() -> None:
    assert shards.parse("2/3") == shards.Shard(2, 3)
    assert shards.parse(" 3 / 3 ") == shards.Shard(3, 3)


# -- the split ------------------------------------------------------------------------------
def test_every_walk_is_in_exactly_one_shard() -> None:
    items = _items(MATRIX)
    for total in (1, 2, 3, 5):
        chosen = shards.split(items, total)
        assert len(chosen) == len(items)
        assert set(chosen) == set(range(1, total + 1))


def test_the_split_does_not_depend_on_the_order_of_collection() -> None:
    items = _items(MATRIX)
    forward = dict(zip((i.key for i in items), shards.split(items, 3), strict=True))
    backward = list(reversed(items))
    again = dict(zip((i.key for i in backward), shards.split(backward, 3), strict=True))
    assert forward == again
    assert shards.fingerprint(items, shards.split(items, 3)) == \
        shards.fingerprint(backward, shards.split(backward, 3))


def test_shards_are_balanced_by_expected_duration_not_by_count() -> None:
    items = _items(MATRIX)
    chosen = shards.split(items, 3)
    loads = [sum(i.seconds for i, s in zip(items, chosen, strict=True) if s == k)
             for k in (1, 2, 3)]
    heaviest = max(i.seconds for i in items)
    assert max(loads) - min(loads) <= 2 * heaviest
    counts = [chosen.count(k) for k in (1, 2, 3)]
    assert len(set(counts)) > 1  # a browser walk is worth many API walks


def _spread(items: list[shards.Planned], total: int) -> dict[str, set[int]]:
    chosen = shards.split(items, total)
    where: dict[str, set[int]] = {}
    for item, shard in zip(items, chosen, strict=True):
        where.setdefault(item.cell, set()).add(shard)
    return where


def test_walks_of_one_cell_are_spread_across_shards() -> None:
    light = {"mobile_plan/api": 3, "mobile_plan/sms": 2, "vas/hotline": 4, "topup/api": 1}
    for total in (2, 3):
        where = _spread(_items(light), total)
        assert all(len(where[c]) == min(n, total) for c, n in light.items()), where
    # where the balance allows: the browser walks, placed first, spread too
    where = _spread(_items(MATRIX), 3)
    for cell in ("mobile_plan/web", "vas/counter", "broadband/mobile"):
        assert len(where[cell]) == min(MATRIX[cell], 3), (cell, where[cell])


def test_a_browser_walk_costs_about_twenty_api_walks() -> None:
    api = shards.expected_seconds("mobile_plan", ["api"], "", {})
    web = shards.expected_seconds("mobile_plan", ["web"], "", {})
    assert web == 20 * api
    cross = shards.expected_seconds("mobile_plan", ["api", "web"], "", {})
    assert cross == api + web  # a walk across channels costs what its channels cost


def test_measured_durations_come_before_the_channels_defaults() -> None:
    measured = {"Mobile plan walk|mobile_plan|api": 7.0, "|mobile_plan|web": 3.0}
    assert shards.expected_seconds("mobile_plan", ["api"], "Mobile plan walk", measured) == 7.0
    assert shards.expected_seconds("mobile_plan", ["api"], "other", measured) == 1.0
    assert shards.expected_seconds("mobile_plan", ["web"], "other", measured) == 3.0


def test_fewer_walks_than_shards_is_refused() -> None:
    with pytest.raises(UsageError, match="fewer than 3 shards"):
        shards.refuse_empty(shards.Shard(3, 3), 2)
    shards.refuse_empty(shards.Shard(3, 3), 3)


def test_a_campaign_id_given_wins_and_one_derived_follows_the_selection() -> None:
    keys = ["a", "b"]
    sel = {"channel": ["api"], "product": [], "stage": [], "fault": []}
    assert shards.campaign_of("pipeline-7", "c", sel, 2, keys) == "pipeline-7"
    derived = shards.campaign_of("", "c", sel, 2, keys)
    assert derived == shards.campaign_of("", "c", sel, 2, list(reversed(keys)))
    assert derived != shards.campaign_of("", "c", {**sel, "channel": ["web"]}, 2, keys)
    assert derived != shards.campaign_of("", "other", sel, 2, keys)


# -- merge's checks -------------------------------------------------------------------------
def _record(run: str, walk: str, status: str = "passed", standard: str = "ORD-ACK",
            channel: str = "api", carrier: str = "演示电信 (demo)") -> CheckpointRecord:
    std = CATALOGUE.get(standard)
    return CheckpointRecord(run=run, walk=f"{run}-main-{walk}", carrier=carrier,
                            product_line="mobile_plan", channel=channel, stage=std.stage,
                            standard=standard, title=std.title_en, department=std.department,
                            severity=std.severity, status=status,
                            at="2026-12-01T10:00:00+00:00")


def _shard_folder(root: Path, index: int, total: int, walks: list[str], *,
                  campaign_id: str = "c1", carrier: str = "演示电信 (demo)",
                  selection: dict[str, list[str]] | None = None, split: str = "s",
                  in_campaign: int | None = None, failed: int = 0,
                  complete: bool = True) -> Path:
    """A shard's reports folder as `walkthrough run --shard` leaves it: records, sidecar and
    a summary naming the shard."""
    from walkthrough import records as record_files

    run = f"20261201-10000{index}-ab{index:02d}"
    folder = root / f"shard-{index}-{len(list(root.glob('shard-*')))}"
    found = [_record(run, f"{n:03d}-api", "failed" if n < failed else "passed",
                     carrier=carrier) for n in range(len(walks))]
    out = record_files.RecordFile(folder / "checkpoints" / f"{run}-main.jsonl")
    for record in found:
        out.write(record)
    (folder / "checkpoints" / f"{run}.run.json").write_text(json.dumps(
        {"id": run, "carrier": carrier, "started": "2026-12-01T10:00:00+00:00",
         "complete": complete, "release": "", "org": "", "shard": f"{index}/{total}"}))
    result = summary.summarise(found, CATALOGUE, run=run, carrier=carrier,
                               selection=selection or {"channel": ["api"]}, complete=complete)
    result["shard"] = {"index": index, "total": total, "campaign": campaign_id,
                       "split": split, "balanced_by": "channel",
                       "walks_in_campaign": in_campaign or total, "walks": walks,
                       "expected_seconds": 1.0}
    summary.write(result, folder / "summary.json")
    return folder


def _merge(tmp_path: Path, *folders: Path) -> int:
    return campaign.merge(argparse.Namespace(folders=list(folders),
                                             reports=tmp_path / "merged", history=None))


def test_merge_sums_up_the_shards_as_one_run(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"], failed=1)
    b = _shard_folder(tmp_path, 2, 2, ["w2"])
    code = _merge(tmp_path, b, a)
    merged = json.loads((tmp_path / "merged" / "summary.json").read_text(encoding="utf-8"))
    assert merged["checkpoints"] == {"passed": 1, "failed": 1, "blocked": 0, "errored": 0,
                                     "total": 2}
    assert merged["walks"]["total"] == 2
    assert merged["campaign"]["id"] == "c1" and merged["campaign"]["shards"] == 2
    assert merged["verdict"] == "below target" and code == summary.EXIT_BELOW_TARGET
    walks = {p["walk"] for p in merged["problems"]}
    assert all(w.startswith(merged["run"] + "-s1-") for w in walks)


def test_merge_refuses_a_missing_shard(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 3, ["w1"])
    c = _shard_folder(tmp_path, 3, 3, ["w3"])
    with pytest.raises(UsageError, match=r"shard 2 of 3 of campaign c1 is missing \(given: "
                                         r"1, 3\)"):
        _merge(tmp_path, a, c)
    assert not (tmp_path / "merged" / "summary.json").exists()


def test_merge_refuses_a_shard_given_twice(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"])
    b = _shard_folder(tmp_path, 2, 2, ["w2"])
    copy = _shard_folder(tmp_path, 2, 2, ["w2"])
    with pytest.raises(UsageError, match="shard 2 of 2 is given twice"):
        _merge(tmp_path, a, b, copy)


def test_merge_refuses_a_walk_made_by_two_shards(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1", "w2"], in_campaign=3)
    b = _shard_folder(tmp_path, 2, 2, ["w2"], in_campaign=3)
    with pytest.raises(UsageError, match="the walk 'w2' appears twice"):
        _merge(tmp_path, a, b)


def test_merge_refuses_shards_that_left_walks_out(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"], in_campaign=3)
    b = _shard_folder(tmp_path, 2, 2, ["w2"], in_campaign=3)
    with pytest.raises(UsageError, match="walked 2 of the campaign's 3 walks"):
        _merge(tmp_path, a, b)


@pytest.mark.parametrize(("what", "other"), [
    ("the carrier", {"carrier": "蓝鲸通信"}),
    ("the selection", {"selection": {"channel": ["web"]}}),
    ("the campaign", {"campaign_id": "c2"}),
    ("the split", {"split": "t"}),
])
def test_merge_refuses_shards_of_different_campaigns(tmp_path: Path, what: str,
                                                      other: dict[str, Any]) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"])
    b = _shard_folder(tmp_path, 2, 2, ["w2"], **other)
    with pytest.raises(UsageError, match=f"not of one campaign: .* has {what}"):
        _merge(tmp_path, a, b)


def _drop_plan(folder: Path) -> None:
    data = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    del data["shard"]
    (folder / "summary.json").write_text(json.dumps(data), encoding="utf-8")


def test_merge_refuses_a_run_that_was_not_a_shard(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"])
    _drop_plan(a)
    for sidecar in (a / "checkpoints").glob("*.run.json"):
        data = json.loads(sidecar.read_text(encoding="utf-8"))
        del data["shard"]
        sidecar.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match="this run was not a shard"):
        _merge(tmp_path, a)
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no summary.json here"):
        _merge(tmp_path, tmp_path / "empty")


def test_a_shard_that_did_not_finish_is_the_environment(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 2, ["w1"], complete=False)
    b = _shard_folder(tmp_path, 2, 2, ["w2"])
    with pytest.raises(EnvironmentProblem, match="shard 1 of 2 did not finish"):
        _merge(tmp_path, a, b)


def test_a_shard_that_was_stopped_is_the_environment(tmp_path: Path) -> None:
    """A stopped shard is summed up again from its records, without its plan: its sidecar
    still says it is shard K of N."""
    a = _shard_folder(tmp_path, 1, 2, ["w1"])
    b = _shard_folder(tmp_path, 2, 2, ["w2"], complete=False)
    _drop_plan(b)
    with pytest.raises(EnvironmentProblem, match="shard 2 of 2 did not finish"):
        _merge(tmp_path, a, b)


def test_merge_into_a_shards_folder_is_refused(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 1, ["w1"])
    with pytest.raises(UsageError, match="--reports is one of the shards' folders"):
        campaign.merge(argparse.Namespace(folders=[a], reports=a, history=None))


def test_the_same_shards_are_stored_once(tmp_path: Path) -> None:
    a = _shard_folder(tmp_path, 1, 1, ["w1"])
    assert _merge(tmp_path, a) == 0
    with pytest.raises(UsageError, match="already merged"):
        _merge(tmp_path, a)


def test_a_shards_sidecar_is_left_to_merge_by_history_import(tmp_path: Path) -> None:
    from walkthrough import problems
    from walkthrough.history import History
    from walkthrough.history.importer import import_leftovers
    from walkthrough.history.url import parse

    a = _shard_folder(tmp_path, 1, 1, ["w1"])
    with History(parse(str(tmp_path / "h.db"))) as history:
        done, _ = import_leftovers(history, a, CATALOGUE,
                                   problems.due_days(ROOT / "scenarios" / "standards.yaml"))
        assert done == [] and history.runs() == []


# -- measured durations ---------------------------------------------------------------------
def test_durations_are_measured_only_in_a_history_every_shard_reads(tmp_path: Path,
                                                                   monkeypatch: Any) -> None:
    import datetime as dt

    from walkthrough import problems, shard_durations
    from walkthrough.history import History, RunInfo
    from walkthrough.history.url import ENV, parse

    monkeypatch.delenv(ENV, raising=False)
    path = tmp_path / "shared.db"
    start = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)

    def walk(run: str, name: str, channel: str, seconds: int) -> list[CheckpointRecord]:
        first = _record(run, name, channel=channel)
        return [dataclasses.replace(first, feature="Mobile plan walk", at=start.isoformat()),
                dataclasses.replace(first, feature="Mobile plan walk", at=(
                    start + dt.timedelta(seconds=seconds)).isoformat())]

    with History(parse(str(path))) as history:
        for n, (api, web) in enumerate(((1, 14), (3, 18))):
            run = f"20261201-10000{n}-aaaa"
            history.import_run(
                RunInfo(id=run, carrier="演示电信 (demo)", started=start),
                walk(run, "001-api", "api", api) + walk(run, "002-web", "web", web), CATALOGUE,
                problems.due_days(ROOT / "scenarios" / "standards.yaml"))
    found = shard_durations.measured(str(path), tmp_path, "演示电信 (demo)")
    assert found["Mobile plan walk|mobile_plan|api"] == 2.0
    assert found["|mobile_plan|web"] == 16.0
    assert shard_durations.measured(str(path), tmp_path, "蓝鲸通信") == {}
    # each machine's own default history would give each machine its own split
    (tmp_path / "history.db").write_bytes(path.read_bytes())
    assert shard_durations.measured(None, tmp_path, "演示电信 (demo)") == {}
    monkeypatch.setenv(ENV, str(path))
    assert shard_durations.measured(None, tmp_path, "演示电信 (demo)") == found


# -- pytest's collection ----------------------------------------------------------------------
def _collect(tmp_path: Path, shard: str, *extra: str) -> tuple[set[str], dict[str, Any]]:
    import subprocess
    import sys

    reports, run = tmp_path / f"r{shard.replace('/', '-')}{len(extra)}", "collect-run"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n0", "--collect-only",
         "-q", "features/mobile_plan.feature", "features/vas_subscription.feature",
         "--walk-shard", shard, "--walk-reports", str(reports), "--walk-run-id", run, *extra],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    ids = {line for line in done.stdout.splitlines() if "::" in line}
    plan = shards.read_plan(reports / "checkpoints", run)
    assert plan is not None
    return ids, plan


def test_pytest_collects_each_shards_share_and_nothing_else(tmp_path: Path) -> None:
    first, plan_1 = _collect(tmp_path, "1/2")
    second, plan_2 = _collect(tmp_path, "2/2")
    assert first and second and not first & second
    assert first == set(plan_1["walks"]) and second == set(plan_2["walks"])
    assert len(first | second) == plan_1["walks_in_campaign"]
    assert plan_1["split"] == plan_2["split"] and plan_1["campaign"] == plan_2["campaign"]
    assert plan_1["balanced_by"] == "channel"
    # measured durations: a walk on the API that takes as long as the browser walks together
    durations = tmp_path / "durations.json"
    durations.write_text(json.dumps({"source": "the history", "seconds": {
        "|mobile_plan|api": 1000.0}}), encoding="utf-8")
    _ids, measured = _collect(tmp_path, "1/2", "--walk-shard-durations", str(durations))
    assert measured["balanced_by"] == "the history"
    assert measured["split"] != plan_1["split"]
    assert measured["expected_seconds"] != plan_1["expected_seconds"]
