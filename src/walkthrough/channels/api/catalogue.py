"""TMF620: the catalogue's offerings and their prices, given by value or by reference."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from walkthrough.channels.api.resources import Api
from walkthrough.channels.api.values import money
from walkthrough.checkpoint import ActionFailed
from walkthrough.views import Offer


class Catalogue:
    api: Api

    def __init__(self) -> None:
        self._offering_names: dict[str, str] = {}

    def find_offering(self, name: str) -> Offer:
        for item in self.api.list("productOffering", name=name):
            if item.get("name") != name:
                continue
            if "id" not in item:
                raise self.api.missing("productOffering", "an id", item)
            prices = [self._price(p) for p in item.get("productOfferingPrice") or []]
            recurring = [p for p in prices if p.get("priceType") == "recurring"]
            if not recurring:
                raise ActionFailed(f"offering {name!r} has no recurring price in the catalogue")
            price = recurring[0].get("price")
            fee = money(price, f"the price of {name!r}")
            terms = " ".join(t.get("description", "") for t in item.get("productOfferingTerm", []))
            self._offering_names[item["id"]] = name
            return Offer(name=name, fee=fee, terms=terms or item.get("description", ""),
                         ref=item["id"], vat=_vat(price, fee))
        raise ActionFailed(f"the catalogue has no offering named {name!r}")

    def _price(self, ref: dict[str, Any]) -> dict[str, Any]:
        """A ProductOfferingPrice given by value, or fetched where the offering refers to it
        (by its href, else by its id under ``paths.productOfferingPrice``)."""
        if "price" in ref:
            return ref
        if ref.get("href"):
            found = self.api.get_href(str(ref["href"]), "productOfferingPrice")
        elif ref.get("id"):
            found = self.api.get("productOfferingPrice", str(ref["id"]))
        else:
            raise self.api.missing("productOffering", "a price with an id or href", ref)
        if not isinstance(found, dict) or "price" not in found:
            raise self.api.missing("productOfferingPrice", "a price", found)
        return found

    def _offering_id(self, name: str) -> str:
        return self.find_offering(name).ref

    def _offering_name(self, offering_id: str) -> str:
        if offering_id not in self._offering_names:
            found = self.api.get("productOffering", offering_id)
            if "name" not in found:
                raise self.api.missing("productOffering", "a name", found)
            self._offering_names[offering_id] = str(found["name"])
        return self._offering_names[offering_id]


def _vat(price: Any, fee: Decimal) -> Decimal | None:
    """The VAT a TMF ``Price`` states: its tax-included less its duty-free amount; none where
    it gives no duty-free amount."""
    if not isinstance(price, dict) or price.get("dutyFreeAmount") is None:
        return None
    return fee - money(price["dutyFreeAmount"], "the price's dutyFreeAmount")
