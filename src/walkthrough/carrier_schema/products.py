"""``products``: what each product line's walk orders, uses and changes to."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, model_validator

from walkthrough.carrier_schema.kinds import (
    Localized,
    Money,
    Number,
    OneOf,
    Pattern,
    ReplacedPattern,
    Section,
    Text,
    TextOr,
    naming,
)
from walkthrough.carrier_schema.kinds import Name as NameOf
from walkthrough.carrier_schema.messages import ConfirmationContent

Name = Annotated[Any, Text()]
Count = Annotated[Any, Number(0, whole=True)]
Hours = Annotated[Any, Number(0)]
Raw = Annotated[Any, Pattern()]
CHANNELS = ("api", "web", "mobile", "counter", "hotline", "sms")
METHODS = ("online", "cash", "card")


def setting(what: str) -> Any:
    return Field(None, description=what)


class Use(Section):
    call_minutes: Count = setting("Minutes of the call made.")
    data_mb: Hours = setting("MB of the data session made (the mobile plan's may have a part "
                             "of a megabyte, for a carrier that rates per KB).")


class Wording(Section):
    """A product line's wording in another language."""

    confirmation_content: ConfirmationContent | None = setting(
        "What its order confirmation must name.")


class VasWording(Wording):
    reminder: Annotated[Any, Pattern("offering", formatted=True)] = setting(
        "The trial's reminder.")
    refund_notice: Annotated[Any, Pattern("item", formatted=True)] = setting(
        "The refund answer (group refund).")


class Line(Localized):
    subscriber: dict[str, Any] | None = setting(
        "What the test-customer request adds for this line (passed as it is).")
    confirmation_content: ConfirmationContent | None = setting(
        "What its order confirmation must name (instead of messages.confirmation_content).")
    activation_hours: Hours = setting("The carrier's promise: hours from the order until "
                                      "it is active (default 24).")
    localized: dict[str, Wording] = Field(
        default_factory=dict, alias="localized", exclude=True,
        description="`<language>`: the wording in that language, where it differs.")


class MobilePlan(Line):
    offering: Name = Field(description="The plan ordered.")
    change_to: Name = Field(description="The plan changed to.")
    use: Use | None = setting("The call and data session made.")


class Delivers(Section):
    sms_from: Name = setting("The sender of the service's SMS.")
    pattern: Raw = setting("How its SMS reads.")
    ringback: Name = setting("The ring-back tone callers hear.")


class Service(Section):
    offering: Name = Field(description="The service ordered.")
    delivers: Delivers | None = setting("What shows the service works.")


class WrongfulCharge(Section):
    provider: Name = Field(description="The content provider.")
    fee: Annotated[Any, Money()] = Field(description="The fee it bills.")
    item: Name = Field(description="How the bill names it.")


NOT_SOLD = "not sold"  # the words of walkthrough.product_lines.vas


class ServiceName(NameOf):
    """Another service's name, walked in this one's place, or the words "not sold"."""

    def __init__(self) -> None:
        super().__init__("service")
        self.name = 'the name of another service, or "not sold"'


def _services_named(data: Any) -> Any:
    """A service given as a name names another service of the line (or is not sold)."""
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return data
    known = tuple(str(k) for k, v in services.items() if isinstance(v, dict))
    return {**data, "services": {
        key: naming({key: one}, (), key, (*known, NOT_SOLD), "service")[key]
        for key, one in services.items()}}


class Vas(Line):
    # the value-added line's wording has its reminder and refund notice besides
    # Line's field, narrowed: a subclass's field may be, to pydantic, not to mypy
    localized: dict[str, VasWording] = Field(  # type: ignore[assignment]
        default_factory=dict, alias="localized", exclude=True,
        description="`<language>`: the wording in that language, where it differs.")
    plan: Name = setting("The plan the number has first.")

    @model_validator(mode="before")
    @classmethod
    def _services_named(cls, data: Any) -> Any:
        return _services_named(data)
    services: dict[str, Annotated[Service, TextOr(
        'the name of another service, or "not sold"', ServiceName())]] = Field(
        default_factory=dict, description="Each service walked, by its name (news, music): "
        "its settings; the name of another service, walked in its place (`music: news`); or "
        '"not sold": the walks of that service are not applicable.')
    reminder: Annotated[Any, Pattern("offering", formatted=True)] = setting(
        "The trial's reminder.")
    wrongful_charge: WrongfulCharge | Annotated[Any, OneOf(NOT_SOLD)] | None = setting(
        'The refund walk: a fee the customer never ordered; "not sold" for a carrier that '
        "takes no complaint about information fees (the refund walks are then not walked).")
    refund_notice: Annotated[Any, Pattern("item", formatted=True)] = setting(
        "The refund answer (group refund).")


