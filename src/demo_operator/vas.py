"""Value-added services (增值业务) once ordered: the trial reminder, the daily news SMS and the
ring-back tone (README.md, "Value-added subscriptions").

Taking the order and unsubscribing are orders.place like any product; the information fee is
billing.vas_charge. What happens on the customer's clock is a job: the reminder at 10:00 on
the 21st of the last free month, and one news SMS job per day at 08:00, each scheduling the
next while the subscription lasts (a clock jumped by months runs about 30 a month).
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from demo_operator import billing, catalogue, clock, inventory, sms, times
from demo_operator.context import Ctx
from demo_operator.money import yuan

NEWS = "VAS-NEWS"
RINGBACK = "VAS-RBT"
REMINDER_DAY, REMINDER_AT = 21, dt.time(10, 0)
NEWS_AT = dt.time(8, 0)
DEFAULT_TONE = "默认回铃音"
HEADLINES = (
    "演示电信5G网络覆盖再扩大,新增基站1200个;本地今日晴,气温8至16℃。",
    "多地推出便民服务新举措,办事更快捷;本地今日多云,气温6至14℃。",
    "新能源汽车销量持续增长,充电设施加快建设;本地今日小雨,气温5至11℃。",
    "冬季出行提示:注意防寒保暖,错峰出行;本地今日阴,气温4至10℃。",
    "科技馆新展开幕,市民可免费预约参观;本地今日晴转多云,气温7至15℃。",
)


def free_months(ordered: dt.date) -> int:
    """1 when ordered on day 1-20 (the order month is free), 2 on day 21-end."""
    return 1 if ordered.day <= billing.TRIAL_LAST_DAY else 2


def ordered(ctx: Ctx, customer_id: str, product_id: str, now: dt.datetime) -> None:
    """A service was ordered at ``now``: put its trial reminder on the customer's clock."""
    year, month = billing.last_free_month(times.local_date(now))
    due = dt.datetime.combine(dt.date(year, month, REMINDER_DAY), REMINDER_AT, times.TZ)
    clock.schedule(ctx, customer_id, due, "vas_reminder", {"product": product_id})


def activated(ctx: Ctx, customer_id: str, product: sqlite3.Row, now: dt.datetime) -> None:
    """A service became active at ``now``: the news service starts its daily SMS."""
    if product["offering_id"] == NEWS:
        _schedule_news(ctx, customer_id, product["id"], now)


def _schedule_news(ctx: Ctx, customer_id: str, product_id: str, after: dt.datetime) -> None:
    local = after.astimezone(times.TZ)
    due = dt.datetime.combine(local.date(), NEWS_AT, times.TZ)
    if due <= local:
        due += dt.timedelta(days=1)
    clock.schedule(ctx, customer_id, due, "vas_news", {"product": product_id})


def _delivering(product: sqlite3.Row | None) -> bool:
    return product is not None and product["status"] in inventory.IN_SERVICE


@clock.job("vas_reminder")
def _reminder(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    product = inventory.get(ctx, payload["product"])
    # vas-no-reminder: the reminder batch never runs.
    if product is None or product["status"] != "active" or ctx.fault("vas-no-reminder"):
        return
    service = catalogue.get(product["offering_id"])
    assert service is not None
    year, month = billing.first_charged_month(times.local_date(times.parse(product["order_date"])))
    # reminder-wrong-fee: the reminder states 1.00 more than the tariff's information fee.
    fee = service.fee + 100 if ctx.fault("reminder-wrong-fee") else service.fee
    sms.say(ctx, customer_id, sms.VAS_REMINDER, name=service.name,
            date=dt.date(year, month, 1).isoformat(), fee=yuan(fee), code=service.code)


@clock.job("vas_news")
def _news(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    product = inventory.get(ctx, payload["product"])
    # vas-no-content: the content provider's feed is down; nothing is sent
    if not _delivering(product) or ctx.fault("vas-no-content"):
        return
    today = times.local_date(clock.now(ctx, customer_id))
    sms.send(ctx, customer_id, news_text(today), sender=sms.NEWS_SENDER)
    _schedule_news(ctx, customer_id, payload["product"], clock.now(ctx, customer_id))


def news_text(day: dt.date) -> str:
    return sms.NEWS.format(date=day.isoformat(),
                           headline=HEADLINES[day.toordinal() % len(HEADLINES)])


def ringback(ctx: Ctx, customer_id: str) -> str:
    """What a caller to the customer's number hears."""
    product = inventory.service_in_service(ctx, customer_id, RINGBACK)
    if product is None or ctx.fault("vas-no-content"):  # the tone was never loaded
        return DEFAULT_TONE
    service = catalogue.get(RINGBACK)
    assert service is not None
    return service.name
