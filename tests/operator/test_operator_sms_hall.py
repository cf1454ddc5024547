"""The SMS hall (short code 10001) over HTTP: every command and its reply, character for
character, and the usual order, change and cancel SMS that follow."""

from __future__ import annotations

import re
from typing import Any

from operator_pages import P, text, unstamped

TERMS_58 = ("月费58.00元,含国内通话100分钟、国内流量1024MB;超出后通话0.15元/分钟、"
            "流量0.03元/MB;首月及末月按日折算。")
UNKNOWN = (P + "指令有误。资费ZF,订购KT,变更BG,退订TD,查询CX,账单ZD,详单XD,使用SY,"
           "退订列表0000,充值CZ,余额YE。")


def arrived(running: Any, customer: dict[str, str], seconds: float) -> list[str]:
    """What lands in the inbox while the customer's clock moves on ``seconds``."""
    before = len(running.inbox(customer["msisdn"]))
    running.clock(customer["id"], advance=seconds)
    return [m["text"] for m in running.inbox(customer["msisdn"])[before:]]


def test_price_order_and_query(operator) -> None:
    customer = operator.customer()
    assert text(operator, customer, "CX") == P + "您当前没有订购业务。"
    price = P + f"5G畅享58元套餐:月费58.00元,{TERMS_58}订购请回复KTTC58。"
    # case and the space between command and argument do not matter
    for command in ("ZF TC58", "zf tc58", "ZFTC58", " Zf  Tc58 "):
        assert text(operator, customer, command) == price
    assert text(operator, customer, "ZF TC128").startswith(
        P + "5G畅享128元套餐:月费128.00元,月费128.00元,含国内通话600分钟")

    reply = text(operator, customer, "KT TC58")
    order = re.fullmatch(P + r"您订购5G畅享58元套餐的申请已受理,订单号(PO-\d+)。", reply)
    assert order, reply
    order_id = order.group(1)
    # the usual order SMS follows, 30 s later, as for every channel
    assert arrived(operator, customer, 30) == [
        P + f"您已成功订购5G畅享58元套餐,月费58.00元,自开通之日起按日折算计费,"
        f"退订请发送TD至10001或拨打10000。订单号{order_id}。"]
    placed = operator.api("GET", f"productOrderingManagement/v4/productOrder/{order_id}").json()
    assert placed["channel"][0]["id"] == "sms"
    assert text(operator, customer, "cx") == P + "您的业务:1.5G畅享58元套餐/开通中/-/-/-。"

    assert arrived(operator, customer, 1800) == [
        P + f"您的号码{customer['msisdn']}已开通5G畅享58元套餐,欢迎使用。"]
    assert text(operator, customer, "CX") == \
        P + "您的业务:1.5G畅享58元套餐/已开通/2026-11-23/-/-。"


def test_change_and_cancel(operator) -> None:
    customer = operator.customer()
    assert text(operator, customer, "BG TC88") == P + "办理失败:您当前没有已开通的套餐。"
    assert text(operator, customer, "0000") == P + "您当前没有订购业务。"
    text(operator, customer, "KT TC58")
    operator.clock(customer["id"], advance=1800)

    assert text(operator, customer, "BG TC58") == P + "办理失败:新套餐与当前套餐相同。"
    assert text(operator, customer, "bg tc88") == \
        P + "您的套餐变更申请已受理,新套餐将于2026-12-01生效。"
    assert arrived(operator, customer, 30) == [
        P + "您已申请将套餐由5G畅享58元套餐变更为5G畅享88元套餐,将于2026-12-01生效。"]
    assert text(operator, customer, "CX") == P + (
        "您的业务:1.5G畅享58元套餐/已开通/2026-11-23/-/5G畅享88元套餐(2026-12-01生效)。")

    # a second plan, then unsubscribe by number from the 0000 list
    text(operator, customer, "KT TC128")
    operator.clock(customer["id"], advance=1800)
    assert text(operator, customer, "0000") == \
        P + "您已订购:1.5G畅享58元套餐;2.5G畅享128元套餐。回复TD+序号退订,如TD1。"
    assert text(operator, customer, "TD3") == P + "办理失败:序号有误,请先发送0000查询。"
    assert unstamped(text(operator, customer, "td 2")) == \
        P + "您退订5G畅享128元套餐的申请已受理,将于<by>前生效。"
    assert [unstamped(t) for t in arrived(operator, customer, 30)] == [
        P + "您已申请退订5G畅享128元套餐,将于<by>前生效,生效后不再收取月费。"]
    # the list stays as it was sent: item 2 is no longer active
    assert text(operator, customer, "TD2") == P + "办理失败:当前状态不能退订。"

    # and by product code
    assert text(operator, customer, "TD TC88") == P + "办理失败:您未订购该套餐。"
    assert unstamped(text(operator, customer, "TD TC58")) == \
        P + "您退订5G畅享58元套餐的申请已受理,将于<by>前生效。"
    operator.clock(customer["id"], advance=7200)
    assert text(operator, customer, "CX") == P + (
        "您的业务:1.5G畅享58元套餐/已退订/2026-11-23/2026-11-23/-;"
        "2.5G畅享128元套餐/已退订/2026-11-23/2026-11-23/-。")
    assert text(operator, customer, "0000") == P + "您当前没有订购业务。"


