"""TMF621 trouble tickets for a fixed line's faults, and TMF646's installation slots."""

from __future__ import annotations

import datetime as dt
from typing import Any

from walkthrough.channels.api.resources import Api
from walkthrough.channels.api.values import moment
from walkthrough.views import Offer, ProductState, Slot, Ticket


class Repairs:
    api: Api

    def slots(self, offer: Offer) -> list[Slot]:
        return [Slot(start=dt.datetime.fromisoformat(s["validFor"]["startDateTime"]),
                     end=dt.datetime.fromisoformat(s["validFor"]["endDateTime"]), ref=s["id"])
                for s in self.api.list("timeSlot", **self.api.mine())]

    def report_fault(self, product: ProductState, description: str) -> str:
        body = {"@type": "TroubleTicket", "description": description, "severity": "Major",
                "ticketType": "fault", "channel": {"id": "api", "name": "api"},
                "relatedParty": [self.api.party()],
                "relatedEntity": [{"id": product.ref, "role": "affectedProduct",
                                   "@referredType": "Product"}]}
        ticket = self.api.post("troubleTicket", body, "the fault report")
        return str(ticket.get("id", "")) if isinstance(ticket, dict) else ""

    def tickets(self) -> list[Ticket]:
        found = []
        for t in self.api.list("troubleTicket", **self.api.mine()):
            entity: dict[str, Any] = next(iter(t.get("relatedEntity") or []), {})
            found.append(Ticket(ref=t["id"], product=entity.get("name") or "",
                                status=t.get("status", ""),
                                reported=moment(t.get("creationDate")),
                                resolved=moment(t.get("resolutionDate"))))
        return found
