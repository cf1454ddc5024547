"""The TM Forum Open API v4 subset: TMF620, 622, 637, 635 and 678."""

from __future__ import annotations

from fastapi import APIRouter

from demo_operator.api import bills, catalog, inventory, ordering, usage

router = APIRouter()
for module in (catalog, ordering, inventory, usage, bills):
    router.include_router(module.router)
