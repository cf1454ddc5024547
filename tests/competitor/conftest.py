"""Fixtures for the competitor operator's tests: ``python -m competitor_operator serve`` on a
free port, really over HTTP. The environment has one system date, so a test that needs known
dates takes a ``fresh`` process of its own; the others share ``bw`` (and ``bw_with(*faults)``,
one process per fault set) and work from whatever date it stands at."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
START = "2026-11-23T10:00:00+08:00"
TEST_KEY = "qa-key-for-tests"
CLIENT_ID = "bw-qa-client"
CLIENT_SECRET = "client-secret-for-tests"
SHORT_CODE = "10655888"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Competitor:
    """A running competitor operator and a small client for each of its doors."""

    def __init__(self, workdir: Path, faults: tuple[str, ...] = (), start: str = START,
                 extra: tuple[str, ...] = ()) -> None:
        self.faults = faults
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"competitor-{self.port}.log"
        env = {**os.environ, "COMPETITOR_TEST_KEY": TEST_KEY,
               "COMPETITOR_API_CLIENT_SECRET": CLIENT_SECRET,
               "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        command = [sys.executable, "-m", "competitor_operator", "serve", "--port", str(self.port),
                   "--db", str(workdir / f"bw-{self.port}.db"), "--start", start, *extra]
        for fault in faults:
            command += ["--fault", fault]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            env=env)
        self.http = requests.Session()
        self._token: str | None = None
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"competitor exited: {self.log.read_text()}")
            try:
                if self.http.get(f"{self.url}/qa/v2/ping", timeout=10).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"competitor did not answer: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.http.close()

    # -- test environment -----------------------------------------------------------------------
    def qa(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(method, f"{self.url}/qa/v2{path}",
                                 headers={"X-QA-Key": TEST_KEY}, timeout=15, **kwargs)

    def subscriber(self, **body: Any) -> dict[str, Any]:
        response = self.qa("POST", "/subscribers", json={"custName": "测试用户", **body})
        assert response.status_code == 201, response.text
        return response.json()["data"]  # type: ignore[no-any-return]

    def shift(self, seconds: float) -> str:
        response = self.qa("POST", "/system-date", json={"offsetSec": seconds})
        assert response.status_code == 200, response.text
        return str(response.json()["data"]["sysDate"])

    def date_to(self, when: str) -> str:
        response = self.qa("POST", "/system-date", json={"sysDate": when})
        assert response.status_code == 200, response.text
        return str(response.json()["data"]["sysDate"])

    def texts(self, tel_no: str) -> list[str]:
        response = self.qa("GET", f"/handset/{tel_no}/sms")
        assert response.status_code == 200, response.text
        return [m["content"] for m in response.json()["data"]["list"]]

    def sms(self, tel_no: str, content: str) -> str:
        """Send to the short code; the reply that arrives (the date moves 5 s for it)."""
        before = len(self.texts(tel_no))
        response = self.qa("POST", f"/handset/{tel_no}/sms",
                           json={"dest": SHORT_CODE, "content": content})
        assert response.status_code == 201, response.text
        self.shift(5)
        return self.texts(tel_no)[before]

    def call(self, tel_no: str, seconds: int) -> requests.Response:
        return self.qa("POST", f"/handset/{tel_no}/call",
                       json={"called": "13800000000", "durationSec": seconds})

    def data(self, tel_no: str, kb: str) -> requests.Response:
        return self.qa("POST", f"/handset/{tel_no}/data", json={"volumeKB": kb})

    # -- API ------------------------------------------------------------------------------------
    def token(self) -> str:
        if self._token is None:
            response = self.http.post(f"{self.url}/oauth2/token", timeout=15,
                                      data={"grant_type": "client_credentials"},
                                      auth=(CLIENT_ID, CLIENT_SECRET))
            assert response.status_code == 200, response.text
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.http.request(method, f"{self.url}/bw-api{path}", timeout=15,
                                 headers={"Authorization": f"Bearer {self.token()}"}, **kwargs)

    def order(self, subs_id: str, **item: Any) -> requests.Response:
        return self.api("POST", "/tmf622/v4/productOrder", json={
            "relatedParty": [{"id": subs_id, "role": "customer"}],
            "productOrderItem": [{"id": "1", **item}]})

    def add(self, subs_id: str, code: str) -> dict[str, Any]:
        response = self.order(subs_id, action="add", productOffering={"id": code})
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def products(self, subs_id: str, **filters: str) -> list[dict[str, Any]]:
        response = self.api("GET", "/tmf637/v4/product",
                            params={"relatedParty.id": subs_id, **filters})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def bills(self, subs_id: str) -> list[dict[str, Any]]:
        response = self.api("GET", "/tmf678/v4/customerBill", params={"relatedParty.id": subs_id})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def lines(self, bill_id: str) -> list[dict[str, Any]]:
        response = self.api("GET", "/tmf678/v4/appliedCustomerBillingRate",
                            params={"bill.id": bill_id})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def with_plan(self, code: str = "BW-39") -> dict[str, Any]:
        """A new subscriber whose plan is active (ordered, the date moved past provisioning)."""
        subs = self.subscriber()
        self.add(subs["subsId"], code)
        self.shift(11 * 60)
        return subs

    # -- hotline and web hall -------------------------------------------------------------------
    def dial(self, tel_no: str) -> tuple[str, str]:
        response = self.http.post(f"{self.url}/ivr/96888/sessions", json={"caller": tel_no},
                                  timeout=15)
        assert response.status_code == 201, response.text
        return response.json()["sessionId"], response.json()["say"]

    def press(self, session: str, digits: str) -> dict[str, Any]:
        response = self.http.post(f"{self.url}/ivr/96888/sessions/{session}/keys",
                                  json={"digits": digits}, timeout=15)
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def sign_in_code(self, tel_no: str) -> str:
        self.shift(5)
        codes = [re.search(r"验证码为(\d{6})", t) for t in self.texts(tel_no)]
        found = [c.group(1) for c in codes if c]
        assert found, self.texts(tel_no)
        return found[-1]

    def hall(self, subs: dict[str, Any]) -> requests.Session:
        """A web hall session signed in by password and SMS code (plain HTTP, no browser)."""
        browser = requests.Session()
        response = browser.post(f"{self.url}/bw/login", timeout=15,
                                data={"telNo": subs["telNo"], "password": subs["loginPwd"]})
        assert response.status_code == 200, response.text
        response = browser.post(f"{self.url}/bw/login/code", timeout=15,
                                data={"telNo": subs["telNo"],
                                      "code": self.sign_in_code(subs["telNo"])})
        assert response.status_code == 200 and "套餐与业务" in response.text, response.text
        return browser


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("competitor")


@pytest.fixture(scope="session")
def bw_with(workdir: Path) -> Iterator[Callable[..., Competitor]]:
    """bw_with(*faults) -> Competitor, one process per fault set for the whole session."""
    started: dict[tuple[str, ...], Competitor] = {}

    def get(*faults: str) -> Competitor:
        key = tuple(sorted(faults))
        if key not in started:
            started[key] = Competitor(workdir, key)
        return started[key]

    yield get
    for running in started.values():
        running.stop()


@pytest.fixture(scope="session")
def bw(bw_with: Callable[..., Competitor]) -> Competitor:
    return bw_with()


@pytest.fixture
def fresh(workdir: Path) -> Iterator[Callable[..., Competitor]]:
    """fresh(*faults, start=..., extra=()) -> a new process whose date stands at ``start``."""
    started: list[Competitor] = []

    def make(*faults: str, start: str = START, extra: tuple[str, ...] = ()) -> Competitor:
        started.append(Competitor(workdir, faults, start, extra))
        return started[-1]

    yield make
    for running in started:
        running.stop()
