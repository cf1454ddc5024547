"""The history's tables (SQLAlchemy Core, so SQLite and PostgreSQL hold the same thing).

Times are stored as naive UTC: SQLite keeps no zone, and one rule for both keeps them equal.
A run row carries its counts and compliance as the summary computed them, so a trend over
thousands of runs reads one table.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", String(64), primary_key=True),
    Column("carrier", String(200), nullable=False),
    Column("release", String(100), nullable=False, default=""),
    Column("org", String(200), nullable=False, default=""),
    Column("started", DateTime, nullable=False),
    Column("finished", DateTime),
    Column("complete", Boolean, nullable=False),
    # the run this one was walked beside in one invocation (a competitor, a before/after)
    Column("beside", String(64)),
    Column("selection", Text, nullable=False, default="{}"),
    Column("target", Float, nullable=False),
    Column("compliance", Float),
    Column("weighted_compliance", Float),
    Column("passed", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("blocked", Integer, nullable=False, default=0),
    Column("errored", Integer, nullable=False, default=0),
    Column("walks", Integer, nullable=False, default=0),
    # severity-weighted passed and judged, so org units roll up weighted compliance exactly
    Column("weight_passed", Float, nullable=False, default=0.0),
    Column("weight_judged", Float, nullable=False, default=0.0),
    Column("imported", DateTime, nullable=False),
    Index("runs_carrier_started", "carrier", "started"),
)

walks = Table(
    "walks", metadata,
    Column("id", String(120), primary_key=True),
    Column("run_id", String(64), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("product_line", String(60), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("feature", String(200), nullable=False, default=""),
    Column("started", DateTime),
    Column("finished", DateTime),
    Index("walks_run", "run_id"),
)

checkpoints = Table(
    "checkpoints", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", String(64), ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("walk_id", String(120), nullable=False),
    Column("product_line", String(60), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("standard", String(60), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("department", String(40), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("status", String(10), nullable=False),
    Column("observed", Text, nullable=False, default=""),
    Column("expected", Text, nullable=False, default=""),
    Column("reason", Text, nullable=False, default=""),
    Column("at", DateTime),
    Column("seconds", Float, nullable=False, default=0.0),
    Column("feature", String(200), nullable=False, default=""),
    Index("checkpoints_run", "run_id", "status"),
)

problems = Table(
    "problems", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("carrier", String(200), nullable=False),
    Column("org", String(200), nullable=False),
    Column("standard", String(60), nullable=False),
    Column("product_line", String(60), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("title", Text, nullable=False, default=""),
    Column("department", String(40), nullable=False),
    Column("severity", String(20), nullable=False),
    Column("status", String(10), nullable=False),  # new, open, fixed, regressed
    Column("first_run", String(64), nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_failed_run", String(64), nullable=False),
    Column("last_failed", DateTime, nullable=False),
    Column("last_run", String(64), nullable=False),  # the last run that moved or kept it
    Column("fixed_run", String(64)),
    Column("fixed", DateTime),
    Column("due", Date, nullable=False),
    Column("observed", Text, nullable=False, default=""),
    Column("expected", Text, nullable=False, default=""),
    UniqueConstraint("carrier", "org", "standard", "product_line", "channel",
                     name="problems_key"),
    Index("problems_status", "status"),
)

problem_events = Table(
    "problem_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("problem_id", Integer, ForeignKey("problems.id", ondelete="CASCADE"),
           nullable=False),
    Column("run_id", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("status", String(10), nullable=False),
    Index("problem_events_problem", "problem_id"),
)
