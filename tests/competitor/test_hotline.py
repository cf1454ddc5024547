"""The hotline 96888: options announced in every prompt, # to go back, orders, plan change,
unsubscribe, bill and balance, a recharge card keyed in with *."""

from __future__ import annotations

from typing import Any


def test_the_menus_announce_their_options_and_hash_goes_back(bw: Any) -> None:
    subs = bw.with_plan()
    call, welcome = bw.dial(subs["telNo"])
    assert welcome.startswith("您好，欢迎致电蓝鲸通信。")
    assert "办理业务请按2" in welcome and "查询话费请按1" in welcome
    business = bw.press(call, "2")["say"]
    assert "退订业务请按3" in business and "返回上一级请按#" in business
    assert bw.press(call, "#")["say"] == "查询话费请按1，办理业务请按2，充值请按3，人工服务请按0。"
    assert "输入有误" in bw.press(call, "9")["say"]


def test_unsubscribe_in_three_keys(bw: Any) -> None:
    subs = bw.with_plan()
    call, _ = bw.dial(subs["telNo"])
    listed = bw.press(call, "23")["say"]
    assert listed.startswith("退订鲸享39元套餐请按1")
    said = bw.press(call, "1")["say"]
    assert said.startswith("退订已办理，即时生效")
    assert bw.products(subs["subsId"], status="active") == []


def test_order_and_change_on_the_hotline(bw: Any) -> None:
    subs = bw.with_plan()
    call, _ = bw.dial(subs["telNo"])
    plans = bw.press(call, "21")["say"]  # 订购套餐 lists the plans alone
    assert "订购鲸享69元套餐，月费¥69.00（含增值税¥5.70）请按2" in plans and "鲸鱼资讯" not in plans
    offers = bw.press(call, "#4")["say"]  # back one menu, to 订购增值业务
    assert offers.startswith("订购鲸鱼资讯，信息费¥6.00（含增值税¥0.34）请按1")
    assert bw.press(call, "1")["say"].startswith("已为您办理订购")
    assert "变更为鲸享69元套餐" in bw.press(call, "#2")["say"]
    assert bw.press(call, "1")["say"].startswith("套餐变更已办理，即时生效")
    assert sorted(p["productOffering"]["id"] for p in bw.products(subs["subsId"],
                                                                   status="active")) == \
        ["BW-69", "BW-NEWS"]


def test_balance_bill_and_recharge_card(bw: Any) -> None:
    subs = bw.subscriber()
    card = bw.qa("POST", "/recharge-cards", json={"faceValue": 100}).json()["data"]
    call, _ = bw.dial(subs["telNo"])
    assert "以*号结束" in bw.press(call, "3")["say"]
    assert "请输入充值卡密码" in bw.press(call, card["cardNo"] + "*")["say"]
    assert bw.press(call, card["cardPwd"] + "*")["say"].startswith("充值100.00元已成功。")
    assert bw.press(call, "11")["say"].startswith("您的当前余额为100.00元。")
    assert bw.press(call, "2")["say"].startswith("您暂无已出账单。")
    hung = bw.http.post(f"{bw.url}/ivr/96888/sessions/{call}/hangup").json()
    assert hung["hangup"] is True
    assert bw.http.post(f"{bw.url}/ivr/96888/sessions/{call}/keys",
                        json={"digits": "1"}).status_code == 410


def test_a_stranger_is_not_served(bw: Any) -> None:
    response = bw.http.post(f"{bw.url}/ivr/96888/sessions", json={"caller": "13900000000"})
    assert response.status_code == 404 and "仅为蓝鲸通信用户服务" in response.json()["say"]
