"""TMF678: the customer's bills, with their VAT where the carrier states it, and their lines
(AppliedCustomerBillingRate) in the walk's kinds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from walkthrough.channels.api.usage import Usage
from walkthrough.channels.api.values import (
    amount,
    characteristics,
    customer_of,
    date,
    moment,
    money,
)
from walkthrough.views import Bill, BillLine, UsageRecord

# TMF678's rate types in the walk's kinds; a carrier naming them otherwise says so in
# ``bill_lines.types`` ("usage": a usage charge, explained by its usage record)
RATE_KINDS = {"recurringCharge": "recurring", "discount": "discount", "usageCharge": "usage"}
LINE_KINDS = ("recurring", "discount", "voice", "data", "usage", "other")


class Billing(Usage):
    def bills(self) -> list[Bill]:
        return [self._bill(b) for b in self.api.list("customerBill", **self.api.mine())]

    def _bill(self, b: dict[str, Any]) -> Bill:
        period = b.get("billingPeriod") or {}
        if "id" not in b or "startDateTime" not in period or "amountDue" not in b:
            raise self.api.missing("customerBill", "an id, a billingPeriod and an amountDue", b)
        ends = date(period.get("endDateTime"))
        # TMF leaves open whether the period's end belongs to it (``bill.period_end``)
        if ends is not None and \
                self.api.choice("bill.period_end", ("inclusive", "exclusive")) == "exclusive":
            ends -= dt.timedelta(days=1)
        tax = self.api.find("bill.tax", b)
        return Bill(period=str(period["startDateTime"])[:7],
                    amount=money(b["amountDue"], f"bill {b['id']}'s amountDue"),
                    ref=str(b["id"]), holder=customer_of(b),
                    start=date(period["startDateTime"]), end=ends,
                    vat=None if tax is None else amount(tax, f"bill {b['id']}'s tax"))

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        kinds = {**RATE_KINDS, **(self.api.setting("bill_lines.types", {}) or {})}
        rates = self.api.list("appliedCustomerBillingRate", **{"bill.id": bill.ref})
        usage_of = self._usage_finder() if "usage" in {kinds.get(r.get("type")) for r in rates} \
            else (lambda rate, chars: None)
        lines = []
        for rate in rates:
            if "taxIncludedAmount" not in rate:
                raise self.api.missing("appliedCustomerBillingRate", "a taxIncludedAmount", rate)
            charged = money(rate["taxIncludedAmount"], f"the bill line {rate.get('id', '')}")
            chars = characteristics(rate)
            name = str(rate.get("name", ""))
            tax = self.api.find("bill_lines.tax", rate)
            tax = None if tax is None else amount(tax, f"the bill line {name}'s tax")
            kind = str(kinds.get(rate.get("type"), "other"))
            if kind == "usage":
                if (usage := usage_of(rate, chars)) is not None:
                    lines.append(BillLine(kind=usage.kind, amount=charged, at=usage.at,
                                          quantity=usage.quantity, name=name, vat=tax))
                else:  # a usage charge no usage record explains
                    lines.append(BillLine(kind="usage", amount=charged,
                                          at=moment(rate.get("date")), name=name, vat=tax))
            elif kind in ("voice", "data"):  # a charge for the cycle's usage as a whole
                lines.append(BillLine(kind=kind, amount=charged, name=name, vat=tax,
                                      quantity=self._line_quantity(kind, chars)))
            else:
                lines.append(BillLine(kind=kind if kind in LINE_KINDS else "other",
                                      amount=charged, name=name, vat=tax))
        return lines

    def _line_quantity(self, kind: str, chars: dict[str, Any]) -> Decimal | None:
        """What a cycle's usage line says was charged, in minutes or MB: the characteristic
        ``bill_lines.quantity`` in the unit the characteristic ``bill_lines.unit`` names
        (``bill_lines.per_unit``: the carrier's unit → units per minute or MB)."""
        value = chars.get(str(self.api.setting("bill_lines.quantity", "quantity")))
        if value is None:
            return None
        unit = str(chars.get(str(self.api.setting("bill_lines.unit", "unit")), ""))
        per_unit = (self.api.setting("bill_lines.per_unit", {}) or {}).get(unit, 1)
        return Decimal(str(value)) / Decimal(str(per_unit))

    def _usage_finder(self) -> Any:
        usages = self._usages()
        by_id = {str(u.get("id")): u for u in usages}
        by_moment = {(moment(u.get("usageDate")), _product_of_usage(u)): u for u in usages}
        # TMF678 v4 has no reference from a rate to its usage: a carrier may name it in a
        # characteristic (the carrier file says which); else the usage of the same product at
        # the same moment is the rate's.
        link = self.api.setting("usage_link", None)

        def usage_of(rate: dict[str, Any], chars: dict[str, Any]) -> UsageRecord | None:
            found = by_id.get(str(chars.get(link))) if link else None
            if found is None:
                found = by_moment.get((moment(rate.get("date")),
                                       (rate.get("product") or {}).get("id")))
            return self._usage_record(found) if found is not None else None
        return usage_of


def _product_of_usage(usage: dict[str, Any]) -> Any:
    rated: dict[str, Any] = next(iter(usage.get("ratedProductUsage") or []), {})
    return (rated.get("productRef") or {}).get("id")
