"""The TM Forum Open API v4 subset: TMF620, 622, 637, 635, 678, 621 and a TMF646 subset."""

from __future__ import annotations

from fastapi import APIRouter

from demo_operator.api import bills, catalog, inventory, ordering, tickets, usage

router = APIRouter()
for module in (catalog, ordering, inventory, usage, bills, tickets):
    router.include_router(module.router)
router.include_router(tickets.slots)
