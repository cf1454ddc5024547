"""TM Forum's conformance test kits (tests/tmf/ctk), run with newman against a demo operator
started for them: every assertion of TMF620 and TMF637 must hold."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, TOKEN, Running

CTK = ROOT / "tests" / "tmf" / "ctk"
NODE_MODULES = ROOT / ".tools" / "node_modules"
KITS = {
    "TMF620": (CTK / "TMF620" / "CTK-Product_Catalog-4.0.0.postman_collection.json",
               "Product_Catalog", "/tmf-api/productCatalogManagement/v4/"),
    "TMF637": (CTK / "TMF637" / "TMF637-ProductInventory-v4.0.0.testkit.json",
               "Product_Inventory", "/tmf-api/productInventory/v4/"),
}


@pytest.fixture(scope="module")
def kit_operator(workdir: Path) -> Iterator[Running]:
    """An operator of its own: the catalogue kit creates and deletes resources."""
    running = Running(workdir / "ctk")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ctk")
    (path / "ctk").mkdir()
    return path


def newman(kit: str, base_url: str, report: Path, token: str = TOKEN) -> dict[str, Any]:
    """Runs one kit; newman's JSON report's ``run`` section."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "newman").is_dir():
        pytest.fail("newman is not installed: run ./quickstart.sh --no-run (it installs "
                    "newman into .tools/ with npm)")
    collection, variable, path = KITS[kit]
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES), "CTK_BEARER_TOKEN": token}
    done = subprocess.run([node, str(CTK / "run.js"), str(collection),
                           f"{variable}={base_url}{path}", str(report)],
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and report.is_file(), done.stderr or done.stdout
    return json.loads(report.read_text(encoding="utf-8"))["run"]  # type: ignore[no-any-return]


def failures(run: dict[str, Any]) -> list[str]:
    return [f"{f['source'].get('name', '?')}: {f['error'].get('test', '')} — "
            f"{f['error'].get('message', '')}" for f in run["failures"]]


def test_the_product_catalog_passes_its_conformance_kit(kit_operator: Running,
                                                        tmp_path: Path) -> None:
    run = newman("TMF620", kit_operator.url, tmp_path / "ctk-620.json")
    assertions = run["stats"]["assertions"]
    assert assertions["failed"] == 0, "\n".join(failures(run)[:30])
    assert not run["failures"], "\n".join(failures(run)[:30])
    # every request of the kit was made, and each asserted something
    assert run["stats"]["requests"]["total"] == 47 and run["stats"]["requests"]["failed"] == 0
    assert assertions["total"] > 500


def test_the_product_inventory_passes_its_conformance_kit(kit_operator: Running,
                                                          tmp_path: Path) -> None:
    # The kit only reads: it needs products to be there, in two states.
    kit_operator.subscribe("PLAN-58")
    customer = kit_operator.customer()
    pending = kit_operator.order(customer["id"], {"action": "add",
                                                  "productOffering": {"id": "PLAN-88"}})
    assert pending.status_code == 201, pending.text
    run = newman("TMF637", kit_operator.url, tmp_path / "ctk-637.json")
    assertions = run["stats"]["assertions"]
    assert assertions["failed"] == 0, "\n".join(failures(run)[:30])
    assert not run["failures"], "\n".join(failures(run)[:30])
    assert run["stats"]["requests"]["total"] == 7 and run["stats"]["requests"]["failed"] == 0
    assert assertions["total"] > 40


def test_a_kit_run_shows_its_failures(kit_operator: Running, tmp_path: Path) -> None:
    """The checks above can fail: refused requests are failed assertions in the report."""
    run = newman("TMF637", kit_operator.url, tmp_path / "ctk-637-refused.json",
                 token="not-the-token")
    assert run["stats"]["assertions"]["failed"] > 0
    assert any("401" in line for line in failures(run))
