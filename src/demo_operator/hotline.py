"""The hotline 10000: a voice menu whose prompts are text, driven one key at a time.

The menu tree is data (``TREE``): each ``Menu`` says its prompt and names the menus its keys
lead to, either fixed keys or numbered choices (套餐 1-3, the products menu 3 read out, the
value-added services of menu 4). Saying
the prompt of an action (订购, 变更, 退订) does the action, through the same orders.place every
channel uses. A call is a row in the database: where the caller stands (the keys pressed from
the root), the prompt last said there (``#`` repeats it), the products menu 3 read out, and the
transcript. ``*`` goes up one level, a key the menu does not offer repeats it prefixed 输入有误。
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from demo_operator import (
    billing,
    catalogue,
    clock,
    customers,
    disputes,
    fixed,
    inventory,
    orders,
    prepaid,
    routes,
    sms,
    times,
)
from demo_operator import views as shown
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.hall import Op
from demo_operator.money import yuan

CHANNEL = "hotline"
KEYS = "0123456789*#"
UP, REPEAT = "*", "#"
WRONG = "输入有误。"
BACK = "返回上级请按*。"
ENDED = "通话已结束"


class CallError(Exception):
    """A request the hotline cannot take: ``status`` 400 (bad key), 404, 409 (call ended)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclasses.dataclass
class Call:
    id: str
    customer_id: str
    msisdn: str
    path: list[str]
    prompt: str
    listed: list[str]           # product ids, as menu 3 last read them out
    ended: bool
    transcript: list[dict[str, str]]

    @classmethod
    def of(cls, row: sqlite3.Row) -> Call:
        return cls(row["id"], row["customer_id"], row["msisdn"], json.loads(row["path"]),
                   row["prompt"], json.loads(row["listed"]), bool(row["ended"]),
                   json.loads(row["transcript"]))


Say = Callable[[Ctx, Call, list[int]], str]   # (ctx, call, the numbers chosen on the way)


def _always(ctx: Ctx) -> bool:
    return True


@dataclasses.dataclass(frozen=True)
class Menu:
    say: Say
    keys: dict[str, Menu] = dataclasses.field(default_factory=dict)
    each: Menu | None = None                          # the menu behind choice 1..count
    count: Callable[[Ctx, Call], int] = lambda ctx, call: 0
    offers: Callable[[Ctx], bool] = _always           # are the choices offered at all?
    ends: bool = False                                # saying it ends the call
    ends_when: Callable[[Ctx], bool] = lambda ctx: False  # ... or ends it in this case
    # a menu that takes digits keyed in (a recharge card) until #, then says what it did
    collects: Callable[[Ctx, Call, str], str] | None = None

    def choose(self, ctx: Ctx, call: Call, key: str) -> Menu | None:
        if key in self.keys:
            return self.keys[key]
        if self.each is not None and key.isdigit() and 1 <= int(key) <= self.count(ctx, call):
            return self.each
        return None


def _outcome(done: Callable[[], str]) -> str:
    """An action's prompt: what it did, or why not, then the way back."""
    try:
        return done() + BACK
    except orders.OrderRefused as refused:
        return f"办理失败:{refused.reason}。{BACK}"


# -- 1 账单查询 ---------------------------------------------------------------------------------

