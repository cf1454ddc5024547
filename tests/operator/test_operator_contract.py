"""The operator keeps to its contract (src/demo_operator/README.md) and to its side of the wall."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from demo_operator import hotline, prepaid, sms, sms_hall, times
from demo_operator.app import create_app
from demo_operator.context import Operator, Settings
from demo_operator.db import Store

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "demo_operator"
README = (PACKAGE / "README.md").read_text(encoding="utf-8")


def test_sms_texts_are_the_contracts_character_for_character() -> None:
    templates = re.findall(r"^\| [^|]+ \| [^|]+ \| `(【演示电信】[^`]+)` \|$", README, re.MULTILINE)
    assert len(templates) == 16
    assert set(templates) == {sms.SIGN_IN_CODE, sms.ORDER_ACCEPTED, sms.ACTIVATED,
                              sms.PLAN_CHANGE_ACCEPTED, sms.CANCEL_ACCEPTED, sms.BILL,
                              _slots(sms.VAS_ORDER_ACCEPTED,
                                     free="{当月免信息费 / 当月及次月免信息费}"),
                              _slots(sms.ROAMING_ORDER_ACCEPTED, fee="0.00", code="MY"),
                              _slots(sms.ROAMING_CANCEL_ACCEPTED, offering="国际漫游"),
                              sms.ROAMING_WELCOME, sms.ROAMING_NOT_OPEN,
                              _slots(sms.BUNDLE_ORDER_ACCEPTED, offering="我的e家融合套餐",
                                     fee="199.00"),
                              _slots(sms.BUNDLE_ACTIVATED, offering="我的e家融合套餐"),
                              prepaid.ARREARS, prepaid.BARRED, prepaid.PAID}
    assert sms.SENDER == "10001"
    assert sms.UNSUBSCRIBE_SENTENCE in sms.ORDER_ACCEPTED


def test_every_route_in_the_contract_exists() -> None:
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    served = {(method.upper(), path) for path, item in app.openapi()["paths"].items()
              for method in item}
    table_routes = re.findall(r"^\| (GET|POST) \| `([^`]+)` \|", README, re.MULTILINE)
    assert len(table_routes) == 10
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


def _slots(template: str, **written: str) -> str:
    """A template with some of its slots written as the README writes them."""
    for name, text in written.items():
        template = template.replace("{" + name + "}", text)
    return template


# -- the channels added in "More channels" ------------------------------------------------------

CHANNELS = README.split("## More channels")[1].split("## Value-added subscriptions")[0]
VAS = README.split("## Value-added subscriptions")[1].split("\n## ")[0]
REFUNDS = README.split("## Refunds")[1].split("\n## ")[0]
FIXED = README.split("## Fixed lines")[1].split("\n## ")[0]
ROAMING = README.split("## International roaming")[1].split("\n## ")[0]
TOPUP = README.split("## Prepaid top-up")[1].split("\n## ")[0]


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
    assert set(sms_hall.COMMANDS) == {"ZF", "KT", "CX", "BG", "TD", "0000", "ZD", "XD", "SY",
                                      "CZ", "YE"}


def test_hotline_prompts_are_the_contracts() -> None:
    root = hotline.WELCOME
    # the root as "More channels" gives it, with the value-added menu 4, the top-up menu 5,
    # the fixed lines' menu 6 and the roaming menu 7 put in before 0
    before = re.search(r"- root: `([^`]+)`", CHANNELS).group(1)  # type: ignore[union-attr]
    added = re.search(r"\(`…([^`]+)`\)", VAS).group(1)  # type: ignore[union-attr]
    menus = "充值缴费请按5,宽带与故障报修请按6,国际漫游请按7,人工服务请按0。"
    assert root == before.replace("人工服务请按0。", "增值业务请按4," + menus)
    assert root.endswith(added.replace("人工服务请按0。", menus))
    assert f"`…,增值业务请按4,{menus}`" in FIXED
    assert "`…,宽带与故障报修请按6,国际漫游请按7,人工服务请按0。`" in ROAMING
    assert root.endswith(re.search(r"\(`…([^`]+)`\)", TOPUP).group(1))  # type: ignore[union-attr]
    said = hotline.TREE.keys["1"].say(None, None, [])  # type: ignore[arg-type]
    assert f"`{said}`" in CHANNELS, said
    assert f"`{hotline.WRONG}`" in CHANNELS and hotline.BACK in CHANNELS
    for text in (hotline.QUEUE.format(n="{n}"), hotline.WAIT, hotline.SELF_SERVICE_SENT,
                 hotline.CALL_BACK, sms.SELF_SERVICE, hotline.TRANSFER):
        assert f"`{text}`" in CHANNELS, text


# -- "Value-added subscriptions" ----------------------------------------------------------------

def test_the_value_added_routes_exist() -> None:
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    wanted = set(re.findall(r"`(GET|POST) (/[^` ]+)`", VAS))
    assert wanted == {("GET", "/phone/{msisdn}/ringback"), ("POST", "/test/customers")}
    assert {"get"} <= set(app.openapi()["paths"]["/phone/{msisdn}/ringback"])


def test_value_added_texts_are_the_contracts() -> None:
    from demo_operator import catalogue, orders

    assert f"`{_slots(sms.VAS_REMINDER, date='{YYYY-MM-DD}')}`" in VAS
    assert f"`{_slots(sms.CANCEL_ACCEPTED, offering='{name}')}`" in VAS
    assert sms.NEWS_SENDER == "1065800" and f"from `{sms.NEWS_SENDER}`" in VAS
    assert f"`{sms.NEWS.split('{headline}')[0].replace('{date}', '{YYYY-MM-DD}')}…`" in VAS
    for free in (sms.FREE_THIS_MONTH, sms.FREE_TWO_MONTHS):
        assert free in VAS
    terms = catalogue.terms(catalogue.OFFERINGS["VAS-NEWS"], 300)
    assert f"`{terms.replace('3.00', '{fee}')}`" in VAS
    assert f"`{sms_hall.VAS_PRICE}`" in VAS
    assert f"`{orders.VAS_NEEDS_PLAN}`" in VAS
    assert f"`办理失败:{sms_hall.NO_SMS_UNSUBSCRIBE}。`" in VAS
    table = re.findall(r"^\| `([A-Z]+-[A-Z]+)` \| (\S+) \| (\d+\.\d\d)/month \| `([A-Z]+)` \|",
                       VAS, re.MULTILINE)
    assert [(o.id, o.name, f"{o.fee // 100}.{o.fee % 100:02d}", o.code, o.category)
            for o in catalogue.SERVICES] == [(*row, "vas") for row in table]


def test_hotline_menu_4_is_the_contract() -> None:
    menu = hotline.TREE.keys["4"]
    listed = menu.say(_Plain(), None, [])  # type: ignore[arg-type]
    assert listed == "增值业务。1.头条新闻,信息费3.00元/月;2.爱音乐彩铃,信息费5.00元/月。" \
        "了解或订购请按序号,返回上级请按*。"
    one = menu.each.say(_Plain(), None, [2])  # type: ignore[union-attr, arg-type]
    assert one == ("爱音乐彩铃,信息费5.00元/月,信息费5.00元/月,由演示电信代收;"
                   "1日至20日订购当月免费,21日后订购当月及次月免费,之后每月1日起收费。"
                   "订购请按1,返回上级请按*。")
    assert "`{name},信息费{fee}元/月,{terms}订购请按1,返回上级请按*。`" in VAS
    assert "`增值业务。{n}.{name},信息费{fee}元/月;…。了解或订购请按序号,返回上级请按*。`" in VAS


class _Plain:
    """A context with no faults, for prompts that read only the catalogue."""

    def fault(self, name: str) -> bool:
        return False


# -- "Refunds" ----------------------------------------------------------------------------------

def test_the_refund_texts_and_routes_are_the_contracts() -> None:
    from demo_operator import disputes

    for text in (sms.DISPUTE_REFUNDED, sms.DISPUTE_UNVERIFIED, sms.DISPUTE_UPHELD):
        assert f"`{text}`" in REFUNDS
    assert f"`{disputes.ACCEPTED}`" in REFUNDS
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    assert "post" in app.openapi()["paths"]["/test/customers/{customer_id}/provider-charges"]


# -- "Fixed lines" ------------------------------------------------------------------------------

def test_the_fixed_line_routes_exist() -> None:
    app = create_app(Operator(Store(":memory:"), Settings(start=times.parse("2026-11-23T10:00"))))
    served = {(m.upper(), re.sub(r"\{[^}]+\}", "{}", p))
              for p, ops in app.openapi()["paths"].items() for m in ops}
    wanted = {(m, re.sub(r"\{[^}]+\}", "{}", p.split("?")[0].replace("…", "")))
              for m, p in re.findall(r"`(GET|POST) (/[^` ]+)`", FIXED)}
    assert wanted <= served, wanted - served


def test_fixed_line_texts_are_the_contracts() -> None:
    from demo_operator import catalogue, fixed

    for text in (fixed.ACTIVATED, fixed.REPAIRED, fixed.OUTAGE):
        assert f"`{text}`" in FIXED, text
        assert f"`{sms.ENGLISH[text]}`" in FIXED, text
    for reason in (fixed.NEEDS_ADDRESS, fixed.NEEDS_SLOT, fixed.ENTERPRISE_ONLY,
                   fixed.NOT_REPAIRABLE, fixed.NO_LINE):
        assert reason in FIXED, reason
    for offering in catalogue.BROADBANDS + catalogue.LEASED_LINES:
        terms = catalogue.terms(offering, offering.fee)
        fee = f"{offering.fee // 100}.{offering.fee % 100:02d}"
        assert f"`{terms.replace(fee, '{fee}')}`" in FIXED
        assert f"| `{offering.id}` | {offering.name} | `{offering.category}` | {fee}/month | " \
            f"`{offering.code}` |" in FIXED
    menu = hotline.TREE.keys["6"]
    assert f"`{menu.say(None, None, [])}`" in FIXED  # type: ignore[arg-type]
