"""OAuth 2.0 client credentials (RFC 6749 §4.4) for the TMF API: a token endpoint, tokens
that expire, scopes, and a tester's token that sees only the test customers it made.

Two kinds of credential open the API:
- the operator's API token (DEMO_OPERATOR_API_TOKEN), the back-office credential: every
  scope, every customer;
- an access token from ``POST /oauth/token``. Client ``walkthrough`` is registered, its secret
  the API token; it may ask for ``tmf.read`` (GET) and ``tmf.write`` (POST, PATCH, DELETE).
  A test customer made with such a token in the Authorization header (``POST
  /test/customers``) belongs to its client, and the client's tokens see its own customers
  only: another customer's resources are 404, an order or filter naming one is 403.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from demo_operator.context import Ctx, Operator

TOKEN_PATH = "/oauth/token"
CLIENT_ID = "walkthrough"
SCOPES = ("tmf.read", "tmf.write")
READING = ("GET", "HEAD", "OPTIONS")

router = APIRouter(tags=["OAuth 2.0"])


@dataclasses.dataclass(frozen=True)
class Grant:
    """Who is asking: a client's token (its id and scopes), or the operator's own token."""

    client_id: str | None
    scopes: frozenset[str]

    @property
    def back_office(self) -> bool:
        return self.client_id is None

    def owns(self, ctx: Ctx, customer_id: str) -> bool:
        if self.back_office:
            return True
        row = ctx.conn.execute("SELECT client_id FROM customer_owner WHERE customer_id = ?",
                               (customer_id,)).fetchone()
        return row is not None and row["client_id"] == self.client_id


BACK_OFFICE = Grant(None, frozenset(SCOPES))


class TokenAnswer(BaseModel):
    access_token: str
    token_type: str
    expires_in: int
    scope: str


class OAuthError(BaseModel):
    error: str
    error_description: str | None = None


def _now() -> dt.datetime:
    # Token lifetimes are real time: they protect the API, not the customers' test clocks.
    return dt.datetime.now(dt.UTC)


def _refuse(status: int, error: str, description: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="token"'} if status == 401 else None
    return JSONResponse({"error": error, "error_description": description},
                        status_code=status, headers=headers,
                        media_type="application/json")


def _client_credentials(request: Request, client_id: str | None,
                        client_secret: str | None) -> tuple[str, str] | None:
    """HTTP Basic (RFC 6749 §2.3.1, the one servers must support) or the form's fields."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(encoded.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user, password
    if client_id is not None and client_secret is not None:
        return client_id, client_secret
    return None


@router.post(TOKEN_PATH, response_model=TokenAnswer,
             responses={400: {"model": OAuthError, "description": "Bad Request"},
                        401: {"model": OAuthError, "description": "Unauthorized"}})
async def token(request: Request, grant_type: Annotated[str, Form()],
          scope: Annotated[str | None, Form()] = None,
          client_id: Annotated[str | None, Form()] = None,
          client_secret: Annotated[str | None, Form()] = None) -> JSONResponse:
    op: Operator = request.app.state.operator
    if grant_type != "client_credentials":
        return _refuse(400, "unsupported_grant_type", "only client_credentials is granted")
    given = _client_credentials(request, client_id, client_secret)
    secret = op.settings.api_token
    if given is None or given[0] != CLIENT_ID or not secret or \
            not hmac.compare_digest(given[1].encode(), secret.encode()):
        return _refuse(401, "invalid_client", "unknown client or wrong secret")
    asked = set((scope or " ".join(SCOPES)).split())
    if not asked or not asked <= set(SCOPES):
        return _refuse(400, "invalid_scope", f"scopes offered: {' '.join(SCOPES)}")
    access = secrets.token_urlsafe(32)
    lifetime = op.settings.token_seconds
    with op.tx() as ctx:
        ctx.conn.execute("INSERT INTO oauth_token (token, client_id, scopes, expires_at) "
                         "VALUES (?, ?, ?, ?)",
                         (access, given[0], " ".join(sorted(asked)),
                          (_now() + dt.timedelta(seconds=lifetime)).isoformat()))
    return JSONResponse({"access_token": access, "token_type": "Bearer",
                         "expires_in": lifetime, "scope": " ".join(sorted(asked))},
                        headers={"Cache-Control": "no-store"})


def grant_of(ctx: Ctx, bearer: str) -> Grant | None:
    """The grant a bearer token carries; None when it is unknown or has expired."""
    secret = ctx.settings.api_token
    if secret and hmac.compare_digest(bearer.encode(), secret.encode()):
        return BACK_OFFICE
    row = ctx.conn.execute("SELECT * FROM oauth_token WHERE token = ?", (bearer,)).fetchone()
    if row is None or dt.datetime.fromisoformat(row["expires_at"]) <= _now():
        return None
    return Grant(row["client_id"], frozenset(row["scopes"].split()))


def scope_for(method: str) -> str:
    return "tmf.read" if method.upper() in READING else "tmf.write"


def record_owner(ctx: Ctx, request: Request, customer_id: str) -> None:
    """A test customer made with a client's token belongs to that client."""
    scheme, _, bearer = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return
    grant = grant_of(ctx, bearer.strip())
    if grant is not None and not grant.back_office:
        ctx.conn.execute("INSERT INTO customer_owner (customer_id, client_id) VALUES (?, ?)",
                         (customer_id, grant.client_id))
