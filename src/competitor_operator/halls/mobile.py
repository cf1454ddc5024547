"""The mobile hall (掌上营业厅) at /bwapp/: a bottom tab bar (首页, 办理, 账单, 我的); sign-in on
two pages (number and password, then the SMS code); ordering from a product page with the
agreement on it and no cart; every outcome on its own result page (role="status")."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from competitor_operator import billing, catalogue, ordering, payments, written
from competitor_operator.context import Operator
from competitor_operator.halls import visit as v

P = "/bwapp"
LOGIN = f"{P}/login"
router = APIRouter(prefix=P, tags=["mobile hall"], include_in_schema=False)
Op = Annotated[Operator, Depends(v.operator)]
Text = Annotated[str, Form()]


def _go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _done(me: v.Visit, ok: bool, text: str) -> RedirectResponse:
    me.state["result"] = {"ok": ok, "text": text}
    me.save()
    return _go(f"{P}/result")


def _offer(ctx: v.Ctx, offering: catalogue.Offering) -> dict[str, Any]:
    return v.offer_view(ctx, offering, 1000 if ctx.fault("mobile-price-wrong") else 0)


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    return v.page(request, "mobile/login.html", tel="", error="", tab="")


@router.post("/login", response_model=None)
def password(request: Request, op: Op, telNo: Text, password: Text) -> Response:
    with op.tx() as ctx:
        try:
            subs = v.check_password(ctx, telNo, password, which="service_pwd")
        except v.Refused as exc:
            return v.page(request, "mobile/login.html", status=401, tel=telNo, error=str(exc),
                          tab="")
    return _go(f"{P}/login/code?tel={subs['tel_no']}")


@router.get("/login/code", response_class=HTMLResponse)
def code_page(request: Request, tel: str = "") -> HTMLResponse:
    return v.page(request, "mobile/code.html", tel=tel, error="", tab="")


@router.post("/login/code", response_model=None)
def code(request: Request, op: Op, telNo: Text, code: Text) -> Response:
    with op.tx() as ctx:
        try:
            token = v.check_code(ctx, telNo, code)
        except v.Refused as exc:
            return v.page(request, "mobile/code.html", status=401, tel=telNo, error=str(exc),
                          tab="")
    response = _go(f"{P}/")
    response.set_cookie(v.COOKIE, token, httponly=True, samesite="lax", path=P)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        plan = ordering.current_plan(ctx, me.subs["id"])
        return v.page(request, "mobile/home.html", tab="home", me=me.subs,
                      balance=v.balance(ctx, me.subs["id"]),
                      plan=catalogue.OFFERINGS[plan["offering"]].name if plan else None)


@router.get("/shop", response_class=HTMLResponse)
def shop(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        offers = [_offer(ctx, o) for o in catalogue.OFFERINGS.values()
                  if o.kind in ("plan", "vas")]
        return v.page(request, "mobile/shop.html", tab="shop", me=me.subs, offers=offers)


@router.get("/shop/{code}", response_class=HTMLResponse)
def offer(code: str, request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        found = catalogue.get(code)
        if found is None or found.kind not in ("plan", "vas"):
            return v.page(request, "mobile/result.html", status=404, tab="shop", me=me.subs,
                          result={"ok": False, "text": "该产品已下架"})
        return v.page(request, "mobile/offer.html", tab="shop", me=me.subs,
                      o=_offer(ctx, found), error="")


@router.post("/shop/{code}")
def order(code: str, request: Request, op: Op,
          agree: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        if not agree:
            return _done(me, False, "请先同意《业务办理协议》")
        try:
            done = ordering.order(ctx, me.subs, code, "mobile")
        except ordering.Refused as exc:
            return _done(me, False, f"办理失败：{exc}")
        return _done(me, True, f"办理成功，订单号{done['order']}")


@router.get("/result", response_class=HTMLResponse)
def result(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        shown = me.state.pop("result", None)
        me.save()
        return v.page(request, "mobile/result.html", tab="", me=me.subs,
                      result=shown or {"ok": True, "text": "没有待显示的结果"})


@router.get("/me", response_class=HTMLResponse)
def mine(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        return v.page(request, "mobile/me.html", tab="me", me=me.subs,
                      products=v.products_view(ctx, me.subs["id"]),
                      balance=v.balance(ctx, me.subs["id"]))


@router.get("/change", response_class=HTMLResponse)
def change_page(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        plan = ordering.current_plan(ctx, me.subs["id"])
        return v.page(request, "mobile/change.html", tab="me", me=me.subs,
                      plans=[_offer(ctx, o) for o in catalogue.plans()],
                      current=plan["offering"] if plan else None)


@router.post("/change")
def change(request: Request, op: Op, plan: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        current = ordering.current_plan(ctx, me.subs["id"])
        try:
            if current is None:
                raise ordering.Refused("您没有在用套餐")
            done = ordering.change(ctx, me.subs, current["id"], plan, "mobile")
        except ordering.Refused as exc:
            return _done(me, False, f"更换失败：{exc}")
        return _done(me, True, f"套餐已更换，即时生效，订单号{done['order']}")


@router.post("/cancel/{product_id}")
def cancel(product_id: str, request: Request, op: Op) -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        try:
            done = ordering.cancel(ctx, me.subs, product_id, "mobile")
        except ordering.Refused as exc:
            return _done(me, False, f"退订失败：{exc}")
        return _done(me, True, f"已退订，即时生效，订单号{done['order']}")


@router.get("/bills", response_class=HTMLResponse)
def bills(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        rows = billing.bills(ctx, me.subs["id"])
        return v.page(request, "mobile/bills.html", tab="bills", me=me.subs,
                      bills=[{**dict(b), "lines": json.loads(b["lines"])} for b in rows],
                      vat_shown=not ctx.fault("vat-not-shown"))


@router.get("/topup", response_class=HTMLResponse)
def topup_page(request: Request, op: Op) -> HTMLResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        return v.page(request, "mobile/topup.html", tab="me", me=me.subs,
                      amounts=catalogue.TOPUP_AMOUNTS, balance=v.balance(ctx, me.subs["id"]))


@router.post("/topup")
def topup(request: Request, op: Op, amount: Annotated[str, Form()] = "",
          cardNo: Annotated[str, Form()] = "",
          cardPwd: Annotated[str, Form()] = "") -> RedirectResponse:
    with op.tx() as ctx:
        me = v.visit(ctx, request, LOGIN)
        try:
            if cardNo:
                payment = payments.redeem(ctx, me.subs, cardNo.strip(), cardPwd.strip(),
                                          "mobile")
            else:
                payment = payments.top_up(ctx, me.subs,
                                          int(amount) if amount.isdigit() else 0, "mobile")
        except payments.Refused as exc:
            return _done(me, False, f"充值失败：{exc}")
        return _done(me, True, f"充值成功{written.cny(payment['amount'])}，流水号{payment['id']}")
