"""The run history: runs, their walks and checkpoints, and the problems they found.

Only the process that ends a run writes here (never the parallel workers, which write JSONL
records), so one SQLite file is safe without a server; PostgreSQL serves a team.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from walkthrough import problems as lifecycle
from walkthrough import summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.errors import EnvironmentProblem
from walkthrough.history import schema
from walkthrough.history.url import shown
from walkthrough.masking import mask_text
from walkthrough.standards import Catalogue

_MASKED = ("observed", "expected", "reason", "title")


class HistoryUnavailable(EnvironmentProblem):
    """The database cannot be reached or written: an environment problem, not a usage one."""


@dataclasses.dataclass
class RunInfo:
    """What a run is, beside its checkpoints."""

    id: str
    carrier: str
    started: dt.datetime
    finished: dt.datetime | None = None
    complete: bool = True
    release: str = ""
    org: str = ""
    beside: str | None = None
    target: float | None = None
    selection: dict[str, Any] = dataclasses.field(default_factory=dict)


def utc(moment: dt.datetime | str | None) -> dt.datetime | None:
    """A moment as naive UTC, the form the history stores."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


class History:
    def __init__(self, url: URL) -> None:
        self.url = url
        self.where = shown(url)
        kwargs: dict[str, Any] = {}
        if url.get_backend_name() == "sqlite" and url.database:
            from pathlib import Path

            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        else:
            kwargs["pool_pre_ping"] = True
            if "connect_timeout" not in url.query:  # an unreachable server: say so soon
                kwargs["connect_args"] = {"connect_timeout": 10}
        self.engine: Engine = create_engine(url, **kwargs)
        if url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        with self._guard("open"):
            schema.metadata.create_all(self.engine)
            self._check_columns()

    def _check_columns(self) -> None:
        """A database written by another version of the schema is named as such, instead of
        failing later on a missing column."""
        found = inspect(self.engine)
        for table in schema.metadata.sorted_tables:
            have = {c["name"] for c in found.get_columns(table.name)}
            missing = [c.name for c in table.columns if c.name not in have]
            if missing:
                raise HistoryUnavailable(
                    f"the history database {self.where} has a table '{table.name}' without "
                    f"{', '.join(missing)}: it was written by another version of walkthrough; "
                    f"move it aside (or give --history another database) and import the "
                    f"records again with `walkthrough history import`")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            first = str(exc.orig or exc).strip().splitlines()[0]
            raise HistoryUnavailable(f"the history database {self.where} could not be "
                                     f"{doing}ed: {first}") from None
        except SQLAlchemyError as exc:
            first = str(exc).strip().splitlines()[0]
            raise HistoryUnavailable(f"history database {self.where}: {first}") from None

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self._guard("read"), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        with self._guard("writ"), self.engine.begin() as conn:
            yield conn

    # -- import ------------------------------------------------------------------------------
    def has_run(self, run_id: str) -> bool:
        with self.read() as conn:
            return conn.execute(select(schema.runs.c.id).where(
                schema.runs.c.id == run_id)).first() is not None

    def import_run(self, info: RunInfo, records: Sequence[CheckpointRecord],
                   catalogue: Catalogue, due_days: dict[str, int]) -> bool:
        """Store one run and move its problems. False if the run is already stored."""
        if self.has_run(info.id):
            return False
        records = [_masked(r) for r in records]
        result = summary.summarise(list(records), catalogue, run=info.id, carrier=info.carrier,
                                   target=info.target)
        counts = result["checkpoints"]
        started = utc(info.started)
        assert started is not None
        with self.write() as conn:
            conn.execute(insert(schema.runs), [{
                "id": info.id, "carrier": info.carrier, "release": info.release,
                "org": info.org, "started": started, "finished": utc(info.finished),
                "complete": info.complete, "beside": info.beside,
                "selection": json.dumps(info.selection, ensure_ascii=False),
                "target": result["target"], "compliance": result["compliance"],
                "weighted_compliance": result["weighted_compliance"],
                "passed": counts["passed"], "failed": counts["failed"],
                "blocked": counts["blocked"], "errored": counts["errored"],
                "walks": result["walks"]["total"], "imported": utc(dt.datetime.now(dt.UTC)),
                **_weights(records, catalogue.weights),
            }])
            walk_rows = _walk_rows(info.id, records)
            if walk_rows:
                conn.execute(insert(schema.walks), walk_rows)
            if records:
                conn.execute(insert(schema.checkpoints), [
                    {**{k: v for k, v in _fields(r).items() if k not in ("run", "walk",
                                                                        "carrier")},
                     "run_id": info.id, "walk_id": r.walk, "at": utc(r.at)}
                    for r in records])
            rows = [_fields(r) for r in records]
            newest = conn.execute(select(func.max(schema.runs.c.started)).where(
                schema.runs.c.carrier == info.carrier, schema.runs.c.org == info.org,
                schema.runs.c.id != info.id)).scalar()
            if newest is None or newest <= started:
                self._advance(conn, info.carrier, info.org, info.id, started, rows,
                              catalogue, due_days)
            else:  # an older run imported late (a leftover): replay that carrier's runs
                self._replay(conn, info.carrier, info.org, catalogue, due_days)
        return True

    def _advance(self, conn: Connection, carrier: str, org: str, run: str,
                 at: dt.datetime, rows: Iterable[dict[str, Any]], catalogue: Catalogue,
                 due_days: dict[str, int]) -> None:
        t = schema.problems
        known = {p.key: p for p in (lifecycle.Problem.from_row(r._mapping) for r in
                                    conn.execute(select(t).where(t.c.carrier == carrier,
                                                                 t.c.org == org)))}
        found = lifecycle.outcomes(rows, carrier, org, catalogue)
        changed = lifecycle.advance(known, found, run=run, at=at, days=due_days)
        for problem in {id(p): p for p in known.values()}.values():
            if problem.id is None:
                key = conn.execute(insert(t).values(**problem.to_row())).inserted_primary_key
                assert key is not None, "an insert of one row gives back that row's key"
                problem.id = key[0]
            elif problem.key in found or any(p is problem for p, _ in changed):
                conn.execute(t.update().where(t.c.id == problem.id).values(**problem.to_row()))
        if changed:
            conn.execute(insert(schema.problem_events), [
                {"problem_id": p.id, "run_id": run, "at": at, "status": status}
                for p, status in changed])

    def _replay(self, conn: Connection, carrier: str, org: str, catalogue: Catalogue,
                due_days: dict[str, int]) -> None:
        t = schema.problems
        ids = select(t.c.id).where(t.c.carrier == carrier, t.c.org == org)
        conn.execute(delete(schema.problem_events).where(
            schema.problem_events.c.problem_id.in_(ids)))
        conn.execute(delete(t).where(t.c.carrier == carrier, t.c.org == org))
        r, c = schema.runs, schema.checkpoints
        ordered = conn.execute(select(r.c.id, r.c.started).where(
            r.c.carrier == carrier, r.c.org == org).order_by(r.c.started, r.c.id)).all()
        for run_id, started in ordered:
            rows = [dict(x._mapping) for x in conn.execute(
                select(c.c.standard, c.c.product_line, c.c.channel, c.c.stage, c.c.title,
                       c.c.department, c.c.severity, c.c.status, c.c.observed, c.c.expected,
                       c.c.reason).where(c.c.run_id == run_id))]
            self._advance(conn, carrier, org, run_id, started, rows, catalogue, due_days)

    # -- reading -----------------------------------------------------------------------------
    def runs(self, carrier: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Runs, newest first."""
        r = schema.runs
        query = select(r).order_by(r.c.started.desc(), r.c.id.desc())
        if carrier:
            query = query.where(r.c.carrier == carrier)
        if limit:
            query = query.limit(limit)
        with self.read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def runs_beside(self, run_id: str) -> list[dict[str, Any]]:
        """The runs walked beside this one in the same invocation."""
        r = schema.runs
        with self.read() as conn:
            return [dict(row._mapping) for row in conn.execute(
                select(r).where(r.c.beside == run_id).order_by(r.c.started))]

    def run(self, run_id: str) -> dict[str, Any] | None:
        with self.read() as conn:
            row = conn.execute(select(schema.runs).where(schema.runs.c.id == run_id)).first()
            return dict(row._mapping) if row else None

    def records(self, run_id: str) -> list[CheckpointRecord]:
        """A run's checkpoints as the records the summary is computed from."""
        c = schema.checkpoints
        with self.read() as conn:
            carrier = conn.execute(select(schema.runs.c.carrier).where(
                schema.runs.c.id == run_id)).scalar() or ""
            rows = conn.execute(select(c).where(c.c.run_id == run_id).order_by(c.c.id)).all()
        out = []
        for row in rows:
            m = dict(row._mapping)
            at = m.pop("at")
            out.append(CheckpointRecord.from_dict({
                **m, "run": run_id, "walk": m["walk_id"], "carrier": carrier,
                "at": at.replace(tzinfo=dt.UTC).isoformat() if at else ""}))
        return out

    def walks(self, run_ids: Iterable[str]) -> list[dict[str, Any]]:
        w = schema.walks
        with self.read() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(w).where(w.c.run_id.in_(list(run_ids))))]

    def problems(self, carrier: str | None = None, org: str | None = None,
                 statuses: Sequence[str] = lifecycle.OPEN) -> list[lifecycle.Problem]:
        """Problems, by department, oldest first. ``org`` matches the unit and everything
        under it."""
        t = schema.problems
        query = select(t).where(t.c.status.in_(list(statuses)))
        if carrier:
            query = query.where(t.c.carrier == carrier)
        if org:
            query = query.where((t.c.org == org) | t.c.org.startswith(org.rstrip("/") + "/"))
        query = query.order_by(t.c.department, t.c.first_seen, t.c.id)
        with self.read() as conn:
            return [lifecycle.Problem.from_row(r._mapping) for r in conn.execute(query)]

    def problem_events(self, problem_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        e = schema.problem_events
        out: dict[int, list[dict[str, Any]]] = {}
        with self.read() as conn:
            for row in conn.execute(select(e).where(e.c.problem_id.in_(list(problem_ids)))
                                    .order_by(e.c.at, e.c.id)):
                out.setdefault(row.problem_id, []).append(dict(row._mapping))
        return out

    def latest_per_org(self, carrier: str) -> list[dict[str, Any]]:
        """The latest complete run of each org unit of a carrier (what the roll-up counts)."""
        r = schema.runs
        newest = (select(r.c.org, func.max(r.c.started).label("started"))
                  .where(r.c.carrier == carrier, r.c.complete.is_(True))
                  .group_by(r.c.org).subquery())
        query = select(r).join(newest, (r.c.org == newest.c.org) &
                               (r.c.started == newest.c.started)).where(
            r.c.carrier == carrier).order_by(r.c.org)
        with self.read() as conn:
            seen: dict[str, dict[str, Any]] = {}
            for row in conn.execute(query):
                seen.setdefault(row.org, dict(row._mapping))
            return list(seen.values())


def _fields(record: CheckpointRecord) -> dict[str, Any]:
    """The record's fields; a shallow copy (``to_dict`` deep-copies, slow for 100,000s)."""
    return dict(vars(record))


def _masked(record: CheckpointRecord) -> CheckpointRecord:
    masked: dict[str, Any] = {f: mask_text(getattr(record, f)) for f in _MASKED}
    return dataclasses.replace(record, **masked)


def _weights(records: Sequence[CheckpointRecord], weights: dict[str, int]) -> dict[str, float]:
    judged = [r for r in records if r.status in summary.JUDGED]
    return {"weight_judged": float(sum(weights.get(r.severity, 1) for r in judged)),
            "weight_passed": float(sum(weights.get(r.severity, 1) for r in judged
                                       if r.status == "passed"))}


def _walk_rows(run_id: str, records: Sequence[CheckpointRecord]) -> list[dict[str, Any]]:
    walks: dict[str, dict[str, Any]] = {}
    for r in records:
        at = utc(r.at)
        w = walks.setdefault(r.walk, {"id": r.walk, "run_id": run_id,
                                      "product_line": r.product_line, "channel": r.channel,
                                      "feature": r.feature, "started": at, "finished": at})
        if at and (w["started"] is None or at < w["started"]):
            w["started"] = at
        if at and (w["finished"] is None or at > w["finished"]):
            w["finished"] = at
    return list(walks.values())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")  # a report reading while a run imports
    cursor.close()
