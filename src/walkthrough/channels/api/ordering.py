"""TMF622: orders of one item that adds, modifies or deletes a product, for the walk's
customer as the order's party."""

from __future__ import annotations

import datetime as dt
from typing import Any

from walkthrough.channels.api.catalogue import Catalogue
from walkthrough.channels.api.values import date
from walkthrough.views import Offer, ProductState, Site

# TMF622 item states of an item not yet done (neither completed nor ended otherwise)
OPEN_ITEM_STATES = ("acknowledged", "pending", "held", "inProgress")
ACTIONS = {"add": "add", "modify": "modify", "delete": "delete"}


class Ordering(Catalogue):
    def order(self, offer: Offer, site: Site | None = None) -> str:
        item: dict[str, Any] = {"action": self._action("add"),
                                "productOffering": {"id": offer.ref}}
        if site is not None:
            item["product"] = {"place": [{"role": "installationAddress", "name": site.address,
                                          "@referredType": "GeographicAddress"}]}
            if site.slot is not None:
                item["appointment"] = {"id": site.slot.ref, "@referredType": "Appointment"}
        order = self._order(item)
        if not isinstance(order, dict) or not order.get("id"):
            raise self.api.missing("productOrder", "an id", order)
        return str(order["id"])

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        self._order({"action": self._action("modify"), "product": {"id": product.ref},
                     "productOffering": {"id": self._offering_id(new_offering)}})
        return None  # the inventory shows the scheduled change and its day

    def cancel(self, product: ProductState) -> None:
        self._order({"action": self._action("delete"), "product": {"id": product.ref}})

    def _action(self, action: str) -> str:
        """The carrier's word for an item's action (``order.actions``: TMF's by default)."""
        return str((self.api.setting("order.actions", {}) or {}).get(action, ACTIONS[action]))

    def _order(self, item: dict[str, Any]) -> Any:
        body = {
            "@type": "ProductOrder",
            "channel": [{"id": "api", "name": "api"}],
            "relatedParty": [self.api.party()],
            "productOrderItem": [{"id": "1", "@type": "ProductOrderItem", **item}],
        }
        return self.api.post("productOrder", body, f"the {item['action']} order")

    def _pending_changes(self) -> dict[str, tuple[str, dt.date | None]]:
        """Product id → (the new offering, the day it starts) of each plan change still
        waiting: a TMF622 modify item not yet done (``order.open_states``), on an order with
        its requestedStartDate."""
        open_states = tuple(self.api.setting("order.open_states", OPEN_ITEM_STATES))
        modify = self._action("modify")
        waiting: dict[str, tuple[str, dt.date | None]] = {}
        for order in self.api.list("productOrder", **self.api.mine()):
            for item in order.get("productOrderItem") or []:
                product = (item.get("product") or {}).get("id")
                offering = (item.get("productOffering") or {}).get("id")
                if item.get("action") == modify and product and offering and \
                        item.get("state") in open_states:
                    waiting[product] = (offering, date(order.get("requestedStartDate")))
        return waiting
