"""The run history: every run, its checkpoints and the problems they found, in one database
(SQLite by default, PostgreSQL by URL)."""

from walkthrough.history.store import History, HistoryUnavailable, RunInfo

__all__ = ["History", "HistoryUnavailable", "RunInfo"]
