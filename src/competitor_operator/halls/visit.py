"""What both halls share: sign-in by password plus SMS code, the session cookie and its state
(the cart, the toast to show on the next page), the templates and the written forms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from competitor_operator import catalogue, messages, ordering, subscribers, sysclock, written
from competitor_operator.context import Ctx, Operator

COOKIE = "bw_session"
CODE_VALID = dt.timedelta(minutes=5)

templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
templates.env.filters["cny"] = written.cny
templates.env.filters["chinese_date"] = lambda text: written.chinese_date(
    dt.date.fromisoformat(text) if len(text) == 10 else written.parse(text))
templates.env.filters["duration"] = written.duration


class SignInRequired(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


class Refused(Exception):
    pass


def operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


@dataclasses.dataclass
class Visit:
    """One request of a signed-in customer."""
    ctx: Ctx
    token: str
    subs: sqlite3.Row
    state: dict[str, Any]

    def save(self) -> None:
        self.ctx.conn.execute("UPDATE web_session SET state = ? WHERE token = ?",
                              (json.dumps(self.state, ensure_ascii=False), self.token))

    def toast(self, text: str) -> None:
        self.state["toast"] = text
        self.save()

    def take_toast(self) -> str:
        text = str(self.state.pop("toast", ""))
        self.save()
        return text


def visit(ctx: Ctx, request: Request, login_url: str) -> Visit:
    token = request.cookies.get(COOKIE, "")
    row = ctx.conn.execute("SELECT * FROM web_session WHERE token = ?", (token,)).fetchone()
    if row is None:
        raise SignInRequired(login_url)
    return Visit(ctx, token, subscribers.get(ctx, row["subs_id"]), json.loads(row["state"]))


def check_password(ctx: Ctx, tel_no: str, password: str,
                   which: str = "login_pwd") -> sqlite3.Row:
    """Right password (the web hall's login password, or the 6-digit service password the
    mobile hall asks for): an SMS code goes to the number."""
    try:
        subs = subscribers.by_tel(ctx, tel_no.strip())
    except subscribers.NotFound as exc:
        raise Refused("手机号码或密码不正确") from exc
    if not secrets.compare_digest(subs[which], password):
        raise Refused("手机号码或密码不正确")
    code = f"{secrets.randbelow(10**6):06d}"
    ctx.conn.execute("INSERT OR REPLACE INTO sign_in(tel_no, code, issued_at) VALUES (?, ?, ?)",
                     (subs["tel_no"], code, written.stored(sysclock.now(ctx))))
    messages.send(ctx, subs["tel_no"], f"您的登录验证码为{code}，5分钟内有效，请勿告诉他人。",
                  delay=dt.timedelta(seconds=2))
    return subs


def check_code(ctx: Ctx, tel_no: str, code: str) -> str:
    """The right code, in time: a new session token."""
    row = ctx.conn.execute("SELECT * FROM sign_in WHERE tel_no = ?", (tel_no,)).fetchone()
    if row is None or not secrets.compare_digest(row["code"], code.strip()):
        raise Refused("短信验证码不正确")
    if sysclock.now(ctx) - written.parse(row["issued_at"]) > CODE_VALID:
        raise Refused("短信验证码已过期，请重新获取")
    ctx.conn.execute("DELETE FROM sign_in WHERE tel_no = ?", (tel_no,))
    token = secrets.token_urlsafe(24)
    subs = subscribers.by_tel(ctx, tel_no)
    ctx.conn.execute("INSERT INTO web_session(token, subs_id) VALUES (?, ?)", (token, subs["id"]))
    return token


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, values, status_code=status)


def offer_view(ctx: Ctx, offering: catalogue.Offering, extra: int = 0) -> dict[str, Any]:
    fee = offering.fee + extra
    return {"code": offering.code, "name": offering.name, "kind": offering.kind,
            "fee": fee, "vat": None if ctx.fault("vat-not-shown") else
            catalogue.vat_of(fee, offering.vat_rate),
            "vat_rate": int(offering.vat_rate * 100), "description": offering.description,
            "provider": offering.provider}


def products_view(ctx: Ctx, subs_id: str) -> list[dict[str, Any]]:
    state = {"active": "已生效", "pending": "开通中"}
    return [{"id": p["id"], "name": catalogue.OFFERINGS[p["offering"]].name,
             "kind": catalogue.OFFERINGS[p["offering"]].kind, "state": state[p["state"]],
             "active": p["state"] == "active",
             "since": p["active_from"] or p["ordered_at"]}
            for p in ordering.products(ctx, subs_id)]


def balance(ctx: Ctx, subs_id: str) -> int:
    return int(ctx.conn.execute("SELECT balance FROM subscriber WHERE id = ?",
                                (subs_id,)).fetchone()["balance"])
