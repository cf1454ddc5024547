"""What the TMF routers share: the operator, the bearer token, TMF Error answers, hrefs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

from demo_operator.api import oauth
from demo_operator.context import Ctx, Operator

ROOT = "/tmf-api"
CATALOG = f"{ROOT}/productCatalogManagement/v4"
ORDERING = f"{ROOT}/productOrderingManagement/v4"
INVENTORY = f"{ROOT}/productInventory/v4"
USAGE = f"{ROOT}/usageManagement/v4"
BILLING = f"{ROOT}/customerBillManagement/v4"

# Every list and resource answer leaves out fields that have no value.
JSON_OPTS: dict[str, Any] = {"response_model_exclude_none": True}


class ApiError(Exception):
    """Answered as a TMF Error object {code, reason, message, status}."""

    def __init__(self, status: int, reason: str, message: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message or reason)
        self.status, self.reason, self.message, self.headers = status, reason, message, headers


def error_body(status: int, reason: str, message: str = "") -> dict[str, str]:
    return {"code": str(status), "reason": reason, "message": message or reason,
            "status": str(status), "@type": "Error"}


def error_response(exc: ApiError) -> JSONResponse:
    return JSONResponse(error_body(exc.status, exc.reason, exc.message), status_code=exc.status,
                        headers=exc.headers)


def operator(request: Request) -> Operator:
    return request.app.state.operator  # type: ignore[no-any-return]


async def require_token(request: Request) -> Operator:
    """The operator, for a Bearer token: the operator's API token, or an unexpired OAuth
    access token with the scope the method needs (RFC 6750 §3 for the refusals). The grant is
    kept on the request for the checks of whose customer is asked for."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    with operator(request).tx() as ctx:
        grant = oauth.grant_of(ctx, given.strip()) if scheme.lower() == "bearer" else None
    if grant is None:
        raise ApiError(401, "未授权", "a valid Bearer token is required",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    needed = oauth.scope_for(request.method)
    if needed not in grant.scopes:
        raise ApiError(403, "权限不足", f"the token lacks the scope {needed}",
                       headers={"WWW-Authenticate":
                                f'Bearer error="insufficient_scope", scope="{needed}"'})
    request.state.grant = grant
    return operator(request)


def grant(request: Request) -> oauth.Grant:
    return getattr(request.state, "grant", oauth.BACK_OFFICE)  # type: ignore[no-any-return]


def customers_of(item: dict[str, Any]) -> set[str]:
    """The customers a resource belongs to: its related party as customer, or its payer."""
    found = {str(p.get("id")) for p in item.get("relatedParty") or []
             if isinstance(p, dict) and str(p.get("role", "customer")).lower() == "customer"}
    if isinstance(item.get("payer"), dict):
        found.add(str(item["payer"].get("id")))
    return found


class Owned:
    """The customers a client's token may see, asked of the store for the customers a request
    meets (each asked once a request). A client's test customers grow by one a walk: reading
    all of them on every request made a campaign's requests slower the longer it ran."""

    def __init__(self, operator: Operator, client_id: str) -> None:
        self._operator, self._client = operator, client_id
        self._known: dict[str, bool] = {}

    def covers(self, customers: Iterable[str]) -> bool:
        customers = set(customers)
        asked = sorted(customers - self._known.keys())
        if asked:
            marks = ",".join("?" * len(asked))
            with self._operator.tx() as ctx:
                mine = {r["customer_id"] for r in ctx.conn.execute(
                    f"SELECT customer_id FROM customer_owner WHERE client_id = ? "
                    f"AND customer_id IN ({marks})", (self._client, *asked))}
            self._known.update((c, c in mine) for c in asked)
        return all(self._known[c] for c in customers)


def owned(request: Request) -> Owned | None:
    """The customers the request's token may see; None for every customer."""
    asking = grant(request)
    if asking.client_id is None:  # the back office's own token
        return None
    return Owned(operator(request), asking.client_id)


def require_visible(request: Request, item: dict[str, Any], what: str) -> None:
    """Another client's customer's resource is not there, as far as this token can tell."""
    mine = owned(request)
    if mine is not None and not mine.covers(customers_of(item)):
        raise ApiError(404, "资源不存在", f"no {what} {item.get('id')!r}")


def require_customer(ctx: Ctx, request: Request, customer_id: str) -> None:
    """A client's token may name only the test customers it made."""
    if not grant(request).owns(ctx, customer_id):
        raise ApiError(403, "无权访问该客户", f"customer {customer_id!r} is not one of this "
                       "client's test customers")


def href(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


def customer_party(request: Request, customer_id: str, name: str | None = None
                   ) -> dict[str, Any]:
    return {"id": customer_id, "href": href(request, f"/test/customers/{customer_id}"),
            "name": name, "role": "customer", "@referredType": "Customer"}


# The dependencies and the endpoints are coroutines doing their quick SQLite work inline:
# FastAPI hands a plain function to a worker thread, and that hand-off (several a request)
# cost more than the work, which waits for the store's one lock anyway. The token's check is
# the one dependency that gives every API route the operator (the tests ask each route of
# the OpenAPI document without a token): as a router's dependency beside it, it would be a
# second for FastAPI to solve on every request, which costs more than most routes' work.
Op = Annotated[Operator, Depends(require_token)]
