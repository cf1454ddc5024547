"""SMS to the customer's phone: the texts (README.md, character for character) and the inbox.

A message is stored with the moment it reaches the phone on the customer's clock; the inbox
shows only what has arrived by the customer's now, so a 30 s delay is simply a delivery time
30 s ahead.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from demo_operator import clock, times
from demo_operator.context import Ctx
from demo_operator.db import next_id

SENDER = "10001"

SIGN_IN_CODE = "【演示电信】您的登录验证码为{code},5分钟内有效。"
ORDER_ACCEPTED = ("【演示电信】您已成功订购{offering},月费{fee}元,自开通之日起按日折算计费,"
                  "退订请发送TD至10001或拨打10000。订单号{order}。")
ACTIVATED = "【演示电信】您的号码{msisdn}已开通{offering},欢迎使用。"
PLAN_CHANGE_ACCEPTED = "【演示电信】您已申请将套餐由{old}变更为{new},将于{date}生效。"
CANCEL_ACCEPTED = "【演示电信】您已申请退订{offering},将于{effective}前生效,生效后不再收取月费。"
BILL = "【演示电信】尊敬的客户,您{year}年{month}月账单已出,应缴金额{amount}元。"

# Value-added services (README.md, "Value-added subscriptions").
VAS_ORDER_ACCEPTED = ("【演示电信】您已成功订购{name},信息费{fee}元/月,由演示电信代收,{free},"
                      "退订请发送TD{code}至10001或拨打10000。订单号{order}。")
FREE_THIS_MONTH = "当月免信息费"
FREE_TWO_MONTHS = "当月及次月免信息费"
VAS_REMINDER = ("【演示电信】您试用的{name}将于{date}起收取信息费{fee}元/月,本月内退订下月不再收费,"
                "退订请发送TD{code}至10001或拨打10000。")
# Complaints about an information fee (README.md, "Refunds").
DISPUTE_REFUNDED = ("【演示电信】您投诉的{name}{fee}元经核实为差错收费,已退还{refund}元,"
                    "将在本月账单中抵扣。工单号{dispute}。")
DISPUTE_UNVERIFIED = ("【演示电信】您投诉的{name}{fee}元未能在3日内核实,已退还{refund}元,"
                      "将在本月账单中抵扣。工单号{dispute}。")
DISPUTE_UPHELD = ("【演示电信】您投诉的{name}{fee}元经核实为您已订购的业务,不予退费。"
                  "工单号{dispute}。")
# Sent when the hotline's agents are busy (README.md, hotline menu 0).
SELF_SERVICE = ("【演示电信】人工服务繁忙时可自助办理:账单查询发送ZD至10001,"
                "已订业务查询发送CX至10001,退订发送0000至10001,或登录网上营业厅、掌上营业厅。")
NEWS_SENDER = "1065800"

# The converged bundle (README.md, "Converged bundle").
BUNDLE_ORDER_ACCEPTED = ("【演示电信】您已成功订购{offering},含手机、宽带、电视,月费合计{fee}元,"
                         "三项齐全每月优惠30%,自开通之日起按日折算计费,退订请拨打10000或到营业厅办理。"
                         "订单号{order}。")
BUNDLE_ACTIVATED = "【演示电信】您的{offering}已全部开通(手机号码{msisdn}、宽带、电视),欢迎使用。"

# International roaming (README.md, "International roaming").
ROAMING_ORDER_ACCEPTED = ("【演示电信】您已成功订购国际漫游,功能费{fee}元/月,"
                          "境外通话和上网按所在区域资费收取,不占用国内套餐,"
                          "退订请发送TD{code}至10001或拨打10000。订单号{order}。")
ROAMING_CANCEL_ACCEPTED = ("【演示电信】您已申请退订{offering},将于{effective}前生效,"
                           "生效后在境外不能通话和上网。")
ROAMING_WELCOME = ("【演示电信】欢迎来到{country}!您已开通国际漫游,当地属{zone},"
                   "拨打电话{voice}元/分钟,上网{data}元/MB,不占用国内套餐。客服电话+86-10000。")
ROAMING_NOT_OPEN = ("【演示电信】欢迎来到{country}!您的号码未开通国际漫游,暂不能在当地通话和上网,"
                    "开通请发送KTMY至10001。")
NEWS = "【头条新闻】{date} 今日要闻:{headline}"

# What the confirmation-sms-incomplete fault leaves out of ORDER_ACCEPTED.
UNSUBSCRIBE_SENTENCE = ",退订请发送TD至10001或拨打10000"
VAS_UNSUBSCRIBE_SENTENCE = ",退订请发送TD{code}至10001或拨打10000"

CONFIRMATION_DELAY = dt.timedelta(seconds=30)
LATE_CONFIRMATION_DELAY = dt.timedelta(minutes=12)


def confirmation_delay(ctx: Ctx) -> dt.timedelta:
    """confirmation-sms-late: the SMS gateway's queue holds order confirmations back."""
    return LATE_CONFIRMATION_DELAY if ctx.fault("confirmation-sms-late") else CONFIRMATION_DELAY


def send(ctx: Ctx, customer_id: str, text: str, delay: dt.timedelta = dt.timedelta(0),
         sender: str = SENDER) -> None:
    customer = ctx.conn.execute("SELECT msisdn FROM customer WHERE id = ?",
                                (customer_id,)).fetchone()
    arrives = clock.now(ctx, customer_id) + delay
    ctx.conn.execute(
        "INSERT INTO sms(id, customer_id, msisdn, sender, text, delivered_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (next_id(ctx.conn, "SMS"), customer_id, customer["msisdn"], sender, text,
         times.stored(arrives)))


