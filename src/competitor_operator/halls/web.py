"""The web hall (网上营业厅) at /bw/: plans as cards, a cart and a checkout with an agreement
tick-box, plan change by radio buttons, outcomes in a toast (role="alert")."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from competitor_operator import billing, catalogue, network, ordering, payments
from competitor_operator.context import Operator
from competitor_operator.halls import visit as v

P = "/bw"
router = APIRouter(prefix=P, tags=["web hall"], include_in_schema=False)
Op = Annotated[Operator, Depends(v.operator)]
Text = Annotated[str, Form()]


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    return v.page(request, "web/login.html", step="password", tel="", toast="")


@router.post("/login", response_class=HTMLResponse)
def password(request: Request, op: Op, telNo: Text, password: Text) -> HTMLResponse:
    with op.tx() as ctx:
        try:
            subs = v.check_password(ctx, telNo, password)
        except v.Refused as exc:
            return v.page(request, "web/login.html", status=401, step="password", tel=telNo,
                          toast=str(exc))
    return v.page(request, "web/login.html", step="code", tel=subs["tel_no"],
                  toast="短信验证码已发送")


@router.post("/login/code", response_model=None)
def code(request: Request, op: Op, telNo: Text, code: Text) -> Response:
    with op.tx() as ctx:
        try:
            token = v.check_code(ctx, telNo, code)
        except v.Refused as exc:
            return v.page(request, "web/login.html", status=401, step="code", tel=telNo,
                          toast=str(exc))
    response = _go(f"{P}/")
    response.set_cookie(v.COOKIE, token, httponly=True, samesite="lax", path=P)
    return response


@router.get("/logout")
def logout(request: Request, op: Op) -> RedirectResponse:
    with op.tx() as ctx:
        ctx.conn.execute("DELETE FROM web_session WHERE token = ?",
                         (request.cookies.get(v.COOKIE, ""),))
    response = _go(f"{P}/login")
    response.delete_cookie(v.COOKIE, path=P)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        offers = [v.offer_view(ctx, o) for o in catalogue.OFFERINGS.values()
                  if o.kind in ("plan", "vas")]
        return v.page(request, "web/home.html", me=me.subs, offers=offers,
                      toast=me.take_toast())


@router.get("/cart/add/{code}")
def add(code: str, request: Request, op: Op) -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        offering = catalogue.get(code)
        if offering is None or offering.kind not in ("plan", "vas"):
            me.toast("该商品已下架")
            return _go(f"{P}/")
        cart = me.state.setdefault("cart", [])
        if offering.code not in cart:
            cart.append(offering.code)
        me.toast(f"{offering.name}已加入购物车")
    return _go(f"{P}/cart")


@router.get("/cart/remove/{code}")
def remove(code: str, request: Request, op: Op) -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        me.state["cart"] = [c for c in me.state.get("cart", []) if c != code]
        me.toast("已从购物车移除")
    return _go(f"{P}/cart")


def _cart(ctx: v.Ctx, me: v.Visit) -> list[dict[str, Any]]:
    return [v.offer_view(ctx, catalogue.OFFERINGS[c]) for c in me.state.get("cart", [])]


@router.get("/cart", response_class=HTMLResponse)
def cart(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        items = _cart(ctx, me)
        return v.page(request, "web/cart.html", me=me.subs, items=items,
                      total=sum(int(i["fee"]) for i in items), toast=me.take_toast())


@router.get("/checkout", response_class=HTMLResponse)
def checkout(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        items = _cart(ctx, me)
        return v.page(request, "web/checkout.html", me=me.subs, items=items,
                      total=sum(int(i["fee"]) for i in items), toast=me.take_toast())


@router.post("/checkout")
def submit(request: Request, op: Op, agree: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        if not agree:
            me.toast("请先阅读并勾选《蓝鲸通信客户入网服务协议》")
            return _go(f"{P}/checkout")
        if ctx.fault("web-agreement-cleared") and not me.state.get("asked"):
            me.state["asked"] = True
            me.toast("请再次勾选服务协议后提交")
            return _go(f"{P}/checkout")
        codes = me.state.get("cart", [])
        if not codes:
            me.toast("购物车是空的")
            return _go(f"{P}/cart")
        outcomes, left = [], []
        for code in codes:
            try:
                done = ordering.order(ctx, me.subs, code, "web")
                outcomes.append(f"{catalogue.OFFERINGS[code].name}订单{done['order']}已提交")
            except ordering.Refused as exc:
                outcomes.append(f"{catalogue.OFFERINGS[code].name}办理失败：{exc}")
                left.append(code)
        me.state["cart"], me.state["asked"] = left, False
        me.toast("" if ctx.fault("web-no-toast") else "；".join(outcomes))
    return _go(f"{P}/services")


@router.get("/services", response_class=HTMLResponse)
def services(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        return v.page(request, "web/services.html", me=me.subs,
                      products=v.products_view(ctx, me.subs["id"]),
                      balance=v.balance(ctx, me.subs["id"]), toast=me.take_toast())


@router.get("/change", response_class=HTMLResponse)
def change_page(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        plan = ordering.current_plan(ctx, me.subs["id"])
        plans = [v.offer_view(ctx, o) for o in catalogue.plans()]
        return v.page(request, "web/change.html", me=me.subs, plans=plans,
                      current=plan["offering"] if plan else None, toast=me.take_toast())


@router.post("/change")
def change(request: Request, op: Op, plan: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        current = ordering.current_plan(ctx, me.subs["id"])
        try:
            if current is None:
                raise ordering.Refused("您没有在用套餐")
            done = ordering.change(ctx, me.subs, current["id"], plan, "web")
        except ordering.Refused as exc:
            me.toast(f"变更失败：{exc}")
            return _go(f"{P}/change")
        me.toast(f"套餐变更成功，即时生效，订单{done['order']}")
    return _go(f"{P}/services")


@router.get("/cancel/{product_id}", response_class=HTMLResponse)
def cancel_page(product_id: str, request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        product = next((p for p in v.products_view(ctx, me.subs["id"])
                        if p["id"] == product_id), None)
        return v.page(request, "web/cancel.html", status=200 if product else 404, me=me.subs,
                      product=product, toast=me.take_toast())


@router.post("/cancel/{product_id}")
def cancel(product_id: str, request: Request, op: Op) -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        try:
            done = ordering.cancel(ctx, me.subs, product_id, "web")
            me.toast(f"退订成功，即时生效，订单{done['order']}")
        except ordering.Refused as exc:
            me.toast(f"退订失败：{exc}")
    return _go(f"{P}/services")


@router.get("/bills", response_class=HTMLResponse)
def bills(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        return v.page(request, "web/bills.html", me=me.subs,
                      bills=billing.bills(ctx, me.subs["id"]),
                      vat_shown=not ctx.fault("vat-not-shown"), toast=me.take_toast())


@router.get("/bills/{bill_id}", response_class=HTMLResponse)
def bill(bill_id: str, request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        row = billing.bill(ctx, bill_id)
        if row is None or row["subs_id"] != me.subs["id"]:
            return v.page(request, "web/bill.html", status=404, me=me.subs, bill=None,
                          lines=[], toast="没有这张账单")
        return v.page(request, "web/bill.html", me=me.subs, bill=row,
                      lines=json.loads(row["lines"]), vat_shown=not ctx.fault("vat-not-shown"),
                      toast=me.take_toast())


@router.get("/usage", response_class=HTMLResponse)
def usage(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        return v.page(request, "web/usage.html", me=me.subs,
                      records=network.records(ctx, me.subs["id"]), toast=me.take_toast())


@router.get("/topup", response_class=HTMLResponse)
def topup_page(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        return v.page(request, "web/topup.html", me=me.subs, amounts=catalogue.TOPUP_AMOUNTS,
                      balance=v.balance(ctx, me.subs["id"]), toast=me.take_toast())


@router.post("/topup")
def topup(request: Request, op: Op, amount: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        try:
            payment = payments.top_up(ctx, me.subs, int(amount) if amount.isdigit() else 0, "web")
            me.toast(f"充值成功：{v.written.cny(payment['amount'])}，流水号{payment['id']}")
        except payments.Refused as exc:
            me.toast(f"充值失败：{exc}")
    return _go(f"{P}/topup")


@router.post("/topup/card")
def card(request: Request, op: Op, cardNo: Text, cardPwd: Text) -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, f"{P}/login")
        try:
            payment = payments.redeem(ctx, me.subs, cardNo.strip(), cardPwd.strip(), "web")
            me.toast(f"充值成功：{v.written.cny(payment['amount'])}，流水号{payment['id']}")
        except payments.Refused as exc:
            me.toast(f"充值失败：{exc}")
    return _go(f"{P}/topup")


