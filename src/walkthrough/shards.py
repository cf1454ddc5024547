"""A run's walks shared out among N machines: shard K of N walks its share.

The split must be the same on every machine that is given the same selection and N, with
no talk between them: it is computed from the collected walks alone (their node ids, sorted)
and their expected durations, greedily, longest first, each to the shard that has the least
to do so far, or to a shard nearly as free that has fewer walks of its product line ×
channel, so that a cell's walks spread across the shards. A fingerprint of the whole split
goes into each shard's summary, so `walkthrough merge` can tell shards that split the walks
differently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from walkthrough.errors import UsageError

# What a walk costs on each channel, in seconds, when the history has not measured it: the
# browser halls take about twenty times an exchange over HTTP (README: 0.3–1.3 s against
# 6–21 s a walk).
CHANNEL_SECONDS: dict[str, float] = {"api": 1.0, "hotline": 1.0, "sms": 1.0,
                                     "web": 20.0, "mobile": 20.0, "counter": 20.0}
UNKNOWN_CHANNEL_SECONDS = 20.0  # a channel of no known kind: count it as a browser's
PLAN_SUFFIX = ".shard.json"
_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclasses.dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as a person counts shards
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def parse(text: str) -> Shard:
    """``K/N`` with 1 <= K <= N; anything else is a usage mistake."""
    found = _SHARD.match(text)
    if not found:
        raise ValueError(f"{text!r} is not K/N, e.g. 2/3 (the second of three shards)")
    index, total = int(found[1]), int(found[2])
    if total < 1 or not 1 <= index <= total:
        raise ValueError(f"{text!r}: K must be 1 to N, e.g. 1/{max(total, 2)} "
                         f"to {max(total, 2)}/{max(total, 2)}")
    return Shard(index, total)


@dataclasses.dataclass(frozen=True)
class Planned:
    """A walk item as the split sees it."""

    key: str  # the node id, made unique within the run
    cell: str  # product line/channel ("cross-channel" for a walk over several channels)
    seconds: float


def expected_seconds(product: str, channels: Iterable[str], feature: str,
                     measured: Mapping[str, float]) -> float:
    """A walk's expected duration: the history's mean for its feature on each of its
    channels, else its product line's on that channel, else the channel's default."""
    total = 0.0
    for channel in channels:
        for key in (f"{feature}|{product}|{channel}", f"|{product}|{channel}"):
            if key in measured:
                total += measured[key]
                break
        else:
            total += CHANNEL_SECONDS.get(channel, UNKNOWN_CHANNEL_SECONDS)
    return total


def split(items: Sequence[Planned], total: int) -> list[int]:
    """The shard (1..total) of each item, in the items' order."""
    loads = [0.0] * total
    per_cell: list[dict[str, int]] = [{} for _ in range(total)]
    chosen: dict[str, int] = {}
    # rounded so that float noise can never order two machines' walks differently
    for item in sorted(items, key=lambda i: (-round(i.seconds, 3), i.cell, i.key)):
        # among the shards no more than this walk behind the least loaded, the one with
        # fewest of its cell: a cell's walks spread, and no shard ends more than two walks
        # behind another
        least = min(round(load, 3) for load in loads)
        near = [s for s in range(total) if round(loads[s], 3) <= least + round(item.seconds, 3)]
        shard = min(near, key=lambda s: (per_cell[s].get(item.cell, 0), round(loads[s], 3), s))
        loads[shard] += item.seconds
        per_cell[shard][item.cell] = per_cell[shard].get(item.cell, 0) + 1
        chosen[item.key] = shard + 1
    return [chosen[item.key] for item in items]


def fingerprint(items: Sequence[Planned], shards: Sequence[int]) -> str:
    pairs = sorted(zip((i.key for i in items), shards, strict=True))
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def campaign_of(given: str, carrier: str, selection: Mapping[str, Any], total: int,
                keys: Iterable[str]) -> str:
    """The campaign id given, else one derived from what the shards walk: shards of the same
    carrier, selection, walks and N get the same id on any machine."""
    if given:
        return given
    basis = json.dumps({"carrier": carrier, "selection": selection, "total": total,
                        "walks": sorted(keys)}, sort_keys=True, ensure_ascii=False)
    return "sel-" + hashlib.sha256(basis.encode()).hexdigest()[:12]


def plan_path(checkpoints: Path, run_id: str) -> Path:
    return checkpoints / f"{run_id}{PLAN_SUFFIX}"


def write_plan(checkpoints: Path, run_id: str, plan: dict[str, Any]) -> None:
    """Every worker of a run collects the same walks and writes the same plan: written
    beside and renamed over, so a reader never sees half of one."""
    checkpoints.mkdir(parents=True, exist_ok=True)
    path = plan_path(checkpoints, run_id)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    part.write_text(json.dumps(plan, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(part, path)


def read_plan(checkpoints: Path, run_id: str) -> dict[str, Any] | None:
    path = plan_path(checkpoints, run_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def refuse_empty(shard: Shard, walks: int) -> None:
    if walks < shard.total:
        raise UsageError(f"--shard {shard}: the selection makes {walks} walk(s), fewer than "
                         f"{shard.total} shards, so shard {shard.index} would walk nothing",
                         hint=f"split it into {max(walks, 1)} shard(s) at most")
