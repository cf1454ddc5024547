"""The store counter (营业厅受理系统, /counter/): a store agent's desktop application.

The agent signs in (工号 A001, the password from DEMO_OPERATOR_COUNTER_PASSWORD), identifies the
customer at the counter by number and ID number, and then works on their behalf with the
customer pages of the hall (hall.customer_pages) inside the counter's own layout. The counter
session (a cookie, kept in the database) holds the agent and the customer being served.

Handling time is spent on the customer's clock, as a real counter's system time would be:
identifying the customer takes 60 s, each confirmed order, change or cancel 90 s (the POST
routes of the customer pages), every other page 10 s. The time passes before the page or the
transaction is done, so an order bears the moment the agent finished keying it in.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from demo_operator import clock, customers, routes, times
from demo_operator.context import Ctx
from demo_operator.hall import (
    Channel,
    Op,
    SignInRequired,
    customer_pages,
    home,
    operator,
    redirect,
    sign_out,
)

AGENT = "A001"
COOKIE = "counter_session"
BASE = "/counter"
LOGIN = f"{BASE}/login"
IDENTIFY = f"{BASE}/identify"

IDENTIFY_SECONDS = 60
CONFIRM_SECONDS = 90
CONFIRM_SLOW_SECONDS = 6 * 60     # the counter-slow fault
PAGE_SECONDS = 10


def handling_seconds(ctx: Ctx, confirmed: bool) -> int:
    """System time a counter step takes: a confirmed transaction, or any other page."""
    if not confirmed:
        return PAGE_SECONDS
    # counter-slow: the back end takes 6 minutes to commit each counter transaction.
    return CONFIRM_SLOW_SECONDS if ctx.fault("counter-slow") else CONFIRM_SECONDS


def _session(request: Request) -> sqlite3.Row:
    """The agent's counter session, or SignInRequired to the agent sign-in page."""
    token = request.cookies.get(COOKIE)
    row = None
    if token:
        with operator(request).tx() as ctx:
            row = ctx.conn.execute("SELECT * FROM counter_session WHERE token = ?",
                                   (token,)).fetchone()
    if row is None:
        raise SignInRequired(LOGIN)
    request.state.agent = row["agent_id"]
    return row  # type: ignore[no-any-return]


Session = Annotated[sqlite3.Row, Depends(_session)]


def served(request: Request, session: Session) -> str:
    """The customer the agent is serving (else to 客户识别); spends the step's handling time."""
    customer_id = session["customer_id"]
    if customer_id is None:
        raise SignInRequired(IDENTIFY)
    with operator(request).tx() as ctx:
        clock.advance(ctx, customer_id, handling_seconds(ctx, request.method == "POST"))
    return str(customer_id)


def _agent(request: Request) -> dict[str, Any]:
    return {"agent": getattr(request.state, "agent", None)}


COUNTER = Channel("counter", BASE, "base_counter.html", served, _agent)
router = APIRouter(prefix=BASE, include_in_schema=False)


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return COUNTER.page(request, None, "counter_login.html", "营业员登录", agent_id="")


@router.post("/login", response_model=None)
def login(request: Request, op: Op, agent: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "") -> Response:
    agent = agent.strip()
    expected = op.settings.counter_password
    if agent != AGENT or not expected or not secrets.compare_digest(password, expected):
        return COUNTER.page(request, None, "counter_login.html", "营业员登录", agent_id=agent,
                            alert="工号或密码错误")
    token = secrets.token_urlsafe(32)
    with op.tx() as ctx:
        ctx.conn.execute("INSERT INTO counter_session(token, agent_id, created_at) "
                         "VALUES (?, ?, ?)",  # the agent's own (wall-clock) time
                         (token, agent, times.stored(dt.datetime.now(times.TZ))))
    response = redirect(IDENTIFY)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


@router.get("/identify")
def identify_page(request: Request, session: Session) -> HTMLResponse:
    return COUNTER.page(request, None, "counter_identify.html", "客户识别", msisdn="")


@router.post("/identify", response_model=None)
def identify(request: Request, op: Op, session: Session, msisdn: Annotated[str, Form()] = "",
             id_number: Annotated[str, Form()] = "") -> Response:
    msisdn, id_number = msisdn.strip(), id_number.strip()
    with op.tx() as ctx:
        customer = customers.by_msisdn(ctx, msisdn) if msisdn else None
        if customer is None or not id_number or customer["id_number"] != id_number:
            return COUNTER.page(request, None, "counter_identify.html", "客户识别",
                                msisdn=msisdn, alert="客户信息不符")
        ctx.conn.execute("UPDATE counter_session SET customer_id = ? WHERE token = ?",
                         (customer["id"], session["token"]))
        clock.advance(ctx, customer["id"], IDENTIFY_SECONDS)
    return redirect(f"{BASE}/services")


@router.post("/end")
def end(op: Op, session: Session) -> RedirectResponse:
    """结束受理: the customer leaves the counter; back to 客户识别."""
    with op.tx() as ctx:
        ctx.conn.execute("UPDATE counter_session SET customer_id = NULL WHERE token = ?",
                         (session["token"],))
    return redirect(IDENTIFY)


@router.get("/logout")
def logout(request: Request, op: Op) -> RedirectResponse:
    """The agent signs out of the counter."""
    return sign_out(request, op, COOKIE, "counter_session", LOGIN)


def install(app: Any) -> None:
    routes.include(app, router)
    routes.include(app, customer_pages(COUNTER))
    home(app, BASE)
