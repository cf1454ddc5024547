"""The TM Forum Open API v4 subset: TMF620, 622, 637, 635, 678, 621 and a TMF646 subset;
top-ups as TMF676 payments and the prepaid balance as a TMF654 bucket."""

from __future__ import annotations

from fastapi import APIRouter

from demo_operator.api import bills, catalog, inventory, oauth, ordering, payment, tickets, usage

router = APIRouter()
for module in (catalog, ordering, inventory, usage, bills, tickets):
    router.include_router(module.router)
router.include_router(tickets.slots)
router.include_router(payment.payments)
router.include_router(payment.balances)
router.include_router(oauth.router)
