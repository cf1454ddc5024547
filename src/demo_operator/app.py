"""The FastAPI application: TMF API, web and mobile hall, store counter, hotline, test support
and the customer's phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

# The job handlers register themselves with the clock when their modules are imported.
from demo_operator import (  # noqa: F401 - billing and orders register their clock jobs
    billing,
    clock,
    counter,
    disputes,
    hall,
    hotline,
    orders,
    routes,
    testsupport,
)
from demo_operator.api import ROUTERS as TMF_ROUTERS
from demo_operator.api.common import ROOT, ApiError, error_body, error_response
from demo_operator.api.listing import document_errors
from demo_operator.api.oauth import TOKEN_PATH
from demo_operator.context import Operator

DESCRIPTION = """演示电信 (the demo carrier): a TM Forum Open API v4 subset (TMF620 product
catalogue, TMF622 ordering, TMF637 inventory, TMF635 usage, TMF678 bills; Bearer token),
plus the test-environment routes (/test/...), the customer's phone (/phone/..., including SMS
to the SMS hall 10001) and the hotline 10000 (/hotline/calls). The web hall is at /hall/, the
mobile hall at /m/, the store counter at /counter/."""


def create_app(operator: Operator) -> FastAPI:
    # FastAPI's own OpenTelemetry off: it asks, on every request, whether a tracer or a
    # meter is set up (none is), about a tenth of a small request's cost here
    app = FastAPI(title="演示电信 demo operator", version="1.0", description=DESCRIPTION,
                  telemetry={"tracing": False, "metrics": False, "logs": False})
    app.state.operator = operator
    # Each request is matched against the routes in this order, one by one, and most of a
    # walk's requests are the test clock's, the phone's and the hotline's: theirs come first.
    # No two of these groups share a path's first segment, so the order changes no answer.
    testsupport.install(app)
    hotline.install(app)
    for router in TMF_ROUTERS:
        routes.include(app, router)
    hall.install(app)
    counter.install(app)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")

    if operator.settings.real_time:
        @app.middleware("http")
        async def _wall_clock(request: Request, call_next):  # type: ignore[no-untyped-def]
            # Before anything is answered, every customer's clock catches up with the wall
            # clock, running the jobs that fell due meanwhile (a customer's clock that a test
            # moved ahead stays ahead).
            await run_in_threadpool(clock.catch_up, operator)
            return await call_next(request)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
            for e in exc.errors())
        if request.url.path.startswith(ROOT):
            return JSONResponse(error_body(400, "请求格式错误", problems), status_code=400)
        if request.url.path == TOKEN_PATH:
            return JSONResponse({"error": "invalid_request", "error_description": problems},
                                status_code=400)
        return JSONResponse({"detail": problems}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(ROOT):
            return JSONResponse(error_body(exc.status_code, str(exc.detail)),
                                status_code=exc.status_code, headers=exc.headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=exc.headers)

    plain_openapi = app.openapi

    def tmf_openapi() -> dict[str, Any]:
        schema = document_errors(plain_openapi(), ROOT)
        schema["paths"].get(TOKEN_PATH, {}).get("post", {}).get("responses", {}).pop("422", None)
        return schema

    app.openapi = tmf_openapi  # type: ignore[method-assign]
    return app
