"""Fixtures for the reporting tests: a real SQLite file, a real throwaway PostgreSQL
server when its binaries are installed, and the Allure command with a cache folder of the
test's own."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from walkthrough.demo import free_port
from walkthrough.history import History
from walkthrough.history.url import parse
from walkthrough.report import allure


@pytest.fixture
def tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    command, why = allure.locate()
    if command is None:
        if os.environ.get("CI"):  # quickstart installs it: missing in CI is a broken set-up
            pytest.fail(f"no Allure: {why}")
        pytest.skip(why)
    monkeypatch.delenv("JAVA_OPTS", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return command


@pytest.fixture
def sqlite_history(tmp_path: Path) -> Iterator[History]:
    with History(parse(str(tmp_path / "history.db"))) as history:
        yield history


# -- PostgreSQL -------------------------------------------------------------------------------
def _postgres_bin() -> Path | None:
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server of our own in a temporary folder, for this test session."""
    if os.environ.get("WALKTHROUGH_TEST_POSTGRES"):
        yield os.environ["WALKTHROUGH_TEST_POSTGRES"]
        return
    folder = _postgres_bin()
    if folder is None:
        if os.environ.get("CI"):  # CI installs it: missing there is a broken set-up, not a skip
            pytest.fail("no PostgreSQL server binaries; .ci/run should have installed them")
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl): `apt-get install "
                    "postgresql` (.ci/run does), or set WALKTHROUGH_TEST_POSTGRES to a URL")
    base = Path(tempfile.mkdtemp(prefix="walkthrough-pg-"))
    # the server refuses to run as root: run it as the postgres account Debian creates
    as_user: list[str] = []
    if os.getuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", free_port()

    def pg(*cmd: str) -> None:
        subprocess.run([*as_user, *cmd], check=True, capture_output=True, timeout=120)

    try:
        pg(str(folder / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
           "-E", "UTF8", "--locale=C.UTF-8")
        pg(str(folder / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o",
           f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')[-500:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pg(str(folder / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh database on the server for one test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = postgres_server.replace("postgresql://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield admin.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_history(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[History]:
    """The same test on an SQLite file and on a PostgreSQL server."""
    url = str(tmp_path / "history.db") if request.param == "sqlite" else \
        request.getfixturevalue("postgres_url")
    with History(parse(url)) as history:
        yield history

