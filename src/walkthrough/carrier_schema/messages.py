"""``messages``: how the harness recognises the carrier's SMS (regular expressions, filled
with what the walk knows), per language where they differ."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Localized, Pattern, Section, Text

Raw = Annotated[Any, Pattern()]


# a message pattern is filled with str.format, so a regex's own braces are written {{ and }}
Said = Annotated[Any, Pattern(formatted=True)]
SaidOffering = Annotated[Any, Pattern("offering", formatted=True)]
SaidContent = Annotated[Any, Pattern("offering", "fee", formatted=True)]


def notice(what: str) -> Any:
    return Field(None, description=what)


class ConfirmationContent(Section):
    service: SaidContent = notice("The service ordered.")
    fee: SaidContent = notice("Its fee.")
    charging_start: SaidContent = notice("When charging starts.")
    unsubscribe: SaidContent = notice("How to unsubscribe.")


class BillNoticeSays(Section):
    period: Raw = notice("The bill's period (groups year, month).")
    amount: Raw = notice("The bill's amount (group amount).")


class PlanChangeSays(Section):
    effective: Raw = notice("The day the change takes effect (group date).")


class CancellationSays(Section):
    service: Raw = notice("The service unsubscribed from (group service).")
    effective: Raw = notice("The moment it takes effect by (group moment: a date and time; "
                            "date: a day; neither: at once), judged against "
                            "tariff.cancel_within_hours; absent: not judged.")


class VasReminderSays(Section):
    fee: Raw = notice("The information fee (group amount).")
    charged_from: Raw = notice("The day the fee is first charged (group date).")
    free_if_unsubscribed: Raw = notice("That unsubscribing this month means no fee.")
    unsubscribe: Raw = notice("How to unsubscribe.")


class RefundNoticeSays(Section):
    refund: Raw = notice("The amount refunded (group amount).")


class RepairNoticeSays(Section):
    ticket: Raw = notice("The trouble ticket (group ticket).")


class Says(Section):
    bill_notice: BillNoticeSays | None = notice("What the bill notice states.")
    plan_change: PlanChangeSays | None = notice("What the plan change confirmation states.")
    cancellation: CancellationSays | None = notice("What the unsubscribe confirmation states.")
    vas_reminder: VasReminderSays | None = notice("What the free trial's reminder states.")
    refund_notice: RefundNoticeSays | None = notice("What the answer to a complaint about an "
                                                    "information fee states.")
    repair_notice: RepairNoticeSays | None = notice("What the repair notice states.")


class Messages(Localized):
    sender: Annotated[Any, Text()] = notice("The number the carrier's notices come from.")
    order_confirmation: SaidOffering = notice("The order confirmation.")
    activation: SaidOffering = notice("The activation notice.")
    plan_change: SaidOffering = notice("The plan change confirmation.")
    cancellation: SaidOffering = notice("The unsubscribe confirmation.")
    bill_notice: Said = notice("The bill notice.")
    self_service: Said = notice("The self-service SMS sent while the agents are busy.")
    repair_notice: Annotated[Any, Pattern("offering", "ticket", formatted=True)] = notice(
        "The repair notice.")
    arrears: Raw = notice("The arrears notice.")
    topup_notice: Annotated[Any, Pattern("amount", formatted=True)] = notice(
        "The payment-received SMS ({amount} as 50.00).")
    confirmation_content: ConfirmationContent | None = notice(
        "What an order confirmation must name (each line a pattern).")
    says: Says | None = notice("What a notice states, per notice kind, each value's pattern "
                               "with named groups (amount, year and month, date).")
    localized: dict[str, Messages] = Field(
        default_factory=dict, alias="localized", exclude=True,
        description="`<language>`: the wording in that language, where it differs.")
