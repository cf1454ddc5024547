"""The hotline 10000 over HTTP: the voice menu walked key by key (bills, ordering, changing,
unsubscribing, the agent, wrong keys, * and #) and the call's transcript."""

from __future__ import annotations

import re

import pytest
from operator_pages import ROOT, Call

BILLS_MENU = ("账单查询。账单金额请按1,本月使用情况请按2,费用投诉请按3,账单明细请按4,"
              "返回上级请按*。")
PLANS = ("套餐资费与办理。1.5G畅享58元套餐,月费58.00元;2.5G畅享88元套餐,月费88.00元;"
         "3.5G畅享128元套餐,月费128.00元。了解或办理请按套餐序号,返回上级请按*。")
PLAN_88 = ("5G畅享88元套餐,月费88.00元,月费88.00元,含国内通话300分钟、国内流量5120MB;"
           "超出后通话0.15元/分钟、流量0.03元/MB;首月及末月按日折算。"
           "订购请按1,变更为此套餐请按2,返回上级请按*。")
BACK = "返回上级请按*。"


def test_the_menu_tree_key_by_key(operator) -> None:
    customer = operator.customer()
    call = Call(operator, customer)
    assert call.prompt == ROOT
    assert call.press("9") == "输入有误。" + ROOT          # a wrong key repeats the menu
    assert call.press("*") == ROOT                        # nothing above the root
    assert call.press("1") == BILLS_MENU
    assert call.press("#") == BILLS_MENU                  # # repeats the current prompt
    assert call.press("1") == "您暂无账单。" + BACK
    assert call.press("5") == "输入有误。您暂无账单。" + BACK
    assert call.press("*") == BILLS_MENU                  # * goes up one level
    assert call.press("2") == "本月使用:通话0分钟,流量0MB。" + BACK
    assert call.press("*4") == "您暂无账单。" + BACK
    assert call.press("**") == ROOT
    assert call.press("2") == PLANS
    assert call.press("4") == "输入有误。" + PLANS
    assert call.press("2") == PLAN_88
    assert call.press("*") == PLANS
    assert call.press("*3") == "您当前没有订购业务。" + BACK
    assert call.press("1") == "输入有误。您当前没有订购业务。" + BACK
    assert call.press("*0") == ("人工服务繁忙,前方排队23人。继续等待请按1,自助服务请按2,"
                                "挂机后由我们回电请按3。")
    assert call.ended is False
    assert call.press("2") == "自助服务方式已发送到您的手机,感谢来电,再见。"
    assert call.ended is True
    inbox = operator.get(f"/phone/{customer['msisdn']}/inbox").json()
    assert inbox[-1]["text"].startswith("【演示电信】人工服务繁忙时可自助办理:")

    # the call is over; its transcript has every prompt and key in order
    refused = operator.post(f"/hotline/calls/{call.id}/keys", json={"keys": "1"})
    assert refused.status_code == 409 and refused.json() == {"detail": "通话已结束"}
    record = operator.get(f"/hotline/calls/{call.id}").json()
    assert (record["id"], record["from"], record["ended"]) == (call.id, customer["msisdn"], True)
    transcript = record["transcript"]
    assert transcript[0] == {"prompt": ROOT}
    assert "".join(step["keys"] for step in transcript[1::2]) == "9*1#15*2*4**242**31*02"
    assert all(set(step) == {"prompt"} for step in transcript[0::2])
    assert transcript[-1] == {"prompt": "自助服务方式已发送到您的手机,感谢来电,再见。"}


