"""The operator's routes on the app itself: every module's routes are there, in the order
the most asked are tried first, and a router whose inclusion would add something refused."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.routing import APIRoute

from demo_operator import routes
from demo_operator.api import ROUTERS


def test_a_routers_routes_join_the_app_as_they_are() -> None:
    app = FastAPI()
    router = APIRouter(prefix="/phone/{msisdn}", tags=["phone"])

    @router.get("/inbox")
    async def inbox(msisdn: str) -> dict[str, str]:
        return {"msisdn": msisdn}

    routes.include(app, router)
    (route,) = [r for r in app.routes if isinstance(r, APIRoute)]
    assert (route.path, route.tags) == ("/phone/{msisdn}/inbox", ["phone"])
    assert "/phone/{msisdn}/inbox" in app.openapi()["paths"]


def test_a_router_with_dependencies_of_its_own_is_refused() -> None:
    async def key() -> None:
        return None

    with pytest.raises(TypeError, match="include_router"):
        routes.include(FastAPI(), APIRouter(dependencies=[Depends(key)]))


def test_the_api_routers_put_the_catalogue_last() -> None:
    prefixes = [r.prefix for r in ROUTERS]
    assert prefixes[-1].endswith("productCatalogManagement/v4")
    assert len(set(prefixes)) == len(prefixes)  # no two share a prefix: the order is free
