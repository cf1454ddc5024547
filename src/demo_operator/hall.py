"""The web hall (网上营业厅): server-rendered pages a customer signs in to with an SMS code.

Pages are built for role and label locators: one <h1> each, tables with a <caption> and header
cells, outcomes in role="status", refusals in role="alert", labels bound to their inputs, real
buttons. Every page but the sign-in page needs a session (a random token in a cookie, kept in
the database); without one it redirects to /hall/login.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from demo_operator import billing, catalogue, clock, customers, inventory, orders, sms, times
from demo_operator import usage as usage_records
from demo_operator.context import Ctx, Operator
from demo_operator.money import yuan

COOKIE = "hall_session"
CODE_VALID = dt.timedelta(minutes=5)

STATUS_WORDS = {"pendingActive": "开通中", "active": "已开通", "pendingTerminate": "退订中",
                "terminated": "已退订"}
USAGE_WORDS = {"voice": "通话", "data": "流量"}
UNIT_WORDS = {"voice": "分钟", "data": "MB"}
BILL_STATES = {"sent": "已出账", "settled": "已缴清"}

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(prefix="/hall", include_in_schema=False)


class SignInRequired(Exception):
    """Answered with a redirect to the sign-in page."""


def _operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


Op = Annotated[Operator, Depends(_operator)]


def _customer_id(request: Request) -> str:
    """The signed-in customer, from the session cookie."""
    token = request.cookies.get(COOKIE)
    if not token:
        raise SignInRequired
    with _operator(request).tx() as ctx:
        row = ctx.conn.execute("SELECT customer_id FROM hall_session WHERE token = ?",
                               (token,)).fetchone()
    if row is None:
        raise SignInRequired
    return str(row["customer_id"])


CustomerId = Annotated[str, Depends(_customer_id)]


def _page(request: Request, ctx: Ctx | None, template: str, title: str,
          customer_id: str | None = None, status_code: int = 200, **values: Any) -> HTMLResponse:
    """Render a page; ``customer_id`` is who is signed in (None on the sign-in page)."""
    who = None
    if ctx is not None and customer_id is not None:
        row = customers.get(ctx, customer_id)
        who = {"name": row["name"], "msisdn": row["msisdn"],
               "now": times.shown(clock.now(ctx, customer_id))[:16]}
    return templates.TemplateResponse(
        request, template, {"title": title, "who": who, "path": request.url.path, **values},
        status_code=status_code)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# -- signing in ---------------------------------------------------------------------------------

@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return _page(request, None, "login.html", "登录", msisdn="")


@router.post("/login", response_model=None)
def login(request: Request, op: Op, msisdn: Annotated[str, Form()] = "",
          code: Annotated[str, Form()] = "",
          action: Annotated[str, Form()] = "login") -> Response:
    msisdn, code = msisdn.strip(), code.strip()

    def again(**message: str) -> HTMLResponse:
        return _page(request, None, "login.html", "登录", msisdn=msisdn, **message)

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
            sms.send(ctx, customer["id"], sms.SIGN_IN_CODE.format(code=new_code))
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
    response = _redirect("/hall/services")
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


@router.get("/logout")
def logout(request: Request, op: Op) -> RedirectResponse:
    token = request.cookies.get(COOKIE)
    if token:
        with op.tx() as ctx:
            ctx.conn.execute("DELETE FROM hall_session WHERE token = ?", (token,))
    response = _redirect("/hall/login")
    response.delete_cookie(COOKIE, path="/")
    return response


# -- ordering -----------------------------------------------------------------------------------

def _offering_view(ctx: Ctx, o: catalogue.Offering) -> dict[str, Any]:
    fee = catalogue.shown_fee(ctx, o)  # the catalogue-price-wrong fault shows here too
    return {"id": o.id, "name": o.name, "fee": yuan(fee), "voice": o.voice_minutes,
            "data": o.data_mb, "terms": catalogue.terms(o, fee)}


@router.get("/catalogue")
def catalogue_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
    with op.tx() as ctx:
        offerings = [_offering_view(ctx, o) for o in catalogue.OFFERINGS.values()]
        return _page(request, ctx, "catalogue.html", "套餐目录", customer_id, offerings=offerings)


@router.get("/order")
def order_page(request: Request, op: Op, customer_id: CustomerId,
               offering: str = "") -> HTMLResponse:
    with op.tx() as ctx:
        found = catalogue.get(offering)
        if found is None:
            return _page(request, ctx, "order.html", "确认订购", customer_id, status_code=404,
                         alert="所选套餐不存在,请返回套餐目录重新选择", offering=None)
        return _page(request, ctx, "order.html", "确认订购", customer_id,
                     offering=_offering_view(ctx, found),
                     msisdn=customers.get(ctx, customer_id)["msisdn"])


@router.post("/order", response_model=None)
def order(request: Request, op: Op, customer_id: CustomerId,
          offering: Annotated[str, Form()] = "") -> Response:
    with op.tx() as ctx:
        try:
            order_id = orders.place(ctx, customer_id,
                                    [orders.ItemRequest("add", offering_id=offering)], "web")
        except orders.OrderRefused as refused:
            message = orders.BUSY_MESSAGE if refused.status == 503 else refused.reason
            return _page(request, ctx, "result.html", "订购结果", customer_id, alert=message)
    return _redirect(f"/hall/orders/{order_id}")


@router.get("/orders/{order_id}")
def order_result(request: Request, op: Op, customer_id: CustomerId,
                 order_id: str) -> HTMLResponse:
    with op.tx() as ctx:
        order = orders.get(ctx, order_id)
        if order is None or order["customer_id"] != customer_id:
            return _page(request, ctx, "result.html", "订单查询", customer_id, status_code=404,
                         alert="订单不存在")
        item = orders.items(ctx, order_id)[0]
        if item["action"] == "add":
            title, status = "订购结果", f"订购成功,订单号:{order_id}"
        elif item["action"] == "modify":
            title, status = "变更结果", f"变更已受理,新套餐将于{item['stated_date']}生效"
        else:
            title, status = "退订结果", "退订已受理,将于24小时内生效"
        return _page(request, ctx, "result.html", title, customer_id, status=status,
                     order_id=order_id)


# -- my services --------------------------------------------------------------------------------

def _own_product(ctx: Ctx, customer_id: str, product_id: str) -> sqlite3.Row | None:
    product = inventory.get(ctx, product_id)
    return product if product is not None and product["customer_id"] == customer_id else None


@router.get("/services")
def services_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
    with op.tx() as ctx:
        rows = []
        for p in inventory.of_customer(ctx, customer_id):
            offering = catalogue.get(p["offering_id"])
            scheduled = catalogue.get(p["scheduled_offering"] or "")
            rows.append({
                "id": p["id"], "name": offering.name if offering else p["offering_id"],
                "msisdn": p["msisdn"], "status": STATUS_WORDS.get(p["status"], p["status"]),
                "active": p["status"] == "active",
                "start": times.parse(p["start_date"]).date().isoformat() if p["start_date"]
                else "",
                "pending": f"{scheduled.name}({p['scheduled_change_date']}生效)" if scheduled
                else "",
            })
        return _page(request, ctx, "services.html", "我的业务", customer_id, products=rows)


@router.get("/change")
def change_page(request: Request, op: Op, customer_id: CustomerId,
                product: str = "") -> HTMLResponse:
    with op.tx() as ctx:
        return _change_form(request, ctx, customer_id, product)


def _change_form(request: Request, ctx: Ctx, customer_id: str, product_id: str,
                 alert: str | None = None) -> HTMLResponse:
    product = _own_product(ctx, customer_id, product_id)
    if product is None or product["status"] != "active":
        return _page(request, ctx, "change.html", "变更套餐", customer_id, product=None,
                     alert=alert or "该业务当前不能变更套餐",
                     status_code=404 if product is None else 409)
    current = catalogue.get(product["offering_id"])
    choices = [_offering_view(ctx, o) for o in catalogue.OFFERINGS.values()
               if o.id != product["offering_id"]]
    return _page(request, ctx, "change.html", "变更套餐", customer_id, alert=alert,
                 product={"id": product["id"], "name": current.name if current else "",
                          "msisdn": product["msisdn"]},
                 choices=choices,
                 effective=times.next_month_start(clock.now(ctx, customer_id)).date().isoformat())


@router.post("/change", response_model=None)
def change(request: Request, op: Op, customer_id: CustomerId,
           product: Annotated[str, Form()] = "", offering: Annotated[str, Form()] = "",
           ) -> Response:
    with op.tx() as ctx:
        try:
            order_id = orders.place(ctx, customer_id, [orders.ItemRequest(
                "modify", product_id=product, offering_id=offering)], "web")
        except orders.OrderRefused as refused:
            return _change_form(request, ctx, customer_id, product, alert=refused.reason)
    return _redirect(f"/hall/orders/{order_id}")


@router.get("/cancel")
def cancel_page(request: Request, op: Op, customer_id: CustomerId,
                product: str = "") -> HTMLResponse:
    with op.tx() as ctx:
        return _cancel_form(request, ctx, customer_id, product)


def _cancel_form(request: Request, ctx: Ctx, customer_id: str, product_id: str,
                 alert: str | None = None) -> HTMLResponse:
    product = _own_product(ctx, customer_id, product_id)
    if product is None or product["status"] != "active":
        return _page(request, ctx, "cancel.html", "确认退订", customer_id, product=None,
                     alert=alert or "该业务当前不能退订",
                     status_code=404 if product is None else 409)
    offering = catalogue.get(product["offering_id"])
    return _page(request, ctx, "cancel.html", "确认退订", customer_id, alert=alert,
                 product={"id": product["id"], "name": offering.name if offering else "",
                          "msisdn": product["msisdn"]})


@router.post("/cancel", response_model=None)
def cancel(request: Request, op: Op, customer_id: CustomerId,
           product: Annotated[str, Form()] = "") -> Response:
    with op.tx() as ctx:
        try:
            order_id = orders.place(ctx, customer_id,
                                    [orders.ItemRequest("delete", product_id=product)], "web")
        except orders.OrderRefused as refused:
            return _cancel_form(request, ctx, customer_id, product, alert=refused.reason)
    return _redirect(f"/hall/orders/{order_id}")


# -- usage and bills ----------------------------------------------------------------------------

@router.get("/usage")
def usage_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
    with op.tx() as ctx:
        records = [{"at": times.shown(times.parse(u["usage_date"])),
                    "type": USAGE_WORDS[u["usage_type"]], "quantity": u["quantity"],
                    "unit": UNIT_WORDS[u["usage_type"]]}
                   for u in usage_records.of_customer(ctx, customer_id)]
        return _page(request, ctx, "usage.html", "使用记录", customer_id, records=records)


@router.get("/bills")
def bills_page(request: Request, op: Op, customer_id: CustomerId) -> HTMLResponse:
    with op.tx() as ctx:
        bills = [{"id": b["id"], "period": f"{b['period_year']:04d}-{b['period_month']:02d}",
                  "amount": yuan(b["amount_due"]), "state": BILL_STATES.get(b["state"], b["state"])}
                 for b in billing.of_customer(ctx, customer_id)]
        return _page(request, ctx, "bills.html", "我的账单", customer_id, bills=bills)


@router.get("/bills/{bill_id}")
def bill_page(request: Request, op: Op, customer_id: CustomerId, bill_id: str) -> HTMLResponse:
    with op.tx() as ctx:
        bill = billing.get(ctx, bill_id)
        if bill is None or bill["customer_id"] != customer_id:
            return _page(request, ctx, "bill.html", "账单详情", customer_id, bill=None,
                         status_code=404, alert="账单不存在")
        every_line = billing.lines(ctx, bill_id)
        # 费用明细 summarises what was charged; 详单 is the itemised record, one row per session.
        summary = [{"item": line["name"], "amount": yuan(line["amount"])}
                   for line in every_line if line["type"] == billing.RECURRING]
        for kind, item in (("voice", "通话费"), ("data", "流量费")):
            charged = [line["amount"] for line in every_line if line["usage_type"] == kind]
            if charged:
                summary.append({"item": item, "amount": yuan(sum(charged))})
        details = [{"at": times.shown(times.parse(line["at"])),
                    "type": USAGE_WORDS[line["usage_type"]], "quantity": line["quantity"],
                    "unit": UNIT_WORDS[line["usage_type"]], "amount": yuan(line["amount"])}
                   for line in billing.itemised(ctx, bill_id) if line["type"] == billing.USAGE]
        view = {"id": bill["id"], "bill_no": bill["bill_no"],
                "period": f"{bill['period_year']:04d}-{bill['period_month']:02d}",
                "date": times.shown(times.parse(bill["bill_date"]))[:10],
                "amount": yuan(bill["amount_due"]),
                "state": BILL_STATES.get(bill["state"], bill["state"])}
        return _page(request, ctx, "bill.html", "账单详情", customer_id, bill=view,
                     summary=summary, details=details)


def install(app: Any) -> None:
    app.include_router(router)

    @app.exception_handler(SignInRequired)
    def _sign_in(request: Request, exc: SignInRequired) -> RedirectResponse:
        return _redirect("/hall/login")

    @app.get("/", include_in_schema=False)
    @app.get("/hall", include_in_schema=False)
    @app.get("/hall/", include_in_schema=False)
    def _home() -> RedirectResponse:
        return _redirect("/hall/services")
