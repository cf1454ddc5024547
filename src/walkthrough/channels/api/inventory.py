"""TMF637: the customer's products, their status in the walk's words (TMF637's), and any
plan change still waiting."""

from __future__ import annotations

from walkthrough.channels.api.ordering import Ordering
from walkthrough.channels.api.values import date
from walkthrough.views import ProductState


class Inventory(Ordering):
    def products(self) -> list[ProductState]:
        found = []
        pending = self._pending_changes()
        # the carrier's status words → TMF637's (``product_statuses``, e.g. created →
        # pendingActive); a word the file does not map is TMF's already
        words = self.api.setting("product_statuses", {}) or {}
        for p in self.api.list("product", **self.api.mine()):
            if "id" not in p or "status" not in p:
                raise self.api.missing("product", "an id and a status", p)
            offering_id, starts = pending.get(p["id"], ("", None))
            status = str(p["status"])
            found.append(ProductState(
                name=(p.get("productOffering") or {}).get("name") or p.get("name", ""),
                status=str(words.get(status, status)),
                start=date(p.get("startDate")),
                end=date(p.get("terminationDate")),
                pending_offering=self._offering_name(offering_id) if offering_id else "",
                pending_date=starts,
                ref=str(p["id"]),
            ))
        return found
