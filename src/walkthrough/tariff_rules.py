"""The rules of a published tariff beside its prices (``tariff:`` in the carrier file): the bill
cycle, what is prorated, when a plan change takes effect, the units sessions are rated in, the
VAT included in prices, the value-added services' free trial and when a prepaid balance is
charged. A carrier file that leaves a rule out gets the rule of the embedded demo carrier."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from walkthrough.errors import UsageError

CYCLES = ("calendar", "bill-day")
PRORATIONS = ("daily", "none")
# next-month was the only rule before cycles could start on a bill day: it is next-cycle
CHANGES = {"next-cycle": "next-cycle", "next-month": "next-cycle", "immediate": "immediate"}
# the units a session may be rated in, in the smallest unit of its kind
UNITS: dict[str, dict[str, int]] = {"voice": {"second": 1, "minute": 60},
                                    "data": {"KB": 1, "MB": 1024}}
VAT_CLASSES = ("plan", "voice", "data", "vas")
BALANCE_CHARGED = ("cycle-start", "bill-cut")
# how a bill itemises usage: a line per session, or a line per kind for the cycle's usage
# charged beyond the allowance (the sessions themselves then listed as usage records)
ITEMISED = ("session", "cycle")


@dataclasses.dataclass(frozen=True)
class TariffRules:
    cycle: str = "calendar"  # calendar: the 1st to the month's end; bill-day: the customer's
    fee_proration: str = "daily"  # daily: fee x days / cycle days, half up; none: whole fee
    allowance_proration: str = "none"  # daily: allowance x days / cycle days, rounded down
    change_effective: str = "next-cycle"  # next-cycle | immediate
    voice_unit: str = "minute"  # a session is rated per started unit
    data_unit: str = "MB"
    vat: Mapping[str, Decimal] = dataclasses.field(default_factory=dict)  # class -> 0.09
    last_free_day: int | None = None  # the VAS trial's rule; None: no trial
    balance_charged: str = "cycle-start"  # cycle-start: fee in advance | bill-cut: the bill
    itemised: str = "session"  # session: a bill line per session | cycle: a line per kind

    def unit(self, kind: str) -> str:
        return self.voice_unit if kind == "voice" else self.data_unit

    def bill_day(self, customers: int | None) -> int | None:
        """The bill day a customer's cycles start on: none where the cycle is the calendar
        month's, whatever the customer's record says."""
        return customers if self.cycle == "bill-day" else None


def read(section: Mapping[str, Any], path: Path | None = None) -> TariffRules:
    """The rules of a ``tariff:`` section (a mapping as loaded from a carrier file)."""

    def refuse(key: str, message: str, hint: str) -> UsageError:
        node = section
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.get(part, {}) if isinstance(node.get(part), dict) else {}
        line = node.line_of(parts[-1]) if hasattr(node, "line_of") else None
        return UsageError(f"tariff.{key}: {message}", path=path, line=line, hint=hint)

    def one_of(key: str, value: Any, allowed: tuple[str, ...] | dict[str, str]) -> str:
        if str(value) not in allowed:
            raise refuse(key, f"{value!r} is not one of {', '.join(allowed)}",
                         f"write one of: {', '.join(allowed)}")
        return allowed[str(value)] if isinstance(allowed, dict) else str(value)

    def mapping(key: str) -> Mapping[str, Any]:
        value = section.get(key) or {}
        if not isinstance(value, dict):
            raise refuse(key, f"{value!r} is not a mapping", f"write {key}: {{...}} (see "
                         "scenarios/carriers/demo.yaml)")
        return value

    proration = section.get("proration", "daily")
    if isinstance(proration, str):  # the shape before allowances could be prorated
        proration = {"fee": proration}
    elif not isinstance(proration, dict):
        raise refuse("proration", f"{proration!r} is not a mapping",
                     "proration: {fee: daily, allowances: none}")
    rounding = mapping("rounding")
    vat = {}
    for name, percent in mapping("vat").items():
        one_of(f"vat.{name}", name, VAT_CLASSES)
        try:
            vat[str(name)] = Decimal(str(percent)) / 100
        except InvalidOperation:
            raise refuse(f"vat.{name}", f"{percent!r} is not a percentage",
                         'a percent included in the price, e.g. "9"') from None
    trial = section.get("vas_trial")
    last_free_day = None
    if trial is not None:
        day = trial.get("last_free_day") if isinstance(trial, dict) else None
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= 31:
            raise refuse("vas_trial", f"{trial!r} gives no last free day (1..31)",
                         "vas_trial: {last_free_day: 20}, or leave it out for no trial")
        last_free_day = day
    return TariffRules(
        cycle=one_of("cycle", section.get("cycle", "calendar"), CYCLES),
        fee_proration=one_of("proration.fee", proration.get("fee", "daily"), PRORATIONS),
        allowance_proration=one_of("proration.allowances", proration.get("allowances", "none"),
                                   PRORATIONS),
        change_effective=one_of("change_effective", section.get("change_effective",
                                                                "next-cycle"), CHANGES),
        voice_unit=one_of("rounding.voice", rounding.get("voice", "minute"),
                          tuple(UNITS["voice"])),
        data_unit=one_of("rounding.data", rounding.get("data", "MB"), tuple(UNITS["data"])),
        vat=vat, last_free_day=last_free_day,
        balance_charged=one_of("balance_charged", section.get("balance_charged",
                                                              "cycle-start"), BALANCE_CHARGED),
        itemised=one_of("itemised", section.get("itemised", "session"), ITEMISED))
