"""The API channel: the carrier's TM Forum Open API (TMF620/622/637/635/678/621, TMF646's
appointment slots, top-ups as TMF676 payments, the prepaid balance wherever the carrier keeps
it), over requests, at the paths and in the words its carrier file gives (``channels.api``).

One module per part of the vocabulary: the catalogue, ordering, the inventory, usage, billing,
payments and repairs; ``resources`` holds the paths and the one rule for the answers."""

from __future__ import annotations

from walkthrough import channels as can
from walkthrough.carrier import Carrier
from walkthrough.channels.api.billing import Billing
from walkthrough.channels.api.inventory import Inventory
from walkthrough.channels.api.payments import Payments
from walkthrough.channels.api.repairs import Repairs
from walkthrough.channels.api.resources import Api, api_client
from walkthrough.http import Http
from walkthrough.persona import Persona

__all__ = ["ApiChannel", "api_client"]


class ApiChannel(Billing, Inventory, Payments, Repairs):
    name = "api"
    abilities = frozenset({*can.COMMON, can.Itemised, can.Appointments, can.Repairs,
                           can.RepairTickets})

    def __init__(self, carrier: Carrier, persona: Persona) -> None:
        super().__init__()
        self.carrier = carrier
        self.persona = persona
        self.api = Api(carrier, persona)
        self.measures: dict[str, float] = {}

    @property
    def http(self) -> Http:
        return self.api.http

    def _mine(self) -> dict[str, str]:
        return self.api.mine()

    def sign_in(self) -> None:
        """A partner API acts for the customer by reference; the token is its sign-in."""

    def evidence(self) -> list[tuple[str, bytes, str]]:
        text = "\n\n".join(self.api.http.exchanges)
        return [("API exchanges", self.persona.mask(text).encode(), "text/plain")]

    def close(self, failed: bool) -> None:
        self.api.close()
