"""Operator speed: the demo operator's own requests per second for the request mix of one API
walk, with 1, 4 and 8 concurrent clients, its CPU per request, and the time of one walk made
directly with requests.

    .venv/bin/python benchmarks/operator_speed.py [--walks 4] [--clients 1,4,8] [--repeat 3]
                                                  [--baseline /path/to/other/checkout]

The operator is started as the harness starts it (the default carrier file's launch), in its
own process. Each client is a thread with its own requests.Session and its own test customer,
walking the mobile plan through every stage as `direct_api_walk` of walk_speed.py does. With
--baseline, the operator of that checkout (its src/, on this environment's packages) runs
beside this one's and the two are measured in turns, and the ratios are printed: on a busy
machine compare those, and the operator's CPU per request most of all, not the seconds.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from walkthrough.demo import TEST_KEY_ENV, TOKEN_ENV, DemoOperator
from walkthrough.launch import Operator

TMF = "/tmf-api"
HERE = Path(__file__).resolve().parents[1]


class CountingSession(requests.Session):
    """A session that counts the requests it makes: the figure is requests per second."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def request(self, method: str | bytes, url: str | bytes,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        self.count += 1
        answer = super().request(method, url, *args, **kwargs)
        answer.raise_for_status()
        return answer


def api_walk(base: str, http: CountingSession) -> None:
    """The mobile plan's API walk, order to cancel, as walk_speed.direct_api_walk makes it: a
    fresh token and a fresh customer, then order, activate, use, bill, change, cancel."""
    token = http.post(f"{base}/oauth/token", auth=("walkthrough", os.environ[TOKEN_ENV]),
                      data={"grant_type": "client_credentials", "scope": "tmf.read tmf.write"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}",
               "X-Test-Key": os.environ[TEST_KEY_ENV]}
    http.headers.update(headers)
    me = http.post(f"{base}/test/customers", json={"name": "bench", "idNumber": "x"}).json()
    cid, msisdn = me["id"], me["msisdn"]
    clock = f"{base}/test/customers/{cid}/clock"

    def advance(seconds: float) -> None:
        http.post(clock, json={"advance": seconds})

    def products() -> list[dict[str, Any]]:
        return http.get(f"{base}{TMF}/productInventory/v4/product",  # type: ignore[no-any-return]
                        params={"relatedParty.id": cid}).json()

    def order(item: dict[str, Any]) -> None:
        http.post(f"{base}{TMF}/productOrderingManagement/v4/productOrder", json={
            "relatedParty": [{"id": cid, "role": "customer"}],
            "productOrderItem": [{"id": "1", **item}]})

    def inbox_until(word: str) -> None:
        for _ in range(10):
            if any(word in m["text"] for m in http.get(f"{base}/phone/{msisdn}/inbox").json()):
                return
            advance(60)
        raise RuntimeError(f"no SMS with {word!r} came")

    offers = http.get(f"{base}{TMF}/productCatalogManagement/v4/productOffering").json()
    by_name = {o["name"]: o["id"] for o in offers}
    order({"action": "add", "productOffering": {"id": by_name["5G畅享58元套餐"]}})
    inbox_until("订购")
    while not any(p["status"] == "active" for p in products()):
        advance(3600)
    http.post(f"{base}/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12})
    advance(720)
    http.post(f"{base}/phone/{msisdn}/data", json={"megabytes": 1500})
    now = http.get(clock).json()["now"]
    year, month = int(now[:4]), int(now[5:7])
    first = f"{year + month // 12}-{month % 12 + 1:02d}-01T00:00:00+08:00"
    http.post(clock, json={"to": first})
    inbox_until("账单")
    bills = http.get(f"{base}{TMF}/customerBillManagement/v4/customerBill",
                     params={"relatedParty.id": cid}).json()
    http.get(f"{base}{TMF}/customerBillManagement/v4/appliedCustomerBillingRate",
             params={"bill.id": bills[0]["id"]})
    product = products()[0]["id"]
    order({"action": "modify", "product": {"id": product},
           "productOffering": {"id": by_name["5G畅享88元套餐"]}})
    inbox_until("变更")
    advance(40 * 86400)
    order({"action": "delete", "product": {"id": product}})
    inbox_until("退订")
    while not any(p["status"] == "terminated" for p in products()):
        advance(3600)
    advance(62 * 86400)
    http.get(f"{base}{TMF}/customerBillManagement/v4/customerBill",
             params={"relatedParty.id": cid})


@dataclass
class Load:
    clients: int
    seconds: float
    requests: int
    walks: int
    cpu: float | None       # the operator process's CPU seconds meanwhile (None: not on Linux)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_ms(self) -> float | None:
        """Operator CPU per request: what the operator itself costs, however busy the
        machine is (the requests per second also count the clients and everyone else)."""
        return None if self.cpu is None else 1000 * self.cpu / self.requests


def cpu_seconds(pid: int) -> float | None:
    """User and system time of a process and all its threads, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(base: str, pid: int, clients: int, walks: int) -> Load:
    """``clients`` threads, each walking ``walks`` times with its own session (and a new
    customer per walk); the clock runs from when all are ready to when the last is done."""
    sessions = [CountingSession() for _ in range(clients)]
    ready = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def client(http: CountingSession) -> None:
        ready.wait()
        try:
            for _ in range(walks):
                api_walk(base, http)
        except BaseException as exc:  # noqa: BLE001 - said after the join, not lost in a thread
            failures.append(exc)

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    before = cpu_seconds(pid)
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    after = cpu_seconds(pid)
    if failures:
        sys.exit(f"a walk failed with {clients} client(s): {failures[0]!r}")
    cpu = None if before is None or after is None else after - before
    return Load(clients, seconds, sum(s.count for s in sessions), clients * walks, cpu)


@dataclass
class Figures:
    alone: list[float] = field(default_factory=list)     # seconds of one walk alone
    loads: dict[int, list[Load]] = field(default_factory=dict)

    def walk(self) -> float:
        return statistics.median(self.alone)

    def per_second(self, clients: int) -> float:
        # the best of the repeats: the others lost time to whatever else the machine ran
        return max(got.per_second for got in self.loads[clients])

    def cpu_ms(self, clients: int) -> float | None:
        found = [got.cpu_ms for got in self.loads[clients] if got.cpu_ms is not None]
        return statistics.median(found) if found else None


def start(source: Path | None, db: Path) -> Operator:
    """An operator as the harness starts it; from ``source``'s src/ when given."""
    saved = os.environ.get("PYTHONPATH")
    if source is not None:
        # The launcher starts `python -m demo_operator` with this environment: the other
        # checkout's package comes first on its path.
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(source / "src"), saved) if p)
    try:
        return DemoOperator([], db=db).start()
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def measure(demo: Operator, figures: Figures, clients: list[int], walks: int) -> None:
    assert demo.process is not None
    for _ in range(3):
        begin = time.perf_counter()
        api_walk(demo.base_url, CountingSession())
        figures.alone.append(time.perf_counter() - begin)
    for n in clients:
        figures.loads.setdefault(n, []).append(load(demo.base_url, demo.process.pid, n, walks))


