"""How a module's routes join the app."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI


def include(app: FastAPI, router: APIRouter) -> None:
    """The router's routes on the app itself, as ``app.include_router`` put them before
    FastAPI 0.16x. It now keeps the router whole and matches a request against its routes
    twice (once to choose the router, once inside it), with bookkeeping at each route: that
    cost the operator more than most of its answers. A route already carries its full path,
    its tags and its dependencies; what only an inclusion would add is refused here."""
    if router.dependencies or router.on_startup or router.on_shutdown:
        raise TypeError("a router with dependencies or events of its own needs "
                        "app.include_router")
    app.router.routes.extend(router.routes)
