"""How long walks took in earlier runs, to balance shards by.

Only a history every shard reads (`--history URL` or $WALKTHROUGH_HISTORY, a database the
machines share) is used: each machine's own default history would give each machine its
own split, and the shards would walk some walks twice and others never.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from walkthrough.history.url import ENV

RECENT_RUNS = 10
SHORTEST = 0.5  # the records keep whole seconds: a walk of "0 s" still costs something


def measured(history_option: str | None, reports: Path, carrier: str) -> dict[str, float]:
    """The mean duration of each feature's walks on each product line × channel, and of each
    product line × channel, over the carrier's latest complete runs; {} without a shared
    history."""
    if not (history_option or os.environ.get(ENV)):
        return {}
    from sqlalchemy import select

    from walkthrough.history import History
    from walkthrough.history import schema as tables
    from walkthrough.history.url import resolve

    url, _source = resolve(history_option, reports)
    runs, walks = tables.runs, tables.walks
    with History(url) as history, history.read() as conn:
        recent = select(runs.c.id).where(runs.c.carrier == carrier, runs.c.complete.is_(True)
                                         ).order_by(runs.c.started.desc()).limit(RECENT_RUNS)
        rows = conn.execute(select(walks.c.feature, walks.c.product_line, walks.c.channel,
                                   walks.c.started, walks.c.finished)
                            .where(walks.c.run_id.in_(recent.scalar_subquery()))).all()
    spans: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row.started is None or row.finished is None:
            continue
        seconds = max((row.finished - row.started).total_seconds(), SHORTEST)
        spans[f"{row.feature}|{row.product_line}|{row.channel}"].append(seconds)
        spans[f"|{row.product_line}|{row.channel}"].append(seconds)
    return {key: round(sum(v) / len(v), 3) for key, v in sorted(spans.items())}


def write(path: Path, seconds: dict[str, float], source: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"source": source, "seconds": seconds}, ensure_ascii=False,
                               indent=1) + "\n", encoding="utf-8")