def show(title: str, figures: Figures) -> None:
    print(f"{title}:")
    print(f"  one walk alone              {figures.walk():6.3f} s")
    for n, loads in figures.loads.items():
        cpu = figures.cpu_ms(n)
        print(f"  {n} client(s), {loads[0].walks:3} walks  {figures.per_second(n):7.1f} requests/s"
              f"  {loads[0].requests / loads[0].walks:.0f} requests a walk"
              + (f"  operator CPU {cpu:5.2f} ms a request" if cpu is not None else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=4, help="walks per client")
    parser.add_argument("--clients", default="1,4,8", help="comma-separated client counts")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds, each operator measured in turn in each")
    parser.add_argument("--baseline", type=Path, metavar="CHECKOUT",
                        help="measure this checkout's demo operator too, for the ratios")
    args = parser.parse_args()
    try:
        clients = [int(n) for n in args.clients.split(",")]
    except ValueError:
        parser.error(f"--clients {args.clients!r}: give counts like 1,4,8")
    if args.baseline is not None and not (args.baseline / "src" / "demo_operator").is_dir():
        parser.error(f"--baseline {args.baseline}: no src/demo_operator there")
    sources = ([args.baseline.resolve()] if args.baseline is not None else []) + [None]
    figures = [Figures() for _ in sources]
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        operators = []
        for i, source in enumerate(sources):
            demo = start(source, Path(tmp) / f"operator-{i}.db")
            stack.callback(demo.stop)
            api_walk(demo.base_url, CountingSession())    # warm: imports, first-use caches
            operators.append(demo)
        # in turns, so that a busy spell of the machine falls on both alike
        for _ in range(args.repeat):
            for demo, got in zip(operators, figures, strict=True):
                measure(demo, got, clients, args.walks)
    print(f"(one walk alone: median of {3 * args.repeat}; requests/s: the best of "
          f"{args.repeat}; operator CPU: the median of {args.repeat})")
    for source, got in zip(sources, figures, strict=True):
        show(f"demo operator of {source or HERE}", got)
    if args.baseline is not None:
        before, after = figures
        print("this / baseline:")
        print(f"  one walk alone              {after.walk() / before.walk():6.2f}x the time")
        for n in clients:
            faster = after.per_second(n) / before.per_second(n)
            line = f"  {n} client(s)                {faster:6.2f}x the requests/s"
            cpu_before, cpu_after = before.cpu_ms(n), after.cpu_ms(n)
            if cpu_before and cpu_after is not None:
                line += f"  {cpu_after / cpu_before:5.2f}x the operator CPU a request"
            print(line)


if __name__ == "__main__":
    main()
