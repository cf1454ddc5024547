"""Walk speed: seconds per walk and walks per minute for each channel, the whole matrix run
serially and in parallel, and the harness's overhead on the API walk.

    .venv/bin/python benchmarks/walk_speed.py [--repeat 3] [--workers 2] [--concurrency 4]

The per-channel walks and the direct requests walk run in this one process against one demo
operator; the matrix runs are whole `walkthrough run` commands, started the same way, so they
compare with each other. Compare the ratios, not the absolute seconds, on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from walkthrough.demo import TEST_KEY_ENV, TOKEN_ENV, DemoOperator
from walkthrough.session import BASE_URL_ENV, ROOT
from walkthrough.standards import CHANNELS

FEATURE = str(ROOT / "features" / "mobile_plan.feature")


class Requests:
    """How many requests were made: the harness's through its transport, the direct walk's
    through its session (the harness's walk checks more, so it asks more)."""

    def __init__(self) -> None:
        self.made = 0
        self._lock = threading.Lock()

    def one(self, *_: object, **__: object) -> None:
        with self._lock:
            self.made += 1


HARNESS, DIRECT = Requests(), Requests()


def _count_the_harness_requests() -> None:
    from walkthrough import transport

    send = transport.Transport.send

    def counted(self: transport.Transport, *args: object, **kwargs: object) -> object:
        HARNESS.one()
        return send(self, *args, **kwargs)  # type: ignore[arg-type]

    transport.Transport.send = counted  # type: ignore[method-assign, assignment]
TMF = "/tmf-api"
STEADY = 20  # walks added to one run to measure what one more costs


def harness_walk(channel: str, reports: Path, customers: int = 1, concurrency: int = 1) -> float:
    """One walk (or one for each of ``customers``, ``concurrency`` at a time) through pytest
    and the harness, exactly as `walkthrough run` makes it."""
    start = time.perf_counter()
    code = pytest.main([FEATURE, "-c", os.devnull, "--rootdir", str(ROOT), "-q",
                        "-p", "no:cacheprovider", "--walk-channel", channel,
                        "--walk-customers", str(customers),
                        "--walk-concurrency", str(concurrency),
                        "--walk-reports", str(reports), "-o", "console_output_style=classic"],
                       plugins=[])
    seconds = time.perf_counter() - start
    if code != 0:
        sys.exit(f"the {channel} walk did not pass (pytest exit {code}); fix that first")
    return seconds


def direct_api_walk(base: str) -> float:
    """The same API walk written straight with requests: no steps, no records, no checks
    beyond what the walk needs to go on."""
    start = time.perf_counter()
    http = requests.Session()
    # as the harness does: the API client's OAuth token (client credentials), and the test
    # environment's key, so the customer is made as the client and its token sees it
    token = requests.post(f"{base}/oauth/token", auth=("walkthrough", os.environ[TOKEN_ENV]),
                          data={"grant_type": "client_credentials",
                                "scope": "tmf.read tmf.write"})
    token.raise_for_status()
    DIRECT.one()
    http.hooks["response"].append(DIRECT.one)
    http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    http.headers["X-Test-Key"] = os.environ[TEST_KEY_ENV]
    me = http.post(f"{base}/test/customers", json={"name": "bench", "idNumber": "x"}).json()
    cid, msisdn = me["id"], me["msisdn"]
    clock = f"{base}/test/customers/{cid}/clock"

    def advance(seconds: float) -> None:
        http.post(clock, json={"advance": seconds})

    def products() -> list[dict]:
        return http.get(f"{base}{TMF}/productInventory/v4/product",
                        params={"relatedParty.id": cid}).json()

    def order(item: dict) -> None:
        http.post(f"{base}{TMF}/productOrderingManagement/v4/productOrder", json={
            "relatedParty": [{"id": cid, "role": "customer"}],
            "productOrderItem": [{"id": "1", **item}]}).raise_for_status()

    def inbox_until(word: str) -> None:
        for _ in range(10):
            if any(word in m["text"] for m in http.get(f"{base}/phone/{msisdn}/inbox").json()):
                return
            advance(60)

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
    http.get(f"{base}{TMF}/customerBillManagement/v4/customerBill", params={"relatedParty.id": cid})
    return time.perf_counter() - start


def matrix_run(workers: int, reports: Path) -> tuple[float, int]:
    """The whole matrix as `walkthrough run` makes it; returns seconds and walks."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "walkthrough.cli", "run", "--workers",
                           str(workers), "--reports", str(reports)],
                          capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the matrix run with {workers} worker(s) did not pass:\n{done.stdout[-2000:]}")
    import json

    walks = json.loads((reports / "summary.json").read_text(encoding="utf-8"))["walks"]["total"]
    return seconds, walks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4,
                        help="threads for the concurrent steady-state figure (default 4)")
    parser.add_argument("--api-only", action="store_true",
                        help="the API walk and its steady states only: no browser walk, no "
                             "whole matrix")
    args = parser.parse_args()
    channels = ["api"] if args.api_only else CHANNELS
    _count_the_harness_requests()
    with tempfile.TemporaryDirectory() as tmp:
        with DemoOperator([], db=Path(tmp) / "b.db") as demo:
            os.environ[BASE_URL_ENV] = demo.base_url
            figures: dict[str, list[float]] = {c: [] for c in channels}
            figures["direct requests"] = []
            for i in range(args.repeat):
                for channel in channels:
                    figures[channel].append(harness_walk(channel, Path(tmp) / f"r-{channel}-{i}"))
                before = DIRECT.made
                figures["direct requests"].append(direct_api_walk(demo.base_url))
                direct_requests = DIRECT.made - before
            # steady state: what one more walk costs in a run already going (pytest's
            # start-up, collection and the run's records paid once)
            made = HARNESS.made
            one = harness_walk("api", Path(tmp) / "steady-1", 1)
            made_one, made = HARNESS.made - made, HARNESS.made
            many = harness_walk("api", Path(tmp) / "steady-n", 1 + STEADY)
            steady = (many - one) / STEADY
            harness_requests = (HARNESS.made - made - made_one) / STEADY
            threaded = harness_walk("api", Path(tmp) / "steady-k", 1 + STEADY,
                                    concurrency=args.concurrency)
            concurrent = (threaded - one) / STEADY
            del os.environ[BASE_URL_ENV]
        if not args.api_only:
            serial = matrix_run(1, Path(tmp) / "serial")
            parallel = matrix_run(args.workers, Path(tmp) / "parallel")
    print(f"\nmobile plan walk, all six stages (median of {args.repeat}; each includes pytest's "
          "start-up):")
    medians = {name: statistics.median(values) for name, values in figures.items()}
    for name, value in medians.items():
        spread = ", ".join(f"{v:.2f}" for v in figures[name])
        print(f"  {name:16} {value:6.2f} s per walk  {60 / value:6.1f} walks/min   ({spread})")
    print(f"harness overhead on the API walk: {medians['api'] / medians['direct requests']:.2f}x "
          "the same walk made directly with requests")
    print(f"steady state ({STEADY} more API walks in one run): {steady:.2f} s per walk, "
          f"{steady / medians['direct requests']:.2f}x the direct walk (target 1.10x)")
    print(f"concurrent steady state ({STEADY} more API walks in one run, --concurrency "
          f"{args.concurrency}): {concurrent:.2f} s per walk, "
          f"{concurrent / medians['direct requests']:.2f}x the direct walk (target 1.10x)")
    # the same work compared: the harness's walk makes more requests than the direct one
    # (each check reads what it judges), so each request's share of a walk is compared too
    harness_each = steady / harness_requests
    direct_each = medians["direct requests"] / direct_requests
    print(f"requests a walk: the harness's {harness_requests:.0f} (steady state), the direct "
          f"walk's {direct_requests}; a request's share of a walk: {harness_each * 1000:.2f} ms "
          f"in the harness, {direct_each * 1000:.2f} ms direct: {harness_each / direct_each:.2f}x "
          f"(target 1.10x)")
    if args.api_only:
        return
    print(f"whole matrix ({serial[1]} walks, `walkthrough run`): serial {serial[0]:.1f} s "
          f"({60 * serial[1] / serial[0]:.1f} walks/min); {args.workers} workers "
          f"{parallel[0]:.1f} s ({60 * parallel[1] / parallel[0]:.1f} walks/min); "
          f"parallel/serial time {parallel[0] / serial[0]:.2f}")


if __name__ == "__main__":
    main()
