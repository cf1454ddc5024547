"""The switchable faults: each reproduces a problem class the walkers found (DOMAIN.md).

A fault is only a name here; the switch itself sits in the code that does the thing it breaks
(search for the name). ``breaks`` lists the service standards (scenarios/standards.yaml) a walk
should find broken when the fault is on; ``channels`` the channels on which it breaks them
(web, mobile, sms, hotline, counter, api; empty: every channel). On the other channels a fault
breaks nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True)
class Fault:
    name: str
    title: str
    breaks: tuple[str, ...]
    channels: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "breaks": list(self.breaks),
                "channels": list(self.channels)}


_ALL = [
    Fault("catalogue-price-wrong",
          "The catalogue shows a monthly fee 10.00 lower than the tariff billed",
          ("ORD-PRICE-SHOWN",)),
    Fault("order-rejected", "New orders fail with 系统繁忙", ("ORD-ACK",)),
    Fault("no-confirmation-sms", "No order confirmation SMS is sent", ("ORD-SMS-5MIN",)),
    Fault("confirmation-sms-late",
          "Order confirmation SMS are delivered 12 minutes after the order", ("ORD-SMS-5MIN",)),
    Fault("confirmation-sms-incomplete",
          "The order confirmation SMS leaves out how to unsubscribe", ("ORD-SMS-CONTENT",)),
    Fault("activation-late", "A plan's provisioning takes 3 days instead of 30 minutes",
          ("ACT-ACTIVE-24H",)),
    Fault("activation-notice-wrong", "The activation SMS names a wrong number", ("ACT-NOTICE",)),
    Fault("data-service-down", "Data sessions fail for the number range", ("USE-WORKS",)),
    # the itemised record is made from the records: the call missing from it is the same
    # defect, USE-RECORDED's
    Fault("usage-not-recorded", "Calls connect but no usage record is written",
          ("USE-RECORDED",)),
    Fault("usage-phantom-record",
          "The usage listings show a 20 MB data record nobody made (it is never billed)",
          ("USE-RECORDED",)),
    Fault("no-bill-notice", "Bills are made but no bill SMS is sent", ("BILL-NOTICE",)),
    Fault("bill-overcharges-data", "Data overage is rated at twice the tariff rate",
          ("BILL-ACCURATE",)),
    Fault("itemised-record-missing-lines",
          "The itemised record leaves out the last usage line of each bill",
          ("BILL-ITEMISED",)),
    Fault("itemised-charges-swapped",
          "The itemised record shows the call's charge on the data line and the data's on the "
          "call line; the bill total is right", ("BILL-ITEMISED",)),
    Fault("itemised-phantom-line",
          "The itemised record adds a free 20 MB data line for a session nobody made; the bill "
          "total is right", ("BILL-ITEMISED",)),
    Fault("bill-notice-wrong-amount",
          "The bill notice SMS states an amount due 10.00 higher than the bill",
          ("BILL-NOTICE",)),
    Fault("no-change-sms", "No plan change confirmation SMS is sent", ("CHG-CONFIRM",)),
    Fault("change-sms-wrong-date",
          "The plan change confirmation SMS states the 2nd of next month, though the change "
          "takes effect on the 1st", ("CHG-CONFIRM",)),
    Fault("plan-change-early",
          "A plan change takes effect at once instead of the 1st of next month",
          ("CHG-EFFECTIVE",)),
    Fault("no-cancel-sms", "No unsubscribe confirmation SMS is sent", ("CAN-CONFIRM",)),
    Fault("cancel-not-effective",
          "An unsubscribed product stays pendingTerminate and keeps being charged",
          ("CAN-EFFECT-24H", "CAN-CHARGES-STOP")),
    Fault("cancel-sms-wrong-service",
          "The unsubscribe confirmation SMS names another offering than the one unsubscribed",
          ("CAN-CONFIRM",)),
    Fault("cancel-sms-wrong-date",
          "The unsubscribe confirmation SMS states it takes effect 3 days later than the 24 "
          "hours the rule allows", ("CAN-CONFIRM",)),
    Fault("charges-after-cancel",
          "The full monthly fee is still charged for the termination month and after",
          ("CAN-CHARGES-STOP",)),
    # faults of one channel: the same thing done elsewhere stays right
    Fault("sms-price-wrong",
          "The SMS hall's ZF reply states a monthly fee 10.00 higher than the tariff",
          ("ORD-PRICE-SHOWN", "PRICE-CONSISTENT"), ("sms",)),
    # the announcement of a way that is not there is not judged (blocked); an unsubscribe
    # never reached is not reached in 4 presses either (no other fault yet makes the hotline's
    # unsubscribe take more presses)
    Fault("hotline-no-unsubscribe",
          "The hotline's menu 3 lists the products but offers no way to unsubscribe",
          ("CAN-CONFIRM", "CAN-HOTLINE-KEYS"), ("hotline",)),
    Fault("hotline-unsubscribe-unannounced",
          "The hotline's menu 3 no longer says how to unsubscribe, though pressing a product's "
          "number still unsubscribes it", ("HOT-MENU-CANCEL",), ("hotline",)),
    Fault("hotline-bills-unannounced",
          "The hotline's welcome prompt leaves out the bill enquiry option, though key 1 still "
          "leads to it", ("HOT-MENU-OPTIONS",), ("hotline",)),
    Fault("hotline-back-hangs-up",
          "On the hotline * (返回上级) ends the call instead of going back one menu",
          ("HOT-MENU-BACK",), ("hotline",)),
    Fault("hotline-queue-no-options",
          "Asking the hotline for an agent puts the caller in the queue with no choices and no "
          "self-service SMS", ("HOT-QUEUE",), ("hotline",)),
    Fault("counter-slow",
          "Each confirmed counter transaction takes 6 minutes of system time instead of 90 s",
          ("ORD-COUNTER-5MIN", "CHG-COUNTER-5MIN", "CAN-COUNTER-5MIN"), ("counter",)),
    Fault("web-order-reconfirm",
          "The web hall asks the customer to confirm an order four times",
          ("ORD-CLICKS", "ORD-PAGES"), ("web",)),
    Fault("web-order-processing-pages",
          "The web hall shows two 'please wait' pages before the order result",
          ("ORD-PAGES",), ("web",)),
    Fault("web-hall-slow",
          "The web hall's catalogue, order and order result pages each take 3 s to answer",
          ("ORD-TIME",), ("web",)),
    Fault("web-bill-other-customer",
          "The web hall's 我的账单 shows the bills of the customer billed just before",
          ("BILL-OWN",), ("web",)),
    Fault("mobile-hall-no-cancel", "The mobile hall's 我的业务 has no 退订 button",
          ("CAN-CONFIRM",), ("mobile",)),
    # value-added services
    Fault("vas-trial-charged", "The free trial month(s) of a value-added service are charged",
          ("VAS-TRIAL",)),
    Fault("vas-no-reminder", "No reminder SMS before the free trial of a value-added service ends",
          ("VAS-REMINDER",)),
    Fault("reminder-wrong-fee",
          "The free trial's reminder SMS states an information fee 1.00 higher than the tariff",
          ("VAS-REMINDER",)),
    Fault("ringback-sms-order-busy",
          "Every other ring-back tone order by SMS (KT CL: the 1st, 3rd, 5th…) fails with "
          "系统繁忙", ("VAS-RING-ORDER",), ("sms",)),
    Fault("vas-sms-cannot-unsubscribe",
          "The SMS hall's TD and 0000 refuse to unsubscribe value-added services",
          ("CAN-CONFIRM",), ("sms",)),
    Fault("vas-no-content",
          "Value-added services deliver nothing: no news SMS, callers hear the default tone",
          ("VAS-DELIVERS",)),
    Fault("vas-fee-late", "The information fee starts a month after the free trial",
          ("VAS-FROM-1ST",)),
    Fault("refund-not-doubled",
          "An information fee found charged in error is refunded once, not double",
          ("REF-DOUBLE",)),
    Fault("refund-sms-wrong-amount",
          "The answer to a complaint states a refund one fee less than the bill gives (the fee "
          "once, where it is refunded double)", ("REF-DOUBLE",)),
    Fault("refund-late",
          "Complaints about an information fee are verified after 5 days instead of 2",
          ("REF-3DAYS",)),
    Fault("vas-subscriptions-hidden",
          "The hotline's menu 3 leaves out value-added services",
          ("VAS-SAME-SUBS", "ACT-ACTIVE-24H"), ("hotline",)),
    Fault("web-subscriptions-cached",
          "The web hall shows a value-added service as it first showed it: one unsubscribed on "
          "another channel stays listed active", ("VAS-SAME-SUBS",), ("web",)),
    # fixed lines: broadband and enterprise leased lines
    Fault("broadband-install-missed",
          "The technician misses the booked slot and installs the broadband a day later",
          ("BB-INSTALL",)),
    Fault("broadband-repair-late", "A broadband fault is repaired 3 days after the report",
          ("BB-REPAIR",)),
    Fault("repair-sms-wrong-ticket",
          "The repair notice SMS names a ticket number one higher than the repaired ticket",
          ("BB-REPAIR", "ENT-REPAIR")),
    Fault("enterprise-outage-not-notified",
          "Network work interrupts a leased line without telling the customer",
          ("ENT-OUTAGE-NOTICE",)),
    Fault("enterprise-revisit-missing",
          "No revisit call to the enterprise contact after provisioning or after a repair",
          ("ENT-REVISIT",)),
    Fault("enterprise-repair-late", "A leased line's fault is repaired a day after the report",
          ("ENT-REPAIR",)),
    # international roaming
    Fault("roaming-rated-wrong",
          "Usage abroad is rated at the domestic overage rate instead of its zone's",
          ("ROAM-RATED",)),
    Fault("roaming-no-welcome", "No welcome SMS with the local rates on arrival abroad",
          ("ROAM-WELCOME",)),
    # the converged bundle
    Fault("bundle-discount-missing",
          "The bundle discount is left off the bill of the month the bundle starts in",
          ("BUN-DISCOUNT",)),
    Fault("bundle-removal-cancels-all", "Removing one member of a bundle cancels the whole bundle",
          ("BUN-MEMBER-REMOVED",)),
    # prepaid top-up
    Fault("topup-credited-late", "A top-up reaches the balance 2 minutes after it was paid",
          ("TOP-CREDIT-5S",)),
    Fault("topup-arrears-after-payment",
          "The arrears reminder goes out once more the morning after a top-up ended the arrears",
          ("TOP-NO-ARREARS",)),
    Fault("topup-card-fails",
          "One top-up in ten fails (each number's 1st, 11th, 21st…): nothing is credited",
          ("TOP-SUCCESS",)),
    Fault("topup-no-notice", "No payment-received SMS after a top-up", ("TOP-NOTICE",)),
    Fault("topup-calls-overcharged",
          "Prepaid calls are deducted from the first minute, ignoring the plan's allowance",
          ("TOP-BALANCE",)),
    Fault("topup-sms-balance-stale",
          "The SMS hall's YE answers the balance from before the last top-up",
          ("TOP-BALANCE", "TOP-SAME-BALANCE"), ("sms",)),
    Fault("hotline-balance-cached",
          "The hotline tells the balance it first told the customer: a top-up made on another "
          "channel since is not in it", ("TOP-SAME-BALANCE",), ("hotline",)),
]

FAULTS: dict[str, Fault] = {fault.name: fault for fault in _ALL}


def unknown(names: Iterable[str]) -> list[str]:
    return [name for name in names if name not in FAULTS]


def unknown_message(names: Iterable[str]) -> str:
    """One line, for the CLI and for whoever starts the operator with a typo."""
    bad = ", ".join(repr(name) for name in unknown(names))
    return f"unknown fault {bad}; known faults: {', '.join(FAULTS)}"