def inbox(ctx: Ctx, customer: sqlite3.Row) -> list[sqlite3.Row]:
    """What the phone has received by the customer's now, oldest first."""
    return ctx.conn.execute(
        "SELECT * FROM sms WHERE msisdn = ? AND delivered_at <= ? ORDER BY delivered_at, seq",
        (customer["msisdn"], customer["now"])).fetchall()


# What a customer who reads English gets instead (README.md, "SMS in English"). The content
# provider's news stays in its own language.
ENGLISH = {
    SIGN_IN_CODE: "[Demo Telecom] Your sign-in code is {code}, valid for 5 minutes.",
    ORDER_ACCEPTED: ("[Demo Telecom] You have ordered {offering}, monthly fee CNY {fee}, charged "
                     "by the day from activation. To unsubscribe, text TD to 10001 or call "
                     "10000. Order {order}."),
    UNSUBSCRIBE_SENTENCE: " To unsubscribe, text TD to 10001 or call 10000.",
    ACTIVATED: "[Demo Telecom] {offering} is now active on your number {msisdn}. Welcome.",
    PLAN_CHANGE_ACCEPTED: ("[Demo Telecom] You asked to change your plan from {old} to {new}; "
                           "the change takes effect on {date}."),
    CANCEL_ACCEPTED: ("[Demo Telecom] You asked to unsubscribe from {offering}; it takes effect "
                      "by {effective}, and no monthly fee is charged after that."),
    BILL: ("[Demo Telecom] Dear customer, your bill for {year}-{month:02d} is out: "
           "CNY {amount} due."),
    VAS_ORDER_ACCEPTED: ("[Demo Telecom] You have subscribed to {name}, information fee CNY {fee}"
                         "/month, collected by Demo Telecom; {free}. To unsubscribe, text "
                         "TD{code} to 10001 or call 10000. Order {order}."),
    VAS_UNSUBSCRIBE_SENTENCE: " To unsubscribe, text TD{code} to 10001 or call 10000.",
    FREE_THIS_MONTH: "no information fee this month",
    FREE_TWO_MONTHS: "no information fee this month and next month",
    DISPUTE_REFUNDED: ("[Demo Telecom] Your complaint about {name} CNY {fee}: we found it was "
                       "charged in error and refund CNY {refund}, credited on this month's "
                       "bill. Ticket {dispute}."),
    DISPUTE_UNVERIFIED: ("[Demo Telecom] Your complaint about {name} CNY {fee} could not be "
                         "verified within 3 days; we refund CNY {refund}, credited on this "
                         "month's bill. Ticket {dispute}."),
    DISPUTE_UPHELD: ("[Demo Telecom] Your complaint about {name} CNY {fee}: it is a service you "
                     "ordered, so there is no refund. Ticket {dispute}."),
    SELF_SERVICE: ("[Demo Telecom] While our agents are busy, help yourself: text ZD to 10001 "
                   "for your bill, CX for your services, 0000 to unsubscribe, or use the web "
                   "or mobile hall."),
    BUNDLE_ORDER_ACCEPTED: ("[Demo Telecom] You have ordered {offering}: mobile, broadband and "
                            "TV, monthly fees CNY {fee} together, 30% off each month with all "
                            "three, charged by the day from activation. To unsubscribe, call "
                            "10000 or visit a store. Order {order}."),
    BUNDLE_ACTIVATED: ("[Demo Telecom] {offering} is now active: mobile number {msisdn}, "
                       "broadband and TV. Welcome."),
    ROAMING_ORDER_ACCEPTED: ("[Demo Telecom] You have ordered international roaming, monthly "
                             "fee CNY {fee}; calls and data abroad are charged at the rates of "
                             "the zone you are in, outside your home allowance. To unsubscribe, "
                             "text TD{code} to 10001 or call 10000. Order {order}."),
    ROAMING_CANCEL_ACCEPTED: ("[Demo Telecom] You asked to unsubscribe from {offering}; it takes "
                              "effect by {effective}, and after that calls and data abroad "
                              "do not connect."),
    ROAMING_WELCOME: ("[Demo Telecom] Welcome to {country}! International roaming is on: in "
                      "{zone} calls cost CNY {voice}/minute and data CNY {data}/MB, outside "
                      "your home allowance. Customer service +86-10000."),
    ROAMING_NOT_OPEN: ("[Demo Telecom] Welcome to {country}! International roaming is not open "
                       "on your number, so calls and data do not work here. To open it, text "
                       "KTMY to 10001."),
    VAS_REMINDER: ("[Demo Telecom] Your free trial of {name} ends: the information fee of CNY "
                   "{fee}/month is charged from {date}. Unsubscribe this month and you pay "
                   "nothing next month: text TD{code} to 10001 or call 10000."),
}


def reads_english(ctx: Ctx, customer_id: str) -> bool:
    row = ctx.conn.execute("SELECT language FROM customer WHERE id = ?",
                           (customer_id,)).fetchone()
    return row is not None and row["language"] == "en"


def say(ctx: Ctx, customer_id: str, template: str, delay: dt.timedelta = dt.timedelta(0), *,
        leave_out: str = "", **fields: object) -> None:
    """Send ``template`` in the customer's language, less the sentence ``leave_out`` (a
    fault's doing). A field whose value is itself a phrase of this module is translated too."""
    english = reads_english(ctx, customer_id)
    text = ENGLISH[template] if english else template
    if leave_out:
        text = text.replace(ENGLISH[leave_out] if english else leave_out, "")
    if english:
        fields = {k: ENGLISH.get(v, v) if isinstance(v, str) else v for k, v in fields.items()}
    send(ctx, customer_id, text.format(**fields), delay)
