"""Where the run history lives: one SQLite file by default, or any database SQLAlchemy
reaches (PostgreSQL for a team)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from walkthrough.errors import UsageError

ENV = "WALKTHROUGH_HISTORY"
DEFAULT_FILE = "history.db"


def resolve(option: str | None, reports: Path) -> tuple[URL, str]:
    """The database URL from ``--history``, else $WALKTHROUGH_HISTORY, else
    ``<reports>/history.db``; and where it came from, for error messages."""
    if option:
        return parse(option, "--history"), "--history"
    if os.environ.get(ENV):
        return parse(os.environ[ENV], f"${ENV}"), f"${ENV}"
    return parse(str(reports / DEFAULT_FILE), "the default"), "the default"


def parse(text: str, source: str = "--history") -> URL:
    """A URL, or a plain path meaning an SQLite file. ``postgresql://`` uses psycopg 3, the
    driver the project installs."""
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise UsageError(f"{source} {_hide_password(text)!r} is not a database URL",
                         hint="give a file path, sqlite:///path/history.db or "
                              "postgresql://user@host/dbname") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise UsageError(f"{source}: database {url.get_backend_name()!r} is not supported",
                         hint="use SQLite (a file path) or postgresql://user@host/dbname")
    return url


def _hide_password(text: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", text)


def shown(url: URL) -> str:
    """The URL as it may be printed: never the password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
