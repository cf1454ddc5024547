"""Fixtures for the demo operator's tests.

Two ways in: ``world`` is the operator's domain in this process (an in-memory store, any
faults, no HTTP), for rules and faults; ``operator`` is the real thing, ``python -m
demo_operator serve`` on a free port, for the channels. Extra processes with faults come from
``operator_with`` and are shared by the session (each costs about a second to start).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests

from demo_operator import billing, clock, customers, inventory, orders, sms, times, usage
from demo_operator.context import Operator, Settings
from demo_operator.db import Store

ROOT = Path(__file__).resolve().parents[2]
TMF = ROOT / "tests" / "tmf"
START = "2026-11-23T10:00:00+08:00"
TOKEN = "test-token-0123456789"
COUNTER_PASSWORD = "counter-pass-9876"
TEST_KEY = "test-key-4242"
TEST_KEY_HEADER = "X-Test-Key"


# -- in process ---------------------------------------------------------------------------------

class World:
    """The operator's domain with an in-memory store: drive it like the channels would."""

    def __init__(self, faults: tuple[str, ...] = (), start: str = START) -> None:
        self.op = Operator(Store(":memory:"), Settings(start=times.parse(start),
                                                       faults=frozenset(faults)))

    def tx(self):  # type: ignore[no-untyped-def]
        return self.op.tx()

    def customer(self) -> str:
        with self.tx() as ctx:
            return str(customers.create(ctx, "测试客户", "110101199001011234")["id"])

    def order(self, customer_id: str, *items: orders.ItemRequest) -> str:
        with self.tx() as ctx:
            return orders.place(ctx, customer_id, list(items), "test")

    def subscribe(self, offering: str = "PLAN-58", activate: bool = True) -> tuple[str, str]:
        """A new customer with an order for ``offering``; (customer id, product id)."""
        customer_id = self.customer()
        order_id = self.order(customer_id, orders.ItemRequest("add", offering_id=offering))
        with self.tx() as ctx:
            product_id = orders.items(ctx, order_id)[0]["product_id"]
        if activate:
            self.advance(customer_id, 1800)
        return customer_id, product_id

    def advance(self, customer_id: str, seconds: float) -> None:
        with self.tx() as ctx:
            clock.advance(ctx, customer_id, seconds)

    def to(self, customer_id: str, when: str) -> None:
        with self.tx() as ctx:
            clock.advance_to(ctx, customer_id, times.parse(when))

    def use(self, customer_id: str, usage_type: str, quantity: int) -> bool:
        with self.tx() as ctx:
            return usage.session(ctx, customers.get(ctx, customer_id), usage_type,
                                 quantity).connected

    def texts(self, customer_id: str) -> list[str]:
        with self.tx() as ctx:
            return [m["text"] for m in sms.inbox(ctx, customers.get(ctx, customer_id))]

    def product(self, product_id: str) -> dict[str, Any]:
        with self.tx() as ctx:
            return dict(inventory.get(ctx, product_id))

    def bills(self, customer_id: str) -> dict[str, int]:
        """{"2026-11": fen} for the customer's bills."""
        with self.tx() as ctx:
            return {f"{b['period_year']:04d}-{b['period_month']:02d}": b["amount_due"]
                    for b in billing.of_customer(ctx, customer_id)}


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def world_with():  # type: ignore[no-untyped-def]
    """world_with("fault-a", "fault-b", start=...) -> World"""
    def make(*faults: str, start: str = START) -> World:
        return World(faults, start)
    return make


