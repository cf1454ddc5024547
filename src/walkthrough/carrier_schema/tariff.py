"""``tariff``: the published tariff the expected-bill oracle applies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from walkthrough.carrier_schema.kinds import (
    Money,
    Number,
    OneOf,
    Percent,
    Section,
    Text,
    refuse,
    shown,
)
from walkthrough.tariff_rules import (
    BALANCE_CHARGED,
    CHANGES,
    CYCLES,
    ITEMISED,
    PRORATIONS,
    UNITS,
    VAT_CLASSES,
)

Amount = Annotated[Any, Money()]
Prorated = Annotated[Any, OneOf(*PRORATIONS, hint=(
    "daily: by the days of the cycle covered; none: the whole of it"))]


class Offering(Section):
    monthly_fee: Amount = Field(description="The monthly fee.")
    voice_minutes: Annotated[Any, Number(0, whole=True)] = Field(
        None, description="Minutes included.")
    data_mb: Annotated[Any, Number(0, whole=True)] = Field(None, description="MB included.")
    voice_rate: Amount = Field(None, description="Per minute beyond the allowance.")
    data_rate: Amount = Field(None, description="Per MB beyond the allowance.")


class VasTrial(Section):
    last_free_day: Annotated[Any, Number(1, 31, whole=True)] = Field(
        None, description="Ordered on day 1 to this day: that month is free; later: that "
        "month and the next (default 20).")


class Zone(Section):
    countries: list[Annotated[Any, Text()]] = Field(
        default_factory=list, description="ISO 3166 alpha-2 codes; none: every country no "
        "other zone names.")
    voice_rate: Amount = Field(description="Per minute abroad.")
    data_rate: Amount = Field(description="Per MB abroad.")


class Roaming(Section):
    zones: dict[str, Zone] = Field(default_factory=dict, description="Each zone by its name, "
                                   "in order.")


class Discount(Section):
    members: list[Annotated[Any, Text()]] = Field(description="The members in service.")
    percent: Annotated[Any, Number(0, 100)] = Field(description="The discount on their fees.")


class Bundle(Section):
    members: list[Annotated[Any, Text()]] = Field(description="Its member offerings.")
    discounts: list[Discount] = Field(description="The first rule whose members the members "
                                      "in service include applies.")


class Proration(Section):
    fee: Prorated = Field(None, description="`daily`: fee × days ÷ cycle days, half up to the "
                          "fen (default); `none`: the whole fee.")
    allowances: Prorated = Field(None, description="`daily`: allowance × days ÷ cycle days, "
                                 "rounded down; `none`: the whole allowance (default).")

    @model_validator(mode="before")
    @classmethod
    def _one_word(cls, data: Any) -> Any:
        # the shape before allowances could be prorated: one word, the fee's rule
        if isinstance(data, str):
            OneOf(*PRORATIONS).check(data)
            return {"fee": data}
        if not isinstance(data, dict):
            raise refuse(f"{{key}} is {shown(data)}, not a rule",
                         "proration: {fee: daily, allowances: none}")
        return data


class Rounding(Section):
    voice: Annotated[Any, OneOf(*UNITS["voice"])] = Field(
        None, description="A call is rated per started `second` or `minute` (default).")
    data: Annotated[Any, OneOf(*UNITS["data"])] = Field(
        None, description="A data session is rated per started `KB` or `MB` (default).")


class Tariff(Section):
    currency: Annotated[Any, Text()] = Field(None, description="The currency (CNY).")
    cycle: Annotated[Any, OneOf(*CYCLES, hint=(
        "calendar: the 1st to the month's end; bill-day: from the customer's bill day"))] = \
        Field(None, description="The bill cycle: `calendar` (the 1st to the month's end, "
              "default) or `bill-day` (from the customer's bill day, as the test environment "
              "tells it, to the day before the next).")
    proration: Proration | None = Field(
        None, description="A cycle a product covers only in part: `{fee, allowances}`, each "
        "`daily` or `none` (one word alone is the fee's rule).")
    change_effective: Annotated[Any, OneOf(*CHANGES, hint=(
        "next-cycle: the new plan from the next cycle's first day; immediate: from the day of "
        "the change; next-month is read as next-cycle"))] = Field(
        None, description="When a plan change takes effect: `next-cycle` (default), "
        "`immediate` (both plans prorated), or `next-month` (read as next-cycle).")
    rounding: Rounding | None = Field(
        None, description="The unit each session is rated in, per started unit; "
        "`voice_rate` and `data_rate` are per this unit.")
    vat: dict[Annotated[str, OneOf(*VAT_CLASSES)], Annotated[Any, Percent()]] = Field(
        default_factory=dict, description="The VAT included in prices, percent by class "
        "(plan, voice, data, vas); absent: no VAT.")
    balance_charged: Annotated[Any, OneOf(*BALANCE_CHARGED, hint=(
        "cycle-start: the cycle's fee taken at its first day; bill-cut: the bill taken when "
        "it is cut"))] = Field(
        None, description="When a prepaid balance is charged: `cycle-start` (the cycle's fee "
        "at 00:00 of its first day, sessions as made; default) or `bill-cut` (each cycle's "
        "bill when it is cut).")
    itemised: Annotated[Any, OneOf(*ITEMISED, hint=(
        "session: a bill line per session; cycle: a line per kind of usage beyond the "
        "allowance"))] = Field(
        None, description="How the bill itemises usage: `session` (a line per session, "
        "default) or `cycle` (a line per kind for the cycle's usage charged beyond the "
        "allowance; the sessions are then judged as usage records).")
    cancel_within_hours: Annotated[Any, Number(0)] = Field(
        None, description="Charges stop within this many hours of unsubscribing "
        "(default 24).")
    offerings: dict[str, Offering] = Field(default_factory=dict,
                                           description="Each offering's price, by its name.")
    vas_trial: VasTrial | None = Field(None, description="The value-added services' trial.")
    roaming: Roaming | None = Field(None, description="International roaming zones.")
    bundles: dict[str, Bundle] = Field(default_factory=dict,
                                       description="Each bundle's rule, by its offering.")