def _bills(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    items = ";".join(f"{b['year']:04d}年{b['month']:02d}月{b['amount']}元"
                     for b in shown.bills(ctx, call.customer_id))
    return (f"您的账单:{items}。" if items else "您暂无账单。") + BACK


def _month_usage(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    records = shown.usage(ctx, call.customer_id, shown.this_month(ctx, call.customer_id))
    total = {kind: sum(r["quantity"] for r in records if r["kind"] == kind)
             for kind in ("voice", "data")}
    return f"本月使用:通话{total['voice']}分钟,流量{total['data']}MB。{BACK}"


def _bill_lines(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    """账单明细: the latest bill's lines read out one by one, its period said first."""
    bills = billing.of_customer(ctx, call.customer_id)
    if not bills:
        return f"您暂无账单。{BACK}"
    bill = bills[-1]
    items = ";".join(f"{n}.{line}" for n, line in enumerate(shown.readout(ctx, bill["id"]),
                                                             start=1))
    return (f"{bill['period_year']:04d}年{bill['period_month']:02d}月账单明细:"
            f"{items or '无'}。{BACK}")


def _disputable(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    """费用投诉: the information fees of the latest bill; remembered for the choice."""
    lines = disputes.disputable(ctx, call.customer_id)
    call.listed = [line["id"] for line in lines]
    if not lines:
        return f"最近一期账单中没有信息费。{BACK}"
    items = ";".join(f"{n}.{line['name']},{yuan(line['amount'])}元"
                     for n, line in enumerate(lines, start=1))
    return f"费用投诉。最近一期账单中的信息费:{items}。投诉请按序号,{BACK}"


def _dispute(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    try:
        dispute_id = disputes.file(ctx, call.customer_id, call.listed[chosen[0] - 1], CHANNEL)
    except disputes.DisputeRefused as refused:
        return f"办理失败:{refused}。{BACK}"
    return disputes.ACCEPTED.format(dispute=dispute_id) + BACK


# -- 2 套餐资费与办理 ---------------------------------------------------------------------------

PLANS = catalogue.PLANS            # 1 = TC58, 2 = TC88, 3 = TC128
SERVICES = catalogue.SERVICES      # 1 = XW, 2 = CL
ROAMING = catalogue.ROAMING_OFFERINGS   # 1 = MY


def _plans(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    items = ";".join(f"{n}.{o['name']},月费{o['fee']}元"
                     for n, o in enumerate(shown.offerings(ctx), start=1))
    return f"套餐资费与办理。{items}。了解或办理请按套餐序号,{BACK}"


def _about(catalogue_part: list[catalogue.Offering], price: str, choices: str) -> Say:
    """What the hotline says of the offering chosen from a numbered part of the catalogue:
    its name, ``price`` (月费{fee}元, 信息费{fee}元/月), terms, then ``choices``."""
    def say(ctx: Ctx, call: Call, chosen: list[int]) -> str:
        o = shown.offering(ctx, catalogue_part[chosen[0] - 1])
        return f"{o['name']},{price.format(fee=o['fee'])},{o['terms']}{choices}{BACK}"
    return say


def _order_from(catalogue_part: list[catalogue.Offering]) -> Say:
    """订购: the offering chosen from a numbered part of the catalogue (plans or services)."""
    def say(ctx: Ctx, call: Call, chosen: list[int]) -> str:
        def done() -> str:
            order_id = orders.place(ctx, call.customer_id, [orders.ItemRequest(
                "add", offering_id=catalogue_part[chosen[0] - 1].id)], CHANNEL)
            return f"订购已受理,订单号{order_id}。"
        return _outcome(done)
    return say


def _change(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    def done() -> str:
        _, effective = orders.change_plan(ctx, call.customer_id, PLANS[chosen[0] - 1].id,
                                          CHANNEL)
        return f"变更已受理,新套餐将于{effective}生效。"
    return _outcome(done)


# -- 3 已订业务查询与退订 -----------------------------------------------------------------------

def _cancel_offered(ctx: Ctx) -> bool:
    # hotline-no-unsubscribe: menu 3 reads the products out but offers no way to unsubscribe.
    return not ctx.fault("hotline-no-unsubscribe")


def _services(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    """All the customer's products, newest first; remembered for the choice that follows."""
    products = list(reversed(inventory.of_customer(ctx, call.customer_id)))
    # vas-subscriptions-hidden: menu 3 reads only the plans out.
    if ctx.fault("vas-subscriptions-hidden"):
        products = [p for p in products if not catalogue.is_vas(p["offering_id"])]
    call.listed = [p["id"] for p in products]
    if not products:
        return f"您当前没有订购业务。{BACK}"
    items = ";".join(f"{n}.{v['name']},{v['status']}"
                     for n, v in enumerate(map(shown.product, products), start=1))
    # hotline-unsubscribe-unannounced: the way to unsubscribe is not said, though it works.
    said = _cancel_offered(ctx) and not ctx.fault("hotline-unsubscribe-unannounced")
    offer = "退订请按业务序号," if said else ""
    return f"已订业务:{items}。{offer}{BACK}"


def _listed(ctx: Ctx, call: Call, chosen: list[int]) -> sqlite3.Row:
    return inventory.get(ctx, call.listed[chosen[0] - 1])  # type: ignore[return-value]


def _confirm_cancel(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    return f"确认退订{shown.product(_listed(ctx, call, chosen))['name']}请按1,{BACK}"


def _cancel(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    def done() -> str:
        order_id = orders.place(ctx, call.customer_id, [orders.ItemRequest(
            "delete", product_id=_listed(ctx, call, chosen)["id"])], CHANNEL)
        return f"退订已受理,将于{orders.cancel_effective_by(ctx, order_id)}前生效。"
    return _outcome(done)


# -- 4 增值业务 ----------------------------------------------------------------------------------

def _value_added(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    items = ";".join(f"{n}.{o['name']},信息费{o['fee']}元/月"
                     for n, o in enumerate(shown.services(ctx), start=1))
    return f"增值业务。{items}。了解或订购请按序号,{BACK}"


# -- 7 国际漫游 ----------------------------------------------------------------------------------

def _roaming(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    items = ";".join(f"{n}.{o['name']},功能费{o['fee']}元/月"
                     for n, o in enumerate(shown.roaming(ctx), start=1))
    return f"国际漫游。{items}。了解或订购请按序号,{BACK}"
# -- 5 充值缴费 ----------------------------------------------------------------------------------

def _top_up_menu(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    balance = prepaid.shown_balance(ctx, call.customer_id, CHANNEL)
    if balance is None:
        return f"充值缴费。{prepaid.NOT_PREPAID}。{BACK}"
    return f"充值缴费。您的账户余额为{yuan(balance)}元。充值卡充值请按1,{BACK}"


CARD_PROMPT = (f"请输入{prepaid.CARD_DIGITS}位充值卡卡号和{prepaid.PASSWORD_DIGITS}位密码,"
               "以#号结束。")


def _card_top_up(ctx: Ctx, call: Call, digits: str) -> str:
    number, password = digits[:prepaid.CARD_DIGITS], digits[prepaid.CARD_DIGITS:]
    try:
        topup = prepaid.top_up(ctx, call.customer_id, CHANNEL, "card", card=number,
                               password=password)
    except prepaid.TopUpRefused as refused:
        return f"充值失败:{refused.reason}。{BACK}"
    account = prepaid.account(ctx, call.customer_id)
    assert account is not None
    return (f"充值成功,充值金额{yuan(topup['amount'])}元,当前余额{yuan(account['balance'])}元。"
            f"{BACK}")


# -- 0 人工服务 -----------------------------------------------------------------------------------

TRANSFER = "正在为您转接人工服务,请稍候。"
QUEUE = "人工服务繁忙,前方排队{n}人。继续等待请按1,自助服务请按2,挂机后由我们回电请按3。"
QUEUE_LENGTH = 23  # the demo carrier's agents are always busy
WAIT = "请继续等待," + TRANSFER
SELF_SERVICE_SENT = "自助服务方式已发送到您的手机,感谢来电,再见。"
CALL_BACK = "已为您预约回电,我们将在30分钟内回电,再见。"


def _no_queue_options(ctx: Ctx) -> bool:
    # hotline-queue-no-options: the caller is put in the long queue without a word of choice.
    return ctx.fault("hotline-queue-no-options")


def _agents(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    """The agents are busy: offer waiting, self-service or a call back, and send the
    self-service options by SMS at once [DOMAIN hotline]."""
    if _no_queue_options(ctx):
        return TRANSFER
    sms.say(ctx, call.customer_id, sms.SELF_SERVICE)
    return QUEUE.format(n=QUEUE_LENGTH)


# -- 6 宽带与故障报修 ---------------------------------------------------------------------------

def _repairable(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    """The customer's active fixed lines; remembered for the choice that follows."""
    lines = fixed.repairable(ctx, call.customer_id)
    call.listed = [p["id"] for p in lines]
    if not lines:
        return f"您没有可报修的业务。{BACK}"
    items = ";".join(f"{n}.{v['name']},{v['status']}"
                     for n, v in enumerate(map(shown.product, lines), start=1))
    return f"请选择报修业务:{items}。请按序号,{BACK}"


def _report(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    try:
        ticket_id = fixed.report(ctx, call.customer_id, call.listed[chosen[-1] - 1],
                                 "热线报修", CHANNEL)
    except fixed.Refused as refused:
        return f"办理失败:{refused.reason}。{BACK}"
    return f"报修已受理,故障单号{ticket_id},我们将尽快修复。{BACK}"


# -- the tree -----------------------------------------------------------------------------------

def _fixed(text: str) -> Say:
    return lambda ctx, call, chosen: text


WELCOME = ("欢迎致电演示电信。话费账单查询请按1,套餐资费与办理请按2,已订业务查询与退订请按3,"
           "增值业务请按4,充值缴费请按5,宽带与故障报修请按6,国际漫游请按7,人工服务请按0。")


def _welcome(ctx: Ctx, call: Call, chosen: list[int]) -> str:
    # hotline-bills-unannounced: the bill enquiry is left out of the prompt; key 1 still works.
    if ctx.fault("hotline-bills-unannounced"):
        return WELCOME.replace("话费账单查询请按1,", "")
    return WELCOME


TREE = Menu(
    _welcome,
    keys={
        "1": Menu(_fixed(f"账单查询。账单金额请按1,本月使用情况请按2,费用投诉请按3,"
                         f"账单明细请按4,{BACK}"),
                  keys={"1": Menu(_bills), "2": Menu(_month_usage), "4": Menu(_bill_lines),
                        "3": Menu(_disputable, count=lambda ctx, call: min(len(call.listed), 9),
                                  each=Menu(_dispute))}),
        "2": Menu(_plans, count=lambda ctx, call: len(PLANS),
                  each=Menu(_about(PLANS, "月费{fee}元", "订购请按1,变更为此套餐请按2,"),
                            keys={"1": Menu(_order_from(PLANS)), "2": Menu(_change)})),
        "3": Menu(_services, count=lambda ctx, call: min(len(call.listed), 9),
                  offers=_cancel_offered,
                  each=Menu(_confirm_cancel, keys={"1": Menu(_cancel)})),
        "4": Menu(_value_added, count=lambda ctx, call: len(SERVICES),
                  each=Menu(_about(SERVICES, "信息费{fee}元/月", "订购请按1,"),
                            keys={"1": Menu(_order_from(SERVICES))})),
        "6": Menu(_fixed(f"宽带与故障报修。故障报修请按1,{BACK}"),
                  keys={"1": Menu(_repairable, count=lambda ctx, call: min(len(call.listed), 9),
                                  each=Menu(_report))}),
        "7": Menu(_roaming, count=lambda ctx, call: len(ROAMING),
                  each=Menu(_about(ROAMING, "功能费{fee}元/月", "订购请按1,"),
                            keys={"1": Menu(_order_from(ROAMING))})),
        "5": Menu(_top_up_menu, keys={"1": Menu(_fixed(CARD_PROMPT), collects=_card_top_up)}),
        "0": Menu(_agents, ends_when=_no_queue_options,
                  keys={"1": Menu(_fixed(WAIT), ends=True),
                        "2": Menu(_fixed(SELF_SERVICE_SENT), ends=True),
                        "3": Menu(_fixed(CALL_BACK), ends=True)}),
    })


def _walk(ctx: Ctx, call: Call, path: list[str]) -> tuple[Menu, list[int]]:
    """The menu the keys lead to from the root, and the numbers chosen on the way."""
    menu, chosen = TREE, []
    for key in path:
        if key not in menu.keys:
            chosen.append(int(key))
        menu = menu.choose(ctx, call, key) or menu
    return menu, chosen


# -- calls --------------------------------------------------------------------------------------

def start(ctx: Ctx, msisdn: str) -> Call:
    customer = customers.by_msisdn(ctx, msisdn)
    if customer is None:
        raise CallError(404, f"no SIM with number {msisdn}")
    call = Call(next_id(ctx.conn, "CALL"), customer["id"], msisdn, [], "", [], False, [])
    call.prompt = TREE.say(ctx, call, [])
    call.transcript.append({"prompt": call.prompt})
    ctx.conn.execute(
        "INSERT INTO hotline_call(id, customer_id, msisdn, started_at, path, prompt, listed, "
        "ended, transcript) VALUES (?, ?, ?, ?, '[]', '', '[]', 0, '[]')",
        (call.id, call.customer_id, msisdn,
         times.stored(clock.now(ctx, call.customer_id))))
    _save(ctx, call)
    return call


def get(ctx: Ctx, call_id: str) -> Call:
    row = ctx.conn.execute("SELECT * FROM hotline_call WHERE id = ?", (call_id,)).fetchone()
    if row is None:
        raise CallError(404, f"no call {call_id!r}")
    return Call.of(row)


def press(ctx: Ctx, call_id: str, key: str) -> tuple[str, bool]:
    """One key on the call: (what the hotline says, whether the call has ended)."""
    if len(key) != 1 or key not in KEYS:
        raise CallError(400, "one key per request: a digit, * or #")
    call = get(ctx, call_id)
    if call.ended:
        raise CallError(409, ENDED)
    menu, chosen = _walk(ctx, call, call.path)
    said: str
    if menu.collects is not None and key != UP:
        said = _collect(ctx, call, menu, key)
    elif key == REPEAT:
        said = call.prompt
    elif key == UP and ctx.fault("hotline-back-hangs-up"):
        said, call.ended = "感谢您的来电,再见。", True
    elif key == UP:
        if call.path:
            call.path.pop()
            menu, chosen = _walk(ctx, call, call.path)
            call.prompt = menu.say(ctx, call, chosen)
        said = call.prompt
    elif (chosen_menu := menu.choose(ctx, call, key)) is not None and menu.offers(ctx):
        call.path.append(key)
        _, chosen = _walk(ctx, call, call.path)
        call.prompt = said = chosen_menu.say(ctx, call, chosen)
        call.ended = chosen_menu.ends or chosen_menu.ends_when(ctx)
    elif not menu.offers(ctx):
        said = call.prompt          # digits do nothing but repeat the menu
    else:
        said = WRONG + call.prompt
    call.transcript += [{"keys": key}, {"prompt": said}]
    _save(ctx, call)
    return said, call.ended


def _collect(ctx: Ctx, call: Call, menu: Menu, key: str) -> str:
    """A digit keyed into a collecting menu is kept (and nothing is said); # hands the digits
    to the menu, which says what it did."""
    row = ctx.conn.execute("SELECT digits FROM hotline_entry WHERE call_id = ?",
                           (call.id,)).fetchone()
    digits = row["digits"] if row else ""
    if key != REPEAT:
        ctx.conn.execute("INSERT INTO hotline_entry(call_id, digits) VALUES (?, ?) ON CONFLICT"
                         "(call_id) DO UPDATE SET digits = excluded.digits",
                         (call.id, digits + key))
        return ""
    ctx.conn.execute("DELETE FROM hotline_entry WHERE call_id = ?", (call.id,))
    assert menu.collects is not None
    call.prompt = menu.collects(ctx, call, digits)
    return call.prompt


def _save(ctx: Ctx, call: Call) -> None:
    ctx.conn.execute(
        "UPDATE hotline_call SET path = ?, prompt = ?, listed = ?, ended = ?, transcript = ? "
        "WHERE id = ?",
        (json.dumps(call.path), call.prompt, json.dumps(call.listed), int(call.ended),
         json.dumps(call.transcript, ensure_ascii=False), call.id))


def as_json(call: Call) -> dict[str, Any]:
    return {"id": call.id, "from": call.msisdn, "ended": call.ended,
            "transcript": call.transcript}


# -- over HTTP ----------------------------------------------------------------------------------

class CallIn(BaseModel):
    from_: str = Field(alias="from", min_length=1)


class KeysIn(BaseModel):
    keys: str


router = APIRouter(prefix="/hotline/calls", tags=["the hotline 10000"])


@router.post("", status_code=201)
async def new_call(body: CallIn, op: Op) -> dict[str, Any]:
    """A call from the customer's phone to 10000: the welcome menu."""
    with op.tx() as ctx:
        call = start(ctx, body.from_)
        return {"id": call.id, "prompt": call.prompt, "ended": call.ended}


@router.post("/{call_id}/keys")
async def keys(call_id: str, body: KeysIn, op: Op) -> dict[str, Any]:
    """One key (a digit, * or #): what the hotline says next."""
    with op.tx() as ctx:
        said, ended = press(ctx, call_id, body.keys)
        return {"prompt": said, "ended": ended}


@router.get("/{call_id}")
async def transcript(call_id: str, op: Op) -> dict[str, Any]:
    with op.tx() as ctx:
        return as_json(get(ctx, call_id))


def install(app: Any) -> None:
    routes.include(app, router)

    @app.exception_handler(CallError)
    async def _call_error(request: Request, exc: CallError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)