# -- a real process -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Running:
    """A ``python -m demo_operator serve`` process and a small client for it."""

    def __init__(self, workdir: Path, faults: tuple[str, ...] = (),
                 options: tuple[str, ...] = ()) -> None:
        self.faults = faults
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"operator-{self.port}.log"
        self.db = workdir / f"op-{self.port}.db"
        env = {**os.environ, "DEMO_OPERATOR_API_TOKEN": TOKEN,
               "DEMO_OPERATOR_COUNTER_PASSWORD": COUNTER_PASSWORD,
               "DEMO_OPERATOR_TEST_KEY": TEST_KEY,
               "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        command = [sys.executable, "-m", "demo_operator", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--db", str(self.db),
                   "--start", START]
        for fault in faults:
            command += ["--fault", fault]
        command += list(options)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                                            env=env)
        self.http = requests.Session()
        self.http.headers[TEST_KEY_HEADER] = TEST_KEY  # a tester's client, with the credential
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"operator exited: {self.log.read_text()}")
            try:
                if self.http.get(f"{self.url}/test/health", timeout=10).ok:
                    return
            except requests.RequestException:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"operator did not answer: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.http.close()

    # -- client ---------------------------------------------------------------------------------
    def api(self, method: str, path: str, token: str | None = TOKEN,
            **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, f"{self.url}/tmf-api/{path}", headers=headers,
                                 timeout=10, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(f"{self.url}{path}", timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.post(f"{self.url}{path}", timeout=10, **kwargs)

    def prices(self, offering: dict[str, Any]) -> list[dict[str, Any]]:
        """The ProductOfferingPrice resources an offering refers to, fetched by their href."""
        found = []
        for ref in offering["productOfferingPrice"]:
            response = self.http.get(ref["href"], timeout=10,
                                     headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code == 200, response.text
            found.append(response.json())
        return found

    def customer(self, name: str = "测试客户") -> dict[str, str]:
        response = self.post("/test/customers", json={"name": name, "idNumber": "1101"})
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]

    def clock(self, customer_id: str, **move: Any) -> requests.Response:
        return self.post(f"/test/customers/{customer_id}/clock", json=move)

    def now(self, customer_id: str) -> str:
        """The customer's clock, ISO-8601."""
        return str(self.get(f"/test/customers/{customer_id}/clock").json()["now"])

    def inbox(self, msisdn: str) -> list[dict[str, str]]:
        response = self.get(f"/phone/{msisdn}/inbox")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def order(self, customer_id: str, *items: dict[str, Any]) -> requests.Response:
        body = {"@type": "ProductOrder",
                "relatedParty": [{"id": customer_id, "role": "customer",
                                  "@referredType": "Customer"}],
                "productOrderItem": [{"id": str(n), "@type": "ProductOrderItem", **item}
                                     for n, item in enumerate(items, start=1)]}
        return self.api("POST", "productOrderingManagement/v4/productOrder", json=body)

    def subscribe(self, offering: str = "PLAN-58") -> tuple[dict[str, str], str]:
        """A new customer with an active plan: (customer, product id)."""
        customer = self.customer()
        response = self.order(customer["id"], {"action": "add",
                                               "productOffering": {"id": offering}})
        assert response.status_code == 201, response.text
        self.clock(customer["id"], advance=1800)
        return customer, response.json()["productOrderItem"][0]["product"]["id"]


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("operator")


@pytest.fixture(scope="session")
def operator_with(workdir: Path) -> Iterator[Any]:
    """operator_with(*faults) -> Running, one process per fault set for the whole session."""
    started: dict[tuple[str, ...], Running] = {}

    def get(*faults: str) -> Running:
        key = tuple(sorted(faults))
        if key not in started:
            started[key] = Running(workdir, key)
        return started[key]

    yield get
    for running in started.values():
        running.stop()


@pytest.fixture(scope="session")
def operator(operator_with: Any) -> Running:
    """The operator with no faults."""
    return operator_with()  # type: ignore[no-any-return]


# -- TM Forum schemas ---------------------------------------------------------------------------

SPECS = {
    "TMF620": "TMF620-ProductCatalog-v4.0.0.swagger.json",
    "TMF622": "TMF622-ProductOrder-v4.0.0.swagger.json",
    "TMF635": "TMF635-UsageManagement-v4.0.0.swagger.json",
    "TMF637": "TMF637-ProductInventory-v4.0.0.swagger.json",
    "TMF678": "TMF678-CustomerBill-v4.0.0.swagger.json",
    "TMF621": "TMF621-TroubleTicket-v4.0.0.swagger.json",
}


@cache
def _spec(api: str) -> dict[str, Any]:
    return json.loads((TMF / SPECS[api]).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate_tmf(api: str, definition: str, instance: Any) -> None:
    """Validate against a swagger 2.0 definition; ``#/definitions/...`` refs resolve against
    the whole document. Also insists on ``@type``, which the specs leave optional."""
    spec = _spec(api)
    schema = {"$ref": f"#/definitions/{definition}", "definitions": spec["definitions"]}
    items = instance if isinstance(instance, list) else [instance]
    for item in items:
        jsonschema.Draft4Validator(schema).validate(item)
        assert item.get("@type"), f"{definition} without @type: {item}"


@pytest.fixture(scope="session")
def tmf_validate() -> Any:
    """tmf_validate(api, definition, instance): see ``validate_tmf``."""
    return validate_tmf