def test_order_change_and_cancel_through_the_menus(operator) -> None:
    customer = operator.customer()
    msisdn = customer["msisdn"]
    call = Call(operator, customer)
    ordered = call.press("221")
    found = re.fullmatch(r"订购已受理,订单号(PO-\d+)。返回上级请按\*。", ordered)
    assert found, ordered
    order_id = found.group(1)
    assert call.press("#") == ordered                     # repeating does not order again
    orders = operator.api("GET", "productOrderingManagement/v4/productOrder",
                          params={"relatedParty.id": customer["id"]}).json()
    assert [(o["id"], o["channel"][0]["id"]) for o in orders] == [(order_id, "hotline")]
    assert call.press("*") == PLAN_88
    assert call.press("2") == "办理失败:您当前没有已开通的套餐。" + BACK  # not active yet

    operator.clock(customer["id"], advance=1800)
    texts = [m["text"] for m in operator.inbox(msisdn)]
    assert texts[0].startswith("【演示电信】您已成功订购5G畅享88元套餐,月费88.00元") and \
        texts[0].endswith(f"订单号{order_id}。")
    assert texts[1] == f"【演示电信】您的号码{msisdn}已开通5G畅享88元套餐,欢迎使用。"

    call = Call(operator, customer)
    assert call.press("232") == "变更已受理,新套餐将于2026-12-01生效。" + BACK
    assert call.press("**22") == "办理失败:新套餐与当前套餐相同。" + BACK
    assert call.press("**11").startswith("订购已受理")      # and order the 58 plan as well
    operator.clock(customer["id"], advance=1800)
    assert ("【演示电信】您已申请将套餐由5G畅享88元套餐变更为5G畅享128元套餐,"
            "将于2026-12-01生效。") in [m["text"] for m in operator.inbox(msisdn)]

    call = Call(operator, customer)
    listing = ("已订业务:1.5G畅享58元套餐,已开通;2.5G畅享88元套餐,已开通。"
               "退订请按业务序号,返回上级请按*。")
    assert call.press("3") == listing                    # newest first
    assert call.press("3") == "输入有误。" + listing
    assert call.press("2") == "确认退订5G畅享88元套餐请按1,返回上级请按*。"
    said = call.press("1")
    assert re.fullmatch(r"退订已受理,将于2026-11-\d\d \d\d:\d\d前生效。" + re.escape(BACK), said)
    assert call.press("*1") == "办理失败:当前状态不能退订。" + BACK
    assert call.press("**") == ("已订业务:1.5G畅享58元套餐,已开通;2.5G畅享88元套餐,退订中。"
                                "退订请按业务序号,返回上级请按*。")
    operator.clock(customer["id"], advance=30)
    by = said[len("退订已受理,将于"):said.index("前生效")]  # the SMS states the same moment
    assert operator.inbox(msisdn)[-1]["text"] == \
        f"【演示电信】您已申请退订5G畅享88元套餐,将于{by}前生效,生效后不再收取月费。"


def test_bills_and_this_months_usage(operator) -> None:
    customer, _ = operator.subscribe("PLAN-58")
    msisdn = customer["msisdn"]
    operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12})
    operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 3})
    operator.post(f"/phone/{msisdn}/data", json={"megabytes": 1500})
    assert Call(operator, customer).press("12") == "本月使用:通话15分钟,流量1500MB。" + BACK
    operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    assert Call(operator, customer).press("14") == (  # the latest bill's lines, read out
        "2026年11月账单明细:1.5G畅享58元套餐月费 15.47元;2.国内通话 12分钟 0.00元;"
        "3.国内通话 3分钟 0.00元;4.国内流量 1500MB 14.28元。" + BACK)
    operator.clock(customer["id"], to="2027-01-01T09:00:00+08:00")
    call = Call(operator, customer)
    assert call.press("11") == "您的账单:2026年11月29.75元;2026年12月58.00元。" + BACK
    assert call.press("*2") == "本月使用:通话0分钟,流量0MB。" + BACK


@pytest.mark.parametrize("keys", ["12", "", "a", "**", " "])
def test_one_key_per_request(operator, keys: str) -> None:
    call = Call(operator, operator.customer())
    response = operator.post(f"/hotline/calls/{call.id}/keys", json={"keys": keys})
    assert response.status_code == 400
    assert operator.get(f"/hotline/calls/{call.id}").json()["transcript"] == [{"prompt": ROOT}]


def test_unknown_calls_and_callers(operator) -> None:
    assert operator.post("/hotline/calls", json={"from": "19900000000"}).status_code == 404
    assert operator.get("/hotline/calls/CALL-999999").status_code == 404
    assert operator.post("/hotline/calls/CALL-999999/keys", json={"keys": "1"}).status_code == 404


def test_hotline_back_hangs_up_ends_the_call_on_the_way_back(operator_with) -> None:
    running = operator_with("hotline-back-hangs-up")
    call = Call(running, running.customer())
    assert call.press("1") == BILLS_MENU  # the menu still announces 返回上级请按*
    assert call.press("*") == "感谢您的来电,再见。" and call.ended


@pytest.mark.parametrize("fault, lines", [
    ("itemised-charges-swapped", "2.国内通话 12分钟 14.28元;3.国内流量 1500MB 0.00元"),
    ("itemised-phantom-line", "2.国内通话 12分钟 0.00元;3.国内流量 1500MB 14.28元;"
                              "4.国内流量 20MB 0.00元"),
    ("itemised-record-missing-lines", "2.国内通话 12分钟 0.00元"),
])
def test_the_itemised_faults_break_the_readout_too(world_with, fault: str, lines: str) -> None:
    from demo_operator import customers, hotline

    world = world_with(fault)
    customer, _ = world.subscribe()
    world.use(customer, "voice", 12)
    world.use(customer, "data", 1500)
    world.to(customer, "2026-12-01T09:00:00")
    with world.tx() as ctx:
        call = hotline.start(ctx, customers.get(ctx, customer)["msisdn"])
    for key in "14":
        with world.tx() as ctx:
            said, _ = hotline.press(ctx, call.id, key)
    assert said == f"2026年11月账单明细:1.5G畅享58元套餐月费 15.47元;{lines}。{BACK}"
