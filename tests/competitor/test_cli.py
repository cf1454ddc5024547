"""``python -m competitor_operator serve``: made-up credentials printed when unset, --fd,
one clear line for a bad option."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from .conftest import ROOT

ENV = {"PYTHONPATH": str(ROOT / "src"), "PATH": os.environ.get("PATH", "")}


def test_a_bad_start_is_one_line(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "competitor_operator", "serve", "--db",
                          str(tmp_path / "x.db"), "--start", "yesterday"],
                         capture_output=True, text=True, env=ENV)
    assert run.returncode == 2
    assert run.stderr.strip() == ("competitor_operator: --start 'yesterday' is not an "
                                  "ISO-8601 moment")


def test_serves_on_an_inherited_socket_with_made_up_credentials(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "competitor_operator", "serve", "--fd",
             str(listener.fileno()), "--db", str(tmp_path / "bw.db")],
            stdout=out, stderr=subprocess.STDOUT, env=ENV, pass_fds=[listener.fileno()])
    listener.close()
    try:
        # the socket listens from the start: on a loaded machine the first answers may be slow
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"http://127.0.0.1:{port}/qa/v2/ping", timeout=10).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        printed = dict(line.split(" is not set; ", 1) for line in log.read_text().splitlines()
                       if " is not set; " in line)
        key = printed["COMPETITOR_TEST_KEY"].rsplit(": ", 1)[1]
        assert "COMPETITOR_API_CLIENT_SECRET" in printed
        answer = requests.get(f"http://127.0.0.1:{port}/qa/v2/pool", timeout=30,
                              headers={"X-QA-Key": key})
        assert answer.status_code == 200 and answer.json()["data"]["total"] == 5
    finally:
        process.terminate()
        process.wait(timeout=10)
