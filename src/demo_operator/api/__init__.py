"""The TM Forum Open API v4 subset: TMF620, 622, 637, 635, 678, 621 and a TMF646 subset;
top-ups as TMF676 payments and the prepaid balance as a TMF654 bucket."""

from __future__ import annotations

from demo_operator.api import bills, catalog, inventory, oauth, ordering, payment, tickets, usage

# Their routes join the app in this order, and a request is tried against each route in turn
# until one matches: the routers a walk asks most come first, the catalogue's 25 routes last.
# No two share a prefix, so the order changes no answer.
ROUTERS = (oauth.router, ordering.router, inventory.router, bills.router, payment.balances,
           tickets.router, payment.payments, usage.router, tickets.slots, catalog.router)
