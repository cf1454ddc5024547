"""pytest's side of shards: after collection, shard K of N keeps its share of the walks and
deselects the others, and leaves its plan where the summary picks it up. A plugin of its
own, registered by the walkthrough plugin."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from walkthrough import shards
from walkthrough.carrier import Carrier
from walkthrough.errors import UsageError
from walkthrough.matrix import SoldOn
from walkthrough.standards import CHANNELS


def addoption(group: Any) -> None:
    group.addoption("--walk-shard", metavar="K/N", default=None,
                    help="walk shard K of N of the selected walks (1-based)")
    group.addoption("--walk-campaign", metavar="ID", default="",
                    help="the campaign the shards belong to (default: derived from the "
                         "selection)")
    group.addoption("--walk-shard-durations", metavar="FILE", default=None,
                    help="measured walk durations to balance the shards by (JSON)")
    group.addoption("--walk-worker-shares", action="store_true", default=False,
                    help="with pytest-xdist's --dist each: each worker walks a share of "
                         "the walks of its own, all of it ahead (--walk-concurrency)")


def shard_of(config: pytest.Config) -> shards.Shard | None:
    given = config.getoption("walk_shard")
    if not given:
        return None
    try:
        return shards.parse(given)
    except ValueError as exc:
        raise UsageError(f"--shard {exc}") from None


def _measured(config: pytest.Config) -> tuple[dict[str, float], str]:
    path = config.getoption("walk_shard_durations")
    if not path:
        return {}, "channel"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UsageError(f"the walk durations cannot be read: {exc}", path=path) from None
    return {str(k): float(v) for k, v in (data.get("seconds") or {}).items()}, \
        str(data.get("source") or "history")


def plan(config: pytest.Config, items: list[pytest.Item], *, run_id: str,
         selection: dict[str, list[str]], carrier: Carrier) -> tuple[list[pytest.Item],
                                                                     dict[str, Any]] | None:
    """The walks this shard keeps and its plan, or None when the run is not sharded."""
    from walkthrough.pytest_plugin import WalkItem

    shard = shard_of(config)
    if shard is None:
        return None
    walks, planned, source = _planned(config, items, selection=selection, carrier=carrier)
    shards.refuse_empty(shard, len(planned))
    chosen = shards.split(planned, shard.total)
    mine = [p for p, s in zip(planned, chosen, strict=True) if s == shard.index]
    keep = {id(i) for i, s in zip(walks, chosen, strict=True) if s == shard.index}
    kept = [i for i in items if not isinstance(i, WalkItem) or id(i) in keep]
    return kept, {
        "index": shard.index, "total": shard.total,
        "campaign": shards.campaign_of(config.getoption("walk_campaign"), carrier.name,
                                       selection, shard.total, (p.key for p in planned)),
        "split": shards.fingerprint(planned, chosen),
        "balanced_by": source,
        "walks_in_campaign": len(planned),
        "walks": [p.key for p in mine],
        "expected_seconds": round(sum(p.seconds for p in mine), 1),
    }


def _planned(config: pytest.Config, items: list[pytest.Item], *,
             selection: dict[str, list[str]], carrier: Carrier,
             ) -> tuple[list[pytest.Item], list[shards.Planned], str]:
    """The walk items, each as the split sees it, and what their durations came from."""
    from walkthrough.pytest_plugin import WalkItem, _tag_value

    measured, source = _measured(config)
    sold_on = SoldOn.of(carrier)
    walks: list[pytest.Item] = [i for i in items if isinstance(i, WalkItem)]
    seen: Counter[str] = Counter()
    planned = []
    for item in walks:
        assert isinstance(item, WalkItem)
        tags = set(item.scenario.effective_tags)
        product, channel = _tag_value(tags, "product:"), _tag_value(tags, "channel:")
        channels = [channel] if channel else [
            c for c in (selection["channel"] or CHANNELS) if sold_on.sells(product, c)]
        seen[item.nodeid] += 1
        key = item.nodeid if seen[item.nodeid] == 1 else f"{item.nodeid}#{seen[item.nodeid]}"
        planned.append(shards.Planned(
            key=key, cell=f"{product}/{channel or 'cross-channel'}",
            seconds=shards.expected_seconds(product, channels, item.feature.name, measured)))
    return walks, planned, source


def worker_share(config: pytest.Config) -> tuple[int, int] | None:
    """This worker's place among the run's (1-based) when each walks a share of its own."""
    worker = getattr(config, "workerinput", None)
    if worker is None or not config.getoption("walk_worker_shares"):
        return None
    return int(str(worker["workerid"]).removeprefix("gw")) + 1, int(worker["workercount"])


def keep_worker_share(config: pytest.Config, items: list[pytest.Item], *,
                      selection: dict[str, list[str]], carrier: Carrier) -> None:
    """A worker's share of what its run (or shard) walks, split as shards are: duration
    balanced, a cell's walks spread. Every worker collects the same items, so the shares
    cover them once; and a worker knows all of its walks from the start, so its threads can
    walk them ahead, which xdist's item-by-item scheduling never allows."""
    place = worker_share(config)
    if place is None:
        return
    index, total = place
    walks, planned, _ = _planned(config, items, selection=selection, carrier=carrier)
    chosen = shards.split(planned, total)
    keep = {id(i) for i, s in zip(walks, chosen, strict=True) if s == index}
    dropped = {id(i): i for i in walks if id(i) not in keep}
    if dropped:
        config.hook.pytest_deselected(items=list(dropped.values()))
    items[:] = [i for i in items if id(i) not in dropped]


