"""What the TMF routers share: the operator, the bearer token, TMF Error answers, hrefs."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse

from demo_operator.context import Operator

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


def require_token(request: Request) -> None:
    """Bearer token from DEMO_OPERATOR_API_TOKEN; compared in constant time."""
    expected = operator(request).settings.api_token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             expected.encode()):
        raise ApiError(401, "未授权", "a valid Bearer token is required",
                       headers={"WWW-Authenticate": "Bearer"})


def href(request: Request, path: str) -> str:
    return str(request.base_url).rstrip("/") + path


def customer_party(request: Request, customer_id: str, name: str | None = None
                   ) -> dict[str, Any]:
    return {"id": customer_id, "href": href(request, f"/test/customers/{customer_id}"),
            "name": name, "role": "customer", "@referredType": "Customer"}


Op = Annotated[Operator, Depends(operator)]
CustomerFilter = Annotated[str | None, Query(alias="relatedParty.id")]
BillFilter = Annotated[str | None, Query(alias="bill.id")]
