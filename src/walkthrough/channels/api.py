"""The API channel: the carrier's TM Forum Open API (TMF620/622/637/635/678/621, and TMF646's
appointment slots; top-ups as TMF676 payments, the prepaid balance as a TMF654 monetary
bucket), over requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from walkthrough.carrier import Carrier
from walkthrough.checkpoint import ActionFailed
from walkthrough.http import Http, client_credentials, error_text
from walkthrough.persona import Persona
from walkthrough.views import (
    Bill,
    BillLine,
    Offer,
    ProductState,
    RechargeCard,
    Site,
    Slot,
    Ticket,
    TopUpReceipt,
    UsageRecord,
)

CATALOG = "productCatalogManagement/v4"
ORDERING = "productOrderingManagement/v4"
INVENTORY = "productInventory/v4"
USAGE = "usageManagement/v4"
BILLING = "customerBillManagement/v4"
TROUBLE = "troubleTicket/v4"
APPOINTMENT = "appointment/v4"
PAYMENT = "paymentManagement/v4"
# TMF622 item states of an item not yet done (neither completed nor ended otherwise)
OPEN_ITEM_STATES = ("acknowledged", "pending", "held", "inProgress")
BALANCE = "prepayBalanceManagement/v4"


def api_client(carrier: Carrier, headers: dict[str, str] | None = None) -> Http:
    """HTTP as the carrier's API client the file names: OAuth 2.0 client credentials
    (``channels.api.oauth``) or a static bearer token (``channels.api.token_env``)."""
    timeout = float(carrier.get("channels.api.timeout", 10))
    if carrier.get("channels.api.oauth", None) is not None:
        session = client_credentials(
            carrier.url("channels.api.oauth.token_url"),
            str(carrier.get("channels.api.oauth.client_id")),
            carrier.secret("channels.api.oauth.secret_env"),
            str(carrier.get("channels.api.oauth.scope", "")))
        return Http(timeout=timeout, session=session, headers=headers)
    token = carrier.secret("channels.api.token_env")
    return Http(timeout=timeout, headers={**(headers or {}), "Authorization": f"Bearer {token}"})


class ApiChannel:
    name = "api"

    def __init__(self, carrier: Carrier, persona: Persona) -> None:
        self.carrier = carrier
        self.persona = persona
        self.base = carrier.url("channels.api.base_url").rstrip("/")
        self.http = api_client(carrier)
        self._offering_names: dict[str, str] = {}
        self.measures: dict[str, float] = {}

    # -- plumbing ----------------------------------------------------------------------------
    def _get(self, path: str, **params: str) -> Any:
        response = self.http.get(f"{self.base}/{path}", params=params or None)
        if response.status_code >= 400:
            raise ActionFailed(f"GET {path} was refused: {error_text(response)}")
        return response.json()

    def _list(self, path: str, **params: str) -> list[Any]:
        """Every item of a TMF list, page after page while the carrier says there are more
        (X-Total-Count); a carrier that does not page answers everything at once."""
        items: list[Any] = []
        while True:
            query = {**params, **({"offset": str(len(items))} if items else {})}
            response = self.http.get(f"{self.base}/{path}", params=query or None)
            if response.status_code >= 400:
                raise ActionFailed(f"GET {path} was refused: {error_text(response)}")
            page = response.json()
            if not isinstance(page, list):
                raise ActionFailed(f"GET {path} answered {type(page).__name__}, not a list")
            items += page
            total = response.headers.get("X-Total-Count", "")
            if not page or not total.isdigit() or len(items) >= int(total):
                return items

    def _price(self, ref: dict[str, Any]) -> dict[str, Any]:
        """A ProductOfferingPrice given by value, or fetched where the offering refers to it."""
        if "price" in ref:
            return ref
        if ref.get("href"):
            response = self.http.get(str(ref["href"]))
            if response.status_code >= 400:
                raise ActionFailed(f"GET {ref['href']} was refused: {error_text(response)}")
            return response.json()  # type: ignore[no-any-return]
        return self._get(f"{CATALOG}/productOfferingPrice/{ref['id']}")  # type: ignore[no-any-return]

    def _order(self, item: dict[str, Any]) -> dict[str, Any]:
        body = {
            "@type": "ProductOrder",
            "channel": [{"id": "api", "name": "api"}],
            "relatedParty": [self._party()],
            "productOrderItem": [{"id": "1", "@type": "ProductOrderItem", **item}],
        }
        response = self.http.post(f"{self.base}/{ORDERING}/productOrder", json=body)
        if response.status_code >= 400:
            raise ActionFailed(f"the {item['action']} order was refused: {error_text(response)}")
        return response.json()

    def _party(self) -> dict[str, str]:
        return {"id": self.persona.customer_id, "role": "customer", "@referredType": "Customer"}

    def _mine(self) -> dict[str, str]:
        """The filter that scopes a list to the walk's customer: by the party (TMF's
        relatedParty.id, the default) or by the billing account where the carrier keeps
        lists that way (``channels.api.scope_filter: billingAccount.id``)."""
        where = str(self.carrier.get("channels.api.scope_filter", "relatedParty.id"))
        return {where: self.persona.account or self.persona.customer_id}

    def _offering_id(self, name: str) -> str:
        return self.find_offering(name).ref

    def _offering_name(self, offering_id: str) -> str:
        if offering_id not in self._offering_names:
            self._offering_names[offering_id] = self._get(
                f"{CATALOG}/productOffering/{offering_id}")["name"]
        return self._offering_names[offering_id]

    # -- tasks and questions -----------------------------------------------------------------
    def sign_in(self) -> None:
        """A partner API acts for the customer by reference; the token is its sign-in."""

    def find_offering(self, name: str) -> Offer:
        for item in self._list(f"{CATALOG}/productOffering", name=name):
            if item.get("name") != name:
                continue
            prices = [self._price(p) for p in item.get("productOfferingPrice") or []]
            recurring = [p for p in prices if p.get("priceType") == "recurring"]
            if not recurring:
                raise ActionFailed(f"offering {name!r} has no recurring price in the catalogue")
            fee = _money(recurring[0].get("price"))
            terms = " ".join(t.get("description", "") for t in item.get("productOfferingTerm", []))
            self._offering_names[item["id"]] = name
            return Offer(name=name, fee=fee.quantize(Decimal("0.01")),
                         terms=terms or item.get("description", ""), ref=item["id"])
        raise ActionFailed(f"the catalogue has no offering named {name!r}")

    def order(self, offer: Offer, site: Site | None = None) -> str:
        item: dict[str, Any] = {"action": "add", "productOffering": {"id": offer.ref}}
        if site is not None:
            item["product"] = {"place": [{"role": "installationAddress", "name": site.address,
                                          "@referredType": "GeographicAddress"}]}
            if site.slot is not None:
                item["appointment"] = {"id": site.slot.ref, "@referredType": "Appointment"}
        order = self._order(item)
        return str(order.get("id", ""))

    def slots(self, offer: Offer) -> list[Slot]:
        return [Slot(start=dt.datetime.fromisoformat(s["validFor"]["startDateTime"]),
                     end=dt.datetime.fromisoformat(s["validFor"]["endDateTime"]), ref=s["id"])
                for s in self._list(f"{APPOINTMENT}/timeSlot", **self._mine())]

    def report_fault(self, product: ProductState, description: str) -> str:
        body = {"@type": "TroubleTicket", "description": description, "severity": "Major",
                "ticketType": "fault", "channel": {"id": "api", "name": "api"},
                "relatedParty": [self._party()],
                "relatedEntity": [{"id": product.ref, "role": "affectedProduct",
                                   "@referredType": "Product"}]}
        response = self.http.post(f"{self.base}/{TROUBLE}/troubleTicket", json=body)
        if response.status_code >= 400:
            raise ActionFailed(f"the fault report was refused: {error_text(response)}")
        return str(response.json().get("id", ""))

    def tickets(self) -> list[Ticket]:
        found = []
        for t in self._list(f"{TROUBLE}/troubleTicket", **self._mine()):
            entity = next(iter(t.get("relatedEntity") or []), {})
            found.append(Ticket(ref=t["id"], product=entity.get("name") or "",
                                status=t.get("status", ""),
                                reported=_moment(t.get("creationDate")),
                                resolved=_moment(t.get("resolutionDate"))))
        return found

    def products(self) -> list[ProductState]:
        found = []
        pending = self._pending_changes()
        for p in self._list(f"{INVENTORY}/product", **self._mine()):
            offering_id, starts = pending.get(p["id"], ("", None))
            found.append(ProductState(
                name=p.get("productOffering", {}).get("name") or p.get("name", ""),
                status=p.get("status", ""),
                start=_date(p.get("startDate")),
                end=_date(p.get("terminationDate")),
                pending_offering=self._offering_name(offering_id) if offering_id else "",
                pending_date=starts,
                ref=p["id"],
            ))
        return found

    def _pending_changes(self) -> dict[str, tuple[str, dt.date | None]]:
        """Product id → (the new offering, the day it starts) of each plan change still
        waiting: a TMF622 modify item not yet done, on an order with its requestedStartDate."""
        waiting: dict[str, tuple[str, dt.date | None]] = {}
        for order in self._list(f"{ORDERING}/productOrder", **self._mine()):
            for item in order.get("productOrderItem") or []:
                product = (item.get("product") or {}).get("id")
                offering = (item.get("productOffering") or {}).get("id")
                if item.get("action") == "modify" and product and offering and \
                        item.get("state") in OPEN_ITEM_STATES:
                    waiting[product] = (offering, _date(order.get("requestedStartDate")))
        return waiting

    def usage(self) -> list[UsageRecord]:
        return [self._usage_record(u) for u in self._usages()]

    def _usages(self) -> list[dict[str, Any]]:
        return self._list(f"{USAGE}/usage", **self._mine())

    def _usage_record(self, u: dict[str, Any]) -> UsageRecord:
        """A TMF635 usage in the walk's terms: its type as the carrier file maps it
        (``channels.api.usage.types``, e.g. VOICE → voice), its quantity from the
        characteristic the file names, in minutes and MB (``per_unit``: the carrier's units
        per minute or MB, e.g. 60 for seconds, 1024 for KB)."""
        spec = self.carrier.get("channels.api.usage", {}) or {}
        chars = {c["name"]: c.get("value") for c in u.get("usageCharacteristic", [])}
        given = str(u.get("usageType", ""))
        kind = str((spec.get("types") or {}).get(given, given))
        per_unit = Decimal(str((spec.get("per_unit") or {}).get(kind, 1)))
        quantity = Decimal(str(chars.get(spec.get("quantity", "quantity"), 0))) / per_unit
        return UsageRecord(at=dt.datetime.fromisoformat(u["usageDate"]), kind=kind,
                           quantity=quantity)

    def bills(self) -> list[Bill]:
        bills = self._list(f"{BILLING}/customerBill", **self._mine())
        return [Bill(period=b["billingPeriod"]["startDateTime"][:7],
                     amount=Decimal(str(b["amountDue"]["value"])).quantize(Decimal("0.01")),
                     ref=b["id"], holder=_customer_of(b)) for b in bills]

    def dispute(self, bill: Bill, item: str) -> str:
        # a TMF621 trouble ticket would carry it; the API driver does not file complaints yet
        raise ActionFailed("this channel takes no complaints about charges")

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        usages = self._usages()
        by_id = {str(u["id"]): u for u in usages}
        by_moment = {(_moment(u.get("usageDate")), _product_of_usage(u)): u for u in usages}
        # TMF678 v4 has no reference from a rate to its usage: a carrier may name it in a
        # characteristic (the carrier file says which); else the usage of the same product at
        # the same moment is the rate's.
        link = self.carrier.get("channels.api.usage_link", None)

        def usage_of(rate: dict[str, Any], chars: dict[str, Any]) -> UsageRecord | None:
            found = by_id.get(str(chars.get(link))) if link else None
            if found is None:
                found = by_moment.get((_moment(rate.get("date")),
                                       (rate.get("product") or {}).get("id")))
            return self._usage_record(found) if found is not None else None

        lines = []
        for rate in self._list(f"{BILLING}/appliedCustomerBillingRate", **{"bill.id": bill.ref}):
            amount = Decimal(str(rate["taxIncludedAmount"]["value"])).quantize(Decimal("0.01"))
            chars = {c["name"]: c.get("value") for c in rate.get("characteristic", [])}
            name = str(rate.get("name", ""))
            if rate.get("type") == "recurringCharge":
                lines.append(BillLine(kind="recurring", amount=amount, name=name))
            elif rate.get("type") == "discount":
                lines.append(BillLine(kind="discount", amount=amount, name=name))
            elif (usage := usage_of(rate, chars)) is not None:
                lines.append(BillLine(kind=usage.kind, amount=amount, at=usage.at,
                                      quantity=usage.quantity))
            elif rate.get("type") == "usageCharge":  # a usage charge no usage record explains
                lines.append(BillLine(kind="usage", amount=amount, at=_moment(rate.get("date")),
                                      name=name))
            else:
                lines.append(BillLine(kind="other", amount=amount, name=name))
        return lines

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        self._order({"action": "modify", "product": {"id": product.ref},
                     "productOffering": {"id": self._offering_id(new_offering)}})
        return None  # the inventory shows the scheduled change and its day

    def cancel(self, product: ProductState) -> None:
        self._order({"action": "delete", "product": {"id": product.ref}})

    def balance(self) -> Decimal:
        for bucket in self._list(f"{BALANCE}/bucket", **self._mine()):
            if bucket.get("usageType") == "monetary":
                value = bucket.get("remainingValue", {}).get("amount")
                return Decimal(str(value)).quantize(Decimal("0.01"))
        raise ActionFailed("the API shows the customer no monetary balance bucket")

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        method: dict[str, str] = {"@type": "DigitalWallet"} if card is None else \
            {"@type": "Voucher", "code": card.number, "password": card.password}
        body = {"@type": "Payment", "payer": self._party(), "paymentMethod": method,
                "totalAmount": {"unit": "CNY", "value": float(amount)},
                "channel": {"id": "api", "name": "api"}}
        response = self.http.post(f"{self.base}/{PAYMENT}/payment", json=body)
        if response.status_code >= 400:
            raise ActionFailed(f"the top-up was refused: {error_text(response)}")
        payment = response.json()
        if payment.get("status") == "failed":
            raise ActionFailed(f"the top-up {payment.get('id', '')} failed")
        return TopUpReceipt(reference=str(payment.get("id", "")))

    def evidence(self) -> list[tuple[str, bytes, str]]:
        text = "\n\n".join(self.http.exchanges)
        return [("API exchanges", self.persona.mask(text).encode(), "text/plain")]

    def close(self, failed: bool) -> None:
        self.http.close()


def _money(value: Any) -> Decimal:
    """A TMF Money {unit, value}; a Price {taxIncludedAmount: Money} is read too, as some
    carriers give a price by value in that shape."""
    if isinstance(value, dict) and isinstance(value.get("taxIncludedAmount"), dict):
        value = value["taxIncludedAmount"]
    if not isinstance(value, dict) or "value" not in value:
        raise ActionFailed(f"the catalogue's price is not a Money amount: {value!r}")
    return Decimal(str(value["value"]))


def _product_of_usage(usage: dict[str, Any]) -> Any:
    rated = next(iter(usage.get("ratedProductUsage") or []), {})
    return (rated.get("productRef") or {}).get("id")


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(str(value)).date() if "T" in str(value) else \
        dt.date.fromisoformat(str(value)[:10])


def _customer_of(resource: dict[str, Any]) -> str:
    """The id of the related party in the role of customer ("" when there is none)."""
    return next((str(p.get("id", "")) for p in resource.get("relatedParty", [])
                 if p.get("role", "customer").lower() == "customer"), "")


def _moment(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(str(value)) if value else None
