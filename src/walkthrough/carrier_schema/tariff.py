"""``tariff``: the published tariff the expected-bill oracle applies."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Money, Number, OneOfOrOpen, Section, Text

Amount = Annotated[Any, Money()]
# the rules being added (cycle, rounding, vat) are open until their shape settles; proration
# and change_effective are the names the oracle knows, or a mapping of a rule being added
Open: Any = Field(None, description="Not checked yet: its shape is settling.")


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


class Tariff(Section):
    currency: Annotated[Any, Text()] = Field(None, description="The currency (CNY).")
    proration: Annotated[Any, OneOfOrOpen("daily")] = Field(
        None, description="`daily`: first and last month, fee × charged days ÷ days in "
        "month.")
    change_effective: Annotated[Any, OneOfOrOpen("next-month", hint=(
        "next-month (the 1st of the month after the request) is the rule walked today"))] = \
        Field(None, description="When a plan change takes effect: `next-month`.")
    cancel_within_hours: Annotated[Any, Number(0)] = Field(
        None, description="Charges stop within this many hours of unsubscribing "
        "(default 24).")
    offerings: dict[str, Offering] = Field(default_factory=dict,
                                           description="Each offering's price, by its name.")
    vas_trial: VasTrial | None = Field(None, description="The value-added services' trial.")
    roaming: Roaming | None = Field(None, description="International roaming zones.")
    bundles: dict[str, Bundle] = Field(default_factory=dict,
                                       description="Each bundle's rule, by its offering.")
    cycle: Any = Open
    rounding: Any = Open
    vat: Any = Open
