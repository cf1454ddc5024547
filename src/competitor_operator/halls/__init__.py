"""The customer's halls: the web hall (网上营业厅, /bw/) and the mobile hall (掌上营业厅,
/bwapp/), each with its own pages and its own page sequence."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from competitor_operator.halls import mobile, web
from competitor_operator.halls.visit import SignInRequired


def install(app: FastAPI) -> None:
    app.include_router(web.router)
    app.include_router(mobile.router)

    @app.exception_handler(SignInRequired)
    def _sign_in(request: Request, exc: SignInRequired) -> RedirectResponse:
        return RedirectResponse(exc.url, status_code=303)