def test_usage_bills_and_the_itemised_record(operator) -> None:
    customer, _ = operator.subscribe("PLAN-58")
    assert text(operator, customer, "SY") == P + "本月暂无使用记录。"
    assert text(operator, customer, "ZD") == P + "您暂无账单。"
    msisdn = customer["msisdn"]
    operator.post(f"/phone/{msisdn}/calls", json={"to": "10000", "minutes": 12})
    operator.post(f"/phone/{msisdn}/data", json={"megabytes": 1500})
    assert text(operator, customer, "sy") == P + (
        "本月使用:2026-11-23 10:30:00 通话 12分钟;2026-11-23 10:30:00 流量 1500MB。")
    assert text(operator, customer, "XD 202611") == P + "办理失败:2026-11账单未出。"

    operator.clock(customer["id"], to="2026-12-01T09:00:00+08:00")
    assert text(operator, customer, "ZD") == P + "您的账单:2026-11 29.75元。"
    assert text(operator, customer, "xd202611") == P + (
        "2026-11详单:2026-11-23 10:30:00 通话 12分钟 0.00元;"
        "2026-11-23 10:30:00 流量 1500MB 14.28元。")
    assert text(operator, customer, "SY") == P + "本月暂无使用记录。"   # a new month

    operator.clock(customer["id"], to="2027-01-01T09:00:00+08:00")
    assert text(operator, customer, "ZD") == P + "您的账单:2026-11 29.75元;2026-12 58.00元。"
    assert text(operator, customer, "XD 202612") == P + "2026-12详单:本账期无通话或流量使用。"
    assert text(operator, customer, "XD 202613") == P + "办理失败:账期有误。"


def test_unknown_commands_and_refusals(operator) -> None:
    customer = operator.customer()
    for command in ("你好", "HELLO", "KT", "ZF 58", "CX 1", "XD 2026", "0001", ""):
        assert text(operator, customer, command) == UNKNOWN, command
    assert text(operator, customer, "KT TC99") == P + "办理失败:套餐不存在。"
    assert text(operator, customer, "ＫＴ　ＴＣ５８").startswith(P + "您订购5G畅享58元套餐")


def test_texts_to_other_numbers_get_no_reply_and_unknown_phones_404(operator) -> None:
    customer = operator.customer()
    response = operator.post(f"/phone/{customer['msisdn']}/sms",
                             json={"to": "13800000000", "text": "CX"})
    assert response.status_code == 201 and response.json() == {"sent": True}
    assert operator.inbox(customer["msisdn"]) == []
    assert operator.post("/phone/19900000000/sms",
                         json={"to": "10001", "text": "CX"}).status_code == 404
    assert operator.post(f"/phone/{customer['msisdn']}/sms",
                         json={"text": "CX"}).status_code == 400


def test_order_rejected_by_sms(operator_with) -> None:
    running = operator_with("order-rejected")
    customer = running.customer()
    assert text(running, customer, "KT TC58") == P + "办理失败:系统繁忙。"
