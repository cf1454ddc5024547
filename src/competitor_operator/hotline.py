"""The hotline 96888 as text prompts over HTTP. Every prompt announces its options
(``办理业务请按2``); ``#`` goes back one menu; a recharge card is keyed in ending with ``*``.

    root  1 查询 (1 余额, 2 账单) · 2 办理业务 (1 订购套餐, 2 变更套餐, 3 退订, 4 订购增值业务)
          · 3 充值卡充值 · 0 人工
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from competitor_operator import (
    billing,
    catalogue,
    messages,
    ordering,
    payments,
    subscribers,
    written,
)
from competitor_operator.context import Ctx, Operator

NUMBER = "96888"
ORDER_MENUS = {"order": "plan", "order-vas": "vas"}  # 订购套餐 and 订购增值业务 list apart
LISTS = (*ORDER_MENUS, "change", "cancel")
BACK = "返回上一级请按#。"
WELCOME = "您好，欢迎致电蓝鲸通信。"


class HotlineError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


Op = Annotated[Operator, Depends(_operator)]
router = APIRouter(prefix=f"/ivr/{NUMBER}", tags=["hotline 96888"])


class Dial(BaseModel):
    caller: str = Field(min_length=5)


class Keys(BaseModel):
    digits: str = Field(min_length=1, max_length=40, pattern=r"^[0-9*#]+$")


def _offers(ctx: Ctx, subs: sqlite3.Row, menu: str) -> list[tuple[str, str]]:
    """(what pressing n does, its id) for the listing menus, in key order."""
    if menu in ORDER_MENUS:
        return [(f"订购{o.name}，{'信息费' if o.kind == 'vas' else '月费'}"
                 f"{ordering.price_words(o, ctx)}", o.code)
                for o in catalogue.OFFERINGS.values() if o.kind == ORDER_MENUS[menu]]
    if menu == "change":
        plan = ordering.current_plan(ctx, subs["id"])
        if plan is None or plan["state"] != "active":
            return []
        return [(f"变更为{o.name}，月费{ordering.price_words(o, ctx)}", o.code)
                for o in catalogue.plans() if o.code != plan["offering"]]
    if menu == "cancel":
        return [(f"退订{catalogue.OFFERINGS[p['offering']].name}", p["id"])
                for p in ordering.products(ctx, subs["id"])]
    return []


def prompt(ctx: Ctx, subs: sqlite3.Row, menu: str) -> str:
    if menu == "root":
        return "查询话费请按1，办理业务请按2，充值请按3，人工服务请按0。"
    if menu == "query":
        return "查询余额请按1，查询账单请按2，" + BACK
    if menu == "business":
        cancel = "" if ctx.fault("hotline-unsubscribe-unannounced") else "退订业务请按3，"
        return "订购套餐请按1，变更套餐请按2，" + cancel + "订购增值业务请按4，" + BACK
    if menu in LISTS:
        offers = _offers(ctx, subs, menu)
        if not offers:
            return "您没有可办理的业务。" + BACK
        return "；".join(f"{text}请按{n}" for n, (text, _) in enumerate(offers, start=1)) \
            + "；" + BACK
    if menu == "card-no":
        return "请输入充值卡卡号，以*号结束；" + BACK
    if menu.startswith("card-pwd:"):
        return "请输入充值卡密码，以*号结束；" + BACK
    return "人工坐席繁忙。继续等待请按1，自助办理业务请按2，预约回电请按3，" + BACK


def _press(ctx: Ctx, subs: sqlite3.Row, call: dict[str, Any], key: str) -> str:
    """One key; answers what the caller hears and updates ``call`` in place."""
    menu = call["menu"]
    if key == "#":
        call["buffer"] = ""
        if ctx.fault("hotline-back-broken"):
            call["ended"] = True
            return "感谢您的来电，再见。"
        call["menu"] = call["trail"].pop() if call["trail"] else "root"
        return prompt(ctx, subs, call["menu"])
    if menu in ("card-no",) or menu.startswith("card-pwd:"):
        return _card_key(ctx, subs, call, key)
    moves = {"root": {"1": "query", "2": "business", "3": "card-no", "0": "agent"},
             "query": {}, "agent": {"2": "business"},
             "business": {"1": "order", "2": "change", "3": "cancel", "4": "order-vas"}}
    target = moves.get(menu, {}).get(key)
    if target is not None:
        call["trail"].append(menu)
        call["menu"] = target
        if target == "agent":  # the agents are busy: the ways to help oneself, by SMS too
            messages.send(ctx, subs["tel_no"], "人工坐席繁忙，您可自助办理：发送CX至10655888查询"
                          "业务，发送KT39订购鲸享39元套餐，或登录蓝鲸网上营业厅。")
        return prompt(ctx, subs, target)
    if menu == "agent" and key == "1":
        return "请继续等待，坐席空闲时为您接通。" + BACK
    if menu == "agent" and key == "3":
        return "已为您预约回电，坐席将在30分钟内回电。" + BACK
    if menu == "query" and key in "12":
        return (_balance_words(ctx, subs) if key == "1" else _bill_words(ctx, subs)) + BACK
    if menu in LISTS and key.isdigit() and key != "0":
        offers = _offers(ctx, subs, menu)
        if int(key) <= len(offers):
            return _do(ctx, subs, menu, offers[int(key) - 1][1]) + BACK
    return "您的输入有误。" + prompt(ctx, subs, menu)


def _do(ctx: Ctx, subs: sqlite3.Row, menu: str, target: str) -> str:
    try:
        if menu in ORDER_MENUS:
            done = ordering.order(ctx, subs, target, "hotline")
            return f"已为您办理订购，订单号{done['order']}，确认短信稍后发到您的手机。"
        if menu == "change":
            plan = ordering.current_plan(ctx, subs["id"])
            assert plan is not None
            done = ordering.change(ctx, subs, plan["id"], target, "hotline")
            return f"套餐变更已办理，即时生效，订单号{done['order']}。"
        done = ordering.cancel(ctx, subs, target, "hotline")
        return f"退订已办理，即时生效，订单号{done['order']}。"
    except ordering.Refused as exc:
        return f"办理失败：{exc}。"


def _card_key(ctx: Ctx, subs: sqlite3.Row, call: dict[str, Any], key: str) -> str:
    if key != "*":
        call["buffer"] += key
        return ""
    entered, call["buffer"] = call["buffer"], ""
    if call["menu"] == "card-no":
        call["menu"] = f"card-pwd:{entered}"
        return prompt(ctx, subs, call["menu"])
    card_no = call["menu"].split(":", 1)[1]
    call["menu"] = call["trail"].pop() if call["trail"] else "root"
    try:
        payment = payments.redeem(ctx, subs, card_no, entered, "hotline")
    except payments.Refused as exc:
        return f"{exc}。" + prompt(ctx, subs, call["menu"])
    return f"充值{_spoken(payment['amount'])}已成功。" + prompt(ctx, subs, call["menu"])


def _spoken(fen: int) -> str:
    return f"{written.yuan(fen)}元"


def _balance_words(ctx: Ctx, subs: sqlite3.Row) -> str:
    balance = ctx.conn.execute("SELECT balance FROM subscriber WHERE id = ?",
                               (subs["id"],)).fetchone()["balance"]
    return f"您的当前余额为{_spoken(balance)}。"


def _bill_words(ctx: Ctx, subs: sqlite3.Row) -> str:
    bills = billing.bills(ctx, subs["id"])
    if not bills:
        return "您暂无已出账单。"
    last = bills[-1]
    first = dt.date.fromisoformat(last["cycle_from"])
    return (f"您{written.month_word(first)}账单消费{_spoken(last['amount'])}，"
            f"其中增值税{_spoken(last['vat'])}。")


def _load(ctx: Ctx, session_id: str) -> tuple[sqlite3.Row, dict[str, Any]]:
    row = ctx.conn.execute("SELECT * FROM ivr_session WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise HotlineError(404, f"没有通话 {session_id}")
    if row["ended"]:
        raise HotlineError(410, "通话已结束")
    subs = subscribers.by_tel(ctx, row["tel_no"])
    return subs, {"menu": row["menu"], "trail": json.loads(row["trail"]),
                  "buffer": row["entered"], "ended": False}


def _save(ctx: Ctx, session_id: str, call: dict[str, Any]) -> None:
    ctx.conn.execute("UPDATE ivr_session SET menu = ?, trail = ?, entered = ?, ended = ? "
                     "WHERE id = ?", (call["menu"], json.dumps(call["trail"]), call["buffer"],
                                      int(call["ended"]), session_id))


@router.post("/sessions", status_code=201)
def dial(body: Dial, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        try:
            subs = subscribers.by_tel(ctx, body.caller)
        except subscribers.NotFound as exc:
            raise HotlineError(404, "本热线仅为蓝鲸通信用户服务") from exc
        session_id = ctx.next_id("IVR", 8)
        ctx.conn.execute("INSERT INTO ivr_session(id, tel_no, menu, trail) VALUES (?, ?, ?, ?)",
                         (session_id, body.caller, "root", "[]"))
        return {"sessionId": session_id, "say": WELCOME + prompt(ctx, subs, "root"),
                "hangup": False}


@router.post("/sessions/{session_id}/keys")
def keys(session_id: str, body: Keys, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        subs, call = _load(ctx, session_id)
        said = ""
        for key in body.digits:
            said = _press(ctx, subs, call, key) or said
            if call["ended"]:
                break
        _save(ctx, session_id, call)
        return {"sessionId": session_id, "say": said, "hangup": call["ended"]}


@router.post("/sessions/{session_id}/hangup")
def hangup(session_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        _, call = _load(ctx, session_id)
        call["ended"] = True
        _save(ctx, session_id, call)
        return {"sessionId": session_id, "say": "", "hangup": True}