class Broadband(Line):
    offering: Name = Field(description="The line ordered.")
    slot: Annotated[Any, Number(1, whole=True)] = setting(
        "Which of the installation slots offered is booked (default 1).")
    use: Use | None = setting("The session on the line at home.")
    fault: Name = setting("The fault reported.")


class Revisit(Section):
    caller: Name = setting("The number the revisit call comes from.")
    purpose: Name = setting("The call's purpose (default 回访).")


class Outage(Section):
    ahead_hours: Hours = setting("How far ahead the work is planned (default 72).")
    hours: Hours = setting("How long it lasts (default 4).")
    notice: Annotated[Any, Pattern("offering", formatted=True)] = setting("Its notice.")


class Enterprise(Line):
    offering: Name = Field(description="The circuit ordered.")
    use: Use | None = setting("The session on the circuit.")
    fault: Name = setting("The fault reported.")
    revisit: Revisit | None = setting("The revisit call after provisioning and repair.")
    outage: Outage | None = setting("The planned network work and its notice.")


class Roaming(Line):
    plan: Name = setting("The plan the number has first.")
    offering: Name = Field(description="The roaming offering.")
    rates_in_terms: Annotated[Any, ReplacedPattern("zone")] = setting(
        "A zone's rates in the terms every channel states (groups voice, data).")
    use: Use | None = setting("The call and data session abroad.")
    welcome: Raw = setting("The welcome SMS on arrival abroad.")
    welcome_rates: Raw = setting("Its rates (groups voice, data).")
    cancellation: Raw = setting("Not read by the walks (messages.cancellation is).")


class Bundle(Line):
    offering: Name = Field(description="The bundle ordered.")
    remove: Name = setting("The member removed in the change stage.")
    remove_on_day: Annotated[Any, Number(1, 31, whole=True)] = setting(
        "The day of the month it is removed (default 10).")
    discount_line: Raw = setting("How a bill names the bundle discount.")


PerChannel = Annotated[str, OneOf(*CHANNELS)]


class TopUp(Line):
    plan: Name = setting("The prepaid plan.")
    amount: Annotated[Any, Money()] = setting("Each top-up; a card of this face value.")
    methods: dict[PerChannel, Annotated[Any, OneOf(*METHODS)]] = Field(
        default_factory=dict, description="How each channel pays.")
    attempts: dict[PerChannel, Annotated[Any, Number(1, whole=True)]] = Field(
        default_factory=dict, description="Top-ups per walk, by channel.")
    credit_seconds: Hours = setting("The carrier's promise: seconds until a top-up shows.")
    opening_balance: Annotated[Any, Money()] = setting(
        "The balance every new test number starts with, where the walk cannot ask for one "
        "(`subscriber.balance`).")
    grace_hours: Hours = setting("Arrears this long before calls are barred (0 on a carrier "
                                 "without a test clock).")
    watch_days: Hours = setting("Days after paying the walk watches for arrears notices.")
    use: Use | None = setting("The call and data session made.")


class Products(Section):
    mobile_plan: MobilePlan | None = setting("The mobile plan.")
    vas: Vas | None = setting("The value-added subscriptions and the refund walk.")
    broadband: Broadband | None = setting("Fixed broadband.")
    enterprise: Enterprise | None = setting("Enterprise leased lines.")
    roaming: Roaming | None = setting("International roaming.")
    bundle: Bundle | None = setting("The converged bundle.")
    topup: TopUp | None = setting("Prepaid top-up and payment.")
