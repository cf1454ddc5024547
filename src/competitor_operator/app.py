"""The FastAPI application: the API (/bw-api, /oauth2/token), the test environment and
handsets (/qa/v2), the hotline (/ivr/96888), the web hall (/bw/) and the mobile hall (/bwapp/)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

# ordering, billing, news and payments register their jobs with the system clock on import
from competitor_operator import (  # noqa: F401
    billing,
    halls,
    hotline,
    news,
    ordering,
    payments,
    subscribers,
    testenv,
)
from competitor_operator.api import router as api_router
from competitor_operator.api.common import ROOT, ApiError, error_body, error_response
from competitor_operator.context import Operator

DESCRIPTION = """蓝鲸通信 (BlueWhale Telecom), the competitor: TMF-shaped API under /bw-api
(OAuth2 client credentials at /oauth2/token), the test environment under /qa/v2 (X-QA-Key),
the hotline 96888 under /ivr/96888, the web hall at /bw/ and the mobile hall at /bwapp/."""


def create_app(operator: Operator) -> FastAPI:
    # FastAPI's own OpenTelemetry off: it asks, on every request, whether a tracer or a
    # meter is set up (none is), about a tenth of a small request's cost here
    app = FastAPI(title="蓝鲸通信 BlueWhale Telecom", version="2.0", description=DESCRIPTION,
                  telemetry={"tracing": False, "metrics": False, "logs": False})
    app.state.operator = operator
    with operator.tx() as ctx:
        subscribers.provision_pool(ctx)
    app.include_router(api_router)
    app.include_router(testenv.router)
    app.include_router(testenv.keyed)
    app.include_router(hotline.router)
    halls.install(app)

    @app.exception_handler(ApiError)
    def _api(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(testenv.QaError)
    def _qa(request: Request, exc: testenv.QaError) -> JSONResponse:
        return testenv.qa_error_response(exc)

    @app.exception_handler(hotline.HotlineError)
    def _ivr(request: Request, exc: hotline.HotlineError) -> JSONResponse:
        return JSONResponse({"say": str(exc), "hangup": True, "error": str(exc)},
                            status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg')}"
            for e in exc.errors())
        if request.url.path.startswith(ROOT):
            return JSONResponse(error_body(400, "请求格式错误", problems), status_code=400)
        return JSONResponse({"error": {"errCode": "QA-400", "errMsg": problems}},
                            status_code=400)

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(ROOT):
            return JSONResponse(error_body(exc.status_code, str(exc.detail)),
                                status_code=exc.status_code, headers=exc.headers)
        return JSONResponse({"error": {"errCode": f"QA-{exc.status_code}",
                                       "errMsg": str(exc.detail)}},
                            status_code=exc.status_code, headers=exc.headers)

    return app
