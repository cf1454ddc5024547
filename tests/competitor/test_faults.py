"""Each fault's effect, seen through the channel it breaks, beside the same thing done without
it. (The tariff faults are in test_tariff.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from competitor_operator.faults import FAULTS

from .conftest import ROOT

HERE = Path(__file__).parent


def _texts_after(bw: Any, subs: dict[str, Any], seconds: float = 10) -> list[str]:
    bw.shift(seconds)
    return bw.texts(subs["telNo"])


def test_every_fault_is_tested() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in (HERE / "test_faults.py",
                                                              HERE / "test_tariff.py"))
    untested = [name for name in FAULTS if f'"{name}"' not in tests]
    assert not untested


def test_the_faults_command_names_real_standards() -> None:
    listed = subprocess.run([sys.executable, "-m", "competitor_operator", "faults", "--json"],
                            capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "src")})
    faults = json.loads(listed.stdout)
    standards = yaml.safe_load((ROOT / "scenarios" / "standards.yaml").read_text("utf-8"))
    assert {f["name"] for f in faults} == set(FAULTS)
    assert not [(f["name"], s) for f in faults for s in f["breaks"]
                if s not in standards["standards"]]
    channels = {"api", "web", "mobile", "sms", "hotline"}
    assert all(set(f["channels"]) <= channels for f in faults)
    assert {c for f in faults for c in f["channels"]} == channels   # one at least per channel


def test_an_unknown_fault_is_one_line() -> None:
    run = subprocess.run([sys.executable, "-m", "competitor_operator", "serve", "--fault",
                          "no-such-fault"], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src")})
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "competitor_operator: no fault named no-such-fault; "
        "`python -m competitor_operator faults` lists them"]


def test_order_rejected(bw_with: Any) -> None:
    bw = bw_with("order-rejected")
    subs = bw.subscriber()
    response = bw.order(subs["subsId"], action="add", productOffering={"id": "BW-39"})
    assert response.status_code == 422 and response.json()["reason"] == "系统忙，请稍后再试"


@pytest.mark.parametrize("fault", ["no-order-sms"])
def test_no_order_sms(bw_with: Any, fault: str) -> None:
    for faults, sent in (((), True), ((fault,), False)):
        bw = bw_with(*faults)
        subs = bw.subscriber()
        bw.add(subs["subsId"], "BW-39")
        assert any("您已订购鲸享39元套餐" in t for t in _texts_after(bw, subs)) is sent


def test_activation_late(bw_with: Any) -> None:
    for faults, status in (((), "active"), (("activation-late",), "created")):
        bw = bw_with(*faults)
        subs = bw.subscriber()
        bw.add(subs["subsId"], "BW-39")
        bw.shift(24 * 3600)
        assert bw.products(subs["subsId"])[0]["status"] == status


def test_vas_not_delivered(bw_with: Any) -> None:
    for faults, news in (((), True), (("vas-not-delivered",), False)):
        bw = bw_with(*faults)
        subs = bw.with_plan()
        bw.add(subs["subsId"], "BW-NEWS")
        assert any("鲸鱼资讯：" in t for t in _texts_after(bw, subs, 86_400)) is news


def test_change_next_cycle(bw_with: Any) -> None:
    for faults, now in (((), "BW-69"), (("change-next-cycle",), "BW-39")):
        bw = bw_with(*faults)
        subs = bw.with_plan()
        plan = bw.products(subs["subsId"])[0]
        assert bw.order(subs["subsId"], action="modify", product={"id": plan["id"]},
                        productOffering={"id": "BW-69"}).status_code == 201
        active = bw.products(subs["subsId"], status="active")
        assert [p["productOffering"]["id"] for p in active] == [now], faults


def test_vat_not_shown(bw_with: Any) -> None:
    bw = bw_with("vat-not-shown")
    price = bw.api("GET", "/tmf620/v4/productOfferingPrice/POP-BW-39").json()["price"]
    assert price == {"taxIncludedAmount": {"unit": "CNY", "value": 39.0}}
    subs = bw.subscriber()
    assert "含增值税" not in bw.sms(subs["telNo"], "JG")


@pytest.mark.parametrize(("fault", "words"), [("no-change-sms", "变更为鲸享69元套餐"),
                                              ("no-cancel-sms", "您已退订")])
def test_no_change_or_cancel_sms(bw_with: Any, fault: str, words: str) -> None:
    for faults, sent in (((), True), ((fault,), False)):
        bw = bw_with(*faults)
        subs = bw.with_plan()
        plan = bw.products(subs["subsId"])[0]
        if fault == "no-change-sms":
            bw.order(subs["subsId"], action="modify", product={"id": plan["id"]},
                     productOffering={"id": "BW-69"})
        else:
            bw.order(subs["subsId"], action="delete", product={"id": plan["id"]})
        assert any(words in t for t in _texts_after(bw, subs)) is sent, faults


def test_no_bill_sms(fresh: Any) -> None:
    for faults, sent in (((), True), (("no-bill-sms",), False)):
        bw = fresh(*faults)
        subs = bw.subscriber(billDay=23, planCode="BW-39")
        bw.date_to("2026-12-23 00:01:00")
        assert len(bw.bills(subs["subsId"])) == 1
        assert any("11月账单" in t for t in bw.texts(subs["telNo"])) is sent, faults


@pytest.mark.parametrize("fault", ["topup-late", "no-topup-sms"])
def test_topup_faults(bw_with: Any, fault: str) -> None:
    bw = bw_with(fault)
    subs = bw.subscriber()
    paid = bw.api("POST", "/tmf676/v4/payment", json={
        "account": {"id": subs["subsId"]}, "totalAmount": {"unit": "CNY", "value": 30}}).json()
    balance = bw.api("GET", f"/tmf676/v4/accountBalance/{subs['subsId']}").json()
    if fault == "topup-late":
        assert paid["status"] == "pending" and balance["remainedAmount"]["value"] == 0.0
        bw.shift(600)
        balance = bw.api("GET", f"/tmf676/v4/accountBalance/{subs['subsId']}").json()
        assert balance["remainedAmount"]["value"] == 30.0
    else:
        assert balance["remainedAmount"]["value"] == 30.0
        assert not any("您已充值" in t for t in _texts_after(bw, subs))


def test_api_price_wrong_only_on_the_api(bw_with: Any) -> None:
    bw = bw_with("api-price-wrong")
    price = bw.api("GET", "/tmf620/v4/productOfferingPrice/POP-BW-39").json()["price"]
    assert price["taxIncludedAmount"]["value"] == 29.0
    subs = bw.subscriber()
    assert "鲸享39元套餐¥39.00" in bw.sms(subs["telNo"], "JG")


def test_mobile_price_wrong_only_in_the_mobile_hall(bw_with: Any) -> None:
    bw = bw_with("mobile-price-wrong")
    subs = bw.subscriber()
    web = bw.hall(subs)
    assert "¥39.00/月" in web.get(f"{bw.url}/bw/").text
    mobile = requests.Session()
    mobile.post(f"{bw.url}/bwapp/login", data={"telNo": subs["telNo"],
                                              "password": subs["servicePwd"]})
    mobile.post(f"{bw.url}/bwapp/login/code",
                data={"telNo": subs["telNo"], "code": bw.sign_in_code(subs["telNo"])})
    shop = mobile.get(f"{bw.url}/bwapp/shop").text
    assert "鲸享39元套餐</strong> <span class=\"price\">¥49.00/月" in shop


def _checkout(bw: Any, subs: dict[str, Any]) -> tuple[Any, str]:
    hall = bw.hall(subs)
    hall.get(f"{bw.url}/bw/cart/add/BW-39")
    after = hall.post(f"{bw.url}/bw/checkout", data={"agree": "yes"})
    return hall, after.text


def test_web_no_toast(bw_with: Any) -> None:
    for faults, toast in (((), True), (("web-no-toast",), False)):
        bw = bw_with(*faults)
        subs = bw.subscriber()
        _, page = _checkout(bw, subs)
        assert ("订单BWO" in page) is toast, faults
        assert [p["status"] for p in bw.products(subs["subsId"])] == ["created"]


def test_web_agreement_cleared(bw_with: Any) -> None:
    bw = bw_with("web-agreement-cleared")
    subs = bw.subscriber()
    hall, page = _checkout(bw, subs)
    assert "请再次勾选服务协议后提交" in page and bw.products(subs["subsId"]) == []
    again = hall.post(f"{bw.url}/bw/checkout", data={"agree": "yes"})
    assert "订单BWO" in again.text and len(bw.products(subs["subsId"])) == 1


def test_sms_confirm_ignored(bw_with: Any) -> None:
    bw = bw_with("sms-confirm-ignored")
    subs = bw.subscriber()
    bw.sms(subs["telNo"], "KT39")
    assert "正在办理中" in bw.sms(subs["telNo"], "Y")
    assert bw.products(subs["subsId"]) == []


def test_hotline_unsubscribe_unannounced(bw_with: Any) -> None:
    bw = bw_with("hotline-unsubscribe-unannounced")
    subs = bw.with_plan()
    call, _ = bw.dial(subs["telNo"])
    assert "退订" not in bw.press(call, "2")["say"]
    assert bw.press(call, "3")["say"].startswith("退订鲸享39元套餐请按1")


def test_hotline_back_broken(bw_with: Any) -> None:
    bw = bw_with("hotline-back-broken")
    subs = bw.subscriber()
    call, _ = bw.dial(subs["telNo"])
    bw.press(call, "2")
    assert bw.press(call, "#") == {"sessionId": call, "say": "感谢您的来电，再见。",
                                   "hangup": True}
