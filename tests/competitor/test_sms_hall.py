"""The SMS hall 10655888: its command words, the second confirmation (二次确认) within 15
minutes, replies and notices from the one sender, periods written like 11月."""

from __future__ import annotations

from typing import Any

from .conftest import SHORT_CODE


def test_an_order_needs_a_y_and_then_is_placed(bw: Any) -> None:
    subs = bw.subscriber()
    asked = bw.sms(subs["telNo"], "KT39")
    assert "您将订购鲸享39元套餐，月费¥39.00（含增值税¥3.22）/月" in asked
    assert "请在15分钟内回复Y确认" in asked
    assert bw.products(subs["subsId"]) == []
    done = bw.sms(subs["telNo"], "y")
    assert done.startswith("【蓝鲸通信】已受理鲸享39元套餐，订单号BWO")
    assert [p["status"] for p in bw.products(subs["subsId"])] == ["created"]
    senders = {m["sender"] for m in
               bw.qa("GET", f"/handset/{subs['telNo']}/sms").json()["data"]["list"]}
    assert senders == {SHORT_CODE}


def test_a_late_y_orders_nothing(bw: Any) -> None:
    subs = bw.with_plan()
    assert "回复Y确认" in bw.sms(subs["telNo"], "KTZX")
    bw.shift(16 * 60)
    assert "已超过15分钟" in bw.sms(subs["telNo"], "Y")
    assert [p["productOffering"]["id"] for p in bw.products(subs["subsId"])] == ["BW-39"]
    assert "没有待确认的业务" in bw.sms(subs["telNo"], "Y")


def test_value_added_service_change_and_unsubscribe(bw: Any) -> None:
    subs = bw.with_plan()
    bw.sms(subs["telNo"], "KTZX")
    assert "已受理鲸鱼资讯" in bw.sms(subs["telNo"], "Y")
    assert "您将变更为鲸享69元套餐" in bw.sms(subs["telNo"], "BG 69")
    assert "已受理鲸享69元套餐" in bw.sms(subs["telNo"], "Y")
    listed = bw.sms(subs["telNo"], "CX")
    assert "鲸享69元套餐（生效中）" in listed and "鲸鱼资讯（生效中）" in listed
    assert "退订鲸鱼资讯已受理，即时生效" in bw.sms(subs["telNo"], "QXZX")
    assert "您未订购鲸鱼资讯" in bw.sms(subs["telNo"], "QXZX")


def test_queries_balance_prices_help_and_card(bw: Any) -> None:
    subs = bw.subscriber()
    assert bw.sms(subs["telNo"], "YE").endswith("您的当前余额为¥0.00。")
    assert "鲸享39元套餐¥39.00（含增值税¥3.22）/月" in bw.sms(subs["telNo"], "JG")
    assert "KT39/KT69订购套餐" in bw.sms(subs["telNo"], "你好")
    assert "暂无已出账单" in bw.sms(subs["telNo"], "ZD")
    card = bw.qa("POST", "/recharge-cards", json={"faceValue": 30}).json()["data"]
    assert "充值¥30.00已受理" in bw.sms(subs["telNo"], f"CZ {card['cardNo']} {card['cardPwd']}")
    assert "已使用" in bw.sms(subs["telNo"], f"CZ {card['cardNo']} {card['cardPwd']}")
    assert bw.sms(subs["telNo"], "YE").endswith("¥30.00。")


def test_the_bill_reply_names_the_period_by_its_month(fresh: Any) -> None:
    bw = fresh()
    subs = bw.subscriber(billDay=23, planCode="BW-39")
    bw.date_to("2026-12-23 00:00:10")
    assert "您11月账单（2026年11月23日至2026年12月22日）消费¥39.00（含增值税¥3.22）" in \
        bw.sms(subs["telNo"], "ZD")


def test_only_the_short_code_answers(bw: Any) -> None:
    subs = bw.subscriber()
    response = bw.qa("POST", f"/handset/{subs['telNo']}/sms",
                     json={"dest": "10086", "content": "CX"})
    assert response.status_code == 404 and SHORT_CODE in response.json()["error"]["errMsg"]
