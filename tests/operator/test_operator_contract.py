"""The operator keeps to its contract (src/demo_operator/README.md) and to its side of the wall."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from demo_operator import sms, times
from demo_operator.app import create_app
from demo_operator.context import Operator, Settings
from demo_operator.db import Store

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "demo_operator"
README = (PACKAGE / "README.md").read_text(encoding="utf-8")


def test_sms_texts_are_the_contracts_character_for_character() -> None:
    templates = re.findall(r"^\| [^|]+ \| [^|]+ \| `(【演示电信】[^`]+)` \|$", README, re.MULTILINE)
    assert len(templates) == 6
    assert set(templates) == {sms.SIGN_IN_CODE, sms.ORDER_ACCEPTED, sms.ACTIVATED,
                              sms.PLAN_CHANGE_ACCEPTED, sms.CANCEL_ACCEPTED, sms.BILL}
    assert sms.SENDER == "10001"
    assert sms.UNSUBSCRIBE_SENTENCE in sms.ORDER_ACCEPTED


def test_every_route_in_the_contract_exists() -> None:
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    served = {(method.upper(), path) for path, item in app.openapi()["paths"].items()
              for method in item}
    table_routes = re.findall(r"^\| (GET|POST) \| `([^`]+)` \|", README, re.MULTILINE)
    assert len(table_routes) == 8
    tmf = [(m, "/tmf-api/" + p.replace("…", "").split("[")[0].split("?")[0])
           for m, p in re.findall(r"`(GET|POST) /tmf-api/([^`]+)`", README)]
    wanted = {(m, re.sub(r"\{[^}]+\}", "{}", p)) for m, p in table_routes + tmf}
    have = {(m, re.sub(r"\{[^}]+\}", "{}", p)) for m, p in served}
    assert wanted <= have, wanted - have
    for resource in ("productOffering/{}", "productOrder/{}", "product/{}",
                     "appliedCustomerBillingRate"):
        assert any(p.endswith(resource) for _, p in have)


def test_the_operator_never_imports_the_harness() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "walkthrough"]
    assert not offenders
