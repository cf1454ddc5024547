"""The API under /bw-api: TM Forum shapes of BlueWhale's own choices, OAuth2 client
credentials at /oauth2/token."""

from fastapi import APIRouter

from competitor_operator.api import bills, catalogue, inventory, ordering, payment, token, usage

router = APIRouter()
router.include_router(token.router)
for module in (catalogue, ordering, inventory, usage, bills, payment):
    router.include_router(module.router)
