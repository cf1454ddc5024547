"""What every API module shares: the bearer-token check, TMF Error bodies, paging, money."""

from __future__ import annotations

import secrets
import time
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.responses import JSONResponse

from competitor_operator.context import Operator

ROOT = "/bw-api"
MAX_LIMIT = 100


class ApiError(Exception):
    def __init__(self, status: int, reason: str, message: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.message = status, reason, message
        self.headers = headers or {}


def error_body(status: int, reason: str, message: str = "") -> dict[str, Any]:
    return {"code": str(status), "reason": reason, "message": message or reason,
            "status": str(status), "@type": "Error"}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(error_body(exc.status, exc.reason, exc.message),
                        status_code=exc.status, headers=exc.headers)


def operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


Op = Annotated[Operator, Depends(operator)]


def issue_token(op: Operator) -> str:
    token = secrets.token_urlsafe(24)
    with op.tx() as ctx:
        ctx.conn.execute("DELETE FROM token WHERE expires < ?", (time.time(),))
        ctx.conn.execute("INSERT INTO token(token, expires) VALUES (?, ?)",
                         (token, time.time() + op.settings.token_ttl))
    return token


def bearer(op: Op, authorization: Annotated[str | None, Header()] = None) -> None:
    """RFC 6750: no token → 401 with a bare challenge; a bad or expired one → invalid_token."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "未认证", "需要 OAuth2 访问令牌（POST /oauth2/token）",
                       {"WWW-Authenticate": 'Bearer realm="bw-api"'})
    with op.tx() as ctx:
        row = ctx.conn.execute("SELECT expires FROM token WHERE token = ?",
                               (token.strip(),)).fetchone()
    if row is None or row["expires"] < time.time():
        why = "访问令牌已过期" if row is not None else "访问令牌无效"
        raise ApiError(401, why, why, {
            "WWW-Authenticate": f'Bearer realm="bw-api", error="invalid_token", '
                                f'error_description="{"expired" if row else "unknown"} token"'})


Authorised = Depends(bearer)


def page(items: list[dict[str, Any]], response: Response, offset: int, limit: int
         ) -> list[dict[str, Any]]:
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise ApiError(400, "分页参数错误", f"offset ≥ 0, 1 ≤ limit ≤ {MAX_LIMIT}")
    chosen = items[offset:offset + limit]
    response.headers["X-Total-Count"] = str(len(items))
    response.headers["X-Result-Count"] = str(len(chosen))
    return chosen


def money(fen: int) -> dict[str, Any]:
    return {"unit": "CNY", "value": float(Decimal(fen) / 100)}


def party(subs_id: str) -> list[dict[str, Any]]:
    return [{"id": subs_id, "role": "customer", "@referredType": "Subscriber"}]
