"""The operator keeps to its contract (src/demo_operator/README.md) and to its side of the wall."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from demo_operator import hotline, sms, sms_hall, times
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


# -- the channels added in "More channels" ------------------------------------------------------

CHANNELS = README.split("## More channels")[1]


def _shape(text: str) -> str:
    """The text with every placeholder the same: {date} and {YYYY-MM-DD} are one slot."""
    return re.sub(r"\{[^}]*\}", "{}", text)


def test_the_new_channels_routes_exist() -> None:
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    have = {(method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
            for path, item in app.openapi()["paths"].items() for method in item}
    wanted = {(m, re.sub(r"\{[^}]+\}", "{}", p))
              for m, p in re.findall(r"`(GET|POST) (/[^` ]+)`", CHANNELS)}
    assert len(wanted) == 4 and wanted <= have, wanted - have


def test_sms_hall_replies_are_the_contracts() -> None:
    table = dict(re.findall(r"^\| `([^`]+)` \| `(【演示电信】[^`]+)`", CHANNELS, re.MULTILINE))
    assert table["ZF TC58"] == sms_hall.PRICE
    assert table["KT TC58"] == sms_hall.ORDERED
    assert _shape(table["BG TC88"]) == _shape(sms_hall.CHANGED)
    assert table["TD TC58"] == sms_hall.CANCELLED
    assert _shape(table["0000"]).startswith(_shape(sms_hall.LISTED).split("{}")[0])
    assert table["0000"].endswith(sms_hall.LISTED.split("{items}")[1])
    for alone in (sms_hall.NO_SERVICES, sms_hall.NO_BILLS, sms_hall.REFUSED, sms_hall.UNKNOWN):
        assert f"`{alone}`" in CHANNELS, alone
    assert set(sms_hall.COMMANDS) == {"ZF", "KT", "CX", "BG", "TD", "0000", "ZD", "XD", "SY"}


def test_hotline_prompts_are_the_contracts() -> None:
    fixed = [hotline.TREE, hotline.TREE.keys["1"], hotline.TREE.keys["0"]]
    for menu in fixed:
        said = menu.say(None, None, [])  # type: ignore[arg-type]
        assert f"`{said}`" in CHANNELS, said
    assert f"`{hotline.WRONG}`" in CHANNELS and hotline.BACK in CHANNELS
    assert "`正在为您转接人工服务,请稍候。` and the call ends" in CHANNELS
