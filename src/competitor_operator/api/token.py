"""OAuth2 client credentials (RFC 6749 §4.4): the client's id and secret, in HTTP Basic or in
the form, buy a bearer token that lives ``token_ttl`` seconds of real time."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Header
from fastapi.responses import JSONResponse

from competitor_operator.api.common import Op, issue_token

router = APIRouter(tags=["OAuth2"])


def _refuse(status: int, error: str, description: str) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Basic realm="bw-api"'} if status == 401 else {}
    return JSONResponse({"error": error, "error_description": description},
                        status_code=status, headers=headers)


@router.post("/oauth2/token", response_model=None)
def token(op: Op, grant_type: Annotated[str, Form()] = "",
          client_id: Annotated[str, Form()] = "", client_secret: Annotated[str, Form()] = "",
          authorization: Annotated[str | None, Header()] = None) -> JSONResponse | dict[str, Any]:
    if authorization and authorization.lower().startswith("basic "):
        try:
            client_id, _, client_secret = base64.b64decode(
                authorization[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return _refuse(401, "invalid_client", "malformed Basic credentials")
    if grant_type != "client_credentials":
        return _refuse(400, "unsupported_grant_type", "only client_credentials is supported")
    settings = op.settings
    if not (secrets.compare_digest(client_id, settings.client_id)
            and secrets.compare_digest(client_secret, settings.client_secret)):
        return _refuse(401, "invalid_client", "unknown client or wrong secret")
    return {"access_token": issue_token(op), "token_type": "Bearer",
            "expires_in": int(settings.token_ttl)}
