"""The SMS hall: commands the customer texts to the short code 10001, answered by SMS at once.

A command is two letters (or 0000) and maybe an argument; case, spaces and full-width forms do
not matter. Each command reads or changes the same products, orders and bills as every other
channel (orders.place sends the usual order, change and cancel SMS after the reply). The last
0000 list is remembered per customer, for TD1, TD2, …
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable

from demo_operator import billing, catalogue, inventory, orders, prepaid, sms, vas
from demo_operator import views as shown
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.money import yuan

SHORT_CODE = sms.SENDER
CHANNEL = "sms"
P = "【演示电信】"

# The replies (README.md, "SMS hall", character for character).
PRICE = P + "{name}:月费{fee}元,{terms}订购请回复KT{code}。"
VAS_PRICE = P + "{name}:信息费{fee}元/月,{terms}订购请回复KT{code}。"
ROAMING_PRICE = P + "{name}:功能费{fee}元/月,{terms}订购请回复KT{code}。"
ORDERED = P + "您订购{name}的申请已受理,订单号{order}。"
SERVICES = P + "您的业务:{items}。"
NO_SERVICES = P + "您当前没有订购业务。"
CHANGED = P + "您的套餐变更申请已受理,新套餐将于{date}生效。"
CANCELLED = P + "您退订{name}的申请已受理,将于{effective}前生效。"
LISTED = P + "您已订购:{items}。回复TD+序号退订,如TD1。"
BILLS = P + "您的账单:{items}。"
NO_BILLS = P + "您暂无账单。"
ITEMISED = P + "{period}详单:{items}。"
USED = P + "本月使用:{items}。"
REFUSED = P + "办理失败:{reason}。"
UNKNOWN = (P + "指令有误。资费ZF,订购KT,变更BG,退订TD,查询CX,账单ZD,详单XD,使用SY,"
           "退订列表0000,充值CZ,余额YE。")
BALANCE = P + "您的账户余额为{balance}元。"
TOPPED_UP = P + "充值成功,充值金额{amount}元,当前余额{balance}元。"
# Not worded by the README: the empty and refused cases it leaves open.
NO_ITEMISED = P + "{period}详单:本账期无通话或流量使用。"
NO_USAGE = P + "本月暂无使用记录。"
NOT_SUBSCRIBED = "您未订购该套餐"
NOT_SUBSCRIBED_VAS = "您未订购该业务"
BAD_POSITION = "序号有误,请先发送0000查询"
BAD_PERIOD = "账期有误"
NO_SMS_UNSUBSCRIBE = "该业务不支持短信退订"   # the vas-sms-cannot-unsubscribe fault
NOT_BILLED = "{period}账单未出"


class Refused(Exception):
    """The command was understood but cannot be done: 办理失败:{reason}。"""


def receive(ctx: Ctx, customer_id: str, to: str, text: str) -> None:
    """An SMS from the customer's phone; a text to 10001 is answered at once."""
    if to.strip() != SHORT_CODE:
        return  # to anyone else: it leaves the phone, and nothing comes back
    sms.send(ctx, customer_id, reply(ctx, customer_id, text))


def reply(ctx: Ctx, customer_id: str, text: str) -> str:
    command = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    for name, (argument, handler) in COMMANDS.items():
        if command.startswith(name) and re.fullmatch(argument, command[len(name):]):
            try:
                return handler(ctx, customer_id, command[len(name):])
            except orders.OrderRefused as refused:
                return REFUSED.format(reason=refused.reason)
            except Refused as refused:
                return REFUSED.format(reason=refused)
    return UNKNOWN


def _offering(code: str) -> catalogue.Offering:
    offering = catalogue.by_code(code)
    if offering is None:
        raise orders.OrderRefused(404, "套餐不存在", f"no product code {code!r}")
    return offering


# -- the commands -------------------------------------------------------------------------------

def _price(ctx: Ctx, customer_id: str, code: str) -> str:
    offering = _offering(code)
    fee, shift = catalogue.shown_fee(ctx, offering), catalogue.shown_shift(ctx, offering)
    # sms-price-wrong: the SMS hall's own price list is above the tariff (10.00 for a plan,
    # 0.10 a minute on each roaming zone's voice rate).
    if ctx.fault("sms-price-wrong"):
        if offering.is_roaming:
            shift += catalogue.RATE_WRONG_BY
        else:
            fee += offering.wrong_by
    template = ROAMING_PRICE if offering.is_roaming else VAS_PRICE if offering.is_vas else PRICE
    return template.format(**shown.offering(ctx, offering, fee, shift))


def _order(ctx: Ctx, customer_id: str, code: str) -> str:
    offering = _offering(code)
    # ringback-sms-order-busy: the ring-back tone platform's SMS ordering interface answers
    # busy to every other order it is handed (the operator's 1st, 3rd, 5th…); the count is
    # kept, the refusal being answered in the same transaction.
    if ctx.fault("ringback-sms-order-busy") and offering.id == vas.RINGBACK and \
            int(next_id(ctx.conn, "RBT-SMS").rsplit("-", 1)[1]) % 2 == 1:
        raise orders.OrderRefused(503, orders.BUSY_REASON, orders.BUSY_MESSAGE)
    order_id = orders.place(ctx, customer_id,
                            [orders.ItemRequest("add", offering_id=offering.id)], CHANNEL)
    return ORDERED.format(name=offering.name, order=order_id)


