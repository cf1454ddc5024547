"""The customer pages: the web hall (网上营业厅, /hall/), the mobile hall (掌上营业厅, /m/) and,
on behalf of an identified customer, the store counter (/counter/, see counter.py).

One set of handlers and page templates serves every channel; a ``Channel`` says where its
pages live (every link, form and redirect stays under its prefix), which layout frames them and
how the customer is found (the hall's SMS-code session, or the counter's identified customer).

Pages are built for role and label locators: one <h1> each, tables with a <caption> and header
cells, outcomes in role="status", refusals in role="alert", labels bound to their inputs, real
buttons. Every page but the sign-in page needs a session (a random token in a cookie, kept in
the database); without one it redirects to the channel's sign-in page.

Routes are made inside ``customer_pages`` for each channel, so their annotations are evaluated
at once (no ``from __future__ import annotations``): FastAPI must see the channel's dependency.
"""

import dataclasses
import datetime as dt
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

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
    told,
)
from demo_operator import views as shown
from demo_operator.context import Ctx, Operator
from demo_operator.money import yuan

COOKIE = "hall_session"
CODE_VALID = dt.timedelta(minutes=5)
RECONFIRMATIONS = 4  # how often web-order-reconfirm asks
PROCESSING_PAGES = 2  # how many "please wait" pages web-order-processing-pages shows
SLOW_PAGE = 3.0  # seconds each ordering page of web-hall-slow takes to answer

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


class SignInRequired(Exception):
    """Answered with a redirect to ``url`` (the channel's sign-in page)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


async def _operator(request: Request) -> Operator:
    # a coroutine: FastAPI would hand a plain function to a worker thread, for nothing
    return operator(request)


Op = Annotated[Operator, Depends(_operator)]


@dataclasses.dataclass(frozen=True)
class Channel:
    """One way in to the customer pages."""

    name: str        # web | mobile | counter: what orders record as their channel
    base: str        # URL prefix: /hall, /m, /counter
    layout: str      # the template every page extends
    customer: Callable[..., str]   # FastAPI dependency: the customer served, or SignInRequired
    extra: Callable[[Request], dict[str, Any]] = lambda request: {}  # more for the layout

    def page(self, request: Request, ctx: Ctx | None, template: str, title: str,
             customer_id: str | None = None, status_code: int = 200,
             **values: Any) -> HTMLResponse:
        """Render a page; ``customer_id`` is who is served (None before sign-in)."""
        who = None
        if ctx is not None and customer_id is not None:
            row = customers.get(ctx, customer_id)
            who = {"name": row["name"], "msisdn": row["msisdn"],
                   "now": times.shown(clock.now(ctx, customer_id))[:16]}
        return templates.TemplateResponse(
            request, template,
            {"title": title, "who": who, "path": request.url.path, "base": self.base,
             "layout": self.layout, **self.extra(request), **values},
            status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def sign_out(request: Request, op: Operator, cookie: str, table: str,
             then: str) -> RedirectResponse:
    """End the session the cookie names (a row of ``table``) and go to ``then``."""
    token = request.cookies.get(cookie)
    if token:
        with op.tx() as ctx:
            ctx.conn.execute(f"DELETE FROM {table} WHERE token = ?", (token,))
    response = redirect(then)
    response.delete_cookie(cookie, path="/")
    return response


# -- the hall's own sign-in (web and mobile) ----------------------------------------------------

def hall_customer(login_url: str) -> Callable[[Request], str]:
    """The dependency that finds the signed-in customer from the hall session cookie."""
    def customer_id(request: Request) -> str:
        token = request.cookies.get(COOKIE)
        if not token:
            raise SignInRequired(login_url)
        with operator(request).tx() as ctx:
            row = ctx.conn.execute("SELECT customer_id FROM hall_session WHERE token = ?",
                                   (token,)).fetchone()
        if row is None:
            raise SignInRequired(login_url)
        return str(row["customer_id"])
    return customer_id


def sign_in_pages(channel: Channel) -> APIRouter:
    """Sign-in with an SMS code and sign-out, under the channel's prefix."""
    router = APIRouter(prefix=channel.base, include_in_schema=False)

    @router.get("/login")
    def login_page(request: Request) -> HTMLResponse:
        return channel.page(request, None, "login.html", "登录", msisdn="")

    @router.post("/login", response_model=None)
    def login(request: Request, op: Op, msisdn: Annotated[str, Form()] = "",
              code: Annotated[str, Form()] = "",
              action: Annotated[str, Form()] = "login") -> Response:
        msisdn, code = msisdn.strip(), code.strip()

        def again(**message: str) -> HTMLResponse:
            return channel.page(request, None, "login.html", "登录", msisdn=msisdn, **message)

        if not msisdn:
            return again(alert="请输入手机号码")
        with op.tx() as ctx:
            customer = customers.by_msisdn(ctx, msisdn)
            if customer is None:
                return again(alert="该号码不是演示电信用户")
            now = clock.now(ctx, customer["id"])
            if action == "send":
                new_code = f"{secrets.randbelow(10**6):06d}"
                ctx.conn.execute(
                    "INSERT INTO sign_in_code(msisdn, code, issued_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(msisdn) DO UPDATE SET code = excluded.code, "
                    "issued_at = excluded.issued_at", (msisdn, new_code, times.stored(now)))
                sms.say(ctx, customer["id"], sms.SIGN_IN_CODE, code=new_code)
                return again(status="验证码已发送")
            issued = ctx.conn.execute("SELECT * FROM sign_in_code WHERE msisdn = ?",
                                      (msisdn,)).fetchone()
            if issued is None or not code or not secrets.compare_digest(code, issued["code"]):
                return again(alert="验证码错误")
            if now - times.parse(issued["issued_at"]) > CODE_VALID:
                return again(alert="验证码已过期,请重新获取")
            ctx.conn.execute("DELETE FROM sign_in_code WHERE msisdn = ?", (msisdn,))
            token = secrets.token_urlsafe(32)
            ctx.conn.execute("INSERT INTO hall_session(token, customer_id, created_at) "
                             "VALUES (?, ?, ?)", (token, customer["id"], times.stored(now)))
        response = redirect(f"{channel.base}/services")
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/")
        return response

    @router.get("/logout")
    def logout(request: Request, op: Op) -> RedirectResponse:
        return sign_out(request, op, COOKIE, "hall_session", f"{channel.base}/login")

    return router