def keep_share(session: pytest.Session, config: pytest.Config, items: list[pytest.Item], *,
               run_id: str, reports: Path, selection: dict[str, list[str]],
               carrier: Carrier) -> None:
    """Deselect the other shards' walks (as pytest's ``-k`` does) and write the plan."""
    try:
        found = plan(config, items, run_id=run_id, selection=selection, carrier=carrier)
    except UsageError as exc:
        if getattr(config, "workerinput", None) is None:
            raise
        # a worker that stops makes xdist start another, again and again: it walks nothing
        # and leaves the refusal for the controller to say (refusal_of)
        shards.write_plan(reports / "checkpoints", run_id, {"refused": str(exc)})
        config.hook.pytest_deselected(items=list(items))
        items[:] = []
        return
    if found is None:
        return
    kept, shard_plan = found
    keep = {id(i) for i in kept}
    dropped = [i for i in items if id(i) not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept
    shards.write_plan(reports / "checkpoints", run_id, shard_plan)


def refusal_of(reports: Path, run_id: str) -> str:
    """What a worker refused about the shard, for the controller to say."""
    found = shards.read_plan(reports / "checkpoints", run_id) or {}
    return str(found.get("refused") or "")


@pytest.hookimpl(trylast=True)  # after -k and -m: the shards share what is left
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    """With --walk-shard K/N, only this shard's share of the walks is walked; with
    --walk-worker-shares, only this worker's share of that."""
    from walkthrough.pytest_plugin import _options, _refuse

    if config.getoption("walk_shard") is None and worker_share(config) is None:
        return
    options = _options(config)
    selection = {"channel": options.channels, "product": options.products,
                 "stage": options.stages, "fault": options.faults}
    carrier = Carrier.load(options.config)
    try:
        keep_share(session, config, items, run_id=options.run_id, reports=options.reports,
                   selection=selection, carrier=carrier)
    except UsageError as exc:
        _refuse(config, str(exc))
        return
    keep_worker_share(config, items, selection=selection, carrier=carrier)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """xdist: a shard a worker refused is refused by the controller, once."""
    from walkthrough.pytest_plugin import _options, _refuse

    config = node.config
    if config.getoption("walk_shard") is None:
        return
    options = _options(config)
    refused = refusal_of(options.reports, options.run_id)
    if refused:
        _refuse(config, refused)
