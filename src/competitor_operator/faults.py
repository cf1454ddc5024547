"""The switchable faults. A fault is only a name here; its switch sits in the code that does
the thing it breaks (search for the name). ``breaks``: the service standards
(scenarios/standards.yaml) a walk should find broken; ``channels``: where (empty: everywhere)."""

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
    Fault("order-rejected", "Every new order is refused with 系统忙，请稍后再试", ("ORD-ACK",)),
    Fault("no-order-sms", "No order confirmation SMS is sent", ("ORD-SMS-5MIN",)),
    Fault("activation-late", "A plan is provisioned after 3 days instead of 10 minutes",
          ("ACT-ACTIVE-24H",)),
    Fault("vas-not-delivered", "A 鲸鱼资讯 subscription never sends its news",
          ("VAS-DELIVERS",)),
    Fault("first-month-allowance-full",
          "The first cycle of a plan prorates the fee but gives the full allowances",
          ("BILL-ACCURATE",)),
    # one wrong fee for each product line that orders a product, each judged by its own
    # line's standard: the plan's bill, 鲸鱼资讯's own fee line, and the prepaid balance
    # (three walks, three customers charged wrongly; no walk fails twice for it)
    Fault("first-month-fee-full",
          "The first cycle of a product ordered charges the full monthly fee",
          ("BILL-ACCURATE", "VAS-FROM-1ST", "TOP-BALANCE")),
    # the cycle is the bill's: the later checks judge the fees of the days each bill covers
    Fault("cycle-on-the-1st", "Bills are cut on the 1st instead of the number's bill day",
          ("BILL-ACCURATE",)),
    Fault("change-next-cycle",
          "A plan change waits for the next bill cycle instead of taking effect at once",
          ("CHG-EFFECTIVE",)),
    # a walk unsubscribes in the cycle of its plan change: that cycle's bill is judged by
    # CAN-CHARGES-STOP (what is charged up to and after the unsubscribe)
    Fault("change-not-prorated",
          "After a plan change both plans' full monthly fees are billed", ("CAN-CHARGES-STOP",)),
    Fault("call-extra-minute",
          "A call of a whole number of minutes is rated one minute more",
          ("USE-RECORDED", "BILL-ACCURATE")),
    Fault("data-per-mb", "Data beyond the allowance is rated per started MB instead of per KB",
          ("BILL-ACCURATE",)),
    Fault("vat-not-shown", "Prices and bills leave out the VAT they include",
          ("ORD-PRICE-SHOWN",)),
    Fault("no-bill-sms", "Bills are made but no bill SMS is sent", ("BILL-NOTICE",)),
    Fault("no-change-sms", "No plan change SMS is sent", ("CHG-CONFIRM",)),
    Fault("no-cancel-sms", "No unsubscribe SMS is sent", ("CAN-CONFIRM",)),
    Fault("cancel-still-charged",
          "An unsubscribed product's full fee is still billed for the cycle",
          ("CAN-CHARGES-STOP",)),
    # the payment SMS goes out when the money is credited: it is as late
    Fault("topup-late", "A top-up reaches the balance 10 minutes late",
          ("TOP-CREDIT-5S", "TOP-NOTICE")),
    Fault("no-topup-sms", "No payment-received SMS after a top-up", ("TOP-NOTICE",)),
    # faults of one channel: the same thing done elsewhere stays right
    Fault("api-price-wrong",
          "The API's ProductOfferingPrice of 鲸享39 states 10.00 less than the tariff",
          ("ORD-PRICE-SHOWN", "PRICE-CONSISTENT"), ("api",)),
    # the order the customer cannot see placed is ORD-ACK's: the walk finds it among the
    # services and goes on; the seconds to an outcome never shown are not judged (blocked)
    Fault("web-no-toast", "The web hall's checkout shows no outcome in its toast",
          ("ORD-ACK",), ("web",)),
    Fault("web-agreement-cleared",
          "The web hall's checkout clears the agreement tick once and asks again",
          ("ORD-CLICKS", "ORD-PAGES"), ("web",)),
    Fault("mobile-price-wrong",
          "The mobile hall's plan cards state 10.00 more than the tariff",
          ("ORD-PRICE-SHOWN", "PRICE-CONSISTENT"), ("mobile",)),
    Fault("sms-confirm-ignored",
          "The SMS hall thanks the customer for a Y but places no order", ("ORD-ACK",), ("sms",)),
    Fault("hotline-unsubscribe-unannounced",
          "The hotline's service menu no longer says how to unsubscribe, though the key works",
          ("HOT-MENU-CANCEL",), ("hotline",)),
    Fault("hotline-back-broken", "On the hotline # hangs up instead of going back",
          ("HOT-MENU-BACK",), ("hotline",)),
]
FAULTS: dict[str, Fault] = {f.name: f for f in _ALL}


def unknown(names: Iterable[str]) -> list[str]:
    return [n for n in names if n not in FAULTS]


def unknown_message(names: Iterable[str]) -> str:
    return (f"no fault named {', '.join(unknown(names))}; "
            "`python -m competitor_operator faults` lists them")