def _services(ctx: Ctx, customer_id: str, _: str) -> str:
    items = ";".join(f"{n}.{p['name']}/{p['status']}/{p['start'] or '-'}/{p['end'] or '-'}/"
                     f"{p['pending'] or '-'}"
                     for n, p in enumerate(shown.products(ctx, customer_id), start=1))
    return SERVICES.format(items=items) if items else NO_SERVICES


def _change(ctx: Ctx, customer_id: str, code: str) -> str:
    _, effective = orders.change_plan(ctx, customer_id, _offering(code).id, CHANNEL)
    return CHANGED.format(date=effective)


def _cancel(ctx: Ctx, customer_id: str, which: str) -> str:
    """TD TC58: the active product on that plan; TD1: item 1 of the last 0000 list."""
    if which.isdigit():
        row = ctx.conn.execute("SELECT product_ids FROM sms_list WHERE customer_id = ?",
                               (customer_id,)).fetchone()
        listed = json.loads(row["product_ids"]) if row else []
        if not 1 <= int(which) <= len(listed):
            raise Refused(BAD_POSITION)
        product_id = listed[int(which) - 1]
    else:
        offering = _offering(which)
        product_id = next((p["id"] for p in inventory.active(ctx, customer_id)
                           if p["offering_id"] == offering.id), "")
        if not product_id:
            raise Refused(NOT_SUBSCRIBED if offering.is_plan else NOT_SUBSCRIBED_VAS)
    product = inventory.get(ctx, product_id)
    # vas-sms-cannot-unsubscribe: the SMS hall's unsubscribe only knows plans.
    if ctx.fault("vas-sms-cannot-unsubscribe") and catalogue.is_vas(product["offering_id"]):
        raise Refused(NO_SMS_UNSUBSCRIBE)
    order_id = orders.place(ctx, customer_id, [orders.ItemRequest(
        "delete", product_id=product_id)], CHANNEL)
    return CANCELLED.format(name=shown.product(product)["name"],
                            effective=orders.cancel_effective_by(ctx, order_id))


def _list(ctx: Ctx, customer_id: str, _: str) -> str:
    active = inventory.active(ctx, customer_id)
    ctx.conn.execute(
        "INSERT INTO sms_list(customer_id, product_ids) VALUES (?, ?) "
        "ON CONFLICT(customer_id) DO UPDATE SET product_ids = excluded.product_ids",
        (customer_id, json.dumps([p["id"] for p in active])))
    items = ";".join(f"{n}.{shown.product(p)['name']}" for n, p in enumerate(active, start=1))
    return LISTED.format(items=items) if items else NO_SERVICES


def _bills(ctx: Ctx, customer_id: str, _: str) -> str:
    items = ";".join(f"{b['period']} {b['amount']}元" for b in shown.bills(ctx, customer_id))
    return BILLS.format(items=items) if items else NO_BILLS


def _itemised(ctx: Ctx, customer_id: str, month: str) -> str:
    year, number = int(month[:4]), int(month[4:])
    if not 1 <= number <= 12:
        raise Refused(BAD_PERIOD)
    period = f"{year:04d}-{number:02d}"
    bill = next((b for b in billing.of_customer(ctx, customer_id)
                 if (b["period_year"], b["period_month"]) == (year, number)), None)
    if bill is None:
        raise Refused(NOT_BILLED.format(period=period))
    items = ";".join(f"{d['at']} {d['type']} {d['quantity']}{d['unit']} {d['amount']}元"
                     for d in shown.itemised(ctx, bill["id"]))
    return ITEMISED.format(period=period, items=items) if items else \
        NO_ITEMISED.format(period=period)


def _usage(ctx: Ctx, customer_id: str, _: str) -> str:
    items = ";".join(f"{u['at']} {u['type']} {u['quantity']}{u['unit']}"
                     for u in shown.usage(ctx, customer_id, shown.this_month(ctx, customer_id)))
    return USED.format(items=items) if items else NO_USAGE


def _balance(ctx: Ctx, customer_id: str, _: str) -> str:
    balance = prepaid.shown_balance(ctx, customer_id, CHANNEL)
    if balance is None:
        raise Refused(prepaid.NOT_PREPAID)
    return BALANCE.format(balance=yuan(balance))


def _top_up(ctx: Ctx, customer_id: str, digits: str) -> str:
    """CZ {card number}{password}: a recharge card."""
    number, password = digits[:prepaid.CARD_DIGITS], digits[prepaid.CARD_DIGITS:]
    try:
        topup = prepaid.top_up(ctx, customer_id, CHANNEL, "card", card=number,
                               password=password)
    except prepaid.TopUpRefused as refused:
        raise Refused(refused.reason) from None
    account = prepaid.account(ctx, customer_id)
    assert account is not None
    return TOPPED_UP.format(amount=yuan(topup["amount"]), balance=yuan(account["balance"]))


PRODUCT_CODE = r"TC\d+|XW|CL|MY"   # every product code: plans, value-added services, roaming
# command → (what its argument looks like, what it does)
COMMANDS: dict[str, tuple[str, Callable[[Ctx, str, str], str]]] = {
    "ZF": (PRODUCT_CODE, _price),
    "KT": (PRODUCT_CODE, _order),
    "CX": ("", _services),
    "BG": (PRODUCT_CODE, _change),
    "TD": (rf"{PRODUCT_CODE}|\d+", _cancel),
    "0000": ("", _list),
    "ZD": ("", _bills),
    "XD": (r"\d{6}", _itemised),
    "SY": ("", _usage),
    "CZ": (rf"\d{{{prepaid.CARD_DIGITS + prepaid.PASSWORD_DIGITS}}}", _top_up),
    "YE": ("", _balance),
}