# -- the customer pages, for any channel --------------------------------------------------------

# form → (template, h1, what is said when the product cannot be changed or cancelled)
PRODUCT_FORMS = {"change": ("change.html", "变更套餐", "该业务当前不能变更套餐"),
                 "cancel": ("cancel.html", "确认退订", "该业务当前不能退订")}


def _own_product(ctx: Ctx, customer_id: str, product_id: str) -> sqlite3.Row | None:
    product = inventory.get(ctx, product_id)
    return product if product is not None and product["customer_id"] == customer_id else None


def _as_first_shown(ctx: Ctx, customer_id: str, channel: str,
                    products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """web-subscriptions-cached: the hall shows each value-added service as it first showed
    it; only one ordered or unsubscribed in the hall itself is shown as it is now."""
    def changed_here(product_id: str) -> bool:
        return ctx.conn.execute(
            "SELECT 1 FROM order_item i JOIN product_order o ON o.id = i.order_id "
            "WHERE i.product_id = ? AND o.channel = ?", (product_id, channel)).fetchone() \
            is not None
    offerings = {p["id"]: p["offering_id"] for p in inventory.of_customer(ctx, customer_id)}
    return [told.first(ctx, customer_id, channel, p["id"], p)
            if catalogue.is_vas(offerings[p["id"]]) and not changed_here(p["id"]) else p
            for p in products]


def customer_pages(channel: Channel) -> APIRouter:
    """套餐目录, 订购, 我的业务 (变更套餐, 退订), 使用记录, 我的账单 under the channel's prefix.
    The POST routes are the three confirmations (确认订购, 确认变更, 确认退订)."""
    router = APIRouter(prefix=channel.base, include_in_schema=False)
    CustomerId = Annotated[str, Depends(channel.customer)]  # noqa: N806 (a type alias)
    page = channel.page
    base = channel.base

    def slow(ctx: Ctx) -> None:
        """web-hall-slow: the web hall's ordering pages wait on an overloaded back end (real
        seconds: the customer's own time, which no test clock moves)."""
        if channel.name == "web" and ctx.fault("web-hall-slow"):
            time.sleep(SLOW_PAGE)

    def confirm(op: Operator, customer_id: str, item: orders.ItemRequest,
                refused: Callable[[Ctx, orders.OrderRefused], Response]) -> Response:
        """A confirmation: place the one-item order and show its result page, or say why not."""
        with op.tx() as ctx:
            try:
                order_id = orders.place(ctx, customer_id, [item], channel.name)
            except orders.OrderRefused as refusal:
                return refused(ctx, refusal)
        return redirect(f"{base}/orders/{order_id}")

    # -- ordering -------------------------------------------------------------------------------

    @router.get("/catalogue")
    def catalogue_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            slow(ctx)
            # leased lines are sold at the enterprise desk (the counter), not in the halls
            return page(request, ctx, "catalogue.html", "套餐目录", customer_id,
                        offerings=shown.offerings(ctx), services=shown.services(ctx),
                        fixed_lines=shown.fixed_lines(ctx, channel.name == "counter"),
                        roaming=shown.roaming(ctx), bundles=shown.bundles(ctx))

    @router.get("/order")
    def order_page(request: Request, op: Op, customer_id: CustomerId,
                   offering: str = "") -> HTMLResponse:
        with op.tx() as ctx:
            slow(ctx)
            found = catalogue.get(offering)
            if found is None:
                return page(request, ctx, "order.html", "确认订购", customer_id, status_code=404,
                            alert="所选套餐不存在,请返回套餐目录重新选择", offering=None)
            slots = None
            if found.category == catalogue.BROADBAND:
                slots = [{"id": s.id, "label": s.label} for s in fixed.slots(ctx, customer_id)]
            return page(request, ctx, "order.html", "确认订购", customer_id,
                        offering=shown.offering(ctx, found), slots=slots,
                        msisdn=customers.get(ctx, customer_id)["msisdn"])

    @router.post("/order", response_model=None)
    def order(request: Request, op: Op, customer_id: CustomerId,
              offering: Annotated[str, Form()] = "", address: Annotated[str, Form()] = "",
              slot: Annotated[str, Form()] = "",
              confirmations: Annotated[int, Form()] = 1) -> Response:
        def refused(ctx: Ctx, refusal: orders.OrderRefused) -> Response:
            message = orders.BUSY_MESSAGE if refusal.status == 503 else refusal.reason
            return page(request, ctx, "result.html", "订购结果", customer_id, alert=message)
        with op.tx() as ctx:
            # web-order-reconfirm: the web hall asks "are you sure?" until it has heard it 4 times
            if channel.name == "web" and ctx.fault("web-order-reconfirm") and \
                    confirmations < RECONFIRMATIONS and catalogue.get(offering) is not None:
                return page(request, ctx, "order.html", "请再次确认订购", customer_id,
                            offering=shown.offering(ctx, catalogue.get(offering)),
                            msisdn=customers.get(ctx, customer_id)["msisdn"],
                            confirmations=confirmations + 1,
                            reconfirm_site={"address": address, "slot": slot})
        response = confirm(op, customer_id, orders.ItemRequest(
            "add", offering_id=offering, address=address or None, slot=slot or None), refused)
        with op.tx() as ctx:
            # web-order-processing-pages: the result comes after two "please wait" pages
            if channel.name == "web" and ctx.fault("web-order-processing-pages") and \
                    isinstance(response, RedirectResponse):
                target = response.headers["location"]
                return redirect(f"{base}/processing?step=1&next={quote(target)}")
        return response

    @router.get("/processing")
    def processing(request: Request, op: Op, customer_id: CustomerId, next: str,
                   step: int = 1) -> HTMLResponse:
        following = next if step >= PROCESSING_PAGES else \
            f"{base}/processing?step={step + 1}&next={quote(next)}"
        if not following.startswith(base + "/"):
            following = f"{base}/catalogue"  # never redirect off the hall
        with op.tx() as ctx:
            return page(request, ctx, "processing.html", "正在处理", customer_id,
                        following=following)

    @router.get("/orders/{order_id}")
    def order_result(request: Request, op: Op, customer_id: CustomerId,
                     order_id: str) -> HTMLResponse:
        with op.tx() as ctx:
            slow(ctx)
            found = orders.get(ctx, order_id)
            if found is None or found["customer_id"] != customer_id:
                return page(request, ctx, "result.html", "订单查询", customer_id,
                            status_code=404, alert="订单不存在")
            item = orders.items(ctx, order_id)[0]
            if item["action"] == "add":
                title, status = "订购结果", f"订购成功,订单号:{order_id}"
            elif item["action"] == "modify":
                title, status = "变更结果", f"变更已受理,新套餐将于{item['stated_date']}生效"
            else:
                title, status = "退订结果", (f"退订已受理,将于"
                                              f"{orders.cancel_effective_by(ctx, order_id)}前生效")
            return page(request, ctx, "result.html", title, customer_id, status=status,
                        order_id=order_id)

    # -- my services ----------------------------------------------------------------------------

    @router.get("/services")
    def services_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            # mobile-hall-no-cancel: the mobile page leaves the 退订 button out.
            can_cancel = not (channel.name == "mobile" and ctx.fault("mobile-hall-no-cancel"))
            products = shown.products(ctx, customer_id)
            if channel.name == "web" and ctx.fault("web-subscriptions-cached"):
                products = _as_first_shown(ctx, customer_id, channel.name, products)
            return page(request, ctx, "services.html", "我的业务", customer_id,
                        products=products, can_cancel=can_cancel)

    def product_form(request: Request, ctx: Ctx, customer_id: str, product_id: str,
                     form: str, alert: str | None = None) -> HTMLResponse:
        """变更套餐 or 确认退订 (``form``: change | cancel) for one of the customer's active
        products."""
        template, title, refusal = PRODUCT_FORMS[form]
        product = _own_product(ctx, customer_id, product_id)
        if product is None or product["status"] != "active" or (
                form == "change" and not catalogue.is_plan(product["offering_id"])):
            return page(request, ctx, template, title, customer_id, product=None,
                        alert=alert or refusal, status_code=404 if product is None else 409)
        current = catalogue.get(product["offering_id"])
        choices = [shown.offering(ctx, o) for o in catalogue.PLANS
                   if o.id != product["offering_id"]]
        effective = times.next_month_start(clock.now(ctx, customer_id)).date().isoformat()
        return page(request, ctx, template, title, customer_id, alert=alert,
                    product={"id": product["id"], "name": current.name if current else "",
                             "msisdn": product["msisdn"]},
                    choices=choices, effective=effective)

    def form_page(form: str) -> Callable[..., HTMLResponse]:
        def show(request: Request, op: Op, customer_id: CustomerId,
                 product: str = "") -> HTMLResponse:
            with op.tx() as ctx:
                return product_form(request, ctx, customer_id, product, form)
        return show

    for form in PRODUCT_FORMS:
        router.add_api_route(f"/{form}", form_page(form), methods=["GET"])

    @router.post("/change", response_model=None)
    def change(request: Request, op: Op, customer_id: CustomerId,
               product: Annotated[str, Form()] = "", offering: Annotated[str, Form()] = "",
               ) -> Response:
        return confirm(op, customer_id, orders.ItemRequest(
            "modify", product_id=product, offering_id=offering),
            lambda ctx, refusal: product_form(request, ctx, customer_id, product, "change",
                                              refusal.reason))

    @router.post("/cancel", response_model=None)
    def cancel(request: Request, op: Op, customer_id: CustomerId,
               product: Annotated[str, Form()] = "") -> Response:
        return confirm(op, customer_id, orders.ItemRequest("delete", product_id=product),
                       lambda ctx, refusal: product_form(request, ctx, customer_id, product,
                                                         "cancel", refusal.reason))

    # -- fault report (故障报修) ------------------------------------------------------------------

    def repair_page(request: Request, ctx: Ctx, customer_id: str, status_code: int = 200,
                    **said: str) -> HTMLResponse:
        lines = [{"id": p["id"], "name": shown.product(p)["name"]}
                 for p in fixed.repairable(ctx, customer_id)]
        return page(request, ctx, "repair.html", "故障报修", customer_id, lines=lines,
                    tickets=[shown.ticket(ctx, t) for t in fixed.tickets(ctx, customer_id)],
                    status_code=status_code, **said)

    @router.get("/repair")
    def repair(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            return repair_page(request, ctx, customer_id)

    @router.post("/repair", response_model=None)
    def report(request: Request, op: Op, customer_id: CustomerId,
               product: Annotated[str, Form()] = "",
               description: Annotated[str, Form()] = "") -> Response:
        with op.tx() as ctx:
            try:
                ticket_id = fixed.report(ctx, customer_id, product, description, channel.name)
            except fixed.Refused as refused:
                return repair_page(request, ctx, customer_id, status_code=refused.status,
                                   alert=refused.reason)
            return repair_page(request, ctx, customer_id,
                               status=f"报修已受理,故障单号:{ticket_id}")

    # -- usage and bills ------------------------------------------------------------------------

    @router.get("/usage")
    def usage_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            return page(request, ctx, "usage.html", "使用记录", customer_id,
                        records=shown.usage(ctx, customer_id))

    def billed(ctx: Ctx, customer_id: str) -> str:
        """Whose bills the bill pages show: the customer's own, unless web-bill-other-customer
        mixes them up with those of the customer billed most recently before."""
        if channel.name == "web" and ctx.fault("web-bill-other-customer"):
            other = ctx.conn.execute(
                "SELECT customer_id FROM bill WHERE customer_id != ? ORDER BY rowid DESC "
                "LIMIT 1", (customer_id,)).fetchone()
            if other is not None:
                return str(other["customer_id"])
        return customer_id

    @router.get("/bills")
    def bills_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            whose = billed(ctx, customer_id)
            return page(request, ctx, "bills.html", "我的账单", customer_id,
                        bills=shown.bills(ctx, whose),
                        holder=customers.get(ctx, whose)["msisdn"])

    @router.get("/bills/{bill_id}")
    def bill_page(request: Request, op: Op, customer_id: CustomerId,
                  bill_id: str) -> HTMLResponse:
        with op.tx() as ctx:
            bill = billing.get(ctx, bill_id)
            if bill is None or bill["customer_id"] != billed(ctx, customer_id):
                return page(request, ctx, "bill.html", "账单详情", customer_id, bill=None,
                            status_code=404, alert="账单不存在")
            every_line = billing.lines(ctx, bill_id)
            # 费用明细 summarises what was charged; 详单 is the itemised record, one row per
            # session.
            disputable = {line["id"] for line in disputes.disputable(ctx, bill["customer_id"])}
            summary = [{"item": line["name"], "amount": yuan(line["amount"]),
                        "line": line["id"] if line["id"] in disputable else None}
                       for line in every_line if line["type"] != billing.USAGE]
            for kind, item in (("voice", "通话费"), ("data", "流量费")):
                charged = [line["amount"] for line in every_line if line["usage_type"] == kind
                           and not catalogue.is_roaming(line["offering_id"])]
                if charged:
                    summary.append({"item": item, "amount": yuan(sum(charged)), "line": None})
            abroad = [line["amount"] for line in every_line if line["type"] == billing.USAGE
                      and catalogue.is_roaming(line["offering_id"])]
            if abroad:
                summary.append({"item": "国际漫游费", "amount": yuan(sum(abroad)), "line": None})
            view = {"id": bill["id"], "bill_no": bill["bill_no"], "period": shown.period(bill),
                    "date": times.shown(times.parse(bill["bill_date"]))[:10],
                    "amount": yuan(bill["amount_due"]),
                    "state": shown.BILL_STATES.get(bill["state"], bill["state"])}
            return page(request, ctx, "bill.html", "账单详情", customer_id, bill=view,
                        summary=summary, details=shown.itemised(ctx, bill_id),
                        holder=customers.get(ctx, bill["customer_id"])["msisdn"])

    @router.post("/disputes", response_model=None)
    def dispute(request: Request, op: Op, customer_id: CustomerId,
                line: Annotated[str, Form()] = "") -> Response:
        """投诉: a complaint about an information fee on the bill."""
        with op.tx() as ctx:
            try:
                dispute_id = disputes.file(ctx, customer_id, line, channel.name)
            except disputes.DisputeRefused as refused:
                return page(request, ctx, "result.html", "投诉结果", customer_id,
                            status_code=409, alert=str(refused))
            return page(request, ctx, "result.html", "投诉结果", customer_id,
                        status=disputes.ACCEPTED.format(dispute=dispute_id))

    # -- top-up (充值缴费) --------------------------------------------------------------------

    def topup_page(request: Request, ctx: Ctx, customer_id: str, chosen: str = "",
                   **outcome: str) -> HTMLResponse:
        balance = prepaid.shown_balance(ctx, customer_id, channel.name)
        account = prepaid.account(ctx, customer_id)
        return page(request, ctx, "topup.html", "充值缴费", customer_id,
                    balance=yuan(balance) if balance is not None else None,
                    barred=bool(account and account["barred"]),
                    amounts=[yuan(a) for a in TOPUP_AMOUNTS], chosen=chosen or yuan(5000),
                    pay="现金缴费" if channel.name == "counter" else "在线支付",
                    topups=shown.topups(ctx, customer_id), **outcome)

    @router.get("/topup")
    def topup_form(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
        with op.tx() as ctx:
            return topup_page(request, ctx, customer_id)

    @router.post("/topup")
    def topup(request: Request, op: Op, customer_id: CustomerId,
              amount: Annotated[str, Form()] = "") -> HTMLResponse:
        """在线支付 (web, mobile) or 现金缴费 (counter): the page again, with the outcome."""
        method = "cash" if channel.name == "counter" else "online"
        with op.tx() as ctx:
            try:
                fen = round(float(amount) * 100) if amount.strip() else 0
                row = prepaid.top_up(ctx, customer_id, channel.name, method, amount=fen)
            except ValueError:
                return topup_page(request, ctx, customer_id, alert=prepaid.BAD_AMOUNT)
            except prepaid.TopUpRefused as refused:
                return topup_page(request, ctx, customer_id, chosen=amount,
                                  alert=f"充值失败:{refused.reason}")
            balance = prepaid.account(ctx, customer_id)["balance"]
            return topup_page(request, ctx, customer_id, chosen=amount,
                              status=f"充值成功,充值金额{yuan(row['amount'])}元,"
                                     f"当前余额{yuan(balance)}元")

    return router


TOPUP_AMOUNTS = (3000, 5000, 10000, 20000)   # what the top-up form offers, in fen


# -- the web hall and the mobile hall -----------------------------------------------------------

WEB = Channel("web", "/hall", "base.html", hall_customer("/hall/login"))
MOBILE = Channel("mobile", "/m", "base_mobile.html", hall_customer("/m/login"))


def install(app: Any) -> None:
    for channel in (WEB, MOBILE):
        routes.include(app, sign_in_pages(channel))
        routes.include(app, customer_pages(channel))
        home(app, channel.base)

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> RedirectResponse:
        return redirect(exc.url)

    @app.get("/", include_in_schema=False)
    def _root() -> RedirectResponse:
        return redirect("/hall/services")


def home(app: Any, base: str) -> None:
    """``/hall`` and ``/hall/`` (likewise for the other channels) go to 我的业务."""
    def _home() -> RedirectResponse:
        return redirect(f"{base}/services")
    app.add_api_route(base, _home, methods=["GET"], include_in_schema=False)
    app.add_api_route(f"{base}/", _home, methods=["GET"], include_in_schema=False)
